// Navigation between KPEPs through VS Code's own provider commands, as a user's editor asks for it:
// hover, definition, references, completion, document links and workspace symbols.
'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');

const { activeExtension, asLocation, eventually, hoverText, kpepReadme, positionOf, sameFile } = require('./helpers');

const open = async (number) => vscode.workspace.openTextDocument(await kpepReadme(number));

describe('kpep navigation', () => {
  // 0004's prose `KPEP-5` (an unpadded reference) and its relative link to 0001 are the starting points.
  let audit;
  let streaming;

  before(async () => {
    await activeExtension();
    audit = await open('0004');
    streaming = await open('0005');
  });

  it('hovers a prose KPEP- reference with the target card: title and status', async () => {
    const hovers = await eventually(
      'no hover with the KPEP-0005 card',
      () => vscode.commands.executeCommand('vscode.executeHoverProvider', audit.uri, positionOf(audit, 'KPEP-5', 2)),
      (result) => hoverText(result).includes('KPEP-0005'),
    );
    const text = hoverText(hovers);
    assert.match(text, /KPEP-0005: Streaming watch API/);
    assert.match(text, /\*implemented\*/);
  });

  it("goes to definition from KPEP-5 to 0005's H1", async () => {
    const results = await eventually(
      'no definition for KPEP-5',
      () => vscode.commands.executeCommand('vscode.executeDefinitionProvider', audit.uri, positionOf(audit, 'KPEP-5', 1)),
      (result) => result.length > 0,
    );
    assert.equal(results.length, 1);
    const { uri, range } = asLocation(results[0]);
    assert.equal(uri.toString(), streaming.uri.toString());
    assert.equal(range.start.line, positionOf(streaming, '# KPEP-0005').line);
  });

  it("finds references to 0001 from its H1 in the other KPEPs, outside code", async () => {
    const storage = await open('0001');
    const longPolling = await open('0002');
    const results = await eventually(
      'no references from other KPEPs to KPEP-0001',
      () => vscode.commands.executeCommand('vscode.executeReferenceProvider', storage.uri, positionOf(storage, '# KPEP-0001', 4)),
      (result) => result.some((location) => !sameFile(location.uri, storage.uri)),
    );
    const where = new Set(results.map((location) => `${vscode.workspace.asRelativePath(location.uri)}:${location.range.start.line}`));
    const at = (document, needle) => `${vscode.workspace.asRelativePath(document.uri)}:${positionOf(document, needle).line}`;
    assert.ok(where.has(at(longPolling, 'after KPEP-0001')), `prose in 0002; got ${[...where].join(', ')}`);
    assert.ok(where.has(at(audit, '[the storage KPEP]')), `the relative link in 0004; got ${[...where].join(', ')}`);
    assert.ok(where.has(at(streaming, 'see-also: [1]')), `see-also in 0005; got ${[...where].join(', ')}`);
    assert.ok(!where.has(at(storage, '(KPEP-0001)')), 'not the mention inside a code block');
  });

  it('completes KPEP numbers after typing KPEP- in the draft', async () => {
    const draft = await open('0007');
    const editor = await vscode.window.showTextDocument(draft);
    const end = draft.lineAt(draft.lineCount - 1).range.end;
    try {
      assert.ok(await editor.edit((edit) => edit.insert(end, '\nSee KPEP-')), 'the edit was not applied');
      const cursor = draft.lineAt(draft.lineCount - 1).range.end;
      const list = await eventually(
        'no KPEP-0001 completion after KPEP-',
        () => vscode.commands.executeCommand('vscode.executeCompletionItemProvider', draft.uri, cursor, '-'),
        (result) => result.items.some((item) => label(item) === 'KPEP-0001'),
      );
      const labels = list.items.map(label);
      for (const id of ['KPEP-0001', 'KPEP-0002', 'KPEP-0006']) assert.ok(labels.includes(id), `${id} is offered; got ${labels.join(', ')}`);
      assert.ok(!labels.includes('KPEP-0007'), 'the draft does not offer itself');
      assert.equal(list.items.find((item) => label(item) === 'KPEP-0001').detail, 'Pluggable storage backends · implemented');
    } finally {
      // Later tests (and the UI) see the draft as it is on disk.
      await vscode.window.showTextDocument(draft);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it("links a prose reference to the target's README", async () => {
    const links = await eventually(
      'no document link on the KPEP-5 line',
      () => vscode.commands.executeCommand('vscode.executeLinkProvider', audit.uri),
      (result) => result.some((link) => link.range.contains(positionOf(audit, 'KPEP-5', 1))),
    );
    const link = links.find((candidate) => candidate.range.contains(positionOf(audit, 'KPEP-5', 1)));
    assert.ok(link.target && sameFile(link.target, streaming.uri), `the link points at ${link.target}`);
  });

  it("finds KPEP-0001 among the workspace's symbols by a word of its title", async () => {
    const storage = await kpepReadme('0001');
    const symbols = await eventually(
      'no workspace symbol for "storage"',
      () => vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'storage'),
      (result) => result.some((symbol) => symbol.name.startsWith('KPEP-0001')),
    );
    const symbol = symbols.find((candidate) => candidate.name.startsWith('KPEP-0001'));
    assert.match(symbol.name, /Pluggable storage backends/);
    assert.equal(symbol.location.uri.toString(), storage.toString());
  });
});

/** A completion item's label, which VS Code gives as a string or as `{ label, detail, description }`. */
function label(item) {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
