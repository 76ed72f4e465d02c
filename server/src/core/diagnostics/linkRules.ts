/**
 * broken-link (SPEC §5): a relative link, image or link reference definition whose target is not
 * in the workspace, or whose `#anchor` is not a heading of the target. Existence is read through
 * the workspace interface before the rule runs, so the rule itself stays pure and synchronous.
 * A link resolves by its path, never by the number in it: a link to a missing `../0007-x/` names
 * the KPEP that does have number 7 as a suggestion, but does not lead there.
 */
import type { Range } from 'vscode-languageserver-types';
import { lastPlaceMemo } from '../boundedMemo';
import { whereKpepIs } from '../index/kpepCard';
import type { KpepIndex } from '../index/kpepIndex';
import type { KpepEntry } from '../index/kpepEntry';
import { linkedKpep } from '../index/kpepLinks';
import type { KpepDocument } from '../kpepDocument';
import type { MarkdownLink } from '../markdownModel';
import type { PathKind, WorkspaceFiles } from '../workspace';
import { fixedSeverity } from '../ruleRegistry';
import type { PositionedFinding } from './crossKpepRules';
import { suggestion } from './frontMatterRules';

/** A link of a document with its LSP range: plain data, so `kpep lint` can carry it from a worker thread or its cache. */
export interface LinkSite {
  readonly url: string;
  readonly kind: MarkdownLink['kind'];
  readonly range: Range;
}

export function linkSites(document: KpepDocument): LinkSite[] {
  const { textDocument } = document;
  return document.markdown.links.map((link) => ({
    url: link.url,
    kind: link.kind,
    range: { start: textDocument.positionAt(link.range.start), end: textDocument.positionAt(link.range.end) },
  }));
}

export interface LinkTarget {
  /** Workspace-relative, without a trailing slash; '' is the workspace root. Undefined when the link climbs out of the workspace. */
  readonly path: string | undefined;
  readonly anchor: string | undefined;
}

/** Where a relative link leads from a document; undefined for URLs (`https:`, `mailto:`), absolute paths and empty links. */
export function relativeLinkTarget(url: string, fromPath: string): LinkTarget | undefined {
  // Most links are a toc's `#anchor` within the document.
  if (url.startsWith('#')) {
    return { path: fromPath, anchor: decode(url.slice(1)) };
  }
  if (url === '' || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('\\')) {
    return undefined;
  }
  const hash = url.indexOf('#');
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const anchor = hash === -1 ? undefined : decode(url.slice(hash + 1));
  const pathPart = decode(beforeHash.split('?')[0] ?? '');
  const parts = fromPath.split('/').slice(0, -1);
  if (pathPart === '') {
    return { path: fromPath, anchor };
  }
  for (const part of pathPart.split('/')) {
    if (part === '..') {
      if (parts.length === 0) {
        return { path: undefined, anchor };
      }
      parts.pop();
    } else if (part !== '.' && part !== '') {
      parts.push(part);
    }
  }
  return { path: parts.join('/'), anchor };
}

/**
 * Where each link leads from the last document asked about, by URL: an open KPEP's links are
 * looked up and checked on every keystroke, and reading each URL again was a twentieth of one.
 */
const linkTargetFrom = lastPlaceMemo({
  limit: 4096,
  samePlace: (a: string, b: string) => a === b,
  compute: (fromPath, url) => relativeLinkTarget(url, fromPath),
});

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Whether each path the links name is a file, a directory or absent, read through the workspace
 * (which refuses anything outside it). `known` is shared across documents of one run.
 */
export async function linkTargetKinds(options: {
  files: WorkspaceFiles;
  links: readonly LinkSite[];
  fromPath: string;
  known?: Map<string, Promise<PathKind>>;
}): Promise<ReadonlyMap<string, PathKind>> {
  const known = options.known ?? new Map<string, Promise<PathKind>>();
  const paths = new Set(options.links.flatMap((link) => linkTargetFrom(options.fromPath, link.url)?.path ?? []));
  const kinds = new Map<string, PathKind>();
  await Promise.all(
    [...paths].map(async (path) => {
      let kind = known.get(path);
      if (!kind) {
        kind = options.files.fileKind(path);
        known.set(path, kind);
      }
      kinds.set(path, await kind);
    }),
  );
  return kinds;
}

export interface LinkCheckOptions {
  readonly entry: KpepEntry;
  readonly links: readonly LinkSite[];
  readonly index: KpepIndex;
  /** From linkTargetKinds; a path missing from it was not looked up and is not reported. */
  readonly kinds: ReadonlyMap<string, PathKind>;
  readonly root: string;
}

export function checkLinks(options: LinkCheckOptions): PositionedFinding[] {
  const { entry, index, kinds } = options;
  return options.links.flatMap((link): PositionedFinding[] => {
    const target = linkTargetFrom(entry.path, link.url);
    if (!target) {
      return [];
    }
    const what = link.kind === 'image' ? 'image' : 'link target';
    const broken = (message: string): PositionedFinding[] => [{ code: 'broken-link', severity: fixedSeverity('broken-link'), message, range: link.range }];
    if (target.path === undefined) {
      return broken(`The ${what} "${link.url}" points outside the workspace.`);
    }
    const kind = kinds.has(target.path) ? kinds.get(target.path) : 'unknown';
    if (kind === undefined) {
      return broken(`The ${what} "${link.url}" does not exist: there is no ${target.path} in the workspace.${kpepSuggestion(link.url, options)}`);
    }
    if (target.anchor === undefined || target.anchor === '') {
      return [];
    }
    const anchored = target.path === entry.path ? entry : index.get(target.path) ?? index.get(`${target.path}/README.md`);
    const anchor = target.anchor.toLowerCase();
    const verdict = anchored && anchorVerdict(anchored.anchors, anchor);
    if (!verdict) {
      return [];
    }
    const near = verdict.near;
    const where = anchored === entry ? 'this document' : anchored.path;
    return broken(`"#${target.anchor}" is not a heading of ${where}.${near ? ` Did you mean "#${near}"?` : ''}`);
  });
}

/** An anchor a heading list does not have, and the heading anchor it is nearest to, if near enough. */
interface MissingAnchor {
  readonly near: string | undefined;
}

/**
 * Each heading list's verdict on the anchors looked up in it: a toc links every heading, so each
 * keystroke looked every link up in the list again (and measured each broken one against every
 * heading). Kept by the list, which stays the same object while the headings stay the same.
 */
const anchorVerdicts = new WeakMap<readonly string[], Map<string, MissingAnchor | undefined>>();

function anchorVerdict(anchors: readonly string[], anchor: string): MissingAnchor | undefined {
  let verdicts = anchorVerdicts.get(anchors);
  if (!verdicts) {
    verdicts = new Map(anchors.map((known) => [known, undefined]));
    anchorVerdicts.set(anchors, verdicts);
  }
  if (verdicts.has(anchor)) {
    return verdicts.get(anchor);
  }
  const verdict = { near: suggestion(anchor, anchors) };
  verdicts.set(anchor, verdict);
  return verdict;
}

/** For a link to a KPEP directory that is not there: the KPEP that has its number, if one does. */
function kpepSuggestion(url: string, options: LinkCheckOptions): string {
  const linked = linkedKpep(url, options.entry.path, options.root);
  const numbered = linked && options.index.find(linked.kpepNumber);
  return numbered ? ` ${whereKpepIs(numbered)}.` : '';
}
