/** `kpep import KEP_DIR`: adopt an upstream KEP (README.md + kep.yaml) as the next KPEP, and say what did not map. */
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { claimsForNewKpep, NO_BRANCH_CLAIMS } from '../core/branchClaims';
import { buildKpepIndex } from '../core/index/scan';
import { formatKpepId, parseKpepNumber } from '../core/kpepNumber';
import { readKpepCounterparts } from '../core/upstream/counterparts';
import { planKepImport } from '../core/upstream/importKep';
import { readKepYaml } from '../core/upstream/kepYaml';
import { createKpep } from '../node/createKpep';
import { GitClaimsReader } from '../node/gitClaims';
import type { CommandIo, KpepCommand } from './commandIo';
import { resolveKpepTargets } from './kpepTargets';
import { UsageError } from './usageError';

const IMPORT_HELP = `Usage: kpep import KEP_DIR [--replaces N] [--dir PATH] [--no-branches]

Turns an upstream KEP directory (README.md and kep.yaml, as in kubernetes/enhancements) into the
next KPEP, kpeps/NNNN-slug/README.md: kep.yaml becomes front matter, upstream's number and path
are kept in the upstream field, the H1 and toc are rewritten, and the images the README shows
from its directory are copied. The report lists what did not map. Nothing is ever overwritten.

Options:
  --replaces N   the imported KPEP replaces KPEP N (7, 0007 or KPEP-0007)
  --dir PATH     a folder inside the workspace (default: the current directory)
  --no-branches  do not look at other branches for claimed numbers, only at this tree
  -h, --help     show this help

Exit codes: 0 imported, 2 bad usage, an unreadable KEP directory, or internal failure.`;

async function runImport(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { replaces: { type: 'string' }, dir: { type: 'string' }, 'no-branches': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${IMPORT_HELP}\n`);
    return 0;
  }
  const [kepDirectoryArgument, ...extra] = positionals;
  if (kepDirectoryArgument === undefined || extra.length > 0) {
    throw new UsageError('kpep import takes one upstream KEP directory, e.g. kpep import ../enhancements/keps/sig-node/1287-in-place-update-pod-resources.');
  }
  const replaces = values.replaces === undefined ? undefined : parseKpepNumber(values.replaces);
  if (values.replaces !== undefined && replaces === undefined) {
    throw new UsageError(`--replaces takes a KPEP number (7, 0007 or KPEP-0007), not "${values.replaces}".`);
  }
  const kepDirectory = path.resolve(io.cwd, kepDirectoryArgument);
  const kepYamlText = await readOptional(path.join(kepDirectory, 'kep.yaml'));
  if (kepYamlText === undefined) {
    throw new UsageError(`${kepDirectoryArgument} has no kep.yaml: an upstream KEP directory holds README.md and kep.yaml.`);
  }
  const kepYaml = readKepYaml(kepYamlText);
  if (kepYaml.kind === 'invalid') {
    throw new UsageError(`${kepDirectoryArgument}: ${kepYaml.message} Nothing was written.`);
  }
  if (typeof kepYaml.values.title !== 'string' || kepYaml.values.title.trim() === '') {
    throw new UsageError(`${kepDirectoryArgument}: kep.yaml has no title, which upstream requires. Nothing was written.`);
  }
  const readme = await readOptional(path.join(kepDirectory, 'README.md'));
  if (readme === undefined) {
    throw new UsageError(`${kepDirectoryArgument} has no README.md: an upstream KEP directory holds README.md and kep.yaml.`);
  }
  const [workspace] = await resolveKpepTargets({ inputs: [values.dir ?? '.'], io });
  if (!workspace) {
    throw new UsageError('no workspace found.');
  }
  const { root, files, project } = workspace;
  const index = await buildKpepIndex({ files, project });
  if (replaces !== undefined && !index.find(replaces)) {
    throw new UsageError(`there is no ${formatKpepId(replaces)} to replace.`);
  }
  const counterparts = await readKpepCounterparts({ files, index });
  const upstreamPath = upstreamKepPath(kepDirectory, kepYaml.values['owning-sig']);
  const branches = values['no-branches'] ? NO_BRANCH_CLAIMS : await new GitClaimsReader({ directory: root, root: project.config.root, env: io.env }).read();
  const { claimedNumbers } = claimsForNewKpep({ claims: branches.claims, index, directoryNames: await files.listDirectories(project.config.root) });
  let notes: readonly string[] = [];
  let images: readonly string[] = [];
  const created = await createKpep({
    directory: root,
    files,
    project,
    index,
    title: kepYaml.values.title,
    authors: [],
    today: '',
    claimedNumbers,
    planFor: (kpepNumber) => {
      const planned = planKepImport({ readme, kepYaml: kepYaml.values, path: upstreamPath, kpepNumber, replaces, counterparts });
      ({ notes, images } = planned);
      return { kpepNumber, directory: planned.directory, path: `${project.config.root}/${planned.directory}/README.md`, text: planned.text, summaryOffset: 0 };
    },
  });
  io.stdout(`Created ${created.plan.path} (${formatKpepId(created.plan.kpepNumber)}) from ${upstreamPath}.\n`);
  if (created.notice) {
    io.stdout(`${created.notice}\n`);
  }
  const copied = await copyImages({ from: kepDirectory, to: path.join(root, ...path.dirname(created.plan.path).split('/')), images });
  io.stdout(copied.lines.map((line) => `${line}\n`).join(''));
  const allNotes = [...notes, ...copied.notes];
  if (allNotes.length > 0) {
    io.stdout(`Did not map as is:\n${allNotes.map((note) => `  ${note}\n`).join('')}`);
  }
  return 0;
}

/** keps/<sig>/<dir> as upstream has it: from the folder's own path when it lies in a checkout. */
function upstreamKepPath(kepDirectory: string, owningSig: unknown): string {
  const parts = kepDirectory.split(path.sep);
  const at = parts.lastIndexOf('keps');
  if (at !== -1 && at === parts.length - 3) {
    return parts.slice(at).join('/');
  }
  return `keps/${typeof owningSig === 'string' ? owningSig : 'sig-unknown'}/${path.basename(kepDirectory)}`;
}

/** Copies each image from inside the KEP directory, never over a file and never from outside it. */
async function copyImages(options: { from: string; to: string; images: readonly string[] }): Promise<{ lines: string[]; notes: string[] }> {
  const lines: string[] = [];
  const notes: string[] = [];
  const realFrom = await fs.realpath(options.from);
  for (const image of options.images) {
    const source = await fs.realpath(path.join(options.from, ...image.split('/'))).catch(() => undefined);
    if (!source || !source.startsWith(`${realFrom}${path.sep}`)) {
      notes.push(`the image ${image} is not in the KEP directory and was not copied.`);
      continue;
    }
    const target = path.join(options.to, ...image.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.copyFile(source, target, constants.COPYFILE_EXCL);
      lines.push(`Copied ${image}`);
    } catch (error) {
      notes.push(`the image ${image} could not be copied: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
  }
  return { lines, notes };
}

async function readOptional(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch(() => undefined);
}

export const importCommand: KpepCommand = { run: runImport, summary: 'adopt an upstream KEP directory as the next KPEP' };
