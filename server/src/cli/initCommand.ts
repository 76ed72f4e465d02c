/** `kpep init [DIR]`: a new enhancements repository, with nothing overwritten (SPEC §1, §8). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseCommandArgs } from './commandArgs';
import { CONFIG_FILE } from '../core/config';
import { createKpepRepository } from '../node/kpepRepository';
import type { CommandIo, KpepCommand } from './commandIo';
import { UsageError } from './usageError';

const INIT_HELP = `Usage: kpep init [DIR]

Creates a KPEP repository in DIR (default: the current directory; created if absent):
  README.md            the process description
  templates/README.md  the KPEP template (the built-in one; edit it to change the section rules)
  kpeps/README.md      the index page, kept current by "kpep index --write"
  ${CONFIG_FILE}           settings for the kpep tooling

Nothing is ever overwritten: when any of these (or the kpeps/ folder) already exists, kpep init
names them, creates nothing and exits 1.

Options:
  -h, --help   show this help

Exit codes: 0 created, 1 something already exists, 2 bad usage or internal failure.`;

async function runInit(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.stdout(`${INIT_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError('kpep init takes one DIR.');
  }
  const directory = path.resolve(io.cwd, positionals[0] ?? '.');
  const stat = await fs.stat(directory).catch(() => undefined);
  if (stat && !stat.isDirectory()) {
    throw new UsageError(`${positionals[0]} is a file, not a directory.`);
  }

  const shown = path.relative(io.cwd, directory) || '.';
  const result = await createKpepRepository({ directory });
  if (result.kind === 'in-the-way') {
    const { existing } = result;
    io.stderr(`kpep init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${shown}; nothing was created.\n`);
    return 1;
  }
  for (const file of result.files) {
    io.stdout(`created ${path.join(shown, file)}\n`);
  }
  io.stdout(`\nA KPEP repository is ready in ${shown}. Start a KPEP with: kpep new "Your title"\n`);
  return 0;
}

export const initCommand: KpepCommand = { run: runInit, summary: 'create a new KPEP repository (README, template, kpeps/, .kpep.json)' };
