/** Every rule of SPEC §5 for one KPEP, with the rule settings of SPEC §7 applied. */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, type SeverityName } from '../codes';
import type { KpepConfig } from '../config';
import type { KpepEntry } from '../index/kpepEntry';
import type { KpepIndex } from '../index/kpepIndex';
import type { KpepDocument } from '../kpepDocument';
import type { KpepPath } from '../kpepPath';
import type { TemplateModel } from '../template/templateModel';
import { checkAcrossKpeps, type PositionedFinding } from './crossKpepRules';
import { checkTitle, checkToc, checkUnresolved } from './documentRules';
import { checkFrontMatter } from './frontMatterRules';
import { checkSections } from './sectionRules';

export interface DocumentCheckOptions {
  readonly document: KpepDocument;
  readonly path: KpepPath;
  readonly template: TemplateModel;
  readonly config: KpepConfig;
  /** The folder's index and this document's entry, for the cross-KPEP rules; absent while indexing. */
  readonly workspace?: { readonly index: KpepIndex; readonly entry: KpepEntry } | undefined;
}

const LSP_SEVERITY: Readonly<Record<SeverityName, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function checkKpepDocument(options: DocumentCheckOptions): Diagnostic[] {
  const { workspace } = options;
  return finishDiagnostics({
    documentFindings: documentFindings(options),
    crossFindings: workspace ? checkAcrossKpeps(workspace.entry, workspace.index) : [],
    config: options.config,
  });
}

/**
 * The per-document rules' findings with LSP positions. They depend only on the text, its path and
 * the template, so `kpep lint` may cache them by content; rule settings are applied afterwards.
 */
export function documentFindings(options: Pick<DocumentCheckOptions, 'document' | 'path' | 'template'>): PositionedFinding[] {
  const { document, path, template } = options;
  const { textDocument } = document;
  const toRange = (start: number, end: number): Range => ({ start: textDocument.positionAt(start), end: textDocument.positionAt(end) });
  if (document.tooLarge) {
    const { message, range } = document.tooLarge;
    return [...checkFrontMatter(document, path), { code: 'too-large' as const, severity: 'error' as const, message, range }].map((finding) => ({
      ...finding,
      range: toRange(finding.range.start, finding.range.end),
    }));
  }
  return [
    ...checkFrontMatter(document, path),
    ...checkTitle(document, path),
    ...checkToc(document),
    ...checkSections(document, template),
    ...checkUnresolved(document),
  ].map((finding) => ({ ...finding, range: toRange(finding.range.start, finding.range.end) }));
}

/** Per-document and cross-KPEP findings as the diagnostics users see: rule settings applied, in document order. */
export function finishDiagnostics(options: {
  documentFindings: readonly PositionedFinding[];
  crossFindings: readonly PositionedFinding[];
  config: KpepConfig;
}): Diagnostic[] {
  return applyRuleSettings([...options.documentFindings, ...options.crossFindings], options.config).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** Applies the `rules` settings (a severity, or off) and gives each finding its LSP form. */
function applyRuleSettings(findings: readonly PositionedFinding[], config: KpepConfig): Diagnostic[] {
  return findings.flatMap((finding) => {
    const setting = config.rules[finding.code];
    if (setting === 'off') {
      return [];
    }
    const diagnostic: Diagnostic = {
      range: finding.range,
      severity: LSP_SEVERITY[setting ?? finding.severity],
      code: finding.code,
      source: DIAGNOSTIC_SOURCE,
      message: finding.message,
    };
    return [finding.tags ? { ...diagnostic, tags: finding.tags } : diagnostic];
  });
}
