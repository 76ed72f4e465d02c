/**
 * Reads the KPEP numbers other branches claim, out of git. `git` is resolved from PATH by hand
 * (never from the workspace: on Windows a `git.exe` planted in the repository would otherwise run)
 * and run through execFile with an argument array, never a shell, under a timeout. Anything that
 * goes wrong — no git, not a repository, a timeout — reads as no claims, never as an error.
 *
 * The process count does not grow with the number of refs: one `for-each-ref`, one `cat-file
 * --batch` for the KPEP root tree of every new tip, one `git log` over the history not walked yet
 * (so a KPEP deleted on a branch keeps its number), one `cat-file --batch-check` and one
 * `cat-file --batch` for the titles of READMEs up to 1 MB. Trees and READMEs are content-addressed, so what was read is cached for good.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { claimedDirectory, claimTitle, type BranchClaims, type KpepClaim } from '../core/branchClaims';
import { parseKpepDirectoryName } from '../core/kpepNumber';
import { resolveGit } from './git';

const DEFAULT_TIMEOUT_MS = 10_000;
/** The most recently committed refs kept; a repository with thousands of PR refs is cut there. */
const DEFAULT_MAX_REFS = 500;
const MAX_OUTPUT = 256 * 1024 * 1024;
/** A README larger than this is not read for its title (a KPEP is a few hundred KB at most). */
const MAX_README_BYTES = 1024 * 1024;

export interface GitRunner {
  /** Runs git with these arguments in the folder; undefined when it fails or times out. */
  (args: readonly string[], options?: { input?: string }): Promise<Buffer | undefined>;
}

/** A runner bound to one folder, or undefined when git is missing. */
export function gitRunner(options: { directory: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): GitRunner | undefined {
  const env = options.env ?? process.env;
  const git = resolveGit({ env, cwd: options.directory });
  if (!git) {
    return undefined;
  }
  const childEnv = { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
  return (args, run = {}) =>
    new Promise((resolve) => {
      // Reading only: no index lock taken, no fsmonitor hook started, whatever the repository's config says.
      const child = execFile(
        git,
        ['--no-pager', '-c', 'core.fsmonitor=false', ...args],
        { cwd: options.directory, env: childEnv, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'buffer', windowsHide: true },
        (error, stdout) => resolve(error ? undefined : stdout),
      );
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(run.input ?? '');
    });
}

interface RefTip {
  readonly oid: string;
  readonly date: string;
  /** The full name, `refs/remotes/origin/storage-draft`. */
  readonly refname: string;
}

interface TreeDirectory {
  readonly directory: string;
  readonly kpepNumber: number;
  /** The directory's tree, whose README gives the title. */
  readonly tree: string;
}

interface HistoryClaim {
  readonly directory: string;
  readonly kpepNumber: number;
  readonly commit: string;
  readonly path: string;
  readonly date: string;
  readonly refname: string;
}

/** `refs/remotes/origin/x` → `origin/x`; `refs/heads/x` → `x`; `refs/pull/41/head` → `pull/41/head`. */
export function shortRefName(refname: string): string {
  return refname.replace(/^refs\/(?:heads|remotes)\//, '').replace(/^refs\//, '');
}

export interface GitClaimsOptions {
  /** The workspace folder (anywhere inside the work tree). */
  readonly directory: string;
  /** The KPEP root, relative to the workspace folder. */
  readonly root: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly maxRefs?: number;
  readonly timeoutMs?: number;
}

export class GitClaimsReader {
  private readonly git: GitRunner | undefined;
  /** Tip → the KPEP directories of its tree. */
  private readonly tips = new Map<string, readonly TreeDirectory[]>();
  /** A README's title, by the `OID:path` that names its blob. */
  private readonly titles = new Map<string, string | undefined>();
  /** KPEP READMEs ever added, by directory, from the history walked so far. */
  private readonly history = new Map<string, HistoryClaim>();
  /** Tips whose whole history has been walked. */
  private readonly walked = new Set<string>();
  private treePath: Promise<string | undefined> | undefined;

  constructor(private readonly options: GitClaimsOptions) {
    this.git = gitRunner(options);
  }

  /** The KPEP root as a path in the repository's trees, or undefined when this is no git work tree. */
  private repositoryRoot(): Promise<string | undefined> {
    this.treePath ??= (async () => {
      const out = await this.git?.(['rev-parse', '--is-inside-work-tree', '--show-prefix']);
      const [inside, prefix = ''] = out ? out.toString('utf8').split('\n') : [];
      if (inside !== 'true') {
        return undefined;
      }
      const root = this.options.root === '.' ? '' : this.options.root;
      return path.posix.normalize(`${prefix}${root}`).replace(/^\.$/, '').replace(/\/$/, '');
    })();
    return this.treePath;
  }

  /** Every KPEP directory on every branch (bounded), with deleted ones from their history. */
  async read(): Promise<BranchClaims> {
    const treePath = await this.repositoryRoot();
    const refs = treePath === undefined ? undefined : await this.refTips();
    if (treePath === undefined || !refs) {
      return { claims: [], refsSkipped: 0 };
    }
    const maxRefs = this.options.maxRefs ?? DEFAULT_MAX_REFS;
    const kept = refs.slice(0, maxRefs);
    await this.readTrees(kept.map((ref) => ref.oid), treePath);
    await this.walkHistory(kept, treePath);
    const tipClaims = kept.flatMap((ref) => (this.tips.get(ref.oid) ?? []).map((entry) => ({ ref, entry })));
    const live = new Set(tipClaims.map(({ entry }) => entry.directory));
    const gone = [...this.history.values()].filter((claim) => !live.has(claim.directory));
    await this.readTitles([...tipClaims.map(({ entry }) => `${entry.tree}:README.md`), ...gone.map((claim) => `${claim.commit}:${claim.path}`)]);
    const claims: KpepClaim[] = [
      ...tipClaims.map(({ ref, entry }): KpepClaim => ({
        kpepNumber: entry.kpepNumber,
        directory: entry.directory,
        ref: shortRefName(ref.refname),
        date: ref.date,
        title: this.titles.get(`${entry.tree}:README.md`),
        kind: 'tip',
      })),
      ...gone.map((claim): KpepClaim => ({
        kpepNumber: claim.kpepNumber,
        directory: claim.directory,
        ref: shortRefName(claim.refname),
        date: claim.date,
        title: this.titles.get(`${claim.commit}:${claim.path}`),
        kind: 'history',
      })),
    ];
    return { claims, refsSkipped: refs.length - kept.length };
  }

  /** The KPEP directories at one ref (`kpep lint --against`); undefined when the ref does not exist. */
  async readRef(ref: string): Promise<KpepClaim[] | undefined> {
    const treePath = await this.repositoryRoot();
    const out = treePath === undefined ? undefined : await this.git?.(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    const oid = out?.toString('utf8').trim();
    if (treePath === undefined || !oid) {
      return undefined;
    }
    await this.readTrees([oid], treePath);
    const entries = this.tips.get(oid) ?? [];
    await this.readTitles(entries.map((entry) => `${entry.tree}:README.md`));
    return entries.map((entry) => ({ kpepNumber: entry.kpepNumber, directory: entry.directory, ref, date: undefined, title: this.titles.get(`${entry.tree}:README.md`), kind: 'tip' }));
  }

  /** Workspace-relative paths among these with uncommitted changes; undefined when this is no repository. */
  async uncommitted(paths: readonly string[]): Promise<string[] | undefined> {
    if ((await this.repositoryRoot()) === undefined) {
      return undefined;
    }
    if (paths.length === 0) {
      return [];
    }
    const out = await this.git?.(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths.map((p) => `:(literal)${p}`)]);
    if (!out) {
      return undefined;
    }
    return out.toString('utf8').split('\0').filter((line) => line.length > 3).map((line) => line.slice(3));
  }

  private async refTips(): Promise<RefTip[] | undefined> {
    const out = await this.git?.(['for-each-ref', '--sort=-committerdate', '--format=%(objectname)%00%(objecttype)%00%(committerdate:iso-strict)%00%(refname)', 'refs/heads', 'refs/remotes', 'refs/pull']);
    if (!out) {
      return undefined;
    }
    return out
      .toString('utf8')
      .split('\n')
      .flatMap((line): RefTip[] => {
        const [oid, type, date, refname] = line.split('\0');
        // refs/remotes/origin/HEAD only repeats the branch it points at.
        return oid && type === 'commit' && date !== undefined && refname && !/^refs\/remotes\/[^/]+\/HEAD$/.test(refname) ? [{ oid, date, refname }] : [];
      });
  }

  /** Lists the KPEP root's directories at every tip not read yet, in one cat-file process. */
  private async readTrees(oids: readonly string[], treePath: string): Promise<void> {
    const fresh = [...new Set(oids)].filter((oid) => !this.tips.has(oid));
    if (fresh.length === 0) {
      return;
    }
    const out = await this.git?.(['cat-file', '--batch'], { input: fresh.map((oid) => `${oid}:${treePath}\n`).join('') });
    if (!out) {
      return;
    }
    const objects = readBatch(out);
    fresh.forEach((oid, position) => {
      const object = objects[position];
      this.tips.set(oid, object?.type === 'tree' ? kpepDirectories(object.content, oid.length / 2) : []);
    });
  }

  /** Walks the history not walked yet for READMEs ever added under the root: deleted KPEPs keep their numbers. */
  private async walkHistory(refs: readonly RefTip[], treePath: string): Promise<void> {
    const fresh = refs.filter((ref) => !this.walked.has(ref.oid));
    if (fresh.length === 0) {
      return;
    }
    // Refs by name so %S names the branch; what was walked before is excluded by commit.
    const input = [...new Set(fresh.map((ref) => ref.refname))].join('\n') + (this.walked.size > 0 ? `\n--not\n${[...this.walked].join('\n')}` : '');
    const pathspec = treePath === '' ? '.' : `${treePath}/`;
    const out = await this.git?.(['log', '--stdin', '--no-renames', '--diff-filter=A', '--name-only', '--format=commit %H %cI %S', '--', pathspec], { input: `${input}\n` });
    if (!out) {
      return;
    }
    let commit: { oid: string; date: string; refname: string } | undefined;
    for (const line of out.toString('utf8').split('\n')) {
      const header = /^commit ([0-9a-f]+) (\S+) (\S+)$/.exec(line);
      if (header?.[1] && header[2] && header[3]) {
        commit = { oid: header[1], date: header[2], refname: header[3] };
        continue;
      }
      const relative = treePath === '' ? line : line.startsWith(`${treePath}/`) ? line.slice(treePath.length + 1) : undefined;
      const claimed = relative === undefined ? undefined : claimedDirectory(relative, '');
      // Newest first: the last one seen is the commit that first added the directory.
      if (commit && claimed) {
        this.history.set(claimed.directory, { ...claimed, commit: commit.oid, path: line, date: commit.date, refname: commit.refname });
      }
    }
    fresh.forEach((ref) => this.walked.add(ref.oid));
  }

  /** Reads the titles of READMEs not read yet, in one cat-file process; only their YAML front matter is parsed. */
  private async readTitles(names: readonly string[]): Promise<void> {
    const fresh = [...new Set(names)].filter((name) => !this.titles.has(name));
    if (fresh.length === 0) {
      return;
    }
    // Sizes first: a huge README on some branch costs nothing but its title.
    const sizes = await this.git?.(['cat-file', '--batch-check=%(objecttype) %(objectsize)'], { input: fresh.map((name) => `${name}\n`).join('') });
    const small = new Set(
      (sizes?.toString('utf8').split('\n') ?? []).flatMap((line, position) => {
        const [type, size] = line.split(' ');
        const name = fresh[position];
        return name !== undefined && type === 'blob' && Number(size) <= MAX_README_BYTES ? [name] : [];
      }),
    );
    const wanted = fresh.filter((name) => small.has(name));
    const out = wanted.length === 0 ? undefined : await this.git?.(['cat-file', '--batch'], { input: wanted.map((name) => `${name}\n`).join('') });
    const objects = out ? readBatch(out) : [];
    fresh.forEach((name) => this.titles.set(name, undefined));
    wanted.forEach((name, position) => {
      const object = objects[position];
      this.titles.set(name, object?.type === 'blob' ? claimTitle(object.content.toString('utf8')) : undefined);
    });
  }
}

interface BatchObject {
  readonly type: string;
  readonly content: Buffer;
}

/** Splits `git cat-file --batch` output into one object per input line (undefined for a missing one). */
function readBatch(out: Buffer): (BatchObject | undefined)[] {
  const objects: (BatchObject | undefined)[] = [];
  let offset = 0;
  while (offset < out.length) {
    const lineEnd = out.indexOf(0x0a, offset);
    if (lineEnd === -1) {
      break;
    }
    const header = out.subarray(offset, lineEnd).toString('utf8');
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match?.[1] || !match[2]) {
      objects.push(undefined);
      offset = lineEnd + 1;
      continue;
    }
    const size = Number(match[2]);
    objects.push({ type: match[1], content: out.subarray(lineEnd + 1, lineEnd + 1 + size) });
    offset = lineEnd + 1 + size + 1;
  }
  return objects;
}

/** The `NNNN-slug` subdirectories of a raw tree object (`<mode> <name>\0<raw object id>` entries). */
function kpepDirectories(tree: Buffer, oidBytes: number): TreeDirectory[] {
  const directories: TreeDirectory[] = [];
  let offset = 0;
  while (offset < tree.length) {
    const space = tree.indexOf(0x20, offset);
    const nul = tree.indexOf(0x00, space);
    if (space === -1 || nul === -1) {
      break;
    }
    const mode = tree.subarray(offset, space).toString('utf8');
    const name = tree.subarray(space + 1, nul).toString('utf8');
    const oid = tree.subarray(nul + 1, nul + 1 + oidBytes).toString('hex');
    offset = nul + 1 + oidBytes;
    const parsed = mode === '40000' ? parseKpepDirectoryName(name) : undefined;
    if (parsed) {
      directories.push({ directory: name, kpepNumber: parsed.kpepNumber, tree: oid });
    }
  }
  return directories;
}
