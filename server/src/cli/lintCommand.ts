/** `kpep lint [PATH ...] [-f|--format text|json|sarif|github]`: the editor's checks, for CI and pre-commit hooks. */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parseCommandArgs } from './commandArgs';
import { lintKpeps, type FileDiagnostics } from '../core/lint';
import { refConflictDiagnostics, withRefConflicts } from './againstRef';
import { openLintCache } from '../node/lintCache';
import { defaultLintWorkerCount, LintWorkerPool } from '../node/lintWorkers';
import type { CommandIo, KpepCommand } from './commandIo';
import { formatGithub } from './githubFormat';
import { readBaselineFile, reportBaseline, withoutBaselined, writeBaselineFile } from './lintBaseline';
import { countSeverity, formatJson, formatText, hasErrors, onlyErrors, type LintReport } from './lintFormats';
import { resolveKpepTargets } from './kpepTargets';
import { formatSarif } from './sarifFormat';
import { UsageError } from './usageError';

const LINT_HELP = `Usage: kpep lint [PATH ...] [-f|--format text|json|sarif|github] [--quiet] [--max-warnings N] [--cache] [--baseline FILE | --baseline-write FILE] [--against REF]

Checks KPEPs against their template and the front-matter rules, exactly as the editor does,
including the checks across KPEPs (numbers, references, replacements).
PATH is a workspace, its kpeps/ folder, a KPEP directory or a KPEP README (default: the current
directory). A PATH that holds no KPEP is skipped, with a warning saying why. Paths are printed
relative to the current directory, the same in every format.

Options:
  -f, --format FORMAT  text (default) groups problems by file, in colour on a terminal unless
                       NO_COLOR is set; json prints one array of {file, range, severity, code,
                       message}; sarif prints a SARIF 2.1.0 log for code scanning; github prints
                       GitHub Actions annotations
  --quiet              report errors only
  --max-warnings N     also exit 1 when more than N warnings are found (counted with --quiet too)
  --cache              keep each KPEP's findings between runs, so unchanged KPEPs are not parsed
                       again (checks across KPEPs always run)
  --cache-location P   where the cache lives (default: .kpep-cache/lint.json in the workspace;
                       add .kpep-cache/ to .gitignore)
  --against REF        the PR check: a KPEP added on this branch whose number REF (say
                       origin/main) gives to another directory is a number-claimed-elsewhere
                       error, with the kpep renumber command that resolves it
  --baseline FILE      report only findings not recorded in FILE, and say how many were left out
                       and how many of its entries match nothing any more (default: "baseline"
                       in .kpep.json, if set)
  --baseline-write FILE
                       record every finding in FILE (by file, code and a fingerprint of its text,
                       not its line) and exit 0: how a repository adopts the checks
  -h, --help           show this help

KPEPs are parsed on one worker thread per core when there are more than a few dozen to parse;
the environment variable KPEP_LINT_WORKERS=N sets the number of threads (0: none).

Exit codes: 0 no error found, 1 an error-severity problem found (or too many warnings),
2 bad usage or internal failure.`;

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;


async function runLint(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      quiet: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      cache: { type: 'boolean' },
      'cache-location': { type: 'string' },
      against: { type: 'string' },
      baseline: { type: 'string' },
      'baseline-write': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${LINT_HELP}\n`);
    return 0;
  }
  const format = FORMATS.find((name) => name === values.format);
  if (!format) {
    throw new UsageError(`--format must be text, json, sarif or github, not "${values.format}".`);
  }
  const maxWarnings = values['max-warnings'] === undefined ? undefined : readWholeNumber(values['max-warnings'], { name: '--max-warnings', unit: 'warnings' });
  const workersSetting = io.env['KPEP_LINT_WORKERS'];
  const workers = workersSetting ? readWholeNumber(workersSetting, { name: 'KPEP_LINT_WORKERS', unit: 'threads' }) : defaultLintWorkerCount();

  if (values.baseline !== undefined && values['baseline-write'] !== undefined) {
    throw new UsageError('--baseline and --baseline-write cannot be used together.');
  }
  const givenBaseline = values.baseline === undefined ? undefined : await readBaselineFile(values.baseline, io);
  const baselineTotals = { used: false, suppressed: 0, gone: 0 };
  const reports: LintReport[] = [];
  const pool = new LintWorkerPool({
    // In the bundle this is dist/cli.js, which serves checks when started as a lint worker.
    script: __filename,
    workers,
    onWorkerFailure: (error) => io.stderr(`kpep lint: warning: a worker thread failed (${error.message}); its KPEPs are checked on the main thread.\n`),
  });
  try {
    for (const { root, files, project, kpeps, targets } of await resolveKpepTargets({ inputs: positionals, io })) {
      if (positionals.length > 0) {
        warnSkippedTargets({ root, targets, kpeps, kpepRoot: project.config.root, io });
      }
      // A README named outright is passed on too; lintKpeps skips it when it is not a KPEP.
      const named = targets.filter((target) => target.endsWith('.md'));
      const cache = values.cache ? await openLintCache({ root, location: values['cache-location'], warn: (message) => io.stderr(`kpep lint: warning: ${message}\n`) }) : undefined;
      const paths = [...new Set([...kpeps, ...named])];
      const baseline = values['baseline-write'] === undefined ? (givenBaseline ?? project.baseline) : undefined;
      const fingerprints = baseline !== undefined || values['baseline-write'] !== undefined;
      let results: FileDiagnostics[] = await lintKpeps({ files, project, paths, checkDocuments: pool.checkDocuments, fingerprints, ...(cache ? { cache } : {}) });
      if (baseline) {
        const kept = await withoutBaselined({ baseline, results, files });
        results = kept.results;
        Object.assign(baselineTotals, { used: true, suppressed: baselineTotals.suppressed + kept.suppressed, gone: baselineTotals.gone + kept.gone });
      }
      // A number race is never baselined: it is new by nature.
      if (values.against !== undefined) {
        results = withRefConflicts(results, await refConflictDiagnostics({ directory: root, files, project, ref: values.against, env: io.env }));
      }
      // A cache that cannot be written costs the next run its speed, not this run its result.
      await cache?.save().catch((error: NodeJS.ErrnoException) => io.stderr(`kpep lint: warning: the cache was not saved (${error.code ?? error.message}).\n`));
      reports.push({ root, results });
    }
  } finally {
    // Running threads would keep the process alive after the report.
    await pool.close();
  }
  if (values['baseline-write'] !== undefined) {
    await writeBaselineFile(values['baseline-write'], reports, io);
    return 0;
  }
  if (baselineTotals.used) {
    reportBaseline(baselineTotals, io);
  }
  // One report whose paths are relative to the current directory: clickable in a terminal, and the same in every format.
  const fromCwd: LintReport = { root: io.cwd, results: reports.flatMap(({ root, results }) => results.map((result) => ({ ...result, path: relativeToCwd(io, root, result.path) }))) };
  const shown = values.quiet ? onlyErrors([fromCwd]) : [fromCwd];
  io.stdout(
    format === 'json' ? formatJson(shown) : format === 'sarif' ? formatSarif(shown) : format === 'github' ? formatGithub(shown, { cwd: io.cwd }) : formatText(shown, { color: io.color }),
  );
  const warnings = countSeverity(reports, 'warning');
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings) {
    io.stderr(`kpep lint: ${warnings} warning${warnings === 1 ? '' : 's'} found; --max-warnings allows ${maxWarnings}.\n`);
  }
  return hasErrors(reports) || tooManyWarnings ? 1 : 0;
}

export const lintCommand: KpepCommand = { run: runLint, summary: 'check KPEPs against their template and front-matter rules' };

function relativeToCwd(io: CommandIo, root: string, relative: string): string {
  return path.relative(io.cwd, path.join(root, ...relative.split('/'))).split(path.sep).join('/') || '.';
}

/** A PATH given outright that names no KPEP gets a line saying why, rather than a silent "No problems in 0 KPEPs". */
function warnSkippedTargets(options: { root: string; targets: readonly string[]; kpeps: readonly string[]; kpepRoot: string; io: CommandIo }): void {
  const { root, kpepRoot, io } = options;
  const layout = `KPEPs are ${kpepRoot === '' || kpepRoot === '.' ? '' : `${kpepRoot}/`}NNNN-slug/README.md`;
  for (const target of options.targets) {
    if (target === '' || options.kpeps.some((kpep) => kpep === target || kpep.startsWith(`${target}/`))) {
      continue;
    }
    const isDirectory = statSync(path.join(root, ...target.split('/')), { throwIfNoEntry: false })?.isDirectory() === true;
    io.stderr(`kpep lint: warning: ${relativeToCwd(io, root, target)} skipped: ${isDirectory ? 'it holds no KPEP' : 'not a KPEP'} (${layout}).\n`);
  }
}

function readWholeNumber(value: string, what: { name: string; unit: string }): number {
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`${what.name} takes a whole number of ${what.unit}, not "${value}".`);
  }
  return Number(value);
}
