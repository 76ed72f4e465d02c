/**
 * `kpep lint --format sarif`: a SARIF 2.1.0 log, one rule per public diagnostic code (SPEC §5), for
 * GitHub code scanning and other SARIF viewers.
 */
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, isDiagnosticCode, type DiagnosticCode, type SeverityName } from '../core/codes';
import { messageText, severityName, type LintReport } from './lintFormats';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<SeverityName, SarifLevel>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SPEC §5's default severities; a status-gated code is listed at its severity for a provisional KPEP. */
const DEFAULT_SEVERITY: Readonly<Record<DiagnosticCode, SeverityName>> = {
  'missing-section': 'warning',
  'section-order': 'warning',
  'heading-level': 'warning',
  'empty-section': 'warning',
  'template-guidance': 'information',
  unresolved: 'information',
  title: 'warning',
  'toc-stale': 'warning',
  'frontmatter-missing': 'error',
  'frontmatter-syntax': 'error',
  'field-missing': 'error',
  'field-type': 'error',
  'field-unknown': 'warning',
  'invalid-status': 'error',
  'invalid-date': 'error',
  'number-mismatch': 'error',
  'directory-name': 'error',
  'duplicate-number': 'error',
  'dangling-reference': 'warning',
  'superseded-by-missing': 'error',
  'status-not-replaced': 'error',
  'replaces-not-reciprocated': 'warning',
  'replacement-cycle': 'error',
  'reference-to-replaced': 'hint',
  'number-claimed-elsewhere': 'warning',
  'heading-text': 'information',
  placeholder: 'information',
  'broken-link': 'warning',
  'unclosed-fence': 'warning',
  'too-large': 'error',
};

/** What to do about each code, shown as the rule's help in code-scanning views. */
const RULE_HELP: Readonly<Record<DiagnosticCode, string>> = {
  'missing-section': 'Add the section under the heading the template gives it. Summary and Motivation are needed from provisional; the other non-optional sections from implementable.',
  'section-order': 'Move the section to where the template places it, or turn the rule off in .kpep.json.',
  'heading-level': 'Use the heading level the template uses for this section.',
  'empty-section': 'Write the section\'s own text; a comment or the template\'s guidance alone does not count.',
  'template-guidance': 'Replace the text or comment copied from the template with your own, or delete it.',
  unresolved: 'Settle the <<[UNRESOLVED ...]>> block and remove its markers before the KPEP becomes implementable.',
  title: 'Make the first heading `# KPEP-NNNN: <title>`, with the number and title of the front matter.',
  'toc-stale': 'Regenerate the table of contents with `kpep toc --write`.',
  'frontmatter-missing': 'Start the file with a YAML front-matter block between `---` lines (see templates/README.md).',
  'frontmatter-syntax': 'Fix the YAML at the reported line and column.',
  'field-missing': 'Add the field: kpep-number, title, status, authors and creation-date are required.',
  'field-type': 'Give the field a value of the expected type (a number, a string, a yyyy-mm-dd date or a list).',
  'field-unknown': 'Correct the field name, or remove the field.',
  'invalid-status': 'Use one of provisional, implementable, implemented, withdrawn or replaced.',
  'invalid-date': 'Write dates as yyyy-mm-dd, with last-updated not before creation-date.',
  'number-mismatch': 'Make kpep-number equal the number of the KPEP\'s directory.',
  'directory-name': 'Rename the directory to NNNN-slug: at least four zero-padded digits, then a lowercase slug of a-z, 0-9 and -.',
  'duplicate-number': 'Give one of the KPEPs the next unused number; numbers are never reused.',
  'dangling-reference': 'Point the reference at an existing KPEP number, or remove it.',
  'superseded-by-missing': 'Set superseded-by to the KPEP that replaces this one.',
  'status-not-replaced': 'Set status to replaced, or remove superseded-by.',
  'replaces-not-reciprocated': 'When A replaces B, list B in A\'s replaces and A in B\'s superseded-by.',
  'replacement-cycle': 'Break the cycle: a KPEP cannot, directly or through others, replace itself.',
  'reference-to-replaced': 'Point the reference at the latest successor of the replaced KPEP.',
  'number-claimed-elsewhere': 'Agree which proposal keeps the number and move the other with `kpep renumber OLD NEW` (or the quick fix) before both merge.',
  'heading-text': 'Reword the heading as the template words it; the quick fix does it.',
  placeholder: 'Write the section or value, or delete an optional section; a placeholder is information while provisional, a warning from implementable and an error once implemented.',
  'broken-link': 'Point the link at a file, directory or heading that exists in the workspace, or remove it.',
  'unclosed-fence': 'Close the code block with a fence of the same character, at least as long and indented like the opening one.',
  'too-large': 'Split the document, or move generated or pasted material out of it: past the bounds in docs/security.md its body is not checked.',
};

const RULE_IDS = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The uriBaseId of each report's root: SRCROOT (kpep lint's one report, rooted in the current directory), then SRCROOT_2 …. */
function baseIdOf(index: number): string {
  return index === 0 ? 'SRCROOT' : `SRCROOT_${index + 1}`;
}

export function formatSarif(reports: readonly LintReport[]): string {
  const rules = RULE_IDS.map((code) => ({
    id: code,
    shortDescription: { text: sentence(DIAGNOSTIC_CODES[code]) },
    fullDescription: { text: `${sentence(DIAGNOSTIC_CODES[code])} Default severity: ${DEFAULT_SEVERITY[code]}.` },
    help: { text: RULE_HELP[code] },
    defaultConfiguration: { level: LEVEL[DEFAULT_SEVERITY[code]] },
  }));
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
    ...(isDiagnosticCode(code) ? { ruleIndex: RULE_IDS.indexOf(code) } : {}),
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
