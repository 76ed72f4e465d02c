/** Every per-document rule of SPEC §5, with the rule settings of SPEC §7 applied. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, type SeverityName } from '../codes';
import type { KpepConfig } from '../config';
import type { KpepDocument } from '../kpepDocument';
import type { KpepPath } from '../kpepPath';
import type { TemplateModel } from '../template/templateModel';
import { checkTitle, checkToc, checkUnresolved } from './documentRules';
import type { Finding } from './finding';
import { checkFrontMatter } from './frontMatterRules';
import { checkSections } from './sectionRules';

export interface DocumentCheckOptions {
  readonly document: KpepDocument;
  readonly path: KpepPath;
  readonly template: TemplateModel;
  readonly config: KpepConfig;
}

const LSP_SEVERITY: Readonly<Record<SeverityName, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function checkKpepDocument(options: DocumentCheckOptions): Diagnostic[] {
  const { document, path, template, config } = options;
  const findings = [
    ...checkFrontMatter(document, path),
    ...checkTitle(document, path),
    ...checkToc(document),
    ...checkSections(document, template),
    ...checkUnresolved(document),
  ];
  return toDiagnostics(findings, document, config).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** Applies the `rules` settings (a severity, or off) and converts offsets to LSP positions. */
export function toDiagnostics(findings: readonly Finding[], document: KpepDocument, config: KpepConfig): Diagnostic[] {
  const { textDocument } = document;
  return findings.flatMap((finding) => {
    const setting = config.rules[finding.code];
    if (setting === 'off') {
      return [];
    }
    return [
      {
        range: { start: textDocument.positionAt(finding.range.start), end: textDocument.positionAt(finding.range.end) },
        severity: LSP_SEVERITY[setting ?? finding.severity],
        code: finding.code,
        source: DIAGNOSTIC_SOURCE,
        message: finding.message,
      },
    ];
  });
}
