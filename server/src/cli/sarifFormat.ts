/**
 * `kpep lint --format sarif`: a SARIF 2.1.0 log, one rule per public diagnostic code (SPEC §5), for
 * GitHub code scanning and other SARIF viewers.
 */
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { defaultSeverity, DIAGNOSTIC_CODES, isDiagnosticCode, KPEP_RULES, ruleDocsUrl, severityText, type SeverityName } from '../core/ruleRegistry';
import { messageText, severityName, type LintReport } from './lintFormats';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<SeverityName, SarifLevel>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The uriBaseId of each report's root: SRCROOT (kpep lint's one report, rooted in the current directory), then SRCROOT_2 …. */
function baseIdOf(index: number): string {
  return index === 0 ? 'SRCROOT' : `SRCROOT_${index + 1}`;
}

export function formatSarif(reports: readonly LintReport[]): string {
  const rules = DIAGNOSTIC_CODES.map((code) => {
    const rule = KPEP_RULES[code];
    return {
      id: code,
      shortDescription: { text: sentence(rule.description) },
      fullDescription: { text: `${sentence(rule.description)} Severity: ${severityText(code)}.` },
      help: { text: rule.help },
      helpUri: ruleDocsUrl(code),
      defaultConfiguration: { level: LEVEL[defaultSeverity(code)] },
    };
  });
  const results = reports.flatMap((report, reportIndex) =>
    report.results.flatMap((result) => result.diagnostics.map((diagnostic) => sarifResult(diagnostic, result.path, baseIdOf(reportIndex)))),
  );
  const log = {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kpep', informationUri: 'https://github.com/kplane/kpep-tooling', rules } },
        // LSP positions count UTF-16 code units, so the columns below do too.
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: Object.fromEntries(reports.map((report, index) => [baseIdOf(index), { uri: directoryUri(report.root) }])),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifResult(diagnostic: Diagnostic, file: string, uriBaseId: string): object {
  const code = String(diagnostic.code);
  const { start, end } = diagnostic.range;
  return {
    ruleId: code,
    ...(isDiagnosticCode(code) ? { ruleIndex: DIAGNOSTIC_CODES.indexOf(code) } : {}),
    level: LEVEL[severityName(diagnostic.severity)],
    message: { text: messageText(diagnostic) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId },
          region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
        },
      },
    ],
  };
}

function directoryUri(directory: string): string {
  const uri = pathToFileURL(directory).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function sentence(description: string): string {
  return `${description.charAt(0).toUpperCase()}${description.slice(1)}.`;
}
