/**
 * `kpep lint --baseline FILE` / `--baseline-write FILE` (or `"baseline"` in `.kpep.json`): adopt the
 * checks on an existing repository by recording today's findings, then report only new ones.
 * Fingerprints and matching live in core/baseline.ts, shared with the editor.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { baselineEntries, matchBaseline, parseBaseline, serializeBaseline, type KpepBaseline } from '../core/baseline';
import type { FileDiagnostics } from '../core/lint';
import type { WorkspaceFiles } from '../core/workspace';
import { writeFileAtomically } from '../node/atomicWrite';
import type { CommandIo } from './commandIo';
import type { LintReport } from './lintFormats';
import { UsageError } from './usageError';

/** Reads a baseline named on the command line (relative to the current directory); a missing or malformed one is bad usage. */
export async function readBaselineFile(file: string, io: CommandIo): Promise<KpepBaseline> {
  const text = await fs.readFile(path.resolve(io.cwd, file), 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new UsageError(`cannot read the baseline ${file}; write one with --baseline-write ${file}.`);
  }
  const { baseline, problems } = parseBaseline(text, file);
  if (!baseline) {
    throw new UsageError(problems.join(' '));
  }
  return baseline;
}

/** Records every finding of the reports in `file`, replacing it atomically (never over a file changed meanwhile). */
export async function writeBaselineFile(file: string, reports: readonly LintReport[], io: CommandIo): Promise<void> {
  const absolute = path.resolve(io.cwd, file);
  const results = reports.flatMap((report) => report.results);
  const expected = await fs.readFile(absolute, 'utf8').catch(() => undefined);
  await writeFileAtomically({ file: absolute, expected, text: serializeBaseline(results.map((result) => ({ ...result, fingerprints: result.fingerprints ?? [] }))) });
  const count = results.reduce((sum, result) => sum + result.diagnostics.length, 0);
  io.stderr(`kpep lint: recorded ${count} finding${count === 1 ? '' : 's'} in the baseline ${file}.\n`);
}

export interface BaselinedResults {
  readonly results: FileDiagnostics[];
  readonly suppressed: number;
  readonly gone: number;
}

/** Leaves out the findings the baseline records, counting them and the entries that match nothing any more. */
export async function withoutBaselined(options: { baseline: KpepBaseline; results: readonly FileDiagnostics[]; files: WorkspaceFiles }): Promise<BaselinedResults> {
  let suppressed = 0;
  let gone = 0;
  const results = options.results.map((result) => {
    const match = matchBaseline(options.baseline, { ...result, fingerprints: result.fingerprints ?? [] });
    suppressed += match.baselined.length;
    gone += match.gone;
    return { path: result.path, diagnostics: match.fresh };
  });
  // Entries of files not checked this run count as gone only when the file itself is gone.
  const checked = new Set(options.results.map((result) => result.path));
  for (const [file] of options.baseline) {
    if (!checked.has(file) && (await options.files.fileKind(file)) === undefined) {
      gone += baselineEntries(options.baseline, file);
    }
  }
  return { results, suppressed, gone };
}

export function reportBaseline(totals: { suppressed: number; gone: number }, io: CommandIo): void {
  const { suppressed, gone } = totals;
  const goneText = gone === 0 ? '' : `; ${gone} baseline entr${gone === 1 ? 'y matches' : 'ies match'} no finding any more (rewrite the baseline with --baseline-write to drop ${gone === 1 ? 'it' : 'them'})`;
  io.stderr(`kpep lint: ${suppressed} finding${suppressed === 1 ? '' : 's'} in the baseline not reported${goneText}.\n`);
}
