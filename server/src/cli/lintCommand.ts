/** `kpep lint [PATH ...] [--format text|json|sarif|github]`: the editor's checks, for CI and pre-commit hooks. */
import { parseArgs } from 'node:util';
import { lintKpeps, type FileDiagnostics } from '../core/lint';
import { openLintCache } from '../node/lintCache';
import { defaultLintWorkerCount, LintWorkerPool } from '../node/lintWorkers';
import type { CommandIo, KpepCommand } from './commandIo';
import { formatGithub } from './githubFormat';
import { countSeverity, formatJson, formatText, hasErrors, onlyErrors, type LintReport } from './lintFormats';
import { resolveKpepTargets } from './kpepTargets';
import { formatSarif } from './sarifFormat';
import { UsageError } from './usageError';

const LINT_HELP = `Usage: kpep lint [PATH ...] [--format text|json|sarif|github] [--quiet] [--max-warnings N] [--cache]

Checks KPEPs against their template and the front-matter rules, exactly as the editor does,
including the checks across KPEPs (numbers, references, replacements).
PATH is a workspace, its kpeps/ folder, a KPEP directory or a KPEP README (default: the current
directory). Files that are not KPEPs are skipped.

Options:
  --format FORMAT      text (default) groups problems by file, in colour on a terminal unless
                       NO_COLOR is set; json prints one array of {file, range, severity, code,
                       message}; sarif prints a SARIF 2.1.0 log for code scanning; github prints
                       GitHub Actions annotations
  --quiet              report errors only
  --max-warnings N     also exit 1 when more than N warnings are found (counted with --quiet too)
  --cache              keep each KPEP's findings between runs, so unchanged KPEPs are not parsed
                       again (checks across KPEPs always run)
  --cache-location P   where the cache lives (default: .kpep-cache/lint.json in the workspace;
                       add .kpep-cache/ to .gitignore)
  -h, --help           show this help

KPEPs are parsed on one worker thread per core when there are more than a few dozen to parse;
the environment variable KPEP_LINT_WORKERS=N sets the number of threads (0: none).

Exit codes: 0 no error found, 1 an error-severity problem found (or too many warnings),
2 bad usage or internal failure.`;

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;


async function runLint(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      quiet: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      cache: { type: 'boolean' },
      'cache-location': { type: 'string' },
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

  const reports: LintReport[] = [];
  const pool = new LintWorkerPool({
    // In the bundle this is dist/cli.js, which serves checks when started as a lint worker.
    script: __filename,
    workers,
    onWorkerFailure: (error) => io.stderr(`kpep lint: warning: a worker thread failed (${error.message}); its KPEPs are checked on the main thread.\n`),
  });
  try {
    for (const { root, files, project, kpeps, targets } of await resolveKpepTargets({ inputs: positionals, io })) {
      // A README named outright is passed on too; lintKpeps skips it when it is not a KPEP.
      const named = targets.filter((target) => target.endsWith('.md'));
      const cache = values.cache ? await openLintCache({ root, location: values['cache-location'], warn: (message) => io.stderr(`kpep lint: warning: ${message}\n`) }) : undefined;
      const paths = [...new Set([...kpeps, ...named])];
      const results: FileDiagnostics[] = await lintKpeps({ files, project, paths, checkDocuments: pool.checkDocuments, ...(cache ? { cache } : {}) });
      // A cache that cannot be written costs the next run its speed, not this run its result.
      await cache?.save().catch((error: NodeJS.ErrnoException) => io.stderr(`kpep lint: warning: the cache was not saved (${error.code ?? error.message}).\n`));
      reports.push({ root, results });
    }
  } finally {
    // Running threads would keep the process alive after the report.
    await pool.close();
  }
  const shown = values.quiet ? onlyErrors(reports) : reports;
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

function readWholeNumber(value: string, what: { name: string; unit: string }): number {
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`${what.name} takes a whole number of ${what.unit}, not "${value}".`);
  }
  return Number(value);
}
