/**
 * The KPEPs view's tree, built whole from the server's `kpep/kpeps` answer: grouping, filtering
 * and relations, apart from how VS Code draws them, so they are tested without an editor.
 */
import type { KpepFolderSummary, KpepSummary } from '../../server/src/protocol/kpepProtocol';
import { statusRank } from './kpepStatusStyle';

export type Relation = 'replaces' | 'replaced by' | 'see also';

export type KpepsNode =
  | { readonly kind: 'folder'; readonly folder: KpepFolderSummary }
  | { readonly kind: 'status'; readonly folder: KpepFolderSummary; readonly status: string | null; readonly kpeps: readonly KpepSummary[] }
  | { readonly kind: 'kpep'; readonly folder: KpepFolderSummary; readonly kpep: KpepSummary }
  | { readonly kind: 'relation'; readonly relation: Relation; readonly kpepNumber: number; readonly target: KpepSummary | undefined; readonly from: KpepSummary };

export interface KpepsFilter {
  /** Only these statuses; every status when empty. */
  readonly statuses: readonly string[];
  /** Text the id or title contains, case-insensitively; everything when empty. */
  readonly text: string;
}

export const NO_FILTER: KpepsFilter = { statuses: [], text: '' };

/** The tree, built whole from one answer (linear in the KPEPs, so thousands rebuild at once), since reveal needs every parent. */
export interface KpepsTree {
  readonly roots: readonly KpepsNode[];
  readonly children: ReadonlyMap<KpepsNode, readonly KpepsNode[]>;
  readonly parents: ReadonlyMap<KpepsNode, KpepsNode>;
  /** The KPEP node of each README URI, for reveal. */
  readonly byUri: ReadonlyMap<string, KpepsNode>;
}

export function isFiltering(filter: KpepsFilter): boolean {
  return filter.statuses.length > 0 || filter.text !== '';
}

function matches(kpep: KpepSummary, filter: KpepsFilter): boolean {
  if (filter.statuses.length > 0 && !filter.statuses.includes(kpep.status ?? '')) {
    return false;
  }
  const text = filter.text.toLowerCase();
  return text === '' || `${kpep.id} ${kpep.title ?? ''}`.toLowerCase().includes(text) || String(kpep.kpepNumber) === text;
}

/**
 * The view's tree: status groups of each folder's KPEPs that pass the filter (under a node per
 * folder when several folders have KPEPs), each KPEP with its replaces / replaced by / see also.
 */
export function buildKpepsTree(options: { folders: readonly KpepFolderSummary[]; filter: KpepsFilter; uriKey: (uri: string) => string }): KpepsTree {
  const { folders, filter, uriKey } = options;
  const children = new Map<KpepsNode, KpepsNode[]>();
  const parents = new Map<KpepsNode, KpepsNode>();
  const byUri = new Map<string, KpepsNode>();
  const adopt = (parent: KpepsNode, nodes: KpepsNode[]): KpepsNode[] => {
    children.set(parent, nodes);
    nodes.forEach((node) => parents.set(node, parent));
    return nodes;
  };
  const statusGroups = (folder: KpepFolderSummary): KpepsNode[] => {
    // The first KPEP with each number is the one a relation names (a duplicate number is reported by the server).
    const byKpepNumber = new Map<number, KpepSummary>();
    for (const kpep of folder.kpeps) {
      if (kpep.kpepNumber !== null && !byKpepNumber.has(kpep.kpepNumber)) {
        byKpepNumber.set(kpep.kpepNumber, kpep);
      }
    }
    const byStatus = new Map<string | null, KpepSummary[]>();
    for (const kpep of folder.kpeps.filter((candidate) => matches(candidate, filter))) {
      const group = byStatus.get(kpep.status);
      if (group) {
        group.push(kpep);
      } else {
        byStatus.set(kpep.status, [kpep]);
      }
    }
    return [...byStatus]
      .sort(([a], [b]) => statusRank(a) - statusRank(b) || String(a).localeCompare(String(b)))
      .map(([status, kpeps]) => {
        const group: KpepsNode = { kind: 'status', folder, status, kpeps };
        adopt(
          group,
          [...kpeps].sort(byNumber).map((kpep) => {
            const node: KpepsNode = { kind: 'kpep', folder, kpep };
            byUri.set(uriKey(kpep.uri), node);
            adopt(node, relations(kpep, byKpepNumber));
            return node;
          }),
        );
        return group;
      });
  };
  const withKpeps = folders.filter((folder) => folder.kpeps.length > 0);
  // One folder needs no folder level; several get one group each.
  const roots =
    withKpeps.length === 1
      ? statusGroups(withKpeps[0]!)
      : withKpeps.flatMap((folder) => {
          const node: KpepsNode = { kind: 'folder', folder };
          const groups = adopt(node, statusGroups(folder));
          return groups.length > 0 ? [node] : [];
        });
  return { roots, children, parents, byUri };
}

function relations(kpep: KpepSummary, byKpepNumber: ReadonlyMap<number, KpepSummary>): KpepsNode[] {
  const listed: [Relation, readonly number[]][] = [
    ['replaces', kpep.replaces],
    ['replaced by', kpep.supersededBy],
    ['see also', kpep.seeAlso],
  ];
  return listed.flatMap(([relation, numbers]) => numbers.map((kpepNumber): KpepsNode => ({ kind: 'relation', relation, kpepNumber, target: byKpepNumber.get(kpepNumber), from: kpep })));
}

function byNumber(a: KpepSummary, b: KpepSummary): number {
  return (a.kpepNumber ?? Number.MAX_SAFE_INTEGER) - (b.kpepNumber ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id);
}
