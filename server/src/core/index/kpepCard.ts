/** The hover card of a KPEP (markdown), shared by editor hovers and `kpep show`. */
import { formatKpepId, kpepIdOf } from '../kpepNumber';
import { STATUS_MEANINGS } from '../status';
import type { KpepEntry, ReferenceSite } from './kpepEntry';
import type { KpepIndex } from './kpepIndex';

const SUMMARY_LIMIT = 400;

export function kpepCard(entry: KpepEntry, index: KpepIndex): string {
  const id = kpepIdOf(entry);
  const lines = [`**${id}: ${entry.title ?? '(untitled)'}**`, ''];
  lines.push(entry.status ? `*${entry.status}*: ${STATUS_MEANINGS[entry.status]}` : '*status unknown*');
  const people = entry.authors.length > 0 ? `Authors: ${entry.authors.join(', ')}` : undefined;
  const dates = [entry.creationDate && `created ${entry.creationDate}`, entry.lastUpdated && `updated ${entry.lastUpdated}`].filter(Boolean).join(', ');
  lines.push('', [people, dates].filter(Boolean).join(' · '));
  if (entry.summary) {
    lines.push('', trim(entry.summary));
  }
  const links: string[] = [];
  if (entry.replaces.length > 0) {
    links.push(`Replaces ${entry.replaces.map((n) => titled(index, n)).join(', ')}`);
  }
  const successors = entry.supersededBy.length > 0 || entry.kpepNumber === undefined ? entry.supersededBy : index.successorsOf(entry.kpepNumber);
  if (successors.length > 0) {
    links.push(`Replaced by ${successors.map((n) => titled(index, n)).join(', ')}`);
  }
  if (entry.status === 'replaced' && entry.kpepNumber !== undefined) {
    const chain = index.successionChain(entry.kpepNumber);
    if (chain.length > 1) {
      links.push(`Succession: ${[entry.kpepNumber, ...chain].map(formatKpepId).join(' → ')} (latest: ${titled(index, chain.at(-1) as number)})`);
    }
  }
  if (links.length > 0) {
    lines.push('', links.join('  \n'));
  }
  return lines.join('\n');
}

/** What a reference that leads nowhere says: a link to a missing README names the KPEP that has its number, if any. */
export function unresolvedReference(site: ReferenceSite, index: KpepIndex): string {
  const numbered = index.find(site.kpepNumber);
  if (site.target === undefined) {
    return `There is no ${formatKpepId(site.kpepNumber)} in this workspace.`;
  }
  return `There is no ${site.target} in this workspace.${numbered ? ` ${whereKpepIs(numbered)}.` : ''}`;
}

/** `KPEP-0007 is kpeps/0007-x/README.md (Title)`: the suggestion for a link that names a number at the wrong path. */
export function whereKpepIs(entry: KpepEntry): string {
  const id = kpepIdOf(entry);
  return `${id} is ${entry.path}${entry.title ? ` (${entry.title})` : ''}`;
}

function titled(index: KpepIndex, kpepNumber: number): string {
  const title = index.find(kpepNumber)?.title;
  return title ? `${formatKpepId(kpepNumber)} (${title})` : formatKpepId(kpepNumber);
}

function trim(text: string): string {
  return text.length <= SUMMARY_LIMIT ? text : `${text.slice(0, text.lastIndexOf(' ', SUMMARY_LIMIT))} …`;
}
