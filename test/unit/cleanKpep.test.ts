import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanKpep, diagnose } from '../helpers/kpepFixtures';

test('a KPEP that follows the template and the front-matter rules has no diagnostics', () => {
  for (const status of ['provisional', 'implementable', 'implemented', 'withdrawn']) {
    assert.deepEqual(diagnose(cleanKpep({ status })).map((d) => `${String(d.code)}: ${d.message}`), [], status);
  }
});
