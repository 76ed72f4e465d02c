/**
 * A new KPEP repository on disk, for `kpep init`: the one plan of repositoryFiles.ts, which the
 * editor's "Create a KPEP repository" writes through the host instead.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { InitRepositoryResult } from '../protocol/kpepProtocol';
import { createRepository } from '../repositoryFiles';
import { writeFileAtomically } from './atomicWrite';

export function createKpepRepository(options: { readonly directory: string }): Promise<InitRepositoryResult> {
  const { directory } = options;
  return createRepository({
    exists: async (relativePath) => (await fs.lstat(path.join(directory, relativePath)).catch(() => undefined)) !== undefined,
    create: async (relativePath, text) => {
      const file = path.join(directory, relativePath);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // No file may exist there yet: writeFileAtomically refuses one that appeared meanwhile.
      await writeFileAtomically({ file, expected: undefined, text });
      return 'created';
    },
  });
}
