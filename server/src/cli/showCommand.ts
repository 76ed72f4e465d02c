/** `kpep show N [PATH] [--json]`: the editor's hover card for a KPEP, in the terminal or as JSON for scripts. */
import { parseCommandArgs } from './commandArgs';
import { terminalText } from './terminalText';
import { kpepCard } from '../core/index/kpepCard';
import { buildKpepIndex } from '../core/index/scan';
import { formatKpepId, parseKpepNumber } from '../core/kpepNumber';
import type { CommandIo, KpepCommand } from './commandIo';
import { resolveKpepTargets } from './kpepTargets';
import { UsageError } from './usageError';

const SHOW_HELP = `Usage: kpep show N [PATH] [--json]

Prints what the editor's hover shows for a KPEP: number, title, status and its meaning, authors,
dates, the first paragraph of its Summary, and what it replaces or is replaced by.
N is written 7, 0007 or KPEP-0007. PATH is any folder inside the workspace (default: the current
directory).

Options:
  --json       print the KPEP's facts as one JSON object, for scripts
  -h, --help   show this help

Exit codes: 0 shown, 1 no KPEP has that number, 2 bad usage or internal failure.`;

async function runShow(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${SHOW_HELP}\n`);
    return 0;
  }
  const [numberText, workspace, ...extra] = positionals;
  const kpepNumber = parseKpepNumber(numberText);
  if (numberText === undefined || kpepNumber === undefined || extra.length > 0) {
    throw new UsageError(numberText === undefined ? 'kpep show needs a KPEP number, e.g. kpep show 7.' : `"${numberText}" is not a KPEP number; write 7, 0007 or KPEP-0007.`);
  }
  const [target] = await resolveKpepTargets({ inputs: workspace === undefined ? [] : [workspace], io });
  if (!target) {
    throw new UsageError('no workspace found.');
  }
  const index = await buildKpepIndex({ files: target.files, project: target.project });
  const entry = index.find(kpepNumber);
  if (!entry) {
    io.stderr(`kpep show: there is no ${formatKpepId(kpepNumber)} in this workspace.\n`);
    return 1;
  }
  const card = kpepCard(entry, index);
  if (values.json) {
    const { path, directory, title, status, authors, creationDate, lastUpdated, summary, replaces, supersededBy, seeAlso } = entry;
    const facts = { kpepNumber: entry.kpepNumber, id: formatKpepId(kpepNumber), path, directory, title, status, authors, creationDate, lastUpdated, summary, replaces, supersededBy, seeAlso, card };
    io.stdout(`${JSON.stringify(facts, null, 2)}\n`);
  } else {
    io.stdout(`${cardForTerminal(card, { color: io.color })}\n`);
  }
  return 0;
}

/** The card's markdown as terminal text: bold and italics as ANSI styles on a colour terminal, else plain. */
function cardForTerminal(card: string, options: { color: boolean }): string {
  const style = (code: string) => (_match: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return terminalText(card)
    .replace(/\*\*(.+?)\*\*/g, style('1'))
    .replace(/\*(.+?)\*/g, style('3'))
    .replace(/ {2}\n/g, '\n');
}

export const showCommand: KpepCommand = { run: runShow, summary: 'print a KPEP\'s hover card (number, title, status, summary, succession)' };
