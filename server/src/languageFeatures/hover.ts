/** textDocument/hover: the KPEP card on any reference, a status's meaning and next steps, a section's template guidance. */
import { MarkupKind, type CancellationToken, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { claimsHover } from '../core/branchClaims';
import { kpepCard, unresolvedReference } from '../core/index/kpepCard';
import { formatKpepId } from '../core/kpepNumber';
import { sectionGuidance } from '../core/template/sectionGuidance';
import { isKpepStatus, STATUS_MEANINGS, STATUS_TRANSITIONS } from '../core/status';
import { kpepAt } from './kpepAtPosition';
import { openKpep, type FeatureContext } from './navigationContext';

export async function provideHover(textDocument: TextDocument, position: Position, context: FeatureContext, token: CancellationToken): Promise<Hover | null> {
  const open = await openKpep(context, textDocument, { now: true });
  const target = open && kpepAt(open.document, open.indexed, position);
  if (!open || !target || token.isCancellationRequested) {
    return null;
  }
  const { index, entry, location } = open.indexed;
  const markdown = (value: string, range = target.range): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range,
  });
  switch (target.kind) {
    case 'reference': {
      const referenced = index.resolve(target.site)[0];
      const notYet = `${formatKpepId(target.site.kpepNumber)} is not indexed yet: the workspace is still being indexed.`;
      return markdown(referenced ? kpepCard(referenced, index) : open.indexed.complete ? unresolvedReference(target.site, index) : notYet);
    }
    case 'self': {
      // On the number, where else it is taken: the race two drafts run without knowing.
      const elsewhere = target.on === 'number' ? claimsHover(entry, index, context.branches?.current(location) ?? []) : undefined;
      return markdown([kpepCard(entry, index), elsewhere].filter(Boolean).join('\n\n---\n\n'));
    }
    case 'status': {
      if (!isKpepStatus(target.value)) {
        return null;
      }
      const next = STATUS_TRANSITIONS[target.value];
      const steps = next.length > 0 ? `Next: ${next.map((status) => `\`${status}\``).join(', ')}.` : 'A terminal status: nothing follows it.';
      return markdown(`**${target.value}**: ${STATUS_MEANINGS[target.value]}\n\n${steps}`);
    }
    case 'heading': {
      const guidance = sectionGuidance(location.project.template, target.heading.key);
      return guidance ? markdown(guidance) : null;
    }
  }
}
