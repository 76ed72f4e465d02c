// The extension as it is installed: every file its manifest names is there, and, when the runner
// installed the .vsix (KPEP_EXPECT_INSTALLED=1), it is that copy that runs, not the repository.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { activeExtension } = require('./helpers');

/** Every file the manifest points at: the entry point, the icon and each contribution's path. */
function namedFiles(manifest) {
  const contributes = manifest.contributes ?? {};
  return [
    manifest.main,
    manifest.icon,
    // The language server the client starts.
    'dist/server.js',
    ...(contributes.grammars ?? []).map((grammar) => grammar.path),
    ...(contributes.snippets ?? []).map((snippet) => snippet.path),
    ...(contributes.jsonValidation ?? []).map((validation) => validation.url).filter((url) => !/^[a-z]+:/.test(url)),
  ]
    .filter(Boolean)
    .map((file) => path.normalize(file));
}

describe('kpep package', () => {
  it('holds every file its manifest names', async () => {
    const extension = await activeExtension();
    const files = namedFiles(extension.packageJSON);
    assert.ok(files.length >= 6, `the manifest names only ${files.join(', ')}`);
    const missing = files.filter((file) => !fs.existsSync(path.join(extension.extensionPath, file)));
    assert.deepEqual(missing, [], `missing from ${extension.extensionPath}`);
  });

  it('runs from the installed .vsix when the runner installed one', async function () {
    if (process.env.KPEP_EXPECT_INSTALLED !== '1') {
      this.skip();
    }
    const extension = await activeExtension();
    const repository = path.resolve(__dirname, '..', '..');
    assert.ok(!extension.extensionPath.startsWith(`${repository}${path.sep}`) && extension.extensionPath !== repository, `the extension runs from the repository: ${extension.extensionPath}`);
    assert.match(path.basename(extension.extensionPath), /^kplane\.kpep-\d+\.\d+\.\d+/);
    // Only what runs was packed: no sources, tests or source maps beside it.
    for (const absent of ['client', 'server', 'test', 'node_modules', 'dist/server.js.map']) {
      assert.ok(!fs.existsSync(path.join(extension.extensionPath, absent)), `${absent} was packed`);
    }
  });
});
