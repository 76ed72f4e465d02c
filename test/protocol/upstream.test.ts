import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CodeAction, CompletionItem } from 'vscode-languageserver-protocol';
import { serverOnExamples } from '../helpers/lspServer';

const { root, server } = serverOnExamples({ name: 'upstream', pull: true });

const K5 = 'kpeps/0005-streaming-watch/README.md';
const text = (path: string): string => readFileSync(join(root, path), 'utf8');

test('the H1 offers "Export as upstream KEP…", and the command writes the export and returns its report', async () => {
  const uri = await server.open(K5, text(K5));
  const h1Line = text(K5).split('\n').indexOf('# KPEP-0005: Streaming watch API');
  const range = { start: { line: h1Line, character: 3 }, end: { line: h1Line, character: 3 } };
  const onH1 = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
  const action = onH1.find((candidate) => candidate.title === 'Export as upstream KEP…');
  assert.deepEqual(action?.command?.arguments, [uri]);
  const elsewhere = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: h1Line + 4, character: 0 }, end: { line: h1Line + 4, character: 0 } }, context: { diagnostics: [] } });
  assert.ok(!elsewhere.some((candidate) => candidate.title === 'Export as upstream KEP…'), 'only on the H1');

  const upstreamDirectory = join(root, 'enhancements');
  const needsSig = await server.request<{ kind: string }>('workspace/executeCommand', { command: 'kpep.server.exportUpstream', arguments: [{ uri, upstreamDirectory }] });
  assert.deepEqual(needsSig, { kind: 'needs-sig' });
  assert.ok(!existsSync(upstreamDirectory));
  const exported = await server.request<{ kind: string; report: string; valid: boolean }>('workspace/executeCommand', {
    command: 'kpep.server.exportUpstream',
    arguments: [{ uri, upstreamDirectory, sig: 'sig-api-machinery', kepNumber: 4100 }],
  });
  assert.equal(exported.kind, 'exported');
  assert.equal(exported.valid, false);
  assert.match(exported.report, /^Wrote keps\/sig-api-machinery\/4100-streaming-watch\/README.md\n/);
  assert.match(readFileSync(join(upstreamDirectory, 'keps/sig-api-machinery/4100-streaming-watch/README.md'), 'utf8'), /^# KEP-4100: Streaming watch API/);
  const again = await server.request<{ kind: string }>('workspace/executeCommand', { command: 'kpep.server.exportUpstream', arguments: [{ uri, upstreamDirectory, sig: 'sig-api-machinery', kepNumber: 4100 }] });
  assert.equal(again.kind, 'target-exists');
});

test('completion offers the upstream front-matter fields not yet present, and the stages', async () => {
  const uri = await server.open(K5, text(K5));
  const lines = text(K5).split('\n');
  const closing = lines.indexOf('---', 1);
  await server.change(uri, 2, [{ range: { start: { line: closing, character: 0 }, end: { line: closing, character: 0 } }, text: 'own\nstage: \n' }]);
  const names = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: closing, character: 3 } });
  const owning = names.find((item) => item.label === 'owning-sig');
  assert.equal(owning?.textEdit && 'newText' in owning.textEdit ? owning.textEdit.newText : undefined, 'owning-sig: ');
  assert.ok(!names.some((item) => item.label === 'title'), 'title is already there');
  const stages = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: closing + 1, character: 7 } });
  assert.deepEqual(stages.map((item) => item.label), ['alpha', 'beta', 'stable']);
});
