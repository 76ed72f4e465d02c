/** Which KPEP a relative markdown link names (SPEC §3): the same reading for the full model and the line scan. */
import { parseKpepDirectoryName } from '../kpepNumber';

/** The number of the KPEP directory a relative link names (see linkedKpep). */
export function linkedKpepNumber(url: string, fromPath: string, root: string): number | undefined {
  return linkedKpep(url, fromPath, root)?.kpepNumber;
}

/**
 * The KPEP a relative markdown link points at: `../0007-x/README.md`, `../0007-x/`, `kpeps/0007-x/`
 * (SPEC §3), resolved against the linking document's directory: the directory's number, and the
 * README's workspace-relative path, which is what the link resolves by.
 */
export function linkedKpep(url: string, fromPath: string, root: string): { kpepNumber: number; path: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('#')) {
    return undefined;
  }
  const target = url.split(/[?#]/)[0] ?? '';
  const parts = fromPath.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') {
      parts.pop();
    } else if (part !== '.' && part !== '') {
      parts.push(part);
    }
  }
  const rootParts = root === '' || root === '.' ? [] : root.split('/');
  const rest = parts.slice(rootParts.length);
  const underRoot = rootParts.every((part, index) => parts[index] === part);
  const isKpepTarget = rest.length === 1 || (rest.length === 2 && rest[1] === 'README.md');
  // A link written from the workspace root (kpeps/0007-x/) reads the same from anywhere.
  if (!underRoot || !isKpepTarget) {
    return rootParts.length > 0 && target.startsWith(`${root}/`) ? linkedKpep(target, 'README.md', root) : undefined;
  }
  const kpepNumber = parseKpepDirectoryName(rest[0] ?? '')?.kpepNumber;
  return kpepNumber === undefined ? undefined : { kpepNumber, path: [...rootParts, rest[0], 'README.md'].join('/') };
}
