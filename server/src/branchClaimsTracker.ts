/**
 * The server's view of the KPEP numbers other branches claim, per workspace folder. Diagnostics
 * and hovers read the last claims known (never waiting for git); "New KPEP" waits for a fresh
 * read. A change under `.git` (a commit, a fetch, a checkout) reads again, and a result that
 * differs from the last one re-checks the open documents.
 */
import { NO_BRANCH_CLAIMS, type BranchClaims, type KpepClaim } from './core/branchClaims';
import { GitClaimsReader } from './node/gitClaims';
import type { FolderProject } from './workspaceHost';

/** Refs move in bursts (a fetch writes many); read once they settle. */
const SETTLE_MS = 300;

interface FolderClaims {
  readonly reader: GitClaimsReader;
  latest: BranchClaims | undefined;
  reading: Promise<BranchClaims> | undefined;
  stale: boolean;
}

export class BranchClaimsTracker {
  private readonly folders = new Map<string, FolderClaims>();
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: { readonly onChange: () => void; readonly env?: NodeJS.ProcessEnv }) {}

  /** The claims known now (none before the first read ends); starts a read when there is none. */
  current(location: FolderProject): readonly KpepClaim[] {
    const folder = this.folderOf(location);
    if (!folder.latest || folder.stale) {
      void this.read(folder);
    }
    return folder.latest?.claims ?? [];
  }

  /** Claims read now, for allocating a number. */
  async fresh(location: FolderProject): Promise<BranchClaims> {
    const folder = this.folderOf(location);
    folder.stale = true;
    return this.read(folder);
  }

  /** A file changed; one under a `.git` directory (refs, HEAD, packed-refs) makes every folder read again. */
  fileChanged(uri: string): boolean {
    if (!/\/\.git(?:\/|$)/.test(uri)) {
      return false;
    }
    for (const folder of this.folders.values()) {
      folder.stale = true;
    }
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      for (const folder of this.folders.values()) {
        void this.read(folder);
      }
    }, SETTLE_MS);
    return true;
  }

  private folderOf(location: FolderProject): FolderClaims {
    // The reader depends on the KPEP root too, which the configuration may change.
    const key = `${location.folder.directory}\0${location.project.config.root}`;
    let folder = this.folders.get(key);
    if (!folder) {
      const reader = new GitClaimsReader({ directory: location.folder.directory, root: location.project.config.root, ...(this.options.env ? { env: this.options.env } : {}) });
      folder = { reader, latest: undefined, reading: undefined, stale: true };
      this.folders.set(key, folder);
    }
    return folder;
  }

  private read(folder: FolderClaims): Promise<BranchClaims> {
    if (folder.reading) {
      return folder.reading;
    }
    folder.stale = false;
    folder.reading = folder.reader
      .read()
      .catch(() => NO_BRANCH_CLAIMS)
      .then((claims) => {
        const changed = JSON.stringify(claims) !== JSON.stringify(folder.latest ?? NO_BRANCH_CLAIMS);
        folder.latest = claims;
        folder.reading = undefined;
        if (changed) {
          this.options.onChange();
        }
        // Refs moved while git was reading: read once more.
        if (folder.stale) {
          void this.read(folder);
        }
        return claims;
      });
    return folder.reading;
  }
}
