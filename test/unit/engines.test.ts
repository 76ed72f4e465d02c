/**
 * The declared Node range is one every installed package accepts: npm warns EBADENGINE on the
 * declared minimum otherwise, and a user on that Node gets a tool that may not run.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import semver from 'semver';

const REPO = resolve(__dirname, '../../..');
const read = (file: string): unknown => JSON.parse(readFileSync(resolve(REPO, file), 'utf8'));

/**
 * VS Code's markdown language server (and its language service), which the benchmark runs in its
 * own process as the peer it is measured against: never bundled, never run by the tool. It declares
 * Node 22 and runs on 20, which is what the benchmark needs of it.
 */
const BENCHMARK_PEERS = ['vscode-markdown-languageserver', 'vscode-markdown-languageservice'];

test('every dependency and devDependency in the lockfile accepts the lowest Node version package.json declares', () => {
  const manifest = read('package.json') as { engines: { node: string } };
  const lowest = semver.minVersion(manifest.engines.node);
  assert.ok(lowest, `engines.node is not a range: ${manifest.engines.node}`);
  const lock = read('package-lock.json') as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
  const refusing = (node: string): string[] =>
    Object.entries(lock.packages).flatMap(([location, info]) => {
      const wanted = !Array.isArray(info.engines) ? info.engines?.node : undefined;
      const peer = BENCHMARK_PEERS.some((name) => location === `node_modules/${name}` || location.startsWith(`node_modules/${name}/`));
      return location !== '' && !peer && wanted && !semver.satisfies(node, wanted) ? [`${location.replace(/^.*node_modules\//, '')}@${info.version ?? '?'} wants node ${wanted}`] : [];
    });
  assert.deepEqual(refusing(lowest.version), [], `Node ${lowest.version}, the declared minimum, is refused`);
  // Near miss: the minor version below is refused by some package; that is why the floor is where it is.
  assert.notDeepEqual(refusing(`${lowest.major}.${lowest.minor - 1}.0`), []);
  assert.ok(semver.satisfies(process.versions.node, manifest.engines.node), `this Node ${process.versions.node} is outside the declared ${manifest.engines.node}`);
});

test('the benchmark peers excused above are not used by any source the tool is built from', () => {
  const sources = (directory: string): string[] =>
    readdirSync(resolve(REPO, directory), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => resolve(entry.parentPath, entry.name));
  const users = [...sources('server/src'), ...sources('client/src')].filter((file) => BENCHMARK_PEERS.some((name) => readFileSync(file, 'utf8').includes(name)));
  assert.deepEqual(users, []);
  // Near miss: the benchmark does name it.
  assert.ok(readFileSync(resolve(REPO, 'scripts/bench/bench.mjs'), 'utf8').includes(BENCHMARK_PEERS[0]!));
});
