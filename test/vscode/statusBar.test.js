// The status bar's command in a real VS Code: the status actions come from the server's code
// actions, and the one chosen changes the KPEP (the item itself is checked by the UI smoke test).
'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');

const { activeExtension, eventually, kpepReadme } = require('./helpers');

describe('kpep status bar', () => {
  before(activeExtension);

  it('"KPEP: Change Status…" applies an action the server allows, and nothing past a final status', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('kpep.changeStatus'), 'kpep.changeStatus is not registered');
    const uri = await kpepReadme('0006');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const original = document.getText();
    try {
      // The server may still be indexing: ask until the action is offered.
      await eventually('no "Withdraw" for the provisional 0006', () => vscode.commands.executeCommand('kpep.changeStatus', { title: 'Withdraw' }), (applied) => applied === true);
      assert.match(document.getText(), /^status: withdrawn$/m);
      // Near miss: withdrawn is final, so moving it on is not offered and nothing changes.
      assert.equal(await vscode.commands.executeCommand('kpep.changeStatus', { title: 'Mark implementable' }), false);
      assert.match(document.getText(), /^status: withdrawn$/m);
    } finally {
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original));
      await document.save();
    }
  });

  it('does not apply a status action the server offers disabled (Mark implementable on the draft)', async () => {
    const document = await vscode.workspace.openTextDocument(await kpepReadme('0007'));
    await vscode.window.showTextDocument(document);
    // Ready once the server offers the draft's enabled actions (VS Code's command lists only those).
    await eventually('no status actions for the draft yet', () => vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 0), 'refactor.rewrite.kpep.status'), (actions) => actions.some((action) => action.title === 'Withdraw'));
    const before = document.getText();
    assert.equal(await vscode.commands.executeCommand('kpep.changeStatus', { title: 'Mark implementable' }), false);
    assert.equal(document.getText(), before);
  });
});
