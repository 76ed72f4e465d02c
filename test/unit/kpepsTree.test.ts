/** The KPEPs view's tree: folder and status grouping, the filter, and the relations under each KPEP. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKpepsTree, NO_FILTER, type KpepsFilter, type KpepsNode, type KpepsTree } from '../../client/src/kpepsTree';
import type { KpepFolderSummary, KpepSummary } from '../../server/src/protocol/kpepProtocol';
import { cpuTimed } from '../helpers/cpuTime';

function kpep(folder: string, kpepNumber: number, status: string | null, more: Partial<KpepSummary> = {}): KpepSummary {
  const id = `KPEP-${String(kpepNumber).padStart(4, '0')}`;
  return {
    kpepNumber,
    id,
    title: `Proposal ${kpepNumber}`,
    status,
    uri: `file:///${folder}/kpeps/${String(kpepNumber).padStart(4, '0')}-proposal/README.md`,
    authors: [],
    creationDate: null,
    lastUpdated: null,
    replaces: [],
    supersededBy: [],
    seeAlso: [],
    latestSuccessor: null,
    ...more,
  };
}

function folder(name: string, kpeps: readonly KpepSummary[]): KpepFolderSummary {
  return { folderUri: `file:///${name}`, name, kpeps } as KpepFolderSummary;
}

const platform = folder('platform', [
  kpep('platform', 3, 'replaced', { supersededBy: [7] }),
  kpep('platform', 7, 'implemented', { replaces: [3], seeAlso: [12] }),
  kpep('platform', 2, 'provisional', { title: 'Watch cache' }),
  kpep('platform', 5, 'provisonal'),
  kpep('platform', 9, null),
]);
const docs = folder('docs', [kpep('docs', 1, 'provisional'), kpep('docs', 4, 'implementable')]);
const empty = folder('scratch', []);

/** Each node as one line, indented by depth: what the view shows, minus icons. */
function outline(tree: KpepsTree): string[] {
  const label = (node: KpepsNode): string => {
    switch (node.kind) {
      case 'folder':
        return `folder ${node.folder.name}`;
      case 'status':
        return `${node.status ?? 'no status'} (${node.kpeps.length})`;
      case 'kpep':
        return node.kpep.id;
      case 'relation':
        return `${node.relation} ${node.kpepNumber}${node.target ? '' : ' (missing)'}`;
    }
  };
  const lines: string[] = [];
  // Reveal climbs from a KPEP through its parents: each node's parent is the one it is listed under.
  const walk = (nodes: readonly KpepsNode[], parent: KpepsNode | undefined, depth: number): void => {
    for (const node of nodes) {
      lines.push(`${'  '.repeat(depth)}${label(node)}`);
      assert.equal(tree.parents.get(node), parent);
      walk(tree.children.get(node) ?? [], node, depth + 1);
    }
  };
  walk(tree.roots, undefined, 0);
  return lines;
}

const identity = (uri: string): string => uri;

test('one folder with KPEPs: status groups at the top, in lifecycle order, an unknown or missing status last', () => {
  const tree = buildKpepsTree({ folders: [platform, empty], filter: NO_FILTER, uriKey: identity });
  assert.deepEqual(outline(tree), [
    'provisional (1)',
    '  KPEP-0002',
    'implemented (1)',
    '  KPEP-0007',
    '    replaces 3',
    '    see also 12 (missing)',
    'replaced (1)',
    '  KPEP-0003',
    '    replaced by 7',
    'no status (1)',
    '  KPEP-0009',
    'provisonal (1)',
    '  KPEP-0005',
  ]);
});

test('several folders with KPEPs: a node per folder, the empty one left out, each KPEP findable by its URI', () => {
  const tree = buildKpepsTree({ folders: [docs, empty, platform], filter: NO_FILTER, uriKey: (uri) => uri.toUpperCase() });
  const roots = tree.roots.map((node) => (node.kind === 'folder' ? node.folder.name : node.kind));
  assert.deepEqual(roots, ['docs', 'platform']);
  assert.deepEqual(outline(tree).slice(0, 5), ['folder docs', '  provisional (1)', '    KPEP-0001', '  implementable (1)', '    KPEP-0004']);
  const found = tree.byUri.get(kpep('docs', 4, null).uri.toUpperCase());
  assert.equal(found?.kind === 'kpep' && found.kpep.id, 'KPEP-0004');
  assert.equal(found && tree.parents.get(tree.parents.get(found)!)?.kind, 'folder');
  assert.equal(tree.byUri.size, 7);
});

test('the filter keeps matching KPEPs only; a folder left with none disappears, and the folder level stays', () => {
  const byStatus: KpepsFilter = { statuses: ['implementable'], text: '' };
  assert.deepEqual(outline(buildKpepsTree({ folders: [docs, platform], filter: byStatus, uriKey: identity })), ['folder docs', '  implementable (1)', '    KPEP-0004']);
  const byTitle: KpepsFilter = { statuses: [], text: 'watch' };
  assert.deepEqual(outline(buildKpepsTree({ folders: [docs, platform], filter: byTitle, uriKey: identity })), ['folder platform', '  provisional (1)', '    KPEP-0002']);
  const byNumber: KpepsFilter = { statuses: [], text: '7' };
  assert.deepEqual(outline(buildKpepsTree({ folders: [platform], filter: byNumber, uriKey: identity })), ['implemented (1)', '  KPEP-0007', '    replaces 3', '    see also 12 (missing)']);
  assert.deepEqual(outline(buildKpepsTree({ folders: [docs, platform], filter: { statuses: ['withdrawn'], text: '' }, uriKey: identity })), []);
});

test('the tree of 20,000 KPEPs in one status, each replacing the one before, builds in time linear in them', () => {
  const many = folder(
    'large',
    Array.from({ length: 20_000 }, (_, at) => kpep('large', at + 1, 'provisional', { replaces: at > 0 ? [at] : [] })),
  );
  const { result: tree, ms } = cpuTimed(() => buildKpepsTree({ folders: [many], filter: NO_FILTER, uriKey: identity }));
  assert.equal(tree.byUri.size, 20_000);
  const last = tree.byUri.get(kpep('large', 20_000, null).uri);
  const [replaces] = (last && tree.children.get(last)) ?? [];
  assert.equal(replaces?.kind === 'relation' && replaces.target?.kpepNumber, 19_999);
  assert.ok(ms < 1_000, `${Math.round(ms)} ms of CPU`);
});
