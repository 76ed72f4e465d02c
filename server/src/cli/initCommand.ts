/** `kpep init [DIR]`: a new enhancements repository, with nothing overwritten (SPEC §1, §8). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseCommandArgs } from './commandArgs';
import { CONFIG_FILE } from '../core/config';
import { renderKpepIndexTable, updateKpepIndexBlock } from '../core/kpepIndexTable';
import { defaultTemplateText } from '../core/template/templateModel';
import { writeFileAtomically } from '../node/atomicWrite';
import type { CommandIo, KpepCommand } from './commandIo';
import kpepsIndexText from './initFiles/kpeps-index.md';
import repositoryReadmeText from './initFiles/repository-readme.md';
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

const CONFIG_TEXT = `${JSON.stringify({ root: 'kpeps', template: 'templates/README.md', rules: {} }, null, 2)}\n`;

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

  const indexUpdate = updateKpepIndexBlock({ text: kpepsIndexText, content: renderKpepIndexTable({ rows: [], indexPath: 'kpeps/README.md' }) });
  const planned: ReadonlyMap<string, string> = new Map([
    ['README.md', repositoryReadmeText],
    ['templates/README.md', defaultTemplateText],
    ['kpeps/README.md', indexUpdate.kind === 'stale' ? indexUpdate.text : kpepsIndexText],
    [CONFIG_FILE, CONFIG_TEXT],
  ]);
  // Everything is checked before anything is created, so a refusal leaves no half-made repository.
  const inTheWay: string[] = [];
  for (const target of ['README.md', 'templates/README.md', 'kpeps', CONFIG_FILE]) {
    if (await fs.lstat(path.join(directory, target)).catch(() => undefined)) {
      inTheWay.push(target);
    }
  }
  const shown = path.relative(io.cwd, directory) || '.';
  if (inTheWay.length > 0) {
    io.stderr(`kpep init: ${inTheWay.join(', ')} already exist${inTheWay.length === 1 ? 's' : ''} in ${shown}; nothing was created.\n`);
    return 1;
  }

  await fs.mkdir(path.join(directory, 'templates'), { recursive: true });
  await fs.mkdir(path.join(directory, 'kpeps'));
  for (const [file, text] of planned) {
    await writeFileAtomically({ file: path.join(directory, file), expected: undefined, text });
    io.stdout(`created ${path.join(shown, file)}\n`);
  }
  io.stdout(`\nA KPEP repository is ready in ${shown}. Start a KPEP with: kpep new "Your title"\n`);
  return 0;
}

export const initCommand: KpepCommand = { run: runInit, summary: 'create a new KPEP repository (README, template, kpeps/, .kpep.json)' };
