import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hover } from 'vscode-languageserver';
import { K2, K4 } from '../helpers/exampleKpeps';
import { CANCELLED, cursorAt, exampleFiles, InProcessWorkspace, NOT_CANCELLED } from '../helpers/inProcessServer';

const files = exampleFiles();

async function hoverAt(path: string, needle: string, shift: number): Promise<string> {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri, position } = await workspace.open(path, cursorAt(files[path] as string, needle, shift));
  return hoverText(await workspace.server.hover(uri, position, NOT_CANCELLED));
}

function hoverText(hover: Hover | null): string {
  const contents = hover?.contents;
  return typeof contents === 'object' && contents !== null && 'value' in contents ? contents.value : '';
}

test('hover on a prose reference shows the KPEP card', async () => {
  const value = await hoverAt(K4, 'KPEP-5', 2);
  assert.match(value, /KPEP-0005: Streaming watch API/);
  assert.match(value, /\*implemented\*: all the work landed/);
  assert.match(value, /Authors: @chen, @gus/);
  assert.match(value, /Replaces KPEP-0002 \(Long-polling watch API\)/);
});

test('hover on a replaced KPEP shows who replaced it', async () => {
  assert.match(await hoverAt(K2, 'KPEP-0002: Long', 3), /Replaced by KPEP-0005 \(Streaming watch API\)/);
});

test('hover on a status gives its meaning and next steps', async () => {
  const status = await hoverAt(K2, 'status: replaced', 10);
  assert.match(status, /\*\*replaced\*\*: a later KPEP supersedes this one/);
  assert.match(status, /terminal status/);
});

test("hover on a heading gives the template's guidance for it", async () => {
  assert.match(await hoverAt(K2, '## Drawbacks', 4), /\*\*Drawbacks\*\* \(required from implementable\)/);
});

test('hover on plain prose has nothing to say', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri, position } = await workspace.open(K4, `${files[K4]}\nJust a sentence$| with no reference.\n`);
  assert.equal(await workspace.server.hover(uri, position, NOT_CANCELLED), null);
});

test('a cancelled hover answers nothing', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri, position } = await workspace.open(K4, cursorAt(files[K4] as string, 'KPEP-5', 2));
  assert.equal(await workspace.server.hover(uri, position, CANCELLED), null);
});
