/**
 * Drives the built `dist/server.js --stdio` with a real LSP client connection. Every wait has a
 * deadline and polls a condition; nothing sleeps a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

export const SERVER_PATH = resolve(__dirname, '../../../dist/server.js');
const TEST_CACHE = mkdtempSync(join(tmpdir(), 'kpep-test-cache-'));
process.on('exit', () => rmSync(TEST_CACHE, { recursive: true, force: true }));

/** Writes files (workspace-relative path → text) into a fresh temporary workspace. */
export function makeWorkspace(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'kpep-ws-'));
  for (const [path, text] of Object.entries(files)) {
    writeWorkspaceFile(root, path, text);
  }
  return root;
}

export function writeWorkspaceFile(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

export function fileUri(root: string, path: string): string {
  return pathToFileURL(join(root, path)).href;
}

export async function waitFor<T>(what: string, probe: () => T | undefined, deadlineMs = 10_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface ServerOptions {
  readonly root: string;
  /** Pull diagnostics (LSP 3.17) instead of push. */
  readonly pull?: boolean;
  /** What the server gets back for workspace/configuration, per request item. */
  readonly settings?: () => unknown;
  /** Applies a workspace/applyEdit from the server; returns whether it was applied. */
  readonly applyEdit?: (edit: WorkspaceEdit) => boolean;
  /** The program that serves, with its arguments (default: node dist/server.js --stdio), e.g. an installed kpep-language-server. */
  readonly command?: readonly [string, ...string[]];
  /** False for a client without workspace-folder support (none sent, no capability). */
  readonly workspaceFolders?: boolean;
  /** The workspace folder's URI as the client spells it (default: Node's file URL of `root`). */
  readonly rootUri?: string;
  /**
   * Answers the server's window/workDoneProgress/create (indexing starts with it) only once this
   * resolves: a test holds the index back, deterministically, without sleeping.
   */
  readonly holdIndexing?: Promise<void>;
  /** Sent as initialize's initializationOptions. */
  readonly initializationOptions?: unknown;
}

export class LspTestServer {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly registrations: string[] = [];
  private readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  private readonly stderr: string[] = [];

  constructor(private readonly options: ServerOptions) {
    const [program, ...args] = options.command ?? [process.execPath, SERVER_PATH, '--stdio'];
    // The index the server keeps between runs goes to this test run's own cache folder.
    this.process = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, XDG_CACHE_HOME: TEST_CACHE } });
    this.process.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params);
    });
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      this.registrations.push(...params.registrations.map((registration) => registration.method));
      return null;
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => options.settings?.() ?? null));
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    this.connection.onRequest('workspace/inlayHint/refresh', () => {
      this.inlayHintRefreshes++;
      return null;
    });
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logMessages.push(params);
    });
    this.connection.onRequest('window/workDoneProgress/create', async () => {
      await options.holdIndexing;
      return null;
    });
    this.connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params.edit);
      return { applied: options.applyEdit?.(params.edit) ?? true };
    });
    this.connection.onNotification('$/progress', (params: { value: { kind: string; title?: string; message?: string } }) => {
      this.progress.push(params.value);
    });
    this.connection.listen();
  }

  refreshes = 0;
  inlayHintRefreshes = 0;
  /** Every window/logMessage the server sent (type 1 is an error). */
  readonly logMessages: { type: number; message: string }[] = [];
  /** Every workspace/applyEdit the server sent. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  /** Every work-done progress value the server reported, in order. */
  readonly progress: { kind: string; title?: string; message?: string }[] = [];

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceFolders: this.options.workspaceFolders !== false,
        applyEdit: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] },
        inlayHint: { refreshSupport: true },
      },
      window: { workDoneProgress: true },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        codeAction: { disabledSupport: true, dataSupport: true, resolveSupport: { properties: ['edit'] }, isPreferredSupport: true },
        ...(this.options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
      },
    };
    const rootUri = this.options.rootUri ?? pathToFileURL(this.options.root).href;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      ...(this.options.workspaceFolders === false ? {} : { workspaceFolders: [{ uri: rootUri, name: 'workspace' }] }),
      capabilities,
      ...(this.options.initializationOptions === undefined ? {} : { initializationOptions: this.options.initializationOptions }),
    });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  async open(path: string, text: string, version = 1): Promise<string> {
    const uri = fileUri(this.options.root, path);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    return uri;
  }

  async change(uri: string, version: number, changes: readonly { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Waits until the server publishes diagnostics for `uri` that satisfy `accept`. */
  waitForPublished(uri: string, accept: (params: PublishDiagnosticsParams) => boolean, what: string): Promise<Diagnostic[]> {
    return waitFor(what, () => {
      const params = this.published.get(uri);
      return params && accept(params) ? params.diagnostics : undefined;
    });
  }

  async pull(uri: string): Promise<Diagnostic[]> {
    const report = (await this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] };
    return report.items;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  /** Resolves once the start-up index is built (its work-done progress ended). */
  indexed(): Promise<true> {
    return waitFor('the index to be built', () => (this.progress.some((value) => value.kind === 'end') ? true : undefined));
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      if (this.process.exitCode === null) {
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      }
      this.process.kill();
      this.connection.dispose();
    }
  }

  /** The server's resident memory in MB, from /proc; undefined where there is no /proc. */
  residentMegabytes(): number | undefined {
    try {
      const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.process.pid}/status`, 'utf8'))?.[1];
      return kilobytes === undefined ? undefined : Number(kilobytes) / 1024;
    } catch {
      return undefined;
    }
  }

  /** True once the server process has exited, for whatever reason. */
  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  get errorOutput(): string {
    return this.stderr.join('');
  }
}

export const EXAMPLES = resolve(__dirname, '../../../examples');

/**
 * A server on a fresh copy of examples/ for one test file: started and indexed before its tests,
 * shut down and the copy removed after them.
 */
export function serverOnExamples(options: Omit<ServerOptions, 'root'> & { name: string }): { root: string; server: LspTestServer } {
  const root = mkdtempSync(join(tmpdir(), `kpep-${options.name}-`));
  cpSync(EXAMPLES, root, { recursive: true });
  const server = new LspTestServer({ ...options, root });
  before(async () => {
    await server.initialize();
    await server.indexed();
  });
  after(async () => {
    await server.shutdown();
    rmSync(root, { recursive: true, force: true });
  });
  return { root, server };
}
