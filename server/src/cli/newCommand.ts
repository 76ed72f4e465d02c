/**
 * `kpep new TITLE [--replaces N]`: the editor's "New KPEP", from a terminal. The same code allocates
 * the number and writes the file; the KPEP it replaces is marked replaced and pointed forward with
 * an atomic write that refuses a file changed meanwhile.
 */
import * as path from 'node:path';
import { claimsForNewKpep, NO_BRANCH_CLAIMS } from '../core/branchClaims';
import { parseCommandArgs } from './commandArgs';
import { readKpep } from '../core/index/kpepEntry';
import { isoDate } from '../core/lifecycle/frontMatterEdits';
import { titleProblem } from '../core/lifecycle/newKpep';
import { markReplacedEdits } from '../core/lifecycle/supersede';
import { applyTextEdits } from '../core/lifecycle/textEdit';
import { buildKpepIndex } from '../core/index/scan';
import { formatKpepId, parseKpepNumber } from '../core/kpepNumber';
import { writeFileAtomically } from '../node/atomicWrite';
import { writableTextFile } from '../node/workspaceWrites';
import { createKpep } from '../node/createKpep';
import { gitUserName } from '../node/gitAuthor';
import { GitClaimsReader } from '../node/gitClaims';
import type { CommandIo, KpepCommand } from './commandIo';
import { resolveKpepTargets } from './kpepTargets';
import { UsageError } from './usageError';

const NEW_HELP = `Usage: kpep new TITLE [--replaces N] [--author NAME] [--dir PATH] [--no-branches]

Creates the next KPEP, kpeps/NNNN-slug/README.md, from the workspace template (or the built-in
one) with its front matter, H1 and toc filled in: the same code as the editor's "New KPEP".
The number is one more than the highest ever used, here and on every local, remote-tracking and
fetched pull-request branch (a KPEP deleted there keeps its number too); the numbers skipped for
other branches are listed. Nothing is ever overwritten.

Options:
  --replaces N   the new KPEP replaces KPEP N (7, 0007 or KPEP-0007), which is marked replaced
                 and pointed forward
  --author NAME  the author (default: git's user.name)
  --dir PATH     a folder inside the workspace (default: the current directory)
  --no-branches  do not look at other branches, only at this tree
  -h, --help     show this help

Exit codes: 0 created, 2 bad usage or internal failure.`;

async function runNew(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { replaces: { type: 'string' }, author: { type: 'string' }, dir: { type: 'string' }, 'no-branches': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${NEW_HELP}\n`);
    return 0;
  }
  const title = positionals.join(' ').trim();
  const problem = titleProblem(title);
  if (problem) {
    throw new UsageError(`${problem} Usage: kpep new TITLE [--replaces N]`);
  }
  const replaces = values.replaces === undefined ? undefined : parseKpepNumber(values.replaces);
  if (values.replaces !== undefined && replaces === undefined) {
    throw new UsageError(`--replaces takes a KPEP number (7, 0007 or KPEP-0007), not "${values.replaces}".`);
  }
  const [workspace] = await resolveKpepTargets({ inputs: [values.dir ?? '.'], io });
  if (!workspace) {
    throw new UsageError('no workspace found.');
  }
  const { root, files, project } = workspace;
  const index = await buildKpepIndex({ files, project });
  const replaced = replaces === undefined ? undefined : index.find(replaces);
  if (replaces !== undefined && !replaced) {
    throw new UsageError(`there is no ${formatKpepId(replaces)} to replace.`);
  }
  const today = isoDate(new Date());
  const author = values.author?.trim() || (await gitUserName(root)) || '@your-handle';
  const branches = values['no-branches'] ? NO_BRANCH_CLAIMS : await new GitClaimsReader({ directory: root, root: project.config.root, env: io.env }).read();
  const { claimedNumbers, skipped } = claimsForNewKpep({ claims: branches.claims, index, directoryNames: await files.listDirectories(project.config.root) });
  const created = await createKpep({ directory: root, files, project, index, title, authors: [author], today, replaces, claimedNumbers });
  io.stdout(`Created ${created.plan.path} (${formatKpepId(created.plan.kpepNumber)}).\n`);
  io.stdout(skipped.map((line) => `${line}.\n`).join(''));
  if (created.notice) {
    io.stdout(`${created.notice}\n`);
  }
  if (replaced) {
    const kpepRoot = project.config.root;
    const text = await files.readFile(replaced.path);
    const older = text === undefined ? undefined : readKpep({ path: replaced.path, text, root: kpepRoot });
    const edits = older && markReplacedEdits({ replaced: older, successor: created.plan, root: kpepRoot, today });
    if (text === undefined || !edits) {
      io.stderr(`kpep new: mark ${replaced.path} replaced by hand; it could not be read.\n`);
      return 2;
    }
    const target = await writableTextFile(root, path.join(root, ...replaced.path.split('/')));
    await writeFileAtomically({ file: target.real, expected: text, text: applyTextEdits(text, edits) });
    io.stdout(`Marked ${formatKpepId(replaced.kpepNumber as number)} replaced by ${formatKpepId(created.plan.kpepNumber)}.\n`);
  }
  return 0;
}

export const newCommand: KpepCommand = { run: runNew, summary: 'create the next KPEP from the template' };
