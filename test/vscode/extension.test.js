// The extension in a real VS Code: it activates, and its language server's diagnostics reach the editor.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'kplane.kpep';

/** Resolves with the URI's diagnostics once `accept` holds for them; rejects after `timeoutMs`. */
function waitForDiagnostics(uri, accept, timeoutMs) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.source}/${codeOf(d)}`);
      reject(new Error(`no matching diagnostics for ${uri.fsPath} within ${timeoutMs} ms (seen: ${seen.join(', ') || 'none'})`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    function finish() {
      clearTimeout(timer);
      subscription.dispose();
    }
    // The server may have published before we subscribed.
    check();
  });
}

/** A diagnostic's code as a string, whether VS Code holds it bare or as `{ value, target }`. */
function codeOf(diagnostic) {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** The README of the workspace's KPEP whose directory starts with `number-`. */
async function kpepReadme(number) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace has no folder open');
  const kpeps = vscode.Uri.joinPath(folder.uri, 'kpeps');
  const entries = await vscode.workspace.fs.readDirectory(kpeps);
  const directory = entries.find(([name, type]) => type === vscode.FileType.Directory && name.startsWith(`${number}-`));
  assert.ok(directory, `the test workspace has no kpeps/${number}-*/ (entries: ${entries.map(([name]) => name).join(', ')})`);
  return vscode.Uri.joinPath(kpeps, directory[0], 'README.md');
}

describe('kpep extension', () => {
  it('is present and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('shows SPEC-coded diagnostics for kpeps/0007-*/README.md', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    const server = path.join(extension.extensionPath, 'dist', 'server.js');
    assert.ok(fs.existsSync(server), `the language server is not built: ${server}`);
    await extension.activate();

    const uri = await kpepReadme('0007');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const diagnostics = await waitForDiagnostics(uri, (all) => all.some((d) => d.source === 'kpep'), 30_000);
    const kpep = diagnostics.filter((d) => d.source === 'kpep');
    assert.ok(
      kpep.some((d) => codeOf(d) === 'missing-section'),
      `no missing-section diagnostic; got ${kpep.map((d) => `${codeOf(d)}: ${d.message}`).join('; ')}`,
    );
  });
});
