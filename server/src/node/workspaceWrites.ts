/**
 * Writes obey the containment reads do (SPEC §8): a directory kpep creates or a file it writes has
 * its real path inside the workspace folder, so a `.kpep.json` root of `../outside`, a `kpeps/`
 * symlinked elsewhere or a planted symlink never leads a write out. Each directory is created one
 * level at a time and checked after, so a symlink that appears midway is seen.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A write kpep refused to make, with the reason in one sentence; nothing was written. */
export class RefusedWriteError extends Error {}

function isWithin(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The workspace's real path. */
export async function realWorkspace(workspace: string): Promise<string> {
  return fs.realpath(workspace);
}

/**
 * Creates (when missing) the directory at a workspace-relative path and returns its real path,
 * refusing one that is, or resolves, outside the workspace.
 */
export async function containedDirectory(workspace: string, relativePath: string): Promise<string> {
  const root = await realWorkspace(workspace);
  const parts = relativePath.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  if (path.isAbsolute(relativePath) || !isWithin(root, path.resolve(root, ...parts))) {
    throw new RefusedWriteError(`${relativePath} is outside the workspace ${workspace}; kpep writes only inside it.`);
  }
  let current = root;
  for (const part of parts) {
    const next = path.join(current, part);
    await fs.mkdir(next).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') {
        throw error;
      }
    });
    const real = await fs.realpath(next);
    if (!isWithin(root, real)) {
      throw new RefusedWriteError(`${path.relative(root, next)} leads outside the workspace (to ${real}); kpep writes only inside it.`);
    }
    const stat = await fs.stat(real);
    if (!stat.isDirectory()) {
      throw new RefusedWriteError(`${path.relative(root, next)} is not a directory.`);
    }
    current = real;
  }
  return current;
}

/**
 * The real path to write an existing text file at, or a refusal that says why: a file outside the
 * workspace (through a symlink or not), a read-only one (its permissions are the owner's word), or
 * one that is not valid UTF-8 (its text was read with replacement characters, so writing it back
 * would destroy bytes). A symlink inside the workspace is written through, and `throughLink` says so.
 */
export async function writableTextFile(workspace: string, file: string): Promise<{ real: string; throughLink: boolean }> {
  const root = await realWorkspace(workspace);
  const real = await fs.realpath(file);
  if (!isWithin(root, real)) {
    throw new RefusedWriteError(`${file} leads outside the workspace (to ${real}); it was left alone.`);
  }
  const stat = await fs.stat(real);
  if ((stat.mode & 0o222) === 0) {
    throw new RefusedWriteError(`${path.relative(root, real)} is read-only; it was left alone.`);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(real));
  } catch {
    throw new RefusedWriteError(`${path.relative(root, real)} is not valid UTF-8; it was left alone rather than have its bytes replaced.`);
  }
  return { real, throughLink: (await fs.lstat(file)).isSymbolicLink() };
}
