/** Which workspace files are KPEPs (SPEC §1), by their workspace-relative path. */
import { parseKpepDirectoryName, type KpepDirectoryName } from './kpepNumber';

export interface KpepPath {
  /** The KPEP's directory name, e.g. `0007-pluggable-storage`. */
  readonly directory: string;
  /** Number and slug, or undefined when the directory is not `NNNN-slug`. */
  readonly parsed: KpepDirectoryName | undefined;
}

/** `kpeps/0007-x/README.md` is a KPEP; `kpeps/README.md` and `kpeps/templates/…` are not. */
export function classifyKpepPath(relativePath: string, root: string): KpepPath | undefined {
  const prefix = root === '' || root === '.' ? '' : `${root}/`;
  if (!relativePath.startsWith(prefix)) {
    return undefined;
  }
  const parts = relativePath.slice(prefix.length).split('/');
  if (parts.length !== 2 || parts[1] !== 'README.md' || !parts[0] || parts[0] === 'templates') {
    return undefined;
  }
  return { directory: parts[0], parsed: parseKpepDirectoryName(parts[0]) };
}
