/**
 * `kpep lint --format github`: GitHub Actions workflow commands, so each problem shows as an
 * annotation on the pull request's diff.
 */
import * as path from 'node:path';
import type { SeverityName } from '../core/ruleRegistry';
import { messageText, severityName, type LintReport } from './lintFormats';
import { terminalText } from './terminalText';

const COMMAND: Readonly<Record<SeverityName, string>> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** File paths are relative to `cwd`, the checkout root in a workflow, which is where GitHub resolves them. */
export function formatGithub(reports: readonly LintReport[], options: { cwd: string }): string {
  const lines = reports.flatMap((report) =>
    report.results.flatMap((result) => {
      const file = path.relative(options.cwd, path.join(report.root, result.path)).split(path.sep).join('/');
      return result.diagnostics.map((diagnostic) => {
        const { start, end } = diagnostic.range;
        const properties = [
          `file=${escapeProperty(file)}`,
          `line=${start.line + 1}`,
          `col=${start.character + 1}`,
          `endLine=${end.line + 1}`,
          `endColumn=${end.character + 1}`,
          `title=${escapeProperty(`kpep(${String(diagnostic.code)})`)}`,
        ];
        return `::${COMMAND[severityName(diagnostic.severity)]} ${properties.join(',')}::${escapeData(terminalText(messageText(diagnostic)))}\n`;
      });
    }),
  );
  return lines.join('');
}

/** GitHub's escaping for a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping for a property value, where `:` and `,` also delimit. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
