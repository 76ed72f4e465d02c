/** Finds the KPEP workspace a path lies in: the nearest folder with kpeps/ or .kpep.json (SPEC §6). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, DEFAULT_CONFIG } from '../core/config';

async function exists(target: string, kind: 'file' | 'directory'): Promise<boolean> {
  try {
    const stat = await fs.stat(target);
    return kind === 'file' ? stat.isFile() : stat.isDirectory();
  } catch {
    return false;
  }
}

export async function findWorkspaceRoot(start: string): Promise<string | undefined> {
  let directory = (await exists(start, 'directory')) ? start : path.dirname(start);
  for (;;) {
    if ((await exists(path.join(directory, CONFIG_FILE), 'file')) || (await exists(path.join(directory, DEFAULT_CONFIG.root), 'directory'))) {
      return directory;
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      return undefined;
    }
    directory = parent;
  }
}
