/**
 * The rule registry's parts of the documents: the code tables of the README, docs/spec.md and
 * docs/rules.md, and the header of each docs/rules/<code>.md page, each between markers. Written
 * by `node scripts/rule-docs.mjs`; a unit test fails while any of them is stale.
 */
import { DIAGNOSTIC_CODES, KPEP_RULES, severityText, type DiagnosticCode } from '../server/src/core/ruleRegistry';

export { DIAGNOSTIC_CODES };

const START = '<!-- rule-registry:start (written by scripts/rule-docs.mjs from the rule registry) -->';
const END = '<!-- rule-registry:end -->';

/** The documents with a code table, and where each links a rule's page from. */
export const TABLE_DOCUMENTS: readonly { readonly path: string; readonly pages: string }[] = [
  { path: 'README.md', pages: 'docs/rules' },
  { path: 'docs/spec.md', pages: 'rules' },
  { path: 'docs/rules.md', pages: 'rules' },
];

export function rulePagePath(code: DiagnosticCode): string {
  return `docs/rules/${code}.md`;
}

export function codeTable(pages: string): string {
  const rows = DIAGNOSTIC_CODES.map((code) => {
    const rule = KPEP_RULES[code];
    return `| [\`${code}\`](${pages}/${code}.md) | ${escapeCell(rule.description)} | ${escapeCell(severityText(code))} | ${rule.fixable ? 'yes' : ''} |`;
  });
  return ['| code | reports | severity | quick fix |', '|---|---|---|---|', ...rows].join('\n');
}

export function pageHeader(code: DiagnosticCode): string {
  const rule = KPEP_RULES[code];
  return [
    `# \`${code}\``,
    '',
    `${capitalized(rule.description)}.`,
    '',
    `- Severity: ${severityText(code)}.`,
    `- Quick fix: ${rule.fixable ? 'yes' : 'no'}.`,
    `- What to do: ${rule.help}`,
    `- Turn it off or change its severity: \`"rules": { "${code}": "off" }\` in \`.kpep.json\` (or the \`kpep.rules\` setting).`,
    '',
    'All rules: [rules.md](../rules.md).',
  ].join('\n');
}

/** The text with the part between the markers replaced by `generated`; a text without them (a new page) starts with it. */
export function withGenerated(text: string, generated: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END, start);
  const block = `${START}\n${generated}\n${END}`;
  if (start < 0 || end < 0) {
    return text === '' ? `${block}\n` : `${block}\n\n${text}`;
  }
  return text.slice(0, start) + block + text.slice(end + END.length);
}

/** Whether the text holds a generated part at all (a table document must). */
export function hasGenerated(text: string): boolean {
  const start = text.indexOf(START);
  return start >= 0 && text.indexOf(END, start) > start;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
