import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver';
import { K7 } from '../helpers/exampleKpeps';
import { cursorAt, exampleFiles, InProcessWorkspace, NOT_CANCELLED, CANCELLED } from '../helpers/inProcessServer';

const files = exampleFiles();
const draft = files[K7] as string;

async function complete(text: string): Promise<CompletionItem[]> {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri, position } = await workspace.open(K7, text);
  const result = await workspace.server.completion(uri, position, NOT_CANCELLED);
  return Array.isArray(result) ? result : result.items;
}

test('after KPEP- every other KPEP is offered, with its title and status', async () => {
  const items = await complete(`${draft}See KPEP-$|\n`);
  assert.equal(items.find((item) => item.label === 'KPEP-0001')?.detail, 'Pluggable storage backends · implemented');
  assert.ok(!items.some((item) => item.label === 'KPEP-0007'), 'not itself');
});

test('a heading being typed is offered the template sections still missing', async () => {
  const labels = (await complete(`${draft}## Mot$|\n`)).map((item) => item.label);
  assert.ok(labels.includes('Motivation'));
  assert.ok(!labels.includes('Summary'), 'Summary is already there');
});

test('see-also is offered KPEP numbers, status the statuses in lifecycle order', async () => {
  const seeAlso = await complete(cursorAt(draft, 'see-also: [', 11));
  assert.equal(seeAlso.find((item) => item.label === 'KPEP-0004')?.textEdit?.newText, '4');
  const statuses = await complete(cursorAt(draft, 'status: ', 8));
  assert.deepEqual(statuses.map((item) => item.label), ['provisional', 'implementable', 'implemented', 'withdrawn', 'replaced']);
});

test('a cancelled completion offers nothing', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri, position } = await workspace.open(K7, `${draft}See KPEP-$|\n`);
  assert.deepEqual(await workspace.server.completion(uri, position, CANCELLED), []);
});
