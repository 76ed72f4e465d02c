// A crashed language server comes back: the client restarts it (vscode-languageclient's
// DefaultErrorHandler) and the new server rebuilds its state, the open documents and the index from disk.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');

const { activeExtension, codeOf, eventually, hoverText, kpepReadme, positionOf, rangeOf, waitForDiagnostics } = require('./helpers');

// The client forks the server module from the extension host, which is where these tests run.
const SERVER_MODULE = 'dist/server.js';

describe('kpep resilience', () => {
  before(activeExtension);

  it('restarts a killed server, which then checks edits and knows closed KPEPs again', async function () {
    if (!fs.existsSync('/proc/self/status')) {
      // Mocha's skip() takes no reason; the extension host's console carries it.
      console.warn('kpep resilience: skipped, no /proc to find the language server process in (Linux only)');
      this.skip();
    }
    // Three deadlines below, each shorter than this, so a failure names the step that did not happen.
    this.timeout(90_000);

    const uri = await kpepReadme('0007');
    const draft = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(draft);
    const kpepCodes = (all) => new Set(all.filter((d) => d.source === 'kpep').map(codeOf));
    await waitForDiagnostics(uri, (all) => kpepCodes(all).has('field-unknown'), 30_000);

    const [crashed] = await eventually('no language server process under the extension host', serverProcesses, (pids) => pids.length === 1);
    process.kill(crashed, 'SIGKILL');
    const restarted = await eventually(
      `no new language server process after killing ${crashed}`,
      serverProcesses,
      (pids) => pids.length === 1 && pids[0] !== crashed,
      20_000,
    );
    assert.notEqual(restarted[0], crashed);

    try {
      // Only a live server can answer this edit: fixing the misspelt key drops field-unknown alone.
      assert.ok(await editor.edit((edit) => edit.replace(rangeOf(draft, 'reviwers'), 'reviewers')), 'the edit was not applied');
      await waitForDiagnostics(uri, (all) => !kpepCodes(all).has('field-unknown') && kpepCodes(all).has('invalid-date'), 30_000);

      // 0006 is open in no editor, so its title comes from the index the new server read from disk.
      const hovers = await eventually(
        'no hover with the KPEP-0006 card after the restart',
        () => vscode.commands.executeCommand('vscode.executeHoverProvider', uri, positionOf(draft, 'KPEP-6', 2)),
        (result) => hoverText(result).includes('KPEP-0006'),
      );
      assert.match(hoverText(hovers), /KPEP-0006: Tenants as a first-class resource/);
    } finally {
      // Later tests (and the UI) see the draft as it is on disk.
      await vscode.window.showTextDocument(draft);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});

/** Pids of the extension host's child processes that run the KPEP language server (Linux /proc). */
function serverProcesses() {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = /^PPid:\s*(\d+)$/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (Number(parent) !== process.pid) continue;
      // cmdline separates arguments with NULs.
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').some((arg) => arg.endsWith(SERVER_MODULE))) pids.push(Number(entry));
    } catch {
      // The process ended between listing /proc and reading it.
    }
  }
  return pids;
}
