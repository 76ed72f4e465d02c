/**
 * Writes a file so that a reader sees the old text or the new, never half of one (SPEC §8): the new
 * text goes to a temporary file in the same directory, which then replaces the target in one step.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The file on disk is no longer the text the change was computed from; nothing was written. */
export class FileChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed while kpep was working on it; nothing was written. Run the command again.`);
  }
}

export interface AtomicWriteOptions {
  /** Absolute path of the file to write. */
  readonly file: string;
  /** The text the change was computed from; undefined when the file must not exist yet. */
  readonly expected: string | undefined;
  readonly text: string;
}

/** Writes `text` unless it equals `expected`; 'unchanged' means the file was left alone. */
export async function writeFileAtomically(options: AtomicWriteOptions): Promise<'written' | 'unchanged'> {
  const { file, expected, text } = options;
  if (text === expected) {
    return 'unchanged';
  }
  const current = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return undefined;
    }
    throw error;
  });
  if (current !== expected) {
    throw new FileChangedError(file);
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = expected === undefined ? undefined : (await fs.stat(file)).mode;
  await fs.writeFile(temporary, text, { flag: 'wx', ...(mode === undefined ? {} : { mode }) });
  try {
    if (expected === undefined) {
      // link() refuses an existing target, so a file that appeared meanwhile is never overwritten.
      await fs.link(temporary, file).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new FileChangedError(file) : error;
      });
    } else {
      await fs.rename(temporary, file);
    }
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return 'written';
}
