/** `kpep export N --upstream DIR`: lift a KPEP into kubernetes/enhancements' layout and say what upstream would still reject. */
import { parseArgs } from 'node:util';
import { referencedNumbers } from '../core/index/kpepEntry';
import { buildKpepIndex } from '../core/index/scan';
import { formatKpepId, parseKpepNumber } from '../core/kpepNumber';
import { readKpepCounterparts } from '../core/upstream/counterparts';
import { planKepExport } from '../core/upstream/exportKep';
import { formatExportReport } from '../core/upstream/exportReport';
import { readKepNumber } from '../core/upstream/kepYaml';
import { ExportTargetExists, writeKepExport } from '../node/upstreamExport';
import type { CommandIo, KpepCommand } from './commandIo';
import { resolveKpepTargets } from './kpepTargets';
import { UsageError } from './usageError';

const EXPORT_HELP = `Usage: kpep export N --upstream DIR [--sig SIG] [--kep-number N] [--force] [--dir PATH]

Writes KPEP N as an upstream KEP into DIR, a checkout of kubernetes/enhancements:
DIR/keps/SIG/NNNN-slug/README.md and kep.yaml, and DIR/keps/prod-readiness/SIG/NNNN.yaml when
the KPEP asks for a production readiness review. Values the KPEP lacks are written as TBD
placeholders; the report lists every field and section upstream's validation would still reject.

Options:
  --upstream DIR    the upstream repository's folder (required)
  --sig SIG         the owning SIG, e.g. sig-api-machinery (default: the KPEP's owning-sig)
  --kep-number N    the upstream KEP number, the tracking issue's (default: upstream.kep-number)
  --force           replace the generated files in an existing KEP directory, and nothing else
  --dir PATH        a folder inside the workspace (default: the current directory)
  -h, --help        show this help

Exit codes: 0 written and would validate, 1 written with placeholders or gaps upstream rejects,
2 bad usage, no such KPEP, an existing target, or internal failure.`;

async function runExport(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      upstream: { type: 'string' },
      sig: { type: 'string' },
      'kep-number': { type: 'string' },
      force: { type: 'boolean' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${EXPORT_HELP}\n`);
    return 0;
  }
  const [numberText, ...extra] = positionals;
  const kpepNumber = parseKpepNumber(numberText);
  if (numberText === undefined || kpepNumber === undefined || extra.length > 0) {
    throw new UsageError(numberText === undefined ? 'kpep export needs a KPEP number, e.g. kpep export 7 --upstream ../enhancements.' : `"${numberText}" is not a KPEP number; write 7, 0007 or KPEP-0007.`);
  }
  if (values.upstream === undefined || values.upstream.trim() === '') {
    throw new UsageError('--upstream DIR is required: the folder of a kubernetes/enhancements checkout.');
  }
  const kepNumber = values['kep-number'] === undefined ? undefined : readKepNumber(values['kep-number']);
  if (values['kep-number'] !== undefined && kepNumber === undefined) {
    throw new UsageError(`--kep-number takes the upstream tracking issue's number, e.g. 1287, not "${values['kep-number']}".`);
  }
  const [workspace] = await resolveKpepTargets({ inputs: [values.dir ?? '.'], io });
  if (!workspace) {
    throw new UsageError('no workspace found.');
  }
  const index = await buildKpepIndex({ files: workspace.files, project: workspace.project });
  const entry = index.find(kpepNumber);
  const text = entry && (await workspace.files.readFile(entry.path));
  if (!entry || text === undefined) {
    throw new UsageError(`there is no ${formatKpepId(kpepNumber)} in this workspace.`);
  }
  const counterparts = await readKpepCounterparts({ files: workspace.files, index, numbers: referencedNumbers(entry) });
  const plan = planKepExport({ text, directory: entry.directory, sig: values.sig, kepNumber, counterparts });
  if (plan.kind === 'no-sig') {
    throw new UsageError(`--sig is needed: ${formatKpepId(kpepNumber)} has no owning-sig, e.g. --sig sig-api-machinery.`);
  }
  if (plan.kind === 'bad-sig') {
    throw new UsageError(`--sig takes a SIG name such as sig-api-machinery (lowercase letters, digits and dashes), not "${plan.sig}".`);
  }
  let written: string[];
  try {
    written = await writeKepExport({ upstreamDirectory: values.upstream, plan, force: values.force === true });
  } catch (error) {
    if (error instanceof ExportTargetExists) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  io.stdout(formatExportReport({ plan, written }));
  return plan.problems.length === 0 ? 0 : 1;
}

export const exportCommand: KpepCommand = { run: runExport, summary: 'write a KPEP as an upstream KEP (kep.yaml, README, PRR file) and check it' };
