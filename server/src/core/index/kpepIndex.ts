/**
 * The workspace index of one folder: every KPEP's entry by path, with lookups by number and by the
 * KPEP a reference points at. Updates replace one entry at a time; tests compare the `snapshot` of
 * an updated index with that of a from-scratch build, which is how the incremental path is trusted.
 */
import { numbersAsArrays, referencedNumbers, referenceSiteAt, SITE_WIDTH, type KpepEntry, type ReferenceSite } from './kpepEntry';

export interface IncomingReference {
  readonly entry: KpepEntry;
  readonly site: ReferenceSite;
}

/** What other KPEPs' rules read of an entry; ranges move as one types and do not count. */
function crossSignature(entry: KpepEntry): string {
  // Kind and number of each reference, flat: a new version of an open KPEP is signed on each keystroke.
  const kindsAndNumbers: number[] = [];
  for (let at = 0; at < entry.sites.length; at += SITE_WIDTH) {
    kindsAndNumbers.push(entry.sites[at + 1] as number, entry.sites[at] as number);
  }
  return JSON.stringify([entry.kpepNumber, entry.title, entry.status, entry.replaces, entry.supersededBy, kindsAndNumbers]);
}

/** Strings the index shares before it starts its table again: twice a 10,000-KPEP workspace's anchors and targets. */
const SHARED_LIMIT = 40_000;

export class KpepIndex {
  private readonly entries = new Map<string, KpepEntry>();
  private readonly pathsByNumber = new Map<number, string[]>();
  /** Number → paths of the KPEPs that reference it. */
  private readonly referrers = new Map<number, string[]>();
  /** `referrers`' paths sorted, by number, kept until they change. */
  private readonly referrersInOrder = new Map<number, string[]>();
  /** Number → paths of the KPEPs whose replaces lists it: the walks over replacements read only these. */
  private readonly replacedIn = new Map<number, string[]>();
  /** Number → paths of the KPEPs whose superseded-by lists it. */
  private readonly supersededInto = new Map<number, string[]>();
  private readonly signatures = new WeakMap<KpepEntry, string>();
  /** One copy of each anchor and link target: 10,000 KPEPs hold 230,000 anchors of 10,000 spellings (the template's headings). */
  private readonly shared = new Map<string, string>();
  private changes = 0;

  static build(entries: Iterable<KpepEntry>): KpepIndex {
    const index = new KpepIndex();
    for (const entry of entries) {
      index.set(entry);
    }
    return index;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Counts the changes to what the cross-KPEP rules read of the entries (an entry added, removed,
   * or replaced by one with another signature); an entry whose ranges alone moved does not count.
   */
  get factsVersion(): number {
    return this.changes;
  }

  set(entry: KpepEntry): void {
    this.delete(entry.path);
    this.changes++;
    this.share(entry.anchors);
    this.share(entry.targets);
    this.entries.set(entry.path, entry);
    if (entry.kpepNumber !== undefined) {
      addTo(this.pathsByNumber, entry.kpepNumber, entry.path);
    }
    // Once per number: a KPEP names a few others many times each, and a warm start sets 10,000 entries.
    for (const kpepNumber of referencedNumbers(entry)) {
      addTo(this.referrers, kpepNumber, entry.path);
      this.referrersInOrder.delete(kpepNumber);
    }
    entry.replaces.forEach((n) => addTo(this.replacedIn, n, entry.path));
    entry.supersededBy.forEach((n) => addTo(this.supersededInto, n, entry.path));
  }

  /**
   * Replaces (or adds) one entry; true when the other KPEPs' cross-KPEP findings may change, which is
   * when what others read of it changed. Then every other KPEP is affected, not only those it names,
   * since succession chains and duplicate numbers reach past its direct references.
   */
  update(entry: KpepEntry): boolean {
    const previous = this.entries.get(entry.path);
    const changedForOthers = this.signature(previous) !== this.signature(entry);
    // A keystroke mostly moves ranges; the maps hold only what the signature holds, so they stay as they are.
    if (previous && !changedForOthers) {
      this.entries.set(entry.path, entry);
    } else {
      this.set(entry);
    }
    return changedForOthers && this.entries.size > 1;
  }

  /** An open document's entry is updated on every keystroke: its signature is computed once, not again on the next. */
  private signature(entry: KpepEntry | undefined): string {
    if (!entry) {
      return '';
    }
    let signature = this.signatures.get(entry);
    if (signature === undefined) {
      signature = crossSignature(entry);
      this.signatures.set(entry, signature);
    }
    return signature;
  }

  /**
   * Puts the one kept copy of each string in its place. An entry's strings arrive as copies of
   * their own (a worker thread's answer, the kept store, a line scan), and held by every entry they
   * were most of the index's heap; an equal string in its place changes no answer.
   */
  private share(strings: readonly string[]): void {
    // Typing a heading makes new anchors a keystroke: past this many the table starts again, not grows.
    if (this.shared.size > SHARED_LIMIT) {
      this.shared.clear();
    }
    const writable = strings as string[];
    for (let at = 0; at < writable.length; at++) {
      const text = writable[at] as string;
      const kept = this.shared.get(text);
      if (kept === undefined) {
        this.shared.set(text, text);
      } else {
        writable[at] = kept;
      }
    }
  }

  /** Removes one entry; true when the other KPEPs' cross-KPEP findings may change, as for update. */
  remove(path: string): boolean {
    const known = this.entries.has(path);
    this.delete(path);
    return known && this.entries.size > 0;
  }

  delete(path: string): void {
    const previous = this.entries.get(path);
    if (!previous) {
      return;
    }
    this.entries.delete(path);
    this.changes++;
    if (previous.kpepNumber !== undefined) {
      removeFrom(this.pathsByNumber, previous.kpepNumber, path);
    }
    for (const kpepNumber of referencedNumbers(previous)) {
      removeFrom(this.referrers, kpepNumber, path);
      this.referrersInOrder.delete(kpepNumber);
    }
    previous.replaces.forEach((n) => removeFrom(this.replacedIn, n, path));
    previous.supersededBy.forEach((n) => removeFrom(this.supersededInto, n, path));
  }

  get(path: string): KpepEntry | undefined {
    return this.entries.get(path);
  }

  /** Every KPEP in number order (unnumbered last, by path). */
  all(): KpepEntry[] {
    return [...this.entries.values()].sort(
      (a, b) => (a.kpepNumber ?? Infinity) - (b.kpepNumber ?? Infinity) || a.path.localeCompare(b.path),
    );
  }

  /** The KPEPs answering to a number: more than one is a duplicate-number. */
  withNumber(kpepNumber: number): KpepEntry[] {
    return this.entriesAt(this.pathsByNumber, kpepNumber);
  }

  /** The single KPEP with a number; the first by path when it is duplicated. */
  find(kpepNumber: number): KpepEntry | undefined {
    return this.withNumber(kpepNumber)[0];
  }

  /** Every reference to a KPEP number, across the folder; a link counts only when the README it names is there. */
  referencesTo(kpepNumber: number): IncomingReference[] {
    const found: IncomingReference[] = [];
    // A number alone (prose, a list) leads somewhere or not for every site alike.
    const numbered = this.pathsByNumber.has(kpepNumber);
    for (const path of this.sortedReferrers(kpepNumber)) {
      const entry = this.entries.get(path);
      if (entry) {
        this.collectReferencesFrom({ entry, kpepNumber, numbered, into: found });
      }
    }
    return found;
  }

  /** The paths of the KPEPs referring to a number, sorted once per change of them: a popular KPEP has thousands. */
  private sortedReferrers(kpepNumber: number): readonly string[] {
    let sorted = this.referrersInOrder.get(kpepNumber);
    if (!sorted) {
      sorted = [...(this.referrers.get(kpepNumber) ?? [])].sort();
      this.referrersInOrder.set(kpepNumber, sorted);
    }
    return sorted;
  }

  /** One KPEP's references to a number that lead somewhere; only those are read into objects, a referrer holding hundreds. */
  private collectReferencesFrom(options: { entry: KpepEntry; kpepNumber: number; numbered: boolean; into: IncomingReference[] }): void {
    const { entry, kpepNumber, numbered, into } = options;
    const { sites, targets } = entry;
    for (let at = 0; at < sites.length; at += SITE_WIDTH) {
      if (sites[at] === kpepNumber) {
        const target = targets[sites[at + 4] as number];
        if (target === undefined ? numbered : this.entries.has(target)) {
          into.push({ entry, site: referenceSiteAt(entry, at / SITE_WIDTH) });
        }
      }
    }
  }

  /**
   * The KPEPs a reference leads to: a number, to every KPEP answering to it; a link, to the README
   * at its path, and to nothing when there is none there, whatever KPEP has the number.
   */
  resolve(site: ReferenceSite): KpepEntry[] {
    if (site.target === undefined) {
      return this.withNumber(site.kpepNumber);
    }
    const entry = this.entries.get(site.target);
    return entry ? [entry] : [];
  }

  /** The KPEPs whose replaces lists this number. */
  replacing(kpepNumber: number): KpepEntry[] {
    return this.entriesAt(this.replacedIn, kpepNumber);
  }

  /** The KPEPs whose superseded-by lists this number. */
  supersededByThis(kpepNumber: number): KpepEntry[] {
    return this.entriesAt(this.supersededInto, kpepNumber);
  }

  /** The entries of a map's paths, by path. The cross-KPEP rules ask once per reference: a number has one KPEP or none nearly always. */
  private entriesAt(map: Map<number, string[]>, kpepNumber: number): KpepEntry[] {
    const paths = map.get(kpepNumber);
    if (paths === undefined) {
      return [];
    }
    if (paths.length === 1) {
      const entry = this.entries.get(paths[0] as string);
      return entry ? [entry] : [];
    }
    return [...paths].sort().flatMap((path) => this.entries.get(path) ?? []);
  }

  /**
   * The successors of a replaced KPEP, following superseded-by (or a later KPEP's replaces) to
   * the latest; stops at a cycle.
   */
  successionChain(kpepNumber: number): number[] {
    const chain: number[] = [];
    const seen = new Set([kpepNumber]);
    let current = kpepNumber;
    for (;;) {
      const next = this.successorOf(current);
      if (next === undefined || seen.has(next)) {
        return chain;
      }
      chain.push(next);
      seen.add(next);
      current = next;
    }
  }

  private successorOf(kpepNumber: number): number | undefined {
    return this.successorsOf(kpepNumber)[0];
  }

  /** A KPEP's direct successors, known from either side: its superseded-by, else the KPEPs whose replaces lists it. */
  successorsOf(kpepNumber: number): number[] {
    const declared = this.find(kpepNumber)?.supersededBy ?? [];
    return declared.length > 0 ? [...declared] : this.replacing(kpepNumber).flatMap((entry) => entry.kpepNumber ?? []);
  }

  /**
   * One more than the highest number ever used: every directory's number (malformed ones too)
   * and every kpep-number, withdrawn and replaced included, so a number is never reused.
   */
  nextKpepNumber(): number {
    let highest = 0;
    for (const entry of this.entries.values()) {
      highest = Math.max(highest, entry.kpepNumber ?? 0, entry.directoryNumber ?? 0);
    }
    return highest + 1;
  }

  /** A stable description of the whole index, for comparing an updated index with a rebuilt one. */
  snapshot(): string {
    const numbers = [...this.pathsByNumber].map(([n, paths]) => [n, [...paths].sort()] as const).sort((a, b) => a[0] - b[0]);
    const sorted = (map: Map<number, string[]>) => [...map].map(([n, paths]) => [n, [...paths].sort()] as const).sort((a, b) => a[0] - b[0]);
    return JSON.stringify({ entries: this.all(), numbers, referrers: sorted(this.referrers), replacedIn: sorted(this.replacedIn), supersededInto: sorted(this.supersededInto) }, numbersAsArrays);
  }
}

/**
 * Adds a path under a number once. Paths are kept in arrays, cheaper to fill than sets at 10,000
 * entries; one entry's numbers are added in a row, so a path already added is the last one.
 */
function addTo(map: Map<number, string[]>, key: number, path: string): void {
  const paths = map.get(key);
  if (!paths) {
    map.set(key, [path]);
  } else if (paths[paths.length - 1] !== path) {
    paths.push(path);
  }
}

function removeFrom(map: Map<number, string[]>, key: number, path: string): void {
  const paths = map.get(key);
  const at = paths ? paths.lastIndexOf(path) : -1;
  if (paths && at !== -1) {
    paths.splice(at, 1);
    if (paths.length === 0) {
      map.delete(key);
    }
  }
}
