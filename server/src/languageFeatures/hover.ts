/** textDocument/hover: the KPEP card on any reference, a status's meaning and next steps, a section's template guidance. */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { kpepCard } from '../core/index/kpepCard';
import { formatKpepId } from '../core/kpepNumber';
import { sectionGuidance } from '../core/template/sectionGuidance';
import { isKpepStatus, STATUS_MEANINGS, STATUS_TRANSITIONS } from '../core/status';
import { kpepAt } from './kpepAtPosition';
import { openKpep, type NavigationServices } from './navigationContext';

export async function provideHover(services: NavigationServices, params: HoverParams): Promise<Hover | null> {
  const open = await openKpep(services, params.textDocument.uri, { now: true });
  const target = open && kpepAt(open.document, open.indexed, params.position);
  if (!open || !target) {
    return null;
  }
  const { index, entry, location } = open.indexed;
  const markdown = (value: string, range = target.kind === 'reference' ? target.site.range : target.range): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range,
  });
  switch (target.kind) {
    case 'reference': {
      const referenced = index.find(target.site.kpepNumber);
      const id = formatKpepId(target.site.kpepNumber);
      const absent = open.indexed.complete ? `There is no ${id} in this workspace.` : `${id} is not indexed yet: the workspace is still being indexed.`;
      return markdown(referenced ? kpepCard(referenced, index) : absent);
    }
    case 'self':
      return markdown(kpepCard(entry, index));
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
