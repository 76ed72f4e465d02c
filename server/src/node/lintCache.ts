/**
 * `kpep lint --cache`: per-KPEP findings and entries kept in a JSON file, one per KPEP path with the
 * hash of what they depend on (the text, the path, the template, and the kpep build itself), so an
 * unchanged KPEP is never parsed twice. The cache is an optimisation: a missing, corrupt or
 * concurrently rewritten file only costs a full run.
 */
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CheckedKpep, LintCache, LintCacheKey } from '../core/lint';

interface CacheFile {
  readonly build: string;
  readonly entries: Record<string, { readonly hash: string; readonly value: CheckedKpep }>;
}

/** Identifies this kpep build, so findings of another version's rules are never reused. */
export function buildHash(): string {
  try {
    return createHash('sha256').update(readFileSync(__filename)).digest('hex');
  } catch {
    return 'unknown';
  }
}

export class FileLintCache implements LintCache {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly build: string,
    private readonly entries: CacheFile['entries'],
  ) {}

  static async open(file: string): Promise<FileLintCache> {
    const build = buildHash();
    const stored = await fs
      .readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as CacheFile)
      .catch(() => undefined);
    const usable = stored && stored.build === build && typeof stored.entries === 'object' && stored.entries !== null;
    return new FileLintCache(file, build, usable ? { ...stored.entries } : {});
  }

  get(key: LintCacheKey): CheckedKpep | undefined {
    const entry = this.entries[key.path];
    return entry && entry.hash === hashOf(key) ? entry.value : undefined;
  }

  set(key: LintCacheKey, value: CheckedKpep): void {
    this.entries[key.path] = { hash: hashOf(key), value };
    this.dirty = true;
  }

  /** Writes the cache when it changed: a temporary file renamed into place, so readers never see half. */
  async save(): Promise<void> {
    if (!this.dirty) {
      return;
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify({ build: this.build, entries: this.entries } satisfies CacheFile));
    await fs.rename(temporary, this.file);
    this.dirty = false;
  }
}

function hashOf(key: LintCacheKey): string {
  return createHash('sha256').update(key.path).update('\0').update(key.templateText).update('\0').update(key.text).digest('hex');
}
