/** `kpep toc [--check|--write] [PATH ...]`: keeps each KPEP's `<!-- toc -->` block in step with its headings. */
import * as path from 'node:path';
import { parseCheckOrWriteArgs } from './commandArgs';
import { refreshTocBlock } from '../core/tocEdit';
import { writeFileAtomically } from '../node/atomicWrite';
import { RefusedWriteError, writableTextFile } from '../node/workspaceWrites';
import type { CommandIo, KpepCommand } from './commandIo';
import { resolveKpepTargets } from './kpepTargets';

const TOC_HELP = `Usage: kpep toc [--check|--write] [PATH ...]

Regenerates the table of contents between <!-- toc --> and <!-- /toc --> in KPEPs that have one,
from the headings after it (down to level 5, GitHub anchors). Entries are compared by anchor and
rendered text, so an mdtoc toc that is current is left alone; a stale one is rewritten in the style
it already uses (mdtoc's HTML or plain text). KPEPs without the block are left alone.
PATH is a workspace, its kpeps/ folder, a KPEP directory or a KPEP README (default: the current
directory).

Options:
  --check      list the KPEPs whose table of contents is stale (the default)
  --write      rewrite the stale blocks in place; each file is replaced in one step, and one that
               changed on disk meanwhile, is read-only or is not valid UTF-8 is left alone; a
               symlink inside the workspace is written through
  -h, --help   show this help

Exit codes: 0 every table of contents is current (or was written), 1 --check found a stale one
(or --write left one stale),
2 bad usage or internal failure.`;

async function runToc(args: readonly string[], io: CommandIo): Promise<number> {
  const { write, help, positionals } = parseCheckOrWriteArgs(args);
  if (help) {
    io.stdout(`${TOC_HELP}\n`);
    return 0;
  }
  const stale: string[] = [];
  let withToc = 0;
  let refused = 0;
  for (const { root, files, kpeps } of await resolveKpepTargets({ inputs: positionals, io })) {
    for (const kpep of kpeps) {
      const text = await files.readFile(kpep);
      if (text === undefined) {
        continue;
      }
      const refresh = refreshTocBlock({ text });
      if (!refresh.hasToc) {
        continue;
      }
      withToc++;
      if (refresh.text === text) {
        continue;
      }
      stale.push(kpep);
      if (write) {
        const target = await writableTextFile(root, path.join(root, kpep)).catch((error: unknown) => {
          if (error instanceof RefusedWriteError) {
            return error;
          }
          throw error;
        });
        if (target instanceof RefusedWriteError) {
          io.stderr(`kpep toc: ${target.message}\n`);
          refused++;
          continue;
        }
        await writeFileAtomically({ file: target.real, expected: text, text: refresh.text });
        io.stdout(`updated ${kpep}${target.throughLink ? ` (through its symlink, at ${path.relative(root, target.real)})` : ''}\n`);
      } else {
        io.stdout(`${kpep}: the table of contents is stale\n`);
      }
    }
  }
  const blocks = `${withToc} table${withToc === 1 ? '' : 's'} of contents`;
  if (stale.length === 0) {
    io.stdout(`All ${blocks} current.\n`);
    return 0;
  }
  if (write) {
    io.stdout(`Updated ${stale.length - refused} of ${blocks}${refused > 0 ? `; ${refused} left stale (see above)` : ''}.\n`);
    return refused > 0 ? 1 : 0;
  }
  io.stdout(`${stale.length} of ${blocks} stale; run "kpep toc --write" to regenerate.\n`);
  return 1;
}

export const tocCommand: KpepCommand = { run: runToc, summary: 'check or regenerate the <!-- toc --> block of KPEPs' };
