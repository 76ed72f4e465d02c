// `npm run demo`: lints examples/ with the built CLI, then says how to open it in VS Code with the
// extension loaded. The rough draft 0007 has real mistakes, so lint's exit code 1 is expected here.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(repository, 'examples');
const { version } = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8'));

console.log('kpep lint examples\n');
const lint = spawnSync(process.execPath, [join(repository, 'dist', 'cli.js'), 'lint', examples], { stdio: 'inherit' });
if (lint.status === 2 || lint.status === null) {
  console.error('\nThe CLI failed to run; see the message above.');
  process.exit(1);
}

console.log(`
KPEPs 0001-0006 follow the template; 0007 is a rough draft with the mistakes listed above.

Open the examples in VS Code with this extension loaded:

  code --extensionDevelopmentPath="${repository}" "${examples}"

or install it as a user would: npm run package && code --install-extension kpep-${version}.vsix

then open examples/kpeps/0007-rough-draft-quota-api/README.md to see the same problems inline.
Any other LSP client can run the server directly: node "${join(repository, 'dist', 'server.js')}" --stdio
(see docs/editors.md for Neovim, Helix and Emacs).`);
