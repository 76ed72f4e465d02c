/**
 * Adopting an upstream KEP as a KPEP: kep.yaml becomes front matter (upstream's number and path
 * kept in the `upstream` field), the H1 and toc are rewritten, and the report says what did not
 * map. The number is the caller's to allocate; writing and copying images are the caller's too.
 */
import type { Definition, Image, RootContent } from 'mdast';
import { stringify } from 'yaml';
import { parseFrontMatter } from '../frontMatter';
import { formatKpepId } from '../kpepNumber';
import { parseMarkdownNodes, readMarkdownModel } from '../markdownModel';
import { kpepSlug } from '../lifecycle/newKpep';
import { refreshTocBlock } from '../tocEdit';
import type { KpepCounterpart } from './exportKep';
import { KEP_YAML_KEYS, readKepNumber, type KepYaml } from './kepYaml';
import { kpepStatusFor, needsStandIn, UPSTREAM_REFERENCE_LISTS } from './upstreamField';

export interface KepImportOptions {
  readonly readme: string;
  readonly kepYaml: KepYaml;
  /** The KEP directory's path in the upstream repository, e.g. keps/sig-node/1287-in-place-update. */
  readonly path: string;
  readonly kpepNumber: number;
  /** A KPEP the imported one replaces. */
  readonly replaces?: number | undefined;
  /** The workspace's KPEPs, so upstream paths of KEPs already adopted become KPEP numbers. */
  readonly counterparts: ReadonlyMap<number, KpepCounterpart>;
}

export interface KepImport {
  /** The KPEP directory name, NNNN-slug. */
  readonly directory: string;
  readonly text: string;
  /** Images the README shows from inside the KEP directory, relative to it. */
  readonly images: readonly string[];
  /** What did not map, or maps only partly. */
  readonly notes: readonly string[];
}

/** kep.yaml fields that become KPEP front-matter fields of the same name and value. */
const SAME_NAME_FIELDS = ['title', 'authors', 'creation-date', 'last-updated', 'reviewers', 'approvers', 'owning-sig', 'participating-sigs', 'prr-approvers', 'stage', 'latest-milestone', 'milestone', 'feature-gates', 'disable-supported', 'metrics'] as const;

/** The order a KPEP's front matter is written in: its own fields first, the upstream ones after. */
const FRONT_MATTER_ORDER = ['kpep-number', 'title', 'status', 'authors', 'creation-date', 'last-updated', 'reviewers', 'approvers', 'replaces', 'superseded-by', 'see-also', 'owning-sig', 'participating-sigs', 'prr-approvers', 'stage', 'latest-milestone', 'milestone', 'feature-gates', 'disable-supported', 'metrics', 'upstream'];

export function planKepImport(options: KepImportOptions): KepImport {
  const { kepYaml, kpepNumber } = options;
  const notes: string[] = [];
  const title = typeof kepYaml.title === 'string' ? kepYaml.title.trim() : '';
  const directoryName = options.path.split('/').pop() ?? '';
  const slug = directoryName.replace(/^(?:\d+|NNNN)-/, '') || kpepSlug(title) || 'imported-kep';
  const directory = `${String(kpepNumber).padStart(4, '0')}-${kpepSlug(slug) || 'imported-kep'}`;

  const frontMatter: Record<string, unknown> = { 'kpep-number': kpepNumber };
  const upstream: Record<string, unknown> = { 'kep-number': readKepNumber(kepYaml['kep-number']) ?? kepYaml['kep-number'], path: options.path };
  for (const key of SAME_NAME_FIELDS) {
    if (kepYaml[key] !== undefined) {
      frontMatter[key] = kepYaml[key];
    }
  }
  if (typeof kepYaml.status === 'string') {
    frontMatter['status'] = kpepStatusFor(kepYaml.status);
    if (needsStandIn(kepYaml.status)) {
      upstream['status'] = kepYaml.status;
      notes.push(`status ${kepYaml.status} is not a KPEP status: the KPEP is ${kpepStatusFor(kepYaml.status)}, and upstream.status keeps ${kepYaml.status}.`);
    }
  }
  if (kepYaml.editor !== undefined) {
    upstream['editor'] = kepYaml.editor;
    notes.push('editor has no KPEP field: upstream.editor keeps it.');
  }
  const byUpstreamPath = new Map([...options.counterparts].flatMap(([number, counterpart]) => (counterpart.upstream?.path ? [[counterpart.upstream.path, number] as const] : [])));
  for (const key of UPSTREAM_REFERENCE_LISTS) {
    const paths = Array.isArray(kepYaml[key]) ? (kepYaml[key] as unknown[]).filter((item): item is string => typeof item === 'string') : [];
    const numbers = paths.map((path) => byUpstreamPath.get(path.replace(/^\/+|\/+$/g, ''))).filter((n): n is number => n !== undefined);
    const kept = paths.filter((path) => !byUpstreamPath.has(path.replace(/^\/+|\/+$/g, '')));
    const own = key === 'replaces' && options.replaces !== undefined ? [...numbers, options.replaces] : numbers;
    if (own.length > 0) {
      frontMatter[key] = own;
    }
    if (kept.length > 0) {
      upstream[key] = kept;
      notes.push(`${key}: ${kept.join(', ')} ${kept.length === 1 ? 'is no KEP' : 'are no KEPs'} this workspace holds, so upstream.${key} keeps the path${kept.length === 1 ? '' : 's'}.`);
    }
  }
  if (options.replaces !== undefined) {
    notes.push(`replaces ${formatKpepId(options.replaces)} is a KPEP number: it cannot go back upstream as a KEP path.`);
  }
  frontMatter['upstream'] = upstream;
  const ordered = Object.fromEntries(FRONT_MATTER_ORDER.filter((key) => frontMatter[key] !== undefined).map((key) => [key, frontMatter[key]]));
  for (const key of Object.keys(kepYaml).filter((name) => !(KEP_YAML_KEYS as readonly string[]).includes(name))) {
    notes.push(`${key} is not an upstream kep.yaml field and is left out.`);
  }

  const readmeBody = options.readme.slice(parseFrontMatter(options.readme).bodyStart);
  const heading = `# ${formatKpepId(kpepNumber)}: ${title}`;
  const nodes = parseMarkdownNodes(readmeBody, 0);
  const { h1 } = readMarkdownModel(readmeBody, nodes);
  const body = h1 ? readmeBody.slice(0, h1.range.start) + heading + readmeBody.slice(h1.range.end) : `${heading}\n\n${readmeBody}`;
  if (!h1) {
    notes.push('The README had no H1; one was added.');
  }
  const text = refreshTocBlock({ text: `---\n${stringify(ordered, { lineWidth: 0 })}---\n${body}` }).text;
  return { directory, text, images: localImages(nodes), notes };
}

/** Relative image paths that stay inside the KEP directory, each once. */
function localImages(nodes: readonly RootContent[]): string[] {
  const found = new Set<string>();
  const visit = (nodes: readonly RootContent[]) => {
    for (const node of nodes) {
      if (node.type === 'image' || node.type === 'definition') {
        const url = safeDecode((node as Image | Definition).url.split(/[?#]/)[0] ?? '');
        const parts = url.split('/').filter((part) => part !== '' && part !== '.');
        const local = url !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('/') && !parts.includes('..');
        if (local && (node.type === 'image' || /\.(?:png|jpe?g|gif|svg|webp)$/i.test(url))) {
          found.add(parts.join('/'));
        }
      }
      if ('children' in node) {
        visit(node.children as RootContent[]);
      }
    }
  };
  visit(nodes);
  return [...found];
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return '';
  }
}
