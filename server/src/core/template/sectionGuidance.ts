/** A template section's guidance as readable markdown: comment markers removed, for hovers. */
import type { TemplateModel } from './templateModel';

export function sectionGuidance(template: TemplateModel, key: string): string | undefined {
  const section = template.sections.find((candidate) => candidate.heading.key === key);
  if (!section) {
    return undefined;
  }
  const text = section.guidance
    .map((block) => template.text.slice(block.range.start, block.range.end).replace(/^<!--|-->$/g, '').trim())
    .filter((block) => block !== '')
    .join('\n\n');
  const optional = section.optional ? ' (optional)' : ` (required from ${section.requiredFrom})`;
  return `**${section.title}**${optional}\n\n${text || '_The template gives no guidance for this section._'}`;
}
