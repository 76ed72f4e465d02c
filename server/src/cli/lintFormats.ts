/** How `kpep lint` prints what it found: text for people, JSON (SPEC §6) for tools. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { SeverityName } from '../core/ruleRegistry';
import type { FileDiagnostics } from '../core/lint';
import { terminalText } from './terminalText';

export interface LintReport {
  /** The workspace root the paths are relative to. */
  readonly root: string;
  readonly results: readonly FileDiagnostics[];
}

const SEVERITY_NAME: Readonly<Record<DiagnosticSeverity, SeverityName>> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function severityName(severity: DiagnosticSeverity | undefined): SeverityName {
  return SEVERITY_NAME[severity ?? DiagnosticSeverity.Error];
}

/** A diagnostic's message as plain text (LSP 3.18 also allows markup). */
export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

export function countSeverity(reports: readonly LintReport[], severity: SeverityName): number {
  return reports.reduce(
    (total, report) => total + report.results.reduce((sum, result) => sum + result.diagnostics.filter((d) => severityName(d.severity) === severity).length, 0),
    0,
  );
}

export function hasErrors(reports: readonly LintReport[]): boolean {
  return countSeverity(reports, 'error') > 0;
}

/** The reports with every diagnostic below error severity left out, for `--quiet`. */
export function onlyErrors(reports: readonly LintReport[]): LintReport[] {
  return reports.map((report) => ({
    root: report.root,
    results: report.results.map((result) => ({ path: result.path, diagnostics: result.diagnostics.filter((d) => severityName(d.severity) === 'error') })),
  }));
}

export function formatJson(reports: readonly LintReport[]): string {
  const entries = reports.flatMap((report) =>
    report.results.flatMap((result) =>
      result.diagnostics.map((diagnostic) => ({
        file: result.path,
        range: diagnostic.range,
        severity: severityName(diagnostic.severity),
        code: diagnostic.code,
        message: diagnostic.message,
      })),
    ),
  );
  return `${JSON.stringify(entries, null, 2)}\n`;
}

const COLORS: Readonly<Record<SeverityName | 'file' | 'dim', string>> = {
  error: '\u001b[31m',
  warning: '\u001b[33m',
  information: '\u001b[34m',
  hint: '\u001b[2m',
  file: '\u001b[1m\u001b[4m',
  dim: '\u001b[2m',
};

export function formatText(reports: readonly LintReport[], options: { color: boolean }): string {
  const paint = (style: keyof typeof COLORS, text: string): string => (options.color ? `${COLORS[style]}${text}\u001b[0m` : text);
  const counts: Record<SeverityName, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const lines: string[] = [];
  let checked = 0;
  for (const { results } of reports) {
    for (const result of results) {
      checked++;
      if (result.diagnostics.length === 0) {
        continue;
      }
      lines.push(paint('file', terminalText(result.path)));
      for (const diagnostic of result.diagnostics) {
        const severity = severityName(diagnostic.severity);
        counts[severity]++;
        const where = `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
        lines.push(`  ${paint('dim', where.padEnd(8))}${paint(severity, severity.padEnd(12))}${terminalText(messageText(diagnostic))}  ${paint('dim', String(diagnostic.code))}`);
      }
      lines.push('');
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const kpeps = `${checked} KPEP${checked === 1 ? '' : 's'}`;
  lines.push(
    total === 0
      ? `No problems in ${kpeps}.`
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information} information, ${counts.hint} hint${counts.hint === 1 ? '' : 's'}) in ${kpeps}.`,
  );
  return `${lines.join('\n')}\n`;
}
