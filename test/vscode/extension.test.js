// The extension in a real VS Code: it activates, and its language server's diagnostics reach the editor.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { activeExtension, codeOf, kpepReadme, rangeOf, waitForDiagnostics } = require('./helpers');

// Codes the rough draft kpeps/0007-*/README.md earns on purpose (see its front matter and headings).
const DRAFT_CODES = ['invalid-date', 'field-unknown', 'title', 'missing-section', 'toc-stale', 'empty-section', 'unresolved', 'heading-level', 'section-order'];

describe('kpep extension', () => {
  it('is present and activates', async () => {
    const extension = await activeExtension();
    assert.equal(extension.isActive, true);
    const server = path.join(extension.extensionPath, 'dist', 'server.js');
    assert.ok(fs.existsSync(server), `the language server is not built: ${server}`);
  });

  it('shows SPEC-coded diagnostics for kpeps/0007-*/README.md, each on its token', async () => {
    await activeExtension();
    const uri = await kpepReadme('0007');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const codes = (all) => new Set(all.filter((d) => d.source === 'kpep').map(codeOf));
    const diagnostics = await waitForDiagnostics(uri, (all) => DRAFT_CODES.every((code) => codes(all).has(code)), 30_000);
    const byCode = (code) => diagnostics.find((d) => codeOf(d) === code);
    assert.deepEqual(diagnostics.filter((d) => d.source !== 'kpep'), [], 'every diagnostic on a KPEP comes from kpep');

    const unknown = byCode('field-unknown');
    assert.deepEqual(unknown.range, rangeOf(document, 'reviwers'));
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(unknown.message, /Did you mean "reviewers"/);

    const date = byCode('invalid-date');
    // On last-updated's value, not on its key or on creation-date.
    assert.deepEqual(date.range, rangeOf(document, '2026-02-09'));
    assert.equal(date.severity, vscode.DiagnosticSeverity.Error);

    assert.equal(byCode('unresolved').severity, vscode.DiagnosticSeverity.Information, 'a provisional KPEP may still hold UNRESOLVED blocks');
  });
});
