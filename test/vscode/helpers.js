// Shared by the extension-host tests: waiting on conditions with deadlines, and finding KPEPs and
// text positions in the test workspace (a fresh copy of examples/).
'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'kplane.kpep';
// How often a provider is asked again while the server is still indexing.
const RETRY_MS = 100;

/** Activates the extension under test and returns it. */
async function activeExtension() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

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

/**
 * Calls `produce` until `accept` holds for its result and returns that result; fails after `timeoutMs`
 * with `what` and the last result. Providers answer empty while the server indexes, and no event says
 * when it is done, so this asks again rather than sleeping a guessed time.
 */
async function eventually(what, produce, accept, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await produce();
    if (accept(value)) return value;
    if (Date.now() >= deadline) throw new Error(`${what} within ${timeoutMs} ms; last result: ${preview(value)}`);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

function preview(value) {
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value);
  } catch {
    return String(value);
  }
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

/** The position of `needle` (plus `shift` characters) on the first line of `document` that contains it. */
function positionOf(document, needle, shift = 0) {
  for (let line = 0; line < document.lineCount; line++) {
    const character = document.lineAt(line).text.indexOf(needle);
    if (character >= 0) return new vscode.Position(line, character + shift);
  }
  assert.fail(`"${needle}" is not in ${document.uri.fsPath}`);
}

/** The range `needle` covers on the first line of `document` that contains it. */
function rangeOf(document, needle) {
  const start = positionOf(document, needle);
  return new vscode.Range(start, start.translate(0, needle.length));
}

/** `Location` and `LocationLink` alike as `{ uri, range }`. */
function asLocation(result) {
  return 'targetUri' in result ? { uri: result.targetUri, range: result.targetSelectionRange ?? result.targetRange } : { uri: result.uri, range: result.range };
}

/** The same file, whatever a URI's fragment or query (a document link's `#L12`). */
function sameFile(a, b) {
  return a.with({ fragment: '', query: '' }).toString() === b.with({ fragment: '', query: '' }).toString();
}

/** Plain text of hover contents, which may be MarkdownStrings, strings or `{ language, value }`. */
function hoverText(hovers) {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

module.exports = { activeExtension, asLocation, codeOf, eventually, hoverText, kpepReadme, positionOf, rangeOf, sameFile, waitForDiagnostics };
