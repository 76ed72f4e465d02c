/** The hover card of a KPEP (markdown), shared by editor hovers and `kpep show`. */
import { formatKpepId } from '../kpepNumber';
import { STATUS_MEANINGS } from '../status';
import type { KpepEntry } from './kpepEntry';
import type { KpepIndex } from './kpepIndex';

const SUMMARY_LIMIT = 400;

export function kpepCard(entry: KpepEntry, index: KpepIndex): string {
  const id = entry.kpepNumber === undefined ? entry.directory : formatKpepId(entry.kpepNumber);
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
  // A successor is known from either side: this KPEP's superseded-by, or a later KPEP's replaces.
  const successors = entry.supersededBy.length > 0 || entry.kpepNumber === undefined ? entry.supersededBy : index.replacing(entry.kpepNumber).flatMap((other) => other.kpepNumber ?? []);
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

function titled(index: KpepIndex, kpepNumber: number): string {
  const title = index.find(kpepNumber)?.title;
  return title ? `${formatKpepId(kpepNumber)} (${title})` : formatKpepId(kpepNumber);
}

function trim(text: string): string {
  return text.length <= SUMMARY_LIMIT ? text : `${text.slice(0, text.lastIndexOf(' ', SUMMARY_LIMIT))} …`;
}
