// The status lifecycle in a real VS Code: "KPEP: New KPEP" creates the next KPEP, and a status code
// action offered on a KPEP changes its file when applied.
'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');

const { activeExtension, eventually, kpepReadme, positionOf } = require('./helpers');

// Code actions whose edit is resolved lazily need a resolve count to come back with it.
const RESOLVE_COUNT = 20;

describe('kpep lifecycle', () => {
  before(activeExtension);

  it('creates the next KPEP, 0008, from the New KPEP command with its inputs', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('kpep.newKpep'), 'kpep.newKpep is not registered');

    const created = await vscode.commands.executeCommand('kpep.newKpep', { title: 'Quota enforcement' });
    assert.ok(created, 'the command returned no URI');
    const uri = vscode.Uri.parse(created);
    assert.equal(uri.toString(), (await kpepReadme('0008')).toString());
    assert.match(uri.path, /\/kpeps\/0008-quota-enforcement\/README\.md$/);

    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(text, /^kpep-number: 8$/m);
    assert.match(text, /^title: Quota enforcement$/m);
    assert.match(text, /^status: provisional$/m);
    assert.match(text, /^# KPEP-0008: Quota enforcement$/m);
    // It opens in an editor with the cursor in Summary, ready to write.
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri.toString());
    const summary = positionOf(editor.document, '## Summary').line;
    const next = positionOf(editor.document, '## Motivation').line;
    const cursor = editor.selection.active.line;
    assert.ok(cursor > summary && cursor < next, `the cursor is on line ${cursor}, not between Summary (${summary}) and Motivation (${next})`);
  });

  it('offers "Mark implemented" on an implementable KPEP, and applying it changes the file', async () => {
    const uri = await kpepReadme('0004');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const status = positionOf(document, 'status: implementable', 'status: '.length);

    const actions = await eventually(
      'no "Mark implemented" action with an edit on 0004',
      () => vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, new vscode.Range(status, status), undefined, RESOLVE_COUNT),
      (result) => result.some((action) => action.title === 'Mark implemented' && action.edit),
    );
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Move back to provisional'), `the lifecycle allows going back; got ${titles.join(', ')}`);
    assert.ok(!titles.includes('Mark implementable'), 'not the status it already has');

    const mark = actions.find((action) => action.title === 'Mark implemented');
    assert.ok(await vscode.workspace.applyEdit(mark.edit), 'the edit was refused');
    assert.match(document.getText(), /^status: implemented$/m);
    // The server stamps the local date, as the author sees it.
    const now = new Date();
    const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((part) => String(part).padStart(2, '0')).join('-');
    assert.match(document.getText(), new RegExp(`^last-updated: ${today}$`, 'm'));

    assert.ok(await document.save(), 'the document did not save');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(onDisk, /^status: implemented$/m);
  });
});
