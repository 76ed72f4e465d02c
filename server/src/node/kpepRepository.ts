/**
 * A new KPEP repository on disk, as `kpep init` makes it from the one plan (repositoryFiles.ts) the
 * editor's "Create a KPEP repository" writes through the host. Nothing is overwritten (SPEC §8):
 * when any of the paths exists, they are named and nothing is created.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { InitRepositoryResult } from '../protocol/kpepProtocol';
import { REPOSITORY_PATHS, repositoryFiles } from '../repositoryFiles';
import { writeFileAtomically } from './atomicWrite';

export async function createKpepRepository(options: { readonly directory: string }): Promise<InitRepositoryResult> {
  const { directory } = options;
  const planned = repositoryFiles();
  // Everything is checked before anything is created, so a refusal leaves no half-made repository.
  const existing: string[] = [];
  for (const target of REPOSITORY_PATHS) {
    if (await fs.lstat(path.join(directory, target)).catch(() => undefined)) {
      existing.push(target);
    }
  }
  if (existing.length > 0) {
    return { kind: 'in-the-way', existing };
  }
  for (const [file, text] of planned) {
    await fs.mkdir(path.dirname(path.join(directory, file)), { recursive: true });
    await writeFileAtomically({ file: path.join(directory, file), expected: undefined, text });
  }
  return { kind: 'created', files: [...planned.keys()] };
}
