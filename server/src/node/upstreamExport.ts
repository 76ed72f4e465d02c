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
        const relative = path.relative(base, existing).split(path.sep).join('/');
        const hint = /(?:^|\/)NNNN[-.]/.test(relative) ? ' (give --kep-number, the upstream tracking issue\'s number)' : '';
        throw new ExportTargetExists(`${relative} already exists in ${options.upstreamDirectory}${hint}; pass --force to replace only the generated files.`);
      }
    }
  }
  await fs.mkdir(base, { recursive: true });
  const realBase = await fs.realpath(base);
  const written: string[] = [];
  // Every directory is made and checked before any file is written.
  for (const target of targets) {
    await makeDirectoryInside({ base, realBase, relative: path.posix.dirname(target.path), label: target.path, shown: options.upstreamDirectory });
  }
  for (const target of targets) {
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

/**
 * Creates the directory one level at a time, checking each existing level first: a symbolic link
 * inside the folder must not carry a write (or a new directory) out of it.
 */
async function makeDirectoryInside(options: { base: string; realBase: string; relative: string; label: string; shown: string }): Promise<void> {
  let current = options.base;
  for (const part of options.relative.split('/')) {
    current = path.join(current, part);
    if (!(await exists(current))) {
      await fs.mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') {
          throw error;
        }
      });
    }
    const real = await fs.realpath(current).catch(() => undefined);
    if (real === undefined || (real !== options.realBase && !real.startsWith(`${options.realBase}${path.sep}`))) {
      throw new ExportTargetExists(`${options.label} would be written outside ${options.shown}; nothing was written.`);
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}
