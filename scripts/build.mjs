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
// scripts/coverage.mjs: no source maps, no minifying, no tree shaking, so each source module is
// the same run of lines, under its path comment, in every bundle.
const forCoverage = process.env.KPEP_BUILD_FOR_COVERAGE === '1';
const bundleOptions = forCoverage ? { ...common, sourcemap: false, treeShaking: false } : common;
const minify = !forCoverage;

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
    ...bundleOptions,
    entryPoints: testEntries('test').map((path) => ({ in: path, out: relative('test', path).replace(/\.ts$/, '') })),
    outdir: 'out/test',
    outExtension: { '.js': '.cjs' },
    external: ['vscode'],
  });
} else {
  await Promise.all([
    build({ ...bundleOptions, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'], minify }),
    build({ ...bundleOptions, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist', minify, banner: { js: '#!/usr/bin/env node' } }),
    build({ ...bundleOptions, entryPoints: { cli: 'server/src/cli/main.ts' }, outdir: 'dist', minify, banner: { js: '#!/usr/bin/env node' } }),
  ]);
  // The package's bins (kpep, kpep-language-server): runnable without "node" in front.
  chmodSync('dist/cli.js', 0o755);
  chmodSync('dist/server.js', 0o755);
}
