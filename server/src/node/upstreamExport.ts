/**
 * Writes a planned upstream export into a chosen folder, for `kpep export` and the editor alike:
 * never into an existing KEP directory unless forced, and then only the generated files, each
 * written atomically and refused if it changed meanwhile; nothing lands outside the folder.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { KepExport } from '../core/upstream/exportKep';
import { writeFileAtomically } from './atomicWrite';

/** The KEP directory (or PRR file) exists and --force was not given; nothing was written. */
export class ExportTargetExists extends Error {}

export async function writeKepExport(options: { upstreamDirectory: string; plan: KepExport & { kind: 'planned' }; force: boolean }): Promise<string[]> {
  const { plan, force } = options;
  const base = path.resolve(options.upstreamDirectory);
  const targets = plan.files.map((file) => ({ ...file, absolute: path.join(base, ...file.path.split('/')) }));
  if (!force) {
    for (const existing of [path.join(base, ...plan.directory.split('/')), ...targets.map((target) => target.absolute)]) {
      if (await exists(existing)) {
        throw new ExportTargetExists(`${path.relative(base, existing).split(path.sep).join('/')} already exists in ${options.upstreamDirectory}; pass --force to replace only the generated files.`);
      }
    }
  }
  await fs.mkdir(base, { recursive: true });
  const realBase = await fs.realpath(base);
  const written: string[] = [];
  for (const target of targets) {
    const directory = path.dirname(target.absolute);
    await fs.mkdir(directory, { recursive: true });
    // A symbolic link inside the folder must not carry a write out of it.
    const realDirectory = await fs.realpath(directory);
    if (realDirectory !== realBase && !realDirectory.startsWith(`${realBase}${path.sep}`)) {
      throw new ExportTargetExists(`${target.path} would be written outside ${options.upstreamDirectory}; nothing more was written.`);
    }
    const current = await fs.readFile(target.absolute, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return undefined;
      }
      throw error;
    });
    await writeFileAtomically({ file: target.absolute, expected: force ? current : undefined, text: target.text });
    written.push(target.path);
  }
  return written;
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}
