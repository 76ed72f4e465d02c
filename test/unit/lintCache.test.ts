import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckedKpep, LintCache, LintCacheKey } from '../../server/src/core/lint';
import { FileLintCache } from '../../server/src/node/lintCache';
import { kpepPath, kpepText, lintWorkspace, workspaceFiles, type KpepSpec } from '../helpers/kpepWorkspace';

/** A cache in memory that counts what it served, so a test can tell a warm run from a cold one. */
class CountingCache implements LintCache {
  readonly stored = new Map<string, { text: string; templateText: string; value: CheckedKpep }>();
  hits = 0;

  get(key: LintCacheKey): CheckedKpep | undefined {
    const stored = this.stored.get(key.path);
    const hit = stored && stored.text === key.text && stored.templateText === key.templateText ? stored.value : undefined;
    this.hits += hit ? 1 : 0;
    return hit;
  }

  set(key: LintCacheKey, value: CheckedKpep): void {
    this.stored.set(key.path, { text: key.text, templateText: key.templateText, value });
  }
}

const specs: KpepSpec[] = [
  { number: 2, status: 'replaced', supersededBy: [5] },
  { number: 5, status: 'implementable', replaces: [2], summary: 'Builds on KPEP-2 and KPEP-0099.' },
  // A link split over two lines: only the full model sees it, so a cached entry must come from that.
  { number: 8, summary: 'See [the storage\nproposal](../0002-kpep-2/README.md) first.' },
  { number: 9 },
];

test('a warm lint run serves every KPEP from the cache and reports exactly what a cold run does', async () => {
  const files = workspaceFiles(specs);
  const cache = new CountingCache();
  const cold = await lintWorkspace(files);
  assert.deepEqual(await lintWorkspace(files, cache), cold, 'a run that fills the cache');
  assert.equal(cache.hits, 0);
  assert.deepEqual(await lintWorkspace(files, cache), cold, 'a run served by the cache');
  assert.equal(cache.hits, specs.length);
  const linked = cold.get(kpepPath({ number: 8 }))?.filter((diagnostic) => diagnostic.code === 'reference-to-replaced') ?? [];
  assert.equal(linked.length, 1, 'the two-line link to a replaced KPEP is seen');
});

test('a cached KPEP still gets the cross-KPEP findings that another KPEP’s change causes', async () => {
  const pair: KpepSpec[] = [
    { number: 3, status: 'replaced', supersededBy: [4] },
    { number: 4, replaces: [3] },
  ];
  const files = workspaceFiles(pair);
  const cache = new CountingCache();
  assert.deepEqual((await lintWorkspace(files, cache)).get(kpepPath(pair[0]!))?.filter((d) => d.code === 'replaces-not-reciprocated'), []);
  // KPEP-4 stops listing KPEP-3, whose text is unchanged and served from the cache.
  files.set(kpepPath({ number: 4 }), kpepText({ number: 4 }));
  const warm = await lintWorkspace(files, cache);
  assert.equal(cache.hits, 1, 'only the edited KPEP is parsed again');
  assert.deepEqual(warm, await lintWorkspace(files));
  assert.ok(warm.get(kpepPath(pair[0]!))?.some((diagnostic) => diagnostic.code === 'replaces-not-reciprocated'));
});

test('the cache file survives a run, and a corrupt one or one from another build is ignored', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'kpep-lint-cache-'));
  const file = join(directory, 'nested', 'lint.json');
  const key: LintCacheKey = { path: kpepPath({ number: 9 }), text: kpepText({ number: 9 }), templateText: 'template' };
  const value: CheckedKpep = {
    findings: [],
    entry: { path: key.path } as CheckedKpep['entry'],
    links: [
      { url: '#summary', kind: 'link', range: { start: { line: 12, character: 2 }, end: { line: 12, character: 21 } } },
      { url: '../0003-x/diagram.png', kind: 'image', range: { start: { line: 40, character: 0 }, end: { line: 41, character: 7 } } },
    ],
  };

  const first = await FileLintCache.open(file);
  assert.equal(first.get(key), undefined);
  first.set(key, value);
  await first.save();
  const reopened = await FileLintCache.open(file);
  assert.deepEqual(reopened.get(key), value);
  assert.equal(reopened.get({ ...key, text: `${key.text} ` }), undefined, 'a changed text misses');
  assert.equal(reopened.get({ ...key, templateText: 'another template' }), undefined, 'a changed template misses');

  const stored = JSON.parse(readFileSync(file, 'utf8')) as { build: string };
  writeFileSync(file, JSON.stringify({ ...stored, build: 'another kpep' }));
  assert.equal((await FileLintCache.open(file)).get(key), undefined, 'another build’s findings are not reused');
  writeFileSync(file, '{ not json');
  assert.equal((await FileLintCache.open(file)).get(key), undefined, 'a corrupt cache is an empty one');
});
