/** Every rule of SPEC §5 for one KPEP, with the rule settings of SPEC §7 applied. */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { baselinedAsHints, type KpepBaseline } from '../baseline';
import type { KpepClaim } from '../branchClaims';
import { DIAGNOSTIC_SOURCE, fixedSeverity, ruleDocsUrl, type DiagnosticCode, type SeverityName } from '../ruleRegistry';
import type { KpepConfig } from '../config';
import { rangeIn, type KpepEntry } from '../index/kpepEntry';
import type { KpepIndex } from '../index/kpepIndex';
import type { KpepDocument } from '../kpepDocument';
import type { KpepPath } from '../kpepPath';
import type { TemplateModel } from '../template/templateModel';
import type { PathKind } from '../workspace';
import { checkAcrossKpeps, type KeptCrossFindings, type PositionedFinding } from './crossKpepRules';
import { checkTitle, checkToc, checkUnresolved } from './documentRules';
import { checkUnclosedFence, swallowedSectionKeys } from './fenceRules';
import type { Finding } from './finding';
import { checkFrontMatter } from './frontMatterRules';
import { checkLinks, type LinkSite } from './linkRules';
import { checkPlaceholders } from './placeholderRules';
import { checkSections } from './sectionRules';

export interface DocumentCheckOptions {
  readonly document: KpepDocument;
  readonly path: KpepPath;
  readonly template: TemplateModel;
  readonly config: KpepConfig;
  /** The folder's index and this document's entry, for the cross-KPEP rules; absent while indexing. */
  readonly workspace?: WorkspaceFacts | undefined;
  /** The folder's baseline and this document's workspace-relative path: findings it records are shown at hint severity. */
  readonly baseline?: { readonly records: KpepBaseline; readonly path: string } | undefined;
}

/** What the rules across the workspace read besides the document. */
export interface WorkspaceFacts {
  readonly index: KpepIndex;
  readonly entry: KpepEntry;
  /** The document's links and whether each target exists (linkTargetKinds); without them, links are not checked. */
  readonly links?: { readonly sites: readonly LinkSite[]; readonly kinds: ReadonlyMap<string, PathKind> } | undefined;
  /** KPEP directories other branches hold, for number-claimed-elsewhere. */
  readonly claims?: readonly KpepClaim[] | undefined;
  /** The document's cross-KPEP verdicts kept from its previous version, for an open document checked on every keystroke. */
  readonly kept?: KeptCrossFindings | undefined;
}

const LSP_SEVERITY: Readonly<Record<SeverityName, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function checkKpepDocument(options: DocumentCheckOptions): Diagnostic[] {
  const { workspace, baseline } = options;
  const diagnostics = finishDiagnostics({
    documentFindings: documentFindings(options),
    crossFindings: workspace ? workspaceFindings(workspace, options.config.root) : [],
    config: options.config,
  });
  return baseline ? baselinedAsHints(baseline.records, { path: baseline.path, text: options.document.textDocument.getText(), diagnostics }) : diagnostics;
}

/**
 * The rules that read the workspace: the cross-KPEP rules (placed here from the offsets of the
 * document's entry) and broken-link. They never come from the lint cache; an open document's
 * cross-KPEP verdicts are kept only while nothing they read has changed (`KeptCrossFindings`).
 */
export function workspaceFindings(workspace: WorkspaceFacts, root: string): PositionedFinding[] {
  const { entry, index, links, claims, kept } = workspace;
  const across = checkAcrossKpeps(entry, index, { claims, kept }).map(({ range, ...finding }) => ({ ...finding, range: rangeIn(entry, range) }));
  return [...across, ...(links ? checkLinks({ entry, index, links: links.sites, kinds: links.kinds, root }) : [])];
}

/**
 * The per-document rules' findings with LSP positions. They depend only on the text, its path and
 * the template, so `kpep lint` may cache them by content; rule settings are applied afterwards.
 */
export function documentFindings(options: Pick<DocumentCheckOptions, 'document' | 'path' | 'template'>): PositionedFinding[] {
  const { document, path, template } = options;
  const { textDocument } = document;
  const toRange = (start: number, end: number): Range => ({ start: textDocument.positionAt(start), end: textDocument.positionAt(end) });
  const positioned = (findings: readonly Finding[]): PositionedFinding[] =>
    findings.map(({ code, severity, message, range, related, data }) => ({
      code,
      severity,
      message,
      range: toRange(range.start, range.end),
      ...(data ? { data } : {}),
      ...(related
        ? { relatedInformation: related.map((place) => ({ message: place.message, location: { uri: textDocument.uri, range: toRange(place.range.start, place.range.end) } })) }
        : {}),
    }));
  // Past the size bounds the body is not parsed: the front matter is still checked.
  if (document.tooLarge) {
    const { message, range } = document.tooLarge;
    return positioned([...checkFrontMatter(document, path), { code: 'too-large', severity: fixedSeverity('too-large'), message, range }]);
  }
  // Sections an unclosed fence swallowed are reported once, by unclosed-fence, not each as missing.
  const swallowed = swallowedSectionKeys(document);
  const sections = checkSections(document, template).filter((finding) => !(finding.code === 'missing-section' && finding.subject !== undefined && swallowed.has(finding.subject)));
  return positioned([
    ...checkFrontMatter(document, path),
    ...checkTitle(document, path, template),
    ...checkToc(document),
    ...sections,
    ...checkUnresolved(document),
    ...checkPlaceholders(document, template),
    ...checkUnclosedFence(document),
  ]);
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
    const diagnostic = kpepDiagnostic({ ...finding, severity: setting ?? finding.severity });
    return [
      {
        ...diagnostic,
        ...(finding.tags ? { tags: finding.tags } : {}),
        ...(finding.relatedInformation ? { relatedInformation: finding.relatedInformation } : {}),
        ...(finding.data ? { data: finding.data } : {}),
      },
    ];
  });
}

/** A finding as an LSP diagnostic: its code, source and a link to the code's page. */
export function kpepDiagnostic(finding: { code: DiagnosticCode; severity: SeverityName; message: string; range: Range }): Diagnostic {
  return {
    range: finding.range,
    severity: LSP_SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocsUrl(finding.code) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}
