/** What a workspace path names: a file, a directory, or nothing (also anything outside the workspace). */
export type PathKind = 'file' | 'directory' | undefined;

/** What the core needs from a workspace; the server, the CLI and the tests each bring their own. */
export interface WorkspaceFiles {
  /** The text of a workspace-relative file; undefined when absent, unreadable or outside the workspace. */
  readFile(relativePath: string): Promise<string | undefined>;
  /** Names of the sub-directories of a workspace-relative directory; empty when there is none. */
  listDirectories(relativePath: string): Promise<string[]>;
  /** Whether a workspace-relative path is a file or a directory; undefined when absent or outside the workspace. */
  fileKind(relativePath: string): Promise<PathKind>;
  /**
   * What identifies each version of a file without reading it (size and modification time), or
   * undefined, in one synchronous batch; a persisted index trusts an entry whose stamp is unchanged.
   */
  fileStamps?(relativePaths: readonly string[]): (string | undefined)[];
  /** The text with its stamp, found in the same look-up; given with `fileStamps`. */
  readStampedFile?(relativePath: string): Promise<{ readonly text: string; readonly stamp: string } | undefined>;
}

/** A workspace held in memory, keyed by workspace-relative path: for tests and for unsaved text. */
export class InMemoryWorkspaceFiles implements WorkspaceFiles {
  constructor(private readonly files: ReadonlyMap<string, string>) {}

  readFile(relativePath: string): Promise<string | undefined> {
    return Promise.resolve(this.files.get(relativePath));
  }

  listDirectories(relativePath: string): Promise<string[]> {
    const prefix = relativePath === '' ? '' : `${relativePath}/`;
    const names = new Set<string>();
    for (const path of this.files.keys()) {
      const rest = path.startsWith(prefix) ? path.slice(prefix.length).split('/') : [];
      if (rest.length > 1 && rest[0]) {
        names.add(rest[0]);
      }
    }
    return Promise.resolve([...names].sort());
  }

  fileKind(relativePath: string): Promise<PathKind> {
    const prefix = relativePath === '' ? '' : `${relativePath}/`;
    const kind: PathKind = this.files.has(relativePath) ? 'file' : [...this.files.keys()].some((path) => path.startsWith(prefix)) ? 'directory' : undefined;
    return Promise.resolve(kind);
  }
}
