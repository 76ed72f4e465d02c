/**
 * `kpep lint --cache`: per-KPEP findings and entries kept in a JSON file, one per KPEP path with the
 * hash of what they depend on (the text, the path, the template, and the kpep build itself), so an
 * unchanged KPEP is never parsed twice. The cache is an optimisation: a missing, corrupt or
 * concurrently rewritten file only costs a full run.
 *
 * A repository is not trusted with it. Each hash is an HMAC under a key that never leaves this
 * machine (kept in the user's cache directory), so a committed cache cannot vouch for its own
 * findings; a cache file git tracks is ignored outright; and the file is written through a
 * temporary file created exclusively, so a planted symlink is never followed.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LinkSite } from '../core/diagnostics/linkRules';
import { numbersAsArrays } from '../core/index/kpepEntry';
import type { CheckedKpep, LintCache, LintCacheKey } from '../core/lint';
import { runGit } from './git';
import { containedDirectory } from './workspaceWrites';

/** A link as the file keeps it: a toc gives a KPEP dozens, and as objects they were half the file. */
type StoredLink = readonly [url: string, kind: LinkSite['kind'], startLine: number, startCharacter: number, endLine: number, endCharacter: number];

interface StoredKpep extends Omit<CheckedKpep, 'links'> {
  readonly links: readonly StoredLink[];
}

interface CacheFile {
  readonly build: string;
  readonly entries: Record<string, { readonly hash: string; readonly value: StoredKpep }>;
}

/** Identifies this kpep build, so findings of another version's rules are never reused. */
export function buildHash(): string {
  try {
    return createHash('sha256').update(readFileSync(__filename)).digest('hex');
  } catch {
    return 'unknown';
  }
}

/** Where this machine's cache key lives: `$XDG_CACHE_HOME/kpep`, else `~/.cache/kpep`. */
export function machineKeyDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CACHE_HOME'] && path.isAbsolute(env['XDG_CACHE_HOME']) ? env['XDG_CACHE_HOME'] : path.join(os.homedir(), '.cache');
  return path.join(base, 'kpep');
}

/**
 * This machine's secret key, created on first use (mode 0600, never over an existing file). When
 * it can be neither read nor made, a key for this run alone: the cache then only costs its write.
 */
async function machineKey(directory: string): Promise<Buffer> {
  const file = path.join(directory, 'lint-cache-key');
  const read = async (): Promise<Buffer | undefined> => {
    const key = await fs.readFile(file).catch(() => undefined);
    return key && key.length >= 32 ? key : undefined;
  };
  const existing = await read();
  if (existing) {
    return existing;
  }
  try {
    await fs.mkdir(directory, { recursive: true, mode: 0o700 });
    await fs.writeFile(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch {
    // Another run made it first, or the directory is not writable.
  }
  return (await read()) ?? randomBytes(32);
}

export interface LintCacheOptions {
  /** Where the machine's key lives (default: machineKeyDirectory()). */
  readonly keyDirectory?: string;
  /** The cache is tracked by the repository's git: it is read as empty and never written. */
  readonly tracked?: boolean;
}

export class FileLintCache implements LintCache {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly build: string,
    private readonly key: Buffer,
    private readonly entries: CacheFile['entries'],
    private readonly writable: boolean,
  ) {}

  static async open(file: string, options: LintCacheOptions = {}): Promise<FileLintCache> {
    const build = buildHash();
    const key = await machineKey(options.keyDirectory ?? machineKeyDirectory());
    const stored = options.tracked
      ? undefined
      : await fs
          .readFile(file, 'utf8')
          .then((text) => JSON.parse(text) as CacheFile)
          .catch(() => undefined);
    const usable = stored && stored.build === build && typeof stored.entries === 'object' && stored.entries !== null;
    // A null prototype: KPEP paths are keys, and none may find Object.prototype's members.
    const entries = Object.assign(Object.create(null) as CacheFile['entries'], usable ? stored.entries : {});
    return new FileLintCache(file, build, key, entries, !options.tracked);
  }

  get(key: LintCacheKey): CheckedKpep | undefined {
    const entry = Object.hasOwn(this.entries, key.path) ? this.entries[key.path] : undefined;
    if (!entry || entry.hash !== this.hashOf(key)) {
      return undefined;
    }
    const { links, ...checked } = entry.value;
    return {
      ...checked,
      links: links.map(([url, kind, startLine, startCharacter, endLine, endCharacter]) => ({
        url,
        kind,
        range: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } },
      })),
    };
  }

  set(key: LintCacheKey, value: CheckedKpep): void {
    const links = value.links.map(({ url, kind, range: { start, end } }): StoredLink => [url, kind, start.line, start.character, end.line, end.character]);
    this.entries[key.path] = { hash: this.hashOf(key), value: { ...value, links } };
    this.dirty = true;
  }

  /**
   * Writes the cache when it changed: a temporary file with a fresh random name, created
   * exclusively (so neither an existing file nor a planted symlink is opened), renamed into place.
   */
  async save(): Promise<void> {
    if (!this.dirty || !this.writable) {
      return;
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${randomBytes(8).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temporary, JSON.stringify({ build: this.build, entries: this.entries } satisfies CacheFile, numbersAsArrays), { flag: 'wx', mode: 0o600 });
      await fs.rename(temporary, this.file);
    } finally {
      await fs.rm(temporary, { force: true });
    }
    this.dirty = false;
  }

  private hashOf(key: LintCacheKey): string {
    return createHmac('sha256', this.key).update(key.path).update('\0').update(key.templateText).update('\0').update(key.text).digest('hex');
  }
}

/** The cache's place in the workspace when `--cache-location` is not given. */
export const DEFAULT_CACHE_DIRECTORY = '.kpep-cache';
const CACHE_FILE = 'lint.json';

/**
 * The cache for a workspace: at `location` when the user named one (their choice, wherever it
 * is), else `.kpep-cache/lint.json`, whose directory must be a real directory inside the workspace
 * (not a symlink). A cache git tracks is ignored. Undefined, with a warning, when it cannot be used.
 */
export async function openLintCache(options: { root: string; location: string | undefined; warn: (message: string) => void }): Promise<FileLintCache | undefined> {
  const { root, location, warn } = options;
  let file: string;
  try {
    if (location === undefined) {
      const directory = path.join(root, DEFAULT_CACHE_DIRECTORY);
      const link = await fs.lstat(directory).then((stat) => stat.isSymbolicLink(), () => false);
      if (link) {
        warn(`${DEFAULT_CACHE_DIRECTORY} is a symlink; the cache is not used (a planted link could send its writes anywhere).`);
        return undefined;
      }
      file = path.join(await containedDirectory(root, DEFAULT_CACHE_DIRECTORY), CACHE_FILE);
    } else {
      file = path.resolve(root, location);
    }
  } catch (error) {
    warn(`the cache is not used (${error instanceof Error ? error.message : String(error)}).`);
    return undefined;
  }
  // git runs while the cache is read: a warm run waited for it before.
  const tracking = runGit(['ls-files', '--error-unmatch', '--', file], root);
  const cache = await FileLintCache.open(file);
  if ((await tracking) !== undefined) {
    warn(`${path.relative(root, file)} is tracked by git; a cache a repository ships is never trusted, so it is ignored.`);
    return FileLintCache.open(file, { tracked: true });
  }
  return cache;
}
