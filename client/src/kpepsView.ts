/**
 * The KPEPs view: every KPEP of the workspace grouped by status (one group per folder in a
 * multi-root workspace), each with its replaces / replaced by / see also, from the server's last
 * `kpep/kpeps` answer. It follows the set live, reveals the active KPEP, and filters by status and
 * text. Its context menu opens a KPEP, changes its status through the server's status actions, and
 * starts a KPEP that replaces it.
 */
import {
  commands,
  EventEmitter,
  MarkdownString,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  window,
  type Disposable,
  type Event,
  type TreeDataProvider,
  type TreeView,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, formatKpepId, KPEP_STATUSES, STATUS_MEANINGS, type KpepSummary } from '../../server/src/protocol/kpepProtocol';
import type { KpepSet } from './kpepSet';
import { statusStyle } from './kpepStatusStyle';
import { buildKpepsTree, isFiltering, NO_FILTER, type KpepsFilter, type KpepsNode, type KpepsTree } from './kpepsTree';
import type { NewKpepArguments } from './newKpepCommand';
import { changeKpepStatus, type ChangeStatusArguments } from './statusActions';

const KPEPS_VIEW_ID = 'kpep.kpeps';

/** The view's commands (package.json contributes them with their menus). */
const KPEPS_VIEW_COMMANDS = {
  open: 'kpep.kpeps.open',
  changeStatus: 'kpep.kpeps.changeStatus',
  newReplacing: 'kpep.kpeps.newKpepReplacing',
  filter: 'kpep.kpeps.filter',
  clearFilter: 'kpep.kpeps.clearFilter',
} as const;

/** Context keys the manifest's when-clauses read. */
const CONTEXT = { loaded: 'kpep.kpepsLoaded', hasKpeps: 'kpep.hasKpeps', filtered: 'kpep.kpepsFiltered' } as const;

export class KpepsTreeProvider implements TreeDataProvider<KpepsNode>, Disposable {
  private tree: KpepsTree = buildKpepsTree({ folders: [], filter: NO_FILTER, uriKey });
  private currentFilter: KpepsFilter = NO_FILTER;
  private readonly changed = new EventEmitter<KpepsNode | undefined>();
  readonly onDidChangeTreeData: Event<KpepsNode | undefined> = this.changed.event;
  private readonly subscription: Disposable;

  constructor(private readonly kpeps: KpepSet) {
    this.subscription = kpeps.onDidChange(() => this.rebuild());
  }

  get filter(): KpepsFilter {
    return this.currentFilter;
  }

  setFilter(filter: KpepsFilter): void {
    this.currentFilter = { statuses: filter.statuses, text: filter.text.trim() };
    void commands.executeCommand('setContext', CONTEXT.filtered, isFiltering(this.currentFilter));
    this.rebuild();
  }

  nodeOf(uri: Uri): KpepsNode | undefined {
    return this.tree.byUri.get(uri.toString());
  }

  getChildren(node?: KpepsNode): KpepsNode[] {
    return [...(node ? (this.tree.children.get(node) ?? []) : this.tree.roots)];
  }

  getParent(node: KpepsNode): KpepsNode | undefined {
    return this.tree.parents.get(node);
  }

  getTreeItem(node: KpepsNode): TreeItem {
    return treeItem(node, (this.tree.children.get(node)?.length ?? 0) > 0);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private rebuild(): void {
    const folders = this.kpeps.all();
    this.tree = buildKpepsTree({ folders, filter: this.currentFilter, uriKey });
    void commands.executeCommand('setContext', CONTEXT.loaded, true);
    void commands.executeCommand('setContext', CONTEXT.hasKpeps, folders.some((folder) => folder.kpeps.length > 0));
    this.changed.fire(undefined);
  }
}

/** A README URI as VS Code spells it, so the active editor's URI finds its node. */
function uriKey(uri: string): string {
  return Uri.parse(uri).toString();
}

function kpepLabel(kpep: KpepSummary): string {
  return kpep.title ? `${kpep.id} ${kpep.title}` : kpep.id;
}

function statusIcon(status: string | null): ThemeIcon {
  const style = statusStyle(status);
  return new ThemeIcon(style.codicon, new ThemeColor(style.color));
}

function openCommand(uri: string): { command: string; title: string; arguments: unknown[] } {
  return { command: KPEPS_VIEW_COMMANDS.open, title: 'Open KPEP', arguments: [Uri.parse(uri)] };
}

function treeItem(node: KpepsNode, hasChildren: boolean): TreeItem {
  const expandable = hasChildren ? TreeItemCollapsibleState.Collapsed : TreeItemCollapsibleState.None;
  switch (node.kind) {
    case 'folder': {
      const item = new TreeItem(node.folder.name, TreeItemCollapsibleState.Expanded);
      item.id = node.folder.folderUri;
      item.iconPath = ThemeIcon.Folder;
      item.description = `${node.folder.kpeps.length}`;
      return item;
    }
    case 'status': {
      const item = new TreeItem(node.status ?? 'no status', TreeItemCollapsibleState.Expanded);
      item.id = `${node.folder.folderUri}#status:${node.status}`;
      item.description = `${node.kpeps.length}`;
      item.iconPath = statusIcon(node.status);
      item.tooltip = node.status && node.status in STATUS_MEANINGS ? STATUS_MEANINGS[node.status as keyof typeof STATUS_MEANINGS] : 'KPEPs without a valid status';
      item.contextValue = 'kpepStatusGroup';
      return item;
    }
    case 'kpep': {
      const { kpep } = node;
      const item = new TreeItem(kpepLabel(kpep), expandable);
      item.id = `${node.folder.folderUri}#${kpep.uri}`;
      item.iconPath = statusIcon(kpep.status);
      if (kpep.status === 'replaced' && kpep.supersededBy.length > 0) {
        item.description = `→ ${kpep.supersededBy.map(formatKpepId).join(', ')}`;
      }
      item.tooltip = kpepTooltip(kpep);
      item.command = openCommand(kpep.uri);
      item.contextValue = 'kpep';
      return item;
    }
    case 'relation': {
      const item = new TreeItem(node.target ? kpepLabel(node.target) : formatKpepId(node.kpepNumber));
      item.id = `${node.from.uri}#${node.relation}:${node.kpepNumber}`;
      item.description = node.target ? node.relation : `${node.relation} · no such KPEP`;
      item.iconPath = node.target ? statusIcon(node.target.status) : new ThemeIcon('warning');
      if (node.target) {
        item.tooltip = kpepTooltip(node.target);
        item.command = openCommand(node.target.uri);
        item.contextValue = 'kpepReference';
      }
      return item;
    }
  }
}

function kpepTooltip(kpep: KpepSummary): MarkdownString {
  const lines = [`**${kpep.id}**${kpep.title ? `: ${escapeMarkdown(kpep.title)}` : ''}`, '', `status: ${kpep.status ?? 'none'}`];
  if (kpep.authors.length > 0) {
    lines.push(`authors: ${kpep.authors.map(escapeMarkdown).join(', ')}`);
  }
  if (kpep.lastUpdated ?? kpep.creationDate) {
    lines.push(`updated: ${kpep.lastUpdated ?? kpep.creationDate}`);
  }
  return new MarkdownString(lines.join('  \n'));
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

/** The KPEP a context-menu or inline command was given: a tree node, or a URI from an item's click. */
function kpepOf(argument: unknown, set: KpepSet): KpepSummary | undefined {
  if (argument instanceof Uri) {
    return set.kpepAt(argument);
  }
  const node = argument as KpepsNode | undefined;
  return node?.kind === 'kpep' ? node.kpep : node?.kind === 'relation' ? node.target : undefined;
}

export function registerKpepsView(client: LanguageClient, set: KpepSet): { provider: KpepsTreeProvider; disposable: Disposable } {
  const provider = new KpepsTreeProvider(set);
  const view: TreeView<KpepsNode> = window.createTreeView(KPEPS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const reveal = (): void => {
    const uri = window.activeTextEditor?.document.uri;
    const node = uri && view.visible ? provider.nodeOf(uri) : undefined;
    if (node) {
      void view.reveal(node, { select: true, focus: false });
    }
  };
  const describeFilter = (): void => {
    const { statuses, text } = provider.filter;
    const parts = [statuses.length > 0 ? `status ${statuses.join(', ')}` : '', text ? `"${text}"` : ''].filter(Boolean);
    view.message = parts.length > 0 ? `Filtered: ${parts.join(' · ')}` : undefined;
  };
  const disposables: Disposable[] = [
    provider,
    view,
    view.onDidChangeVisibility(reveal),
    window.onDidChangeActiveTextEditor(reveal),
    provider.onDidChangeTreeData(() => {
      describeFilter();
      // A new answer rebuilds every node; select the active KPEP's new one.
      reveal();
    }),
    commands.registerCommand(KPEPS_VIEW_COMMANDS.open, async (argument: unknown) => {
      const kpep = kpepOf(argument, set);
      const uri = kpep ? Uri.parse(kpep.uri) : argument instanceof Uri ? argument : undefined;
      if (uri) {
        await window.showTextDocument(uri, { preview: true });
      }
    }),
    commands.registerCommand(KPEPS_VIEW_COMMANDS.changeStatus, async (argument: unknown, given?: ChangeStatusArguments) => {
      const kpep = kpepOf(argument, set);
      return kpep ? changeKpepStatus(client, { uri: Uri.parse(kpep.uri), title: given?.title }) : false;
    }),
    commands.registerCommand(KPEPS_VIEW_COMMANDS.newReplacing, async (argument: unknown, given?: { readonly title?: string }) => {
      const kpep = kpepOf(argument, set);
      if (kpep?.kpepNumber === null || kpep?.kpepNumber === undefined) {
        return undefined;
      }
      const folder = set.folderOf(Uri.parse(kpep.uri));
      const preset: NewKpepArguments = { replaces: kpep.kpepNumber, folderUri: folder?.folderUri, title: given?.title };
      return commands.executeCommand(CLIENT_COMMANDS.newKpep, preset);
    }),
    commands.registerCommand(KPEPS_VIEW_COMMANDS.filter, async (given?: KpepsFilter) => {
      const filter = given ?? (await askFilter(provider.filter));
      if (filter) {
        provider.setFilter(filter);
      }
    }),
    commands.registerCommand(KPEPS_VIEW_COMMANDS.clearFilter, () => provider.setFilter(NO_FILTER)),
  ];
  return { provider, disposable: { dispose: () => disposables.forEach((disposable) => disposable.dispose()) } };
}

/** One pick: tick statuses, and type text the id or title must contain. */
async function askFilter(current: KpepsFilter): Promise<KpepsFilter | undefined> {
  const pick = window.createQuickPick<{ label: string; description: string; status: string }>();
  pick.title = 'Filter KPEPs';
  pick.placeholder = 'Type text the number or title must contain; tick the statuses to show (none: all)';
  pick.canSelectMany = true;
  // Typed text is the filter, so it must not hide the status rows.
  pick.items = KPEP_STATUSES.map((status) => ({ label: status, description: STATUS_MEANINGS[status], status, alwaysShow: true }));
  pick.selectedItems = pick.items.filter((item) => current.statuses.includes(item.status));
  pick.value = current.text;
  const accepted = await new Promise<boolean>((resolve) => {
    pick.onDidAccept(() => resolve(true));
    pick.onDidHide(() => resolve(false));
    pick.show();
  });
  const filter = { statuses: pick.selectedItems.map((item) => item.status), text: pick.value };
  pick.dispose();
  return accepted ? filter : undefined;
}
