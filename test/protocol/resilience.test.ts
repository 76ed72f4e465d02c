/**
 * The server survives its own failures: a request that throws fails alone, a cancelled pull is
 * answered as cancelled, and a thousand rapid edits leave its memory flat.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol/node';
import { cleanKpep, frontMatter, kpepBody } from '../helpers/kpepFixtures';
import { makeWorkspace, serversForFile, type LspTestServer } from '../helpers/lspServer';

const KPEP = 'kpeps/0007-pluggable-storage/README.md';
const servers = serversForFile();

function startServer(): Promise<LspTestServer> {
  return servers.start({ root: servers.removeAfter(makeWorkspace({})), pull: true });
}

async function rejection(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `expected an LSP error response, got ${String(error)}`);
    return error;
  }
  assert.fail('the request succeeded');
}

test('a request whose handler throws fails alone; the server answers the next one', async () => {
  const server = await startServer();
  const uri = await server.open(KPEP, cleanKpep());
  // No textDocument: the handler dereferences undefined, a real exception inside it.
  for (const [method, params] of [
    ['textDocument/diagnostic', {}],
    ['textDocument/hover', { position: { line: 0, character: 0 } }],
    ['textDocument/definition', { textDocument: { uri } }],
    ['textDocument/codeAction', { textDocument: { uri }, range: null, context: null }],
  ] as const) {
    const error = await rejection(server.connection.sendRequest(method, params));
    assert.ok(typeof error.code === 'number', `${method}: ${error.message}`);
    assert.ok(Array.isArray(await server.pull(uri)), `no answer after a failing ${method}`);
  }
  // Malformed notifications fail silently, and the server goes on.
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///nowhere.md', version: 2 }, contentChanges: [{ text: 'x' }] });
  await server.connection.sendNotification('textDocument/didOpen', {});
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 42, type: 1 }] });
  assert.ok(Array.isArray(await server.pull(uri)));
  assert.equal(server.exited, false);
});

test('a pull cancelled with $/cancelRequest is answered as cancelled, and the next pull is served', async () => {
  const server = await startServer();
  const uri = await server.open(KPEP, frontMatter() + kpepBody({ omit: ['Summary'] }));
  // A pull of a long KPEP keeps the server parsing while the next pull and its cancellation queue
  // up behind it, so the cancellation is read before that pull's handler runs, however busy the machine.
  const long = await server.open('kpeps/0008-long/README.md', frontMatter() + kpepBody({ extra: { Summary: 'A long summary. '.repeat(20_000) } }));
  const busy = server.pull(long);
  const source = new CancellationTokenSource();
  const pending = server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
  source.cancel();
  const cancelled = rejection(pending);
  await busy;
  const error = await cancelled;
  // ServerCancelled from the handler, or RequestCancelled if the connection answered first.
  assert.ok([-32802, -32800].includes(error.code), `code ${error.code}: ${error.message}`);
  assert.ok((await server.pull(uri)).some((d) => d.code === 'missing-section'));
});

test('1,000 rapid edits leave the server answering and its memory flat', async (context) => {
  const server = await startServer();
  if (server.residentMegabytes() === undefined) {
    context.skip('no /proc to read the server RSS from');
    return;
  }
  const variants = [cleanKpep(), frontMatter() + kpepBody({ omit: ['Summary'] }), cleanKpep({ status: 'bogus' })];
  const uri = await server.open(KPEP, variants[0]!);
  let version = 1;
  const edit = async (count: number): Promise<void> => {
    for (let index = 0; index < count; index++) {
      version++;
      // Alternate whole-text and incremental edits; pull now and then so each version is parsed.
      if (version % 2) {
        await server.change(uri, version, [{ text: variants[version % variants.length]! }]);
      } else {
        await server.change(uri, version, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: `x${version}` }]);
      }
      if (version % 10 === 0) {
        await server.pull(uri);
      }
    }
  };
  // Warm up first: the JIT, the caches and the heap reach their working size.
  await edit(200);
  const before = server.residentMegabytes()!;
  await edit(1_000);
  assert.ok(Array.isArray(await server.pull(uri)));
  const growth = server.residentMegabytes()! - before;
  assert.ok(growth < 80, `RSS grew by ${growth.toFixed(1)} MB over 1,000 edits (from ${before.toFixed(1)} MB)`);
});
