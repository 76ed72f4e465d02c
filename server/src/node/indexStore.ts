/**
 * The workspace index kept on disk between server runs: one JSON file per workspace folder, each
 * entry keyed by its path and the file's stamp (size and modification time), the whole file by the
 * kpep build, the folder and the KPEP root. A restart reads only the files whose stamp changed.
 * The file lives outside the working tree: in the editor's storage folder when the client passes
 * one (`initializationOptions.cacheDirectory`), else `$XDG_CACHE_HOME/kpep` or `~/.cache/kpep`.
 * It is an optimisation: a missing, corrupt or foreign file only costs a full scan.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { KpepEntry } from '../core/index/kpepEntry';
import type { IndexStore } from '../core/index/scan';
import { buildHash } from './lintCache';

interface StoreFile {
  readonly scope: string;
  readonly entries: Record<string, { readonly stamp: string; readonly entry: KpepEntry }>;
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
  private readonly live: StoreFile['entries'] = {};
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
    const usable = stored?.scope === scope && typeof stored.entries === 'object' && stored.entries !== null;
    return new FileIndexStore(file, scope, usable ? stored.entries : {});
  }

  has(entryPath: string): boolean {
    return Object.hasOwn(this.stored, entryPath);
  }

  get(entryPath: string, stamp: string): KpepEntry | undefined {
    const kept = Object.hasOwn(this.stored, entryPath) ? this.stored[entryPath] : undefined;
    if (kept?.stamp !== stamp || kept.entry?.path !== entryPath) {
      return undefined;
    }
    this.live[entryPath] = kept;
    return kept.entry;
  }

  set(entryPath: string, stamp: string, entry: KpepEntry): void {
    this.live[entryPath] = { stamp, entry };
    this.dirty = true;
  }

  /** Writes the entries of this build when any was new or any stored one is gone: a temporary file renamed into place. */
  async save(): Promise<void> {
    if (!this.dirty && Object.keys(this.live).length === Object.keys(this.stored).length) {
      return;
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify({ scope: this.scope, entries: this.live } satisfies StoreFile));
    await fs.rename(temporary, this.file);
  }
}
