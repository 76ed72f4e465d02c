/**
 * A baseline: the findings a repository had when it adopted the checks, so only new ones are
 * reported (as ESLint's bulk suppressions and detekt's baseline do). A finding is recorded by file,
 * code and a fingerprint of its content (the normalised text of its line and of its token, and
 * which occurrence of that it is), never by line number, so edits elsewhere do not disturb it.
 * The CLI hides baselined findings; the editor shows them at hint severity.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Path (workspace-relative) → code → fingerprints. */
export type KpepBaseline = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

export const BASELINE_FORMAT = 1;

/** A token's text counts up to this length: enough to tell findings apart, short enough for any range. */
const TOKEN_LIMIT = 200;

/** The fingerprint of each diagnostic of one document, in the same order. */
export function fingerprintDiagnostics(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const document = TextDocument.create('baseline:', 'markdown', 0, text);
  const seen = new Map<string, number>();
  return diagnostics.map((diagnostic) => {
    const { start, end } = diagnostic.range;
    const line = document.getText({ start: { line: start.line, character: 0 }, end: { line: start.line + 1, character: 0 } });
    const token = document.getText({ start, end }).slice(0, TOKEN_LIMIT);
    const content = `${String(diagnostic.code)}\u0000${normalise(line)}\u0000${normalise(token)}`;
    // Identical findings on identical lines are told apart by their order.
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    return hash(`${content}\u0000${occurrence}`);
  });
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** 64 bits of FNV-1a (two 32-bit lanes): a stable, dependency-free digest; collisions only merge two findings of one file and code. */
function hash(text: string): string {
  let low = 0x811c9dc5;
  let high = 0xcbf29ce4;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ code, 0x0100019d) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

export interface FingerprintedFile {
  readonly path: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly fingerprints: readonly string[];
}

/** The baseline file's text for these findings: sorted, one fingerprint a line, so it diffs well in review. */
export function serializeBaseline(files: readonly FingerprintedFile[]): string {
  const record: Record<string, Record<string, string[]>> = {};
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const byCode = new Map<string, string[]>();
    file.diagnostics.forEach((diagnostic, index) => {
      const code = String(diagnostic.code);
      byCode.set(code, [...(byCode.get(code) ?? []), file.fingerprints[index] ?? '']);
    });
    if (byCode.size > 0) {
      record[file.path] = Object.fromEntries([...byCode].sort(([a], [b]) => a.localeCompare(b)).map(([code, prints]) => [code, prints.sort()]));
    }
  }
  return `${JSON.stringify({ 'kpep-baseline': BASELINE_FORMAT, files: record }, null, 2)}\n`;
}

export interface BaselineReading {
  readonly baseline: KpepBaseline | undefined;
  /** What was wrong, one sentence each. */
  readonly problems: readonly string[];
}

export function parseBaseline(text: string, origin: string): BaselineReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { baseline: undefined, problems: [`${origin} is not valid JSON (${(error as Error).message}); no finding is suppressed.`] };
  }
  const record = value as { 'kpep-baseline'?: unknown; files?: unknown } | null;
  if (typeof record !== 'object' || record === null || record['kpep-baseline'] !== BASELINE_FORMAT || typeof record.files !== 'object' || record.files === null) {
    return { baseline: undefined, problems: [`${origin} is not a kpep baseline (written by kpep lint --baseline-write); no finding is suppressed.`] };
  }
  const baseline = new Map<string, Map<string, Set<string>>>();
  for (const [path, codes] of Object.entries(record.files as Record<string, unknown>)) {
    if (typeof codes !== 'object' || codes === null) {
      continue;
    }
    const byCode = new Map<string, Set<string>>();
    for (const [code, prints] of Object.entries(codes as Record<string, unknown>)) {
      if (Array.isArray(prints)) {
        byCode.set(code, new Set(prints.filter((print): print is string => typeof print === 'string')));
      }
    }
    baseline.set(path, byCode);
  }
  return { baseline, problems: [] };
}

export interface BaselineMatch {
  /** Findings not in the baseline: the new ones. */
  readonly fresh: Diagnostic[];
  /** Findings the baseline records. */
  readonly baselined: Diagnostic[];
  /** Baseline entries of this file that no finding matches any more (fixed, or changed). */
  readonly gone: number;
}

export function matchBaseline(baseline: KpepBaseline, file: FingerprintedFile): BaselineMatch {
  const recorded = baseline.get(file.path);
  const fresh: Diagnostic[] = [];
  const baselined: Diagnostic[] = [];
  const matched = new Set<string>();
  file.diagnostics.forEach((diagnostic, index) => {
    const print = file.fingerprints[index] ?? '';
    if (recorded?.get(String(diagnostic.code))?.has(print)) {
      baselined.push(diagnostic);
      matched.add(`${String(diagnostic.code)}\u0000${print}`);
    } else {
      fresh.push(diagnostic);
    }
  });
  return { fresh, baselined, gone: baselineEntries(baseline, file.path) - matched.size };
}

/** The editor's view: every finding stays, the baselined ones at hint severity, so they are visible but quiet. */
export function baselinedAsHints(baseline: KpepBaseline, file: { path: string; text: string; diagnostics: readonly Diagnostic[] }): Diagnostic[] {
  const fingerprints = fingerprintDiagnostics(file.text, file.diagnostics);
  const { baselined } = matchBaseline(baseline, { ...file, fingerprints });
  const quiet = new Set(baselined);
  return file.diagnostics.map((diagnostic) => (quiet.has(diagnostic) ? { ...diagnostic, severity: DiagnosticSeverity.Hint } : diagnostic));
}

/** How many findings the baseline records for a file. */
export function baselineEntries(baseline: KpepBaseline, path: string): number {
  return [...(baseline.get(path)?.values() ?? [])].reduce((sum, prints) => sum + prints.size, 0);
}
