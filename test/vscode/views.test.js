// The views in a real VS Code: the KPEPs tree and its context-menu commands, the replacement graph's
// webview, and the markdown preview's rendering, all drawn from the server's index. This file runs
// last (test files run in name order) because it adds a KPEP and edits others.
'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');

const { activeExtension, eventually, kpepReadme, positionOf } = require('./helpers');

/** The tree the KPEPs view shows: each status group with its KPEP rows and their relation rows. */
function snapshot(provider) {
  const row = (node) => {
    const item = provider.getTreeItem(node);
    return { node, label: typeof item.label === 'string' ? item.label : item.label?.label, description: item.description, contextValue: item.contextValue, children: provider.getChildren(node).map(row) };
  };
  return provider.getChildren().map(row);
}

function group(tree, status) {
  return tree.find((row) => row.label === status);
}

function kpepRow(tree, id) {
  return tree.flatMap((status) => status.children).find((row) => row.label.startsWith(`${id} `));
}

describe('kpep views', () => {
  let api;
  before(async () => {
    api = (await activeExtension()).exports;
    assert.ok(api?.kpepsView, 'activate returns no kpepsView');
  });

  it('groups KPEPs by status with counts, shows a successor and the relations', async () => {
    const tree = await eventually('no replaced group with KPEP-0002 in the view', () => snapshot(api.kpepsView), (rows) => kpepRow(rows, 'KPEP-0002') !== undefined);
    const statuses = tree.map((row) => row.label);
    // Lifecycle order, not alphabetical.
    assert.deepEqual(statuses.filter((status) => ['provisional', 'implemented', 'withdrawn', 'replaced'].includes(status)), ['provisional', 'implemented', 'withdrawn', 'replaced']);
    for (const row of tree) assert.equal(row.description, String(row.children.length), `the ${row.label} group's count`);
    const replaced = kpepRow([group(tree, 'replaced')], 'KPEP-0002');
    assert.equal(replaced.label, 'KPEP-0002 Long-polling watch API');
    assert.equal(replaced.description, '→ KPEP-0005');
    const streaming = kpepRow([group(tree, 'implemented')], 'KPEP-0005');
    assert.equal(streaming.contextValue, 'kpep');
    assert.deepEqual(
      streaming.children.map((child) => `${child.description}: ${child.label}`),
      ['replaces: KPEP-0002 Long-polling watch API', 'see also: KPEP-0001 Pluggable storage backends'],
    );
    // Near miss: a KPEP that is not replaced names no successor.
    assert.equal(streaming.description, undefined);
  });

  it('filters by status and by text, and clears the filter', async () => {
    try {
      await vscode.commands.executeCommand('kpep.kpeps.filter', { statuses: ['implemented'], text: '' });
      assert.deepEqual(snapshot(api.kpepsView).map((row) => row.label), ['implemented']);
      await vscode.commands.executeCommand('kpep.kpeps.filter', { statuses: [], text: 'watch' });
      const ids = snapshot(api.kpepsView).flatMap((row) => row.children.map((child) => child.label.split(' ')[0]));
      assert.deepEqual(ids.sort(), ['KPEP-0002', 'KPEP-0005']);
    } finally {
      await vscode.commands.executeCommand('kpep.kpeps.clearFilter');
    }
    assert.ok(kpepRow(snapshot(api.kpepsView), 'KPEP-0001'), 'the cleared view lists every KPEP again');
  });

  it('changes a status from the context menu, and the tree follows the edit', async () => {
    const uri = await kpepReadme('0006');
    const document = await vscode.workspace.openTextDocument(uri);
    const original = document.getText();
    try {
      const { node } = kpepRow(await eventually('no KPEP-0006 in the view', () => snapshot(api.kpepsView), (rows) => kpepRow(rows, 'KPEP-0006') !== undefined), 'KPEP-0006');
      assert.equal(await vscode.commands.executeCommand('kpep.kpeps.changeStatus', node, { title: 'Withdraw' }), true);
      assert.match(document.getText(), /^status: withdrawn$/m);
      await eventually('KPEP-0006 not under withdrawn after the edit', () => snapshot(api.kpepsView), (rows) => kpepRow([group(rows, 'withdrawn') ?? { children: [] }], 'KPEP-0006') !== undefined);
      // Near miss: withdrawn is final, so the server offers nothing past it and nothing changes.
      const withdrawn = kpepRow(snapshot(api.kpepsView), 'KPEP-0006').node;
      assert.equal(await vscode.commands.executeCommand('kpep.kpeps.changeStatus', withdrawn, { title: 'Mark implementable' }), false);
      assert.match(document.getText(), /^status: withdrawn$/m);
    } finally {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
      await vscode.workspace.applyEdit(edit);
      await document.save();
    }
    await eventually('KPEP-0006 not back under provisional', () => snapshot(api.kpepsView), (rows) => kpepRow([group(rows, 'provisional') ?? { children: [] }], 'KPEP-0006') !== undefined);
  });

  it('renders KPEP references and the front-matter card in the markdown preview', async () => {
    await eventually('no KPEPs known to the client yet', () => snapshot(api.kpepsView), (rows) => kpepRow(rows, 'KPEP-0005') !== undefined);
    const streaming = await vscode.workspace.openTextDocument(await kpepReadme('0005'));
    const html = await vscode.commands.executeCommand('markdown.api.render', streaming);
    // The card, from the server's entry for this document.
    assert.match(html, /<div class="kpep-card kpep-status-implemented">/);
    assert.match(html, /<span class="kpep-card-id">KPEP-0005<\/span>/);
    assert.match(html, /<dt>Authors<\/dt><dd>@chen, @gus<\/dd>/);
    assert.match(html, /<dt>Replaces<\/dt><dd><a href="\.\.\/0002-long-polling-watch\/README\.md"[^>]*>KPEP-0002 Long-polling watch API<\/a><\/dd>/);
    assert.doesNotMatch(html, /kpep-number: 5/, 'the front matter itself is not shown');
    // Near miss: the H1 naming the document's own KPEP stays plain.
    assert.match(html, /<h1[^>]*>KPEP-0005: Streaming watch API<\/h1>/);
    // "This KPEP replaces KPEP-0002": struck through, with its successor named.
    assert.match(html, /<a href="\.\.\/0002-long-polling-watch\/README\.md"[^>]*title="KPEP-0002: Long-polling watch API \(replaced\), replaced by KPEP-0005"><s>KPEP-0002<\/s><\/a><span class="kpep-badge kpep-status-replaced">replaced by <a [^>]*>KPEP-0005<\/a><\/span>/);
    // A live reference gets the title as tooltip and a status badge.
    assert.match(html, /title="KPEP-0001: Pluggable storage backends \(implemented\)">KPEP-0001<\/a><span class="kpep-badge kpep-status-implemented">implemented<\/span>/);

    // Near misses, in a string (no current document: the first folder's KPEPs): code, a word, a dangling number.
    const plain = await vscode.commands.executeCommand('markdown.api.render', 'See KPEP-5, `KPEP-5`, XKPEP-5 and KPEP-99.\n\n```\nKPEP-5\n```\n');
    assert.equal((plain.match(/class="kpep-ref"/g) ?? []).length, 1, plain);
    assert.match(plain, /<code>KPEP-5<\/code>/);
    assert.match(plain, /XKPEP-5 and KPEP-99\./);
    assert.match(plain, /<pre><code[^>]*>KPEP-5\n<\/code><\/pre>/);
  });

  it('opens the replacement graph with the active KPEP highlighted under a strict CSP', async () => {
    const uri = await kpepReadme('0005');
    await vscode.window.showTextDocument(uri);
    const html = await vscode.commands.executeCommand('kpep.showReplacementGraph');
    assert.ok(typeof html === 'string', 'the command did not draw the graph');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[^']+'; script-src 'nonce-[^']+';"/);
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'the page names nothing remote');
    assert.match(html, new RegExp(`<g class="node status-implemented active" data-uri="${uri.toString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
    assert.match(html, /<path class="edge replaces" d="M[^"]+" marker-end="url\(#arrow\)"><title>KPEP-0005 replaces KPEP-0002<\/title>/);
    assert.match(html, /<path class="edge see-also" d="M[^"]+"><title>KPEP-0005 see also KPEP-0001<\/title>/);
    assert.equal((html.match(/<g class="node /g) ?? []).length, (await vscode.workspace.fs.readDirectory((await kpepReadme('0001')).with({ path: uri.path.replace(/\/[^/]+\/README\.md$/, '') }))).filter(([, type]) => type === vscode.FileType.Directory).length);
    const tabs = vscode.window.tabGroups.all.flatMap((tabGroup) => tabGroup.tabs);
    assert.ok(tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === 'KPEP Replacement Graph'), `no graph tab among ${tabs.map((tab) => tab.label).join(', ')}`);
  });

  it('walks a replacement chain both ways with the type hierarchy commands', async () => {
    const document = await vscode.workspace.openTextDocument(await kpepReadme('0005'));
    const onTitle = positionOf(document, '# KPEP-0005', 4);
    const [item] = await eventually('no type hierarchy item on the H1 of 0005', () => vscode.commands.executeCommand('vscode.prepareTypeHierarchy', document.uri, onTitle), (items) => items?.length === 1);
    assert.equal(item.name, 'KPEP-0005 Streaming watch API');
    assert.match(item.detail, /implemented/);
    const supertypes = await vscode.commands.executeCommand('vscode.provideSupertypes', item);
    assert.deepEqual(supertypes.map((supertype) => supertype.name), ['KPEP-0002 Long-polling watch API']);
    const subtypes = await vscode.commands.executeCommand('vscode.provideSubtypes', supertypes[0]);
    assert.deepEqual(subtypes.map((subtype) => subtype.name), ['KPEP-0005 Streaming watch API']);
    // Near miss: nothing replaces 0005, and see-also is no part of the chain.
    assert.deepEqual(await vscode.commands.executeCommand('vscode.provideSubtypes', item), []);
  });

  it('starts a KPEP replacing the one picked in the view, asking only the title', async () => {
    const { node } = kpepRow(await eventually('no KPEP-0007 in the view', () => snapshot(api.kpepsView), (rows) => kpepRow(rows, 'KPEP-0007') !== undefined), 'KPEP-0007');
    const created = await vscode.commands.executeCommand('kpep.kpeps.newKpepReplacing', node, { title: 'Quota API, second draft' });
    assert.ok(created, 'no KPEP was created');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(created)));
    assert.match(text.split('\n---')[0], /^replaces: \[ ?7 ?\]$/m);
    const id = `KPEP-${text.match(/^kpep-number: (\d+)$/m)[1].padStart(4, '0')}`;
    // The replaced draft points forward, and the view shows it under replaced with its successor.
    const tree = await eventually('KPEP-0007 not shown as replaced', () => snapshot(api.kpepsView), (rows) => kpepRow([group(rows, 'replaced') ?? { children: [] }], 'KPEP-0007') !== undefined);
    assert.equal(kpepRow([group(tree, 'replaced')], 'KPEP-0007').description, `→ ${id}`);
  });
});
