import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { relativeLinkTarget } from '../../server/src/core/diagnostics/linkRules';
import { lintKpeps } from '../../server/src/core/lint';
import { loadKpepProject } from '../../server/src/core/project';
import { InMemoryWorkspaceFiles, type PathKind } from '../../server/src/core/workspace';
import { NodeWorkspaceFiles } from '../../server/src/node/nodeWorkspaceFiles';
import { messageOf } from '../helpers/kpepFixtures';
import { kpepPath, kpepText, lintWorkspace, workspaceFiles, type KpepSpec } from '../helpers/kpepWorkspace';

const STORAGE: KpepSpec = { number: 1, directory: '0001-storage' };
const OTHER_2290: KpepSpec = { number: 2290, directory: '2290-other-name' };

async function brokenLinks(summary: string, extra: Record<string, string> = {}, specs: readonly KpepSpec[] = [STORAGE, OTHER_2290]): Promise<Diagnostic[]> {
  const spec: KpepSpec = { number: 4, summary };
  const files = workspaceFiles([spec, ...specs]);
  for (const [path, text] of Object.entries(extra)) {
    files.set(path, text);
  }
  const results = await lintWorkspace(files);
  return (results.get(kpepPath(spec)) ?? []).filter((diagnostic) => diagnostic.code === 'broken-link');
}

test('broken-link fires on a relative link to a file that is not in the workspace, at the link', async () => {
  const [diagnostic, ...rest] = await brokenLinks('See [the design](./design.md) for details.');
  assert.equal(rest.length, 0);
  assert.ok(diagnostic);
  assert.equal(diagnostic.severity, 2);
  assert.equal(messageOf(diagnostic), 'The link target "./design.md" does not exist: there is no kpeps/0004-kpep-4/design.md in the workspace.');
  const line = kpepText({ number: 4, summary: 'See [the design](./design.md) for details.' }).split('\n').findIndex((text) => text.startsWith('See [the design]'));
  assert.deepEqual(diagnostic.range, { start: { line, character: 4 }, end: { line, character: 29 } });
  // Near miss: the file is there.
  assert.deepEqual(await brokenLinks('See [the design](./design.md) for details.', { 'kpeps/0004-kpep-4/design.md': '# Design\n' }), []);
});

test('broken-link fires on a missing image under images/, and not on one that is there', async () => {
  const [image] = await brokenLinks('![The flow](images/flow.png)');
  assert.match(messageOf(image as Diagnostic), /^The image "images\/flow\.png" does not exist/);
  assert.deepEqual(await brokenLinks('![The flow](images/flow.png)', { 'kpeps/0004-kpep-4/images/flow.png': 'PNG' }), []);
});

test('a link to a missing KPEP directory names the KPEP that has its number, and never resolves to it', async () => {
  const [diagnostic] = await brokenLinks('Builds on [the old plan](../2290-some-slug/README.md).');
  assert.equal(
    messageOf(diagnostic as Diagnostic),
    'The link target "../2290-some-slug/README.md" does not exist: there is no kpeps/2290-some-slug/README.md in the workspace. KPEP-2290 is kpeps/2290-other-name/README.md (Proposal 2290).',
  );
  assert.deepEqual(await brokenLinks('Builds on [the old plan](../2290-other-name/README.md) and [its directory](../2290-other-name/).'), []);
});

test('broken-link fires on an anchor the target KPEP or this document does not have, with the near heading', async () => {
  const [other] = await brokenLinks('See [its goals](../0001-storage/README.md#goal).');
  assert.equal(messageOf(other as Diagnostic), '"#goal" is not a heading of kpeps/0001-storage/README.md. Did you mean "#goals"?');
  const [own] = await brokenLinks('See [below](#design-detail).');
  assert.match(messageOf(own as Diagnostic), /^"#design-detail" is not a heading of this document\. Did you mean "#design-details"\?/);
  assert.deepEqual(await brokenLinks('See [its goals](../0001-storage/README.md#goals), [below](#design-details) and [top](#kpep-0004-proposal-4).'), []);
});

test('links that are not relative, and anchors of files that are not KPEPs, are not checked', async () => {
  assert.deepEqual(await brokenLinks('[upstream](https://example.com/x), [mail](mailto:a@example.com), [root](/docs/x.md), [process](../../README.md#no-such-heading)', { 'README.md': '# Process\n' }), []);
  const [outside] = await brokenLinks('[far](../../../elsewhere.md)');
  assert.match(messageOf(outside as Diagnostic), /points outside the workspace/);
});

test('relative link targets resolve against the document, with anchors and escapes', () => {
  const from = 'kpeps/0004-x/README.md';
  assert.deepEqual(relativeLinkTarget('#goals', from), { path: from, anchor: 'goals' });
  assert.deepEqual(relativeLinkTarget('../0001-y/README.md#non-goals', from), { path: 'kpeps/0001-y/README.md', anchor: 'non-goals' });
  assert.deepEqual(relativeLinkTarget('images/my%20flow.png?raw=true', from), { path: 'kpeps/0004-x/images/my flow.png', anchor: undefined });
  assert.deepEqual(relativeLinkTarget('../0001-y/', from), { path: 'kpeps/0001-y', anchor: undefined });
  assert.equal(relativeLinkTarget('https://example.com', from), undefined);
});

test('a link through a symlink that leaves the workspace reads as absent on disk', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kpep-links-'));
  const outside = mkdtempSync(join(tmpdir(), 'kpep-outside-'));
  writeFileSync(join(outside, 'secret.md'), '# Secret\n');
  const spec: KpepSpec = { number: 4, summary: 'See [the secret](secret.md) and [the plan](plan.md).' };
  mkdirSync(join(root, 'kpeps/0004-kpep-4'), { recursive: true });
  writeFileSync(join(root, kpepPath(spec)), kpepText(spec));
  writeFileSync(join(root, 'kpeps/0004-kpep-4/plan.md'), '# Plan\n');
  symlinkSync(join(outside, 'secret.md'), join(root, 'kpeps/0004-kpep-4/secret.md'));
  const files = new NodeWorkspaceFiles(root);
  const project = await loadKpepProject({ files });
  const [result] = await lintKpeps({ files, project, paths: [kpepPath(spec)] });
  assert.deepEqual(result?.diagnostics.filter((d) => d.code === 'broken-link').map(messageOf), ['The link target "secret.md" does not exist: there is no kpeps/0004-kpep-4/secret.md in the workspace.']);
});

test('a link look-up that fails rejects the lint once, never as an unhandled rejection of another KPEP', async () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', record);
  try {
    // Both KPEPs link to a file whose look-up fails (an I/O error); the first failure ends the run.
    const specs: KpepSpec[] = [1, 2].map((number) => ({ number, summary: 'See [the design](./design.md).' }));
    const failing = new (class extends InMemoryWorkspaceFiles {
      override fileKind(relativePath: string): Promise<PathKind> {
        return relativePath.endsWith('/design.md') ? Promise.reject(new Error(`EIO: ${relativePath}`)) : super.fileKind(relativePath);
      }
    })(workspaceFiles(specs));
    const project = await loadKpepProject({ files: failing });
    await assert.rejects(lintKpeps({ files: failing, project, paths: specs.map(kpepPath) }), /^Error: EIO: kpeps\/0001-kpep-1\/design\.md$/);
    // Node reports a rejection left unhandled once the microtasks after it have run.
    await new Promise(setImmediate);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', record);
  }
});
