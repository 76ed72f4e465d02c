/** What the export and import need to know of other KPEPs: each one's title and upstream KEP. */
import { frontMatterField } from '../kpepDocument';
import { parseFrontMatter } from '../frontMatter';
import type { KpepIndex } from '../index/kpepIndex';
import type { WorkspaceFiles } from '../workspace';
import type { KpepCounterpart } from './exportKep';
import { readUpstreamField } from './upstreamField';

/** The counterparts of the given KPEP numbers, or of every KPEP when none are given. */
export async function readKpepCounterparts(options: { files: WorkspaceFiles; index: KpepIndex; numbers?: Iterable<number> }): Promise<Map<number, KpepCounterpart>> {
  const entries = options.numbers ? [...new Set(options.numbers)].flatMap((n) => options.index.find(n) ?? []) : options.index.all();
  const counterparts = new Map<number, KpepCounterpart>();
  for (const entry of entries) {
    if (entry.kpepNumber === undefined) {
      continue;
    }
    const text = await options.files.readFile(entry.path);
    const upstream = text === undefined ? undefined : readUpstreamField(frontMatterField(parseFrontMatter(text), 'upstream')?.value);
    counterparts.set(entry.kpepNumber, { title: entry.title, upstream });
  }
  return counterparts;
}
