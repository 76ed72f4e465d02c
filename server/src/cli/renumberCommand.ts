/**
 * `kpep renumber OLD NEW`: moves a KPEP to another number, from the terminal, with the same edits
 * as the editor's quick fix: the directory, kpep-number, the H1 and every reference in the
 * workspace. It refuses a number ever claimed here or on a branch it can see, and files with
 * uncommitted changes unless --force.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { claimsElsewhere, NO_BRANCH_CLAIMS } from '../core/branchClaims';
import { readKpep, type KpepEntry } from '../core/index/kpepEntry';
import { formatKpepId, parseKpepNumber } from '../core/kpepNumber';
import { planRenumber, renumberProblem, type RenumberTarget } from '../core/lifecycle/renumber';
import { applyTextEdits } from '../core/lifecycle/textEdit';
import { buildKpepIndex } from '../core/index/scan';
import { writeFileAtomically } from '../node/atomicWrite';
import { GitClaimsReader } from '../node/gitClaims';
import { writableTextFile } from '../node/workspaceWrites';
import type { CommandIo, KpepCommand } from './commandIo';
import { parseCommandArgs } from './commandArgs';
import { resolveKpepTargets } from './kpepTargets';
import { UsageError } from './usageError';

const RENUMBER_HELP = `Usage: kpep renumber OLD NEW [--force] [--no-branches] [--dir PATH]

Moves a KPEP to number NEW: renames its directory and updates kpep-number, the H1, and every
reference in the workspace's KPEPs (prose KPEP-12 and KPEP-0012, the replaces, superseded-by and
see-also lists in the form they were written, relative links to the directory). The editor's quick
fix "Renumber to KPEP-00NN" makes the same edits.

OLD is a number (12, 0012 or KPEP-0012) or, when two KPEPs share it, the directory to move.
NEW may not be a number ever claimed: here, on any local, remote-tracking or fetched pull-request
branch, or by a KPEP deleted there.

Options:
  --force        renumber even when the files it touches have uncommitted changes
  --no-branches  do not look at other branches for claims on NEW
  --dir PATH     a folder inside the workspace (default: the current directory)
  -h, --help     show this help

Exit codes: 0 renumbered, 2 refused, bad usage or internal failure.`;

async function runRenumber(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean' }, 'no-branches': { type: 'boolean' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${RENUMBER_HELP}\n`);
    return 0;
  }
  const [oldText, newText, ...extra] = positionals;
  const to = parseKpepNumber(newText ?? '');
  if (oldText === undefined || newText === undefined || extra.length > 0 || to === undefined) {
    throw new UsageError('Usage: kpep renumber OLD NEW (numbers such as 12, 0012 or KPEP-0012).');
  }
  const [workspace] = await resolveKpepTargets({ inputs: [values.dir ?? '.'], io });
  if (!workspace) {
    throw new UsageError('no workspace found.');
  }
  const { root, files, project } = workspace;
  const kpepRoot = project.config.root;
  const index = await buildKpepIndex({ files, project });
  const from = pickKpep(index.all(), oldText);
  const reader = new GitClaimsReader({ directory: root, root: kpepRoot, env: io.env });
  const branches = values['no-branches'] ? NO_BRANCH_CLAIMS : await reader.read();
  const problem = renumberProblem({ index, from, to, claims: claimsElsewhere(branches.claims, index) });
  if (problem) {
    throw new UsageError(problem);
  }
  // The KPEP and every KPEP that references its number, from their full models.
  const old = from.kpepNumber as number;
  const paths = [...new Set([from.path, ...index.referencesTo(old).map((incoming) => incoming.entry.path)])];
  const targets: (RenumberTarget & { text: string })[] = [];
  for (const kpepPath of paths) {
    const text = await files.readFile(kpepPath);
    const read = text === undefined ? undefined : readKpep({ path: kpepPath, text, root: kpepRoot });
    if (read && text !== undefined) {
      targets.push({ path: kpepPath, text, document: read.document, entry: read.entry });
    }
  }
  const self = targets.find((target) => target.path === from.path);
  if (!self) {
    throw new UsageError(`${from.path} could not be read.`);
  }
  const plan = planRenumber({ from: self, to, kpeps: targets, index, root: kpepRoot });
  const touched = [plan.fromDirectory, ...plan.edits.map((edit) => edit.path)];
  const dirty = values.force ? [] : ((await reader.uncommitted(touched)) ?? []);
  if (dirty.length > 0) {
    throw new UsageError(`uncommitted changes in ${dirty.join(', ')}; commit or stash them first, or pass --force.`);
  }
  const fromDirectory = path.join(root, ...plan.fromDirectory.split('/'));
  const toDirectory = path.join(root, ...plan.toDirectory.split('/'));
  // rename() would replace an empty directory; nothing is ever overwritten.
  if (await fs.lstat(toDirectory).then(() => true, () => false)) {
    throw new UsageError(`${plan.toDirectory} already exists.`);
  }
  // Every file to edit is checked as toc --write checks it (inside the workspace, writable, UTF-8) before anything moves, so a refusal changes nothing.
  for (const { path: filePath } of plan.edits) {
    await writableTextFile(root, path.join(root, ...filePath.split('/')));
  }
  await fs.rename(fromDirectory, toDirectory);
  let references = 0;
  for (const { path: filePath, edits } of plan.edits) {
    const text = targets.find((target) => target.path === filePath)?.text as string;
    const moved = filePath.startsWith(`${plan.fromDirectory}/`) ? `${plan.toDirectory}${filePath.slice(plan.fromDirectory.length)}` : filePath;
    const target = await writableTextFile(root, path.join(root, ...moved.split('/')));
    await writeFileAtomically({ file: target.real, expected: text, text: applyTextEdits(text, edits) });
    references += edits.length;
  }
  io.stdout(`Renumbered ${formatKpepId(old)} to ${formatKpepId(to)}: ${plan.fromDirectory} → ${plan.toDirectory}, ${references} edit${references === 1 ? '' : 's'} in ${plan.edits.length} file${plan.edits.length === 1 ? '' : 's'}.\n`);
  if (plan.leftAlone > 0) {
    io.stdout(`${plan.leftAlone} reference${plan.leftAlone === 1 ? '' : 's'} to ${formatKpepId(old)} left alone: another KPEP still holds that number.\n`);
  }
  return 0;
}

/** The KPEP OLD names: by number when it is unique, else by directory. */
function pickKpep(entries: readonly KpepEntry[], oldText: string): KpepEntry {
  const byDirectory = entries.find((entry) => entry.directory === oldText);
  if (byDirectory?.kpepNumber !== undefined) {
    return byDirectory;
  }
  const old = parseKpepNumber(oldText);
  const matches = entries.filter((entry) => old !== undefined && entry.kpepNumber === old);
  const [only, ...others] = matches;
  if (!only) {
    throw new UsageError(old === undefined ? `"${oldText}" is neither a KPEP number nor a KPEP directory.` : `there is no ${formatKpepId(old)} to renumber.`);
  }
  if (others.length > 0) {
    throw new UsageError(`${matches.length} KPEPs have ${formatKpepId(only.kpepNumber as number)} (${matches.map((entry) => entry.directory).join(', ')}); name the directory to move, e.g. kpep renumber ${others[0]?.directory} NEW.`);
  }
  return only;
}

export const renumberCommand: KpepCommand = { run: runRenumber, summary: 'move a KPEP to another number, with every reference' };
