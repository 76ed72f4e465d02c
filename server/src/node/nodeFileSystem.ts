/** The workspace file system on disk, for the language server: reads and writes contained in each folder (SPEC §8). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { KpepFileSystem } from '../workspaceFileSystem';
import { writeFileAtomically } from './atomicWrite';
import { createKpep } from './createKpep';
import { NodeWorkspaceFiles } from './nodeWorkspaceFiles';
import { ExportTargetExists, writeKepExport } from './upstreamExport';
import { containedDirectory, writableTextFile } from './workspaceWrites';

export const nodeFileSystem: KpepFileSystem = {
  folderFiles: (directory) => new NodeWorkspaceFiles(directory),
  createKpep,
  async createFile({ directory, path: relativePath, text }) {
    const parent = await containedDirectory(directory, path.posix.dirname(relativePath));
    try {
      await fs.writeFile(path.join(parent, path.posix.basename(relativePath)), text, { flag: 'wx' });
      return 'created';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        return 'exists';
      }
      throw error;
    }
  },
  async replaceFile({ directory, path: relativePath, expected, text }) {
    const target = await writableTextFile(directory, path.join(directory, ...relativePath.split('/')));
    await writeFileAtomically({ file: target.real, expected, text });
  },
  async writeKepExport(options) {
    try {
      return { written: await writeKepExport(options) };
    } catch (error) {
      if (error instanceof ExportTargetExists) {
        return { exists: error.message };
      }
      throw error;
    }
  },
};
