/**
 * "KPEP: Show Replacement Graph": a webview of the server's `kpep/replacementGraph` for the active
 * KPEP's folder, nodes coloured by status with the theme's colours, the active KPEP highlighted and
 * scrolled to the centre; clicking a node (or Enter on it) opens that KPEP. It redraws when the
 * server reports the KPEP set changed. The page loads nothing: the SVG is drawn here, and a strict
 * Content-Security-Policy allows only its own nonce'd style and script.
 */
import { randomBytes } from 'node:crypto';
import { Uri, ViewColumn, window, workspace, type Disposable, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { KPEP_STATUSES, REPLACEMENT_GRAPH_REQUEST, type ReplacementGraph, type ReplacementGraphParams } from '../../server/src/protocol/kpepProtocol';
import type { KpepSet } from './kpepSet';
import { statusStyle, themeColorVariable } from './kpepStatusStyle';
import { renderGraphSvg } from './replacementGraphSvg';

export const SHOW_GRAPH_COMMAND = 'kpep.showReplacementGraph';
const VIEW_TYPE = 'kpep.replacementGraph';

/** What the page posts back. */
interface OpenMessage {
  readonly command: 'open';
  readonly uri: string;
}

export class ReplacementGraphPanel implements Disposable {
  private panel: WebviewPanel | undefined;
  private folderUri: string | undefined;
  private activeUri: string | undefined;
  private readonly subscriptions: Disposable[];
  // Answers can arrive out of order; only the latest may be drawn.
  private generation = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly kpeps: KpepSet,
  ) {
    this.subscriptions = [
      kpeps.onDidChange(() => void this.redraw()),
      window.onDidChangeActiveTextEditor((editor) => {
        // Only a KPEP of the graph's folder moves the highlight; other editors leave it.
        const kpep = editor && this.kpeps.kpepAt(editor.document.uri);
        if (this.panel && kpep && this.kpeps.folderOf(editor.document.uri)?.folderUri === this.folderUri) {
          this.activeUri = kpep.uri;
          void this.redraw();
        }
      }),
    ];
  }

  /** Opens (or brings forward) the graph of the active KPEP's folder; resolves with the page's HTML once drawn. */
  async show(): Promise<string | undefined> {
    const editorUri = window.activeTextEditor?.document.uri;
    const folder = this.kpeps.folderOf(editorUri) ?? (await this.pickFolder());
    if (!folder) {
      void window.showInformationMessage('Open a workspace folder with KPEPs to see their replacement graph.');
      return undefined;
    }
    this.folderUri = folder.folderUri;
    this.activeUri = editorUri ? this.kpeps.kpepAt(editorUri)?.uri : undefined;
    if (!this.panel) {
      this.panel = window.createWebviewPanel(VIEW_TYPE, 'KPEP Replacement Graph', ViewColumn.Beside, { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message: OpenMessage) => {
        // Only a KPEP the server knows is opened, whatever the page sends.
        const kpep = message?.command === 'open' && typeof message.uri === 'string' ? this.kpeps.kpepAt(Uri.parse(message.uri)) : undefined;
        if (kpep) {
          void window.showTextDocument(Uri.parse(kpep.uri), { viewColumn: ViewColumn.One });
        }
      });
    } else {
      this.panel.reveal(undefined, true);
    }
    return this.redraw();
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.panel?.dispose();
  }

  private async pickFolder(): Promise<{ folderUri: string } | undefined> {
    const picked = (workspace.workspaceFolders?.length ?? 0) > 1 ? await window.showWorkspaceFolderPick({ placeHolder: 'Whose KPEPs?' }) : workspace.workspaceFolders?.[0];
    return picked ? { folderUri: picked.uri.toString() } : undefined;
  }

  private async redraw(): Promise<string | undefined> {
    const panel = this.panel;
    if (!panel || !this.folderUri) {
      return undefined;
    }
    const asked = ++this.generation;
    const folderName = this.kpeps.all().find((folder) => folder.folderUri === this.folderUri)?.name;
    let graph: ReplacementGraph;
    try {
      graph = await this.client.sendRequest<ReplacementGraph>(REPLACEMENT_GRAPH_REQUEST, { folderUri: this.folderUri } satisfies ReplacementGraphParams);
    } catch (error) {
      void window.showWarningMessage(`The replacement graph is not available: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (asked !== this.generation || panel !== this.panel) {
      return undefined;
    }
    panel.title = folderName && this.kpeps.all().length > 1 ? `KPEP Replacement Graph: ${folderName}` : 'KPEP Replacement Graph';
    panel.webview.html = graphPage({ graph, activeUri: this.activeUri });
    return panel.webview.html;
  }
}

function graphPage(options: { readonly graph: ReplacementGraph; readonly activeUri: string | undefined }): string {
  const nonce = randomBytes(16).toString('base64');
  const svg = renderGraphSvg({ graph: options.graph, activeUri: options.activeUri });
  const statusRules = [...KPEP_STATUSES, 'none']
    .map((status) => `.status-${status}{--status:${themeColorVariable(statusStyle(status === 'none' ? null : status).color)}}`)
    .join('\n');
  const center = svg.activeCenter ? `data-center-x="${svg.activeCenter.x}" data-center-y="${svg.activeCenter.y}"` : '';
  const legend = KPEP_STATUSES.map((status) => `<span class="status-${status}"><i></i>${status}</span>`).join('');
  const body =
    options.graph.nodes.length === 0
      ? '<p class="empty">No KPEP in this folder has a number yet.</p>'
      : `<div id="graph" ${center}>${svg.markup}</div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>KPEP Replacement Graph</title>
<style nonce="${nonce}">
body{margin:0;padding:0;color:var(--vscode-foreground);background:var(--vscode-editor-background);font-family:var(--vscode-font-family);font-size:12px}
header{position:sticky;top:0;display:flex;gap:14px;flex-wrap:wrap;padding:6px 12px;background:var(--vscode-editor-background);border-bottom:1px solid var(--vscode-panel-border);z-index:1}
header span{display:inline-flex;align-items:center;gap:5px}
header i{display:inline-block;width:10px;height:10px;border-radius:3px;background:var(--status)}
header .line{width:22px;height:0;border-top:2px solid var(--vscode-foreground);border-radius:0;background:none}
header .dashed{border-top-style:dashed;opacity:.7}
.node rect{fill:var(--vscode-editorWidget-background);stroke:var(--status);stroke-width:1.5}
.node rect.band{fill:var(--status);stroke:none}
.node text{fill:var(--vscode-foreground);font-family:var(--vscode-font-family);font-size:12px}
.node text.id{font-weight:600}
.node .status{font-weight:400;fill:var(--vscode-descriptionForeground)}
.node{cursor:pointer}
.node:hover rect:not(.band),.node:focus rect:not(.band){fill:var(--vscode-list-hoverBackground)}
.node:focus{outline:none}
.node:focus rect:not(.band){stroke:var(--vscode-focusBorder);stroke-width:2}
.node.active rect:not(.band){stroke:var(--vscode-focusBorder);stroke-width:3;fill:var(--vscode-editor-selectionBackground)}
.edge{fill:none;stroke:var(--vscode-foreground);stroke-width:1.5}
.edge.see-also{stroke-dasharray:5 4;opacity:.6}
.arrowhead{fill:var(--vscode-foreground)}
.empty{padding:12px;color:var(--vscode-descriptionForeground)}
${statusRules}
</style>
</head>
<body>
<header>${legend}<span><i class="line"></i>replaced by</span><span><i class="line dashed"></i>see also</span></header>
${body}
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const open = (node) => vscode.postMessage({ command: 'open', uri: node.dataset.uri });
  for (const node of document.querySelectorAll('.node')) {
    node.addEventListener('click', () => open(node));
    node.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); open(node); } });
  }
  const graph = document.getElementById('graph');
  if (graph && graph.dataset.centerX) {
    window.scrollTo({ left: Number(graph.dataset.centerX) - window.innerWidth / 2, top: Number(graph.dataset.centerY) - window.innerHeight / 2 });
  }
})();
</script>
</body>
</html>`;
}
