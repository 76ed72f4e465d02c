/**
 * The workspace index kept on disk between server runs: one JSON file per workspace folder, each
 * entry keyed by its path and the file's stamp (size and modification time), the whole file by the
 * kpep build, the folder and the KPEP root. A restart reads only the files whose stamp changed.
 * The file lives outside the working tree: in the editor's storage folder when the client passes
 * one (`initializationOptions.cacheDirectory`), else `$XDG_CACHE_HOME/kpep` or `~/.cache/kpep`.
 * It is an optimisation: a missing, corrupt or foreign file only costs a full scan.
 *
 * An entry is kept as the index holds it: its references are already one flat array of numbers
 * (kpepEntry.ts), so reading it back makes no object per reference (at 10,000 KPEPs a file of every
 * reference as an object was 71 MB, and parsing it and collecting its garbage was most of a warm
 * start).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { numbersAsArrays, packedNumbers, REFERENCE_KINDS, SITE_WIDTH, type KpepEntry } from '../core/index/kpepEntry';
import type { IndexStore } from '../core/index/scan';
import { buildHash } from './lintCache';

/** An entry as kept on disk: its stamp and the entry. */
type StoredEntry = readonly [stamp: string, entry: KpepEntry];

interface StoreFile {
  readonly scope: string;
  readonly entries: Record<string, StoredEntry>;
}

/** Whether a stored entry is of this shape: a foreign or damaged file is read as if absent. */
function isUsable(path: string, entry: KpepEntry | undefined): entry is KpepEntry {
  const { sites, targets, lines } = entry ?? {};
  if (entry?.path !== path || !Array.isArray(sites) || sites.length % SITE_WIDTH !== 0 || !Array.isArray(targets) || !Array.isArray(lines)) {
    return false;
  }
  for (let at = 0; at < sites.length; at += SITE_WIDTH) {
    const target = sites[at + 4] as number;
    if (REFERENCE_KINDS[sites[at + 1] as number] === undefined || (target !== -1 && typeof targets[target] !== 'string')) {
      return false;
    }
  }
  return true;
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
  private readonly live = new Map<string, StoredEntry>();
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
    const entry = Array.isArray(kept) && kept[0] === stamp && isUsable(entryPath, kept[1]) ? kept[1] : undefined;
    if (!entry || !kept) {
      return undefined;
    }
    this.live.set(entryPath, kept);
    // Packed as a scan packs them: the file keeps plain arrays.
    return { ...entry, sites: packedNumbers(entry.sites), lines: packedNumbers(entry.lines) };
  }

  set(entryPath: string, stamp: string, entry: KpepEntry): void {
    this.live.set(entryPath, [stamp, entry]);
    this.dirty = true;
  }

  /** Writes the entries of this build when any was new or any stored one is gone: a temporary file renamed into place. */
  async save(): Promise<void> {
    if (!this.dirty && this.live.size === Object.keys(this.stored).length) {
      return;
    }
    const entries = Object.fromEntries(this.live);
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify({ scope: this.scope, entries } satisfies StoreFile, numbersAsArrays));
    await fs.rename(temporary, this.file);
  }
}
