/**
 * The workspace index kept on disk between server runs: one JSON file per workspace folder, each
 * entry keyed by its path and the file's stamp (size and modification time), the whole file by the
 * kpep build, the folder and the KPEP root. A restart reads only the files whose stamp changed.
 * The file lives outside the working tree: in the editor's storage folder when the client passes
 * one (`initializationOptions.cacheDirectory`), else `$XDG_CACHE_HOME/kpep` or `~/.cache/kpep`.
 * It is an optimisation: a missing, corrupt or foreign file only costs a full scan.
 *
 * Each entry's reference sites are kept as one flat array of numbers (seven per site: the number,
 * the kind, the four coordinates of its range, the link target or 0): at 10,000 KPEPs the file of
 * every site as an object was 71 MB, and parsing it and collecting its garbage was most of a warm
 * start.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { KpepEntry, ReferenceKind, ReferenceSite } from '../core/index/kpepEntry';
import type { IndexStore } from '../core/index/scan';
import { buildHash } from './lintCache';

/** An entry as kept on disk: its stamp, its fields but the references, and the references flattened. */
type StoredEntry = readonly [stamp: string, fields: Omit<KpepEntry, 'references'>, sites: readonly (number | string)[]];

interface StoreFile {
  readonly scope: string;
  readonly entries: Record<string, StoredEntry>;
}

const REFERENCE_KINDS: readonly ReferenceKind[] = ['prose', 'link', 'replaces', 'superseded-by', 'see-also'];
const SITE_WIDTH = 7;

function flattenSites(references: readonly ReferenceSite[]): (number | string)[] {
  const sites: (number | string)[] = [];
  for (const { kpepNumber, kind, range, target } of references) {
    sites.push(kpepNumber, REFERENCE_KINDS.indexOf(kind), range.start.line, range.start.character, range.end.line, range.end.character, target ?? 0);
  }
  return sites;
}

/** The entry a stored one holds, or undefined when it is not of this shape (a foreign or damaged file). */
function revive(path: string, stored: StoredEntry): KpepEntry | undefined {
  const [, fields, sites] = stored;
  if (fields?.path !== path || !Array.isArray(sites) || sites.length % SITE_WIDTH !== 0) {
    return undefined;
  }
  const references: ReferenceSite[] = new Array(sites.length / SITE_WIDTH);
  for (let site = 0, at = 0; at < sites.length; site++, at += SITE_WIDTH) {
    const kind = REFERENCE_KINDS[sites[at + 1] as number];
    const target = sites[at + 6];
    if (kind === undefined) {
      return undefined;
    }
    const range = { start: { line: sites[at + 2] as number, character: sites[at + 3] as number }, end: { line: sites[at + 4] as number, character: sites[at + 5] as number } };
    references[site] = typeof target === 'string' ? { kpepNumber: sites[at] as number, kind, range, target } : { kpepNumber: sites[at] as number, kind, range };
  }
  return { ...fields, references };
}

/**
 * Where the index is kept: `initializationOptions.cacheDirectory` when it is an absolute path (the
 * editor's storage folder), nowhere when it is null, else the user's cache folder.
 */
export function cacheDirectoryFrom(initializationOptions: unknown): string | null {
  const requested = (initializationOptions as { cacheDirectory?: unknown } | null | undefined)?.cacheDirectory;
  if (requested === null) {
    return null;
  }
  if (typeof requested === 'string' && path.isAbsolute(requested)) {
    return requested;
  }
  return path.join(process.env['XDG_CACHE_HOME'] || path.join(homedir(), '.cache'), 'kpep');
}

export class FileIndexStore implements IndexStore {
  /** Entries read back or written by this build: only they are saved, so deleted KPEPs drop out. */
  private readonly live = new Map<string, StoredEntry | { readonly stamp: string; readonly entry: KpepEntry }>();
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly scope: string,
    private readonly stored: StoreFile['entries'],
  ) {}

  /** The store of one folder's index with one KPEP root, in `directory`. */
  static async open(options: { directory: string; folderUri: string; root: string }): Promise<FileIndexStore> {
    const scope = createHash('sha256').update(buildHash()).update('\0').update(options.folderUri).update('\0').update(options.root).digest('hex');
    const file = path.join(options.directory, `index-${createHash('sha256').update(options.folderUri).digest('hex').slice(0, 16)}.json`);
    const stored = await fs
      .readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as StoreFile)
      .catch(() => undefined);
    const usable = stored?.scope === scope && typeof stored.entries === 'object' && stored.entries !== null && !Array.isArray(stored.entries);
    return new FileIndexStore(file, scope, usable ? stored.entries : {});
  }

  has(entryPath: string): boolean {
    return Object.hasOwn(this.stored, entryPath);
  }

  get(entryPath: string, stamp: string): KpepEntry | undefined {
    const kept = Object.hasOwn(this.stored, entryPath) ? this.stored[entryPath] : undefined;
    const entry = Array.isArray(kept) && kept[0] === stamp ? revive(entryPath, kept) : undefined;
    if (entry && kept) {
      this.live.set(entryPath, kept);
    }
    return entry;
  }

  set(entryPath: string, stamp: string, entry: KpepEntry): void {
    // Flattened when saved, after the scan, so a cold start's scan does no more for the store.
    this.live.set(entryPath, { stamp, entry });
    this.dirty = true;
  }

  /** Writes the entries of this build when any was new or any stored one is gone: a temporary file renamed into place. */
  async save(): Promise<void> {
    if (!this.dirty && this.live.size === Object.keys(this.stored).length) {
      return;
    }
    const entries: Record<string, StoredEntry> = {};
    for (const [entryPath, kept] of this.live) {
      if ('entry' in kept) {
        const { references, ...fields } = kept.entry;
        entries[entryPath] = [kept.stamp, fields, flattenSites(references)];
      } else {
        entries[entryPath] = kept;
      }
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify({ scope: this.scope, entries } satisfies StoreFile));
    await fs.rename(temporary, this.file);
  }
}
