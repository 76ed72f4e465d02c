// The import rules keep the three layers pointing one way: core ← server and CLI ← client.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'require', '__dirname', 'Buffer', 'fetch', 'AbortSignal', 'AbortController', 'TextDecoder', 'TextEncoder'].map((name) => [name, 'readonly']),
);
nodeGlobals.module = 'writable';

const nodeModules = ['fs', 'path', 'os', 'child_process', 'process', 'url', 'util', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.cache/', 'examples/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // The extension-host suite is plain CommonJS that VS Code loads directly, with Mocha's globals.
    files: ['test/vscode/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { describe: 'readonly', it: 'readonly', before: 'readonly', after: 'readonly', beforeEach: 'readonly', afterEach: 'readonly', suite: 'readonly', test: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeModules.map((name) => ({ name, message: 'The core is pure: file system, process and OS access belong to the server or the CLI.' })),
            { name: 'vscode', message: 'The core never imports vscode.' },
            { name: 'vscode-languageserver', message: 'The core uses LSP types only (vscode-languageserver-types), never a connection.' },
            { name: 'vscode-languageserver/node', message: 'The core never touches a connection.' },
          ],
          patterns: [{ group: ['node:*'], message: 'The core is pure: no Node built-ins.' }, { group: ['**/server', '**/cli/**', '**/node/**', '**/languageFeatures/**', '**/protocol/**'], message: 'The core does not depend on the layers above it.' }],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    // The client bundles the protocol module: it stays pure and imports nothing but core.
    files: ['server/src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The protocol is shared by every client.' }, { name: 'vscode-languageserver/node', message: 'The protocol never touches a connection.' }],
          patterns: [{ group: ['node:*', ...nodeModules], message: 'The protocol is pure.' }, { group: ['**/cli/**', '**/node/**', '**/languageFeatures/**', '../*', '!../core'], message: 'The protocol depends on core only.' }],
        },
      ],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/core/**', 'server/src/protocol/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The server runs outside VS Code; only the client imports vscode.' }] }],
    },
  },
  {
    // Features read the host's state and write through it: never the disk, a process or git directly.
    files: ['server/src/languageFeatures/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'The server runs outside VS Code; only the client imports vscode.' },
            ...nodeModules.map((name) => ({ name, message: 'Language features reach files through the host, never Node directly.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'Language features reach files through the host, never Node directly.' },
            { group: ['**/node/**'], message: 'Language features write through the host (its file system), not node/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/src/*', '!**/server/src/protocol', '**/server/src/protocol/*', '!**/server/src/protocol/kpepProtocol'], message: 'The client talks to the server over LSP, never by import; the shared protocol module is the one exception.' }] },
      ],
    },
  },
);
