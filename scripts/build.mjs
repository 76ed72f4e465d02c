// Bundles the extension client, the language server and the CLI with esbuild (and, with --tests,
// each test file), so nothing ships as loose node_modules.
import { build } from 'esbuild';
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  loader: { '.md': 'text' },
  logLevel: 'warning',
};

function testEntries(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'vscode' ? [] : testEntries(path);
    }
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

if (process.argv.includes('--tests')) {
  // A test file deleted from test/ must not live on in out/.
  rmSync('out/test', { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: testEntries('test').map((path) => ({ in: path, out: relative('test', path).replace(/\.ts$/, '') })),
    outdir: 'out/test',
    outExtension: { '.js': '.cjs' },
    external: ['vscode'],
  });
} else {
  await Promise.all([
    build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'], minify: true }),
    build({ ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist', minify: true, banner: { js: '#!/usr/bin/env node' } }),
    build({ ...common, entryPoints: { cli: 'server/src/cli/main.ts' }, outdir: 'dist', minify: true, banner: { js: '#!/usr/bin/env node' } }),
  ]);
  // The package's bins (kpep, kpep-language-server): runnable without "node" in front.
  chmodSync('dist/cli.js', 0o755);
  chmodSync('dist/server.js', 0o755);
}
