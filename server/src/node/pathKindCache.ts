/**
 * What each path on disk is (file, directory or absent), kept between keystrokes: every pulled
 * diagnostic checks each relative link of the document, and a real-path check and a `stat` per
 * link per keystroke kept the file system on the typing path. File events clear it; a look-up older
 * than `keepMs` is made again, for files no watcher reports (or a client that watches none).
 */
import type { PathKind } from '../core/workspace';

export interface PathKindCacheOptions {
  /** The look-up on disk, made once per path until the cache is cleared or the answer is older than keepMs. */
  readonly lookUp: (relativePath: string) => Promise<PathKind>;
  readonly keepMs: number;
  readonly now?: () => number;
}

export class PathKindCache {
  private readonly kinds = new Map<string, { readonly kind: Promise<PathKind>; readonly at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: PathKindCacheOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  fileKind(relativePath: string): Promise<PathKind> {
    const now = this.now();
    const kept = this.kinds.get(relativePath);
    if (kept && now - kept.at <= this.options.keepMs) {
      return kept.kind;
    }
    const kind = this.options.lookUp(relativePath);
    this.kinds.set(relativePath, { kind, at: now });
    return kind;
  }

  /** A file appeared, changed or went: every answer may be stale. */
  clear(): void {
    this.kinds.clear();
  }
}
