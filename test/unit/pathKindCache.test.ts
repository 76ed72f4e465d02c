import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PathKind } from '../../server/src/core/workspace';
import { PathKindCache } from '../../server/src/node/pathKindCache';

function cacheOverDisk(disk: Map<string, PathKind>) {
  const clock = { now: 0 };
  const lookUps: string[] = [];
  const cache = new PathKindCache({
    lookUp: (relativePath) => {
      lookUps.push(relativePath);
      return Promise.resolve(disk.get(relativePath));
    },
    keepMs: 2000,
    now: () => clock.now,
  });
  return { cache, clock, lookUps };
}

test('a path is looked up once while typing, and again after a file event or once its answer is old', async () => {
  const disk = new Map<string, PathKind>([['kpeps/0001-a/README.md', 'file']]);
  const { cache, clock, lookUps } = cacheOverDisk(disk);
  assert.equal(await cache.fileKind('kpeps/0001-a/README.md'), 'file');
  assert.equal(await cache.fileKind('docs/flow.png'), undefined);
  clock.now = 1999;
  assert.equal(await cache.fileKind('kpeps/0001-a/README.md'), 'file');
  assert.equal(await cache.fileKind('docs/flow.png'), undefined);
  assert.deepEqual(lookUps, ['kpeps/0001-a/README.md', 'docs/flow.png']);

  // The image appears and its event arrives: the next check sees it at once.
  disk.set('docs/flow.png', 'file');
  cache.clear();
  assert.equal(await cache.fileKind('docs/flow.png'), 'file');

  assert.equal(await cache.fileKind('kpeps/0001-a/README.md'), 'file');

  // The README goes without an event (nothing watches it): seen once its answer is older than keepMs.
  disk.delete('kpeps/0001-a/README.md');
  clock.now = 3999;
  assert.equal(await cache.fileKind('kpeps/0001-a/README.md'), 'file');
  clock.now = 4000;
  assert.equal(await cache.fileKind('kpeps/0001-a/README.md'), undefined);
  assert.deepEqual(lookUps, ['kpeps/0001-a/README.md', 'docs/flow.png', 'docs/flow.png', 'kpeps/0001-a/README.md', 'kpeps/0001-a/README.md']);
});
