import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanKpep, diagnose, messageOf } from '../helpers/kpepFixtures';

const UPSTREAM_FIELDS = {
  'owning-sig': 'sig-api-machinery',
  'participating-sigs': '[sig-auth]',
  'prr-approvers': '["@dee"]',
  stage: 'beta',
  'latest-milestone': '"v1.33"',
  milestone: '{alpha: "v1.31", beta: "v1.33"}',
  'feature-gates': '[{name: StreamingWatch, components: [kube-apiserver]}]',
  'disable-supported': 'true',
  metrics: '[watch_streams_total]',
  upstream: '{kep-number: 4100, path: keps/sig-api-machinery/4100-streaming-watch}',
};

function codesFor(changes: Readonly<Record<string, string>>): string[] {
  return diagnose(cleanKpep(changes))
    .filter((d) => d.code === 'field-unknown' || d.code === 'field-type')
    .map((d) => `${d.code}: ${messageOf(d)}`);
}

test('the upstream fields are known KPEP fields, and a KPEP without them needs none', () => {
  assert.deepEqual(codesFor(UPSTREAM_FIELDS), []);
  assert.deepEqual(codesFor({}), []);
});

test('field-type fires on an upstream field upstream would reject; a TBD placeholder is left to the export report', () => {
  const cases: Record<string, string> = {
    stage: 'ga',
    'latest-milestone': '"1.33"',
    milestone: '{gamma: "v1.31"}',
    'feature-gates': '[{name: streamingWatch, components: [kube-apiserver]}]',
    'disable-supported': 'yes',
    'owning-sig': 'SIG API',
    metrics: 'watch_streams_total',
    upstream: '{kep: 4100}',
  };
  for (const [key, value] of Object.entries(cases)) {
    const found = codesFor({ [key]: value });
    assert.equal(found.length, 1, `${key}: ${value} gave ${found.join('; ')}`);
    assert.match(found[0] ?? '', new RegExp(`^field-type: "${key}" `));
  }
  assert.deepEqual(codesFor({ stage: '"TBD: stage: alpha, beta or stable"' }), []);
});

test('field-unknown still fires near an upstream field, with the suggestion', () => {
  const found = codesFor({ 'owning-sigs': 'sig-node' });
  assert.deepEqual(found, ['field-unknown: "owning-sigs" is not a KPEP front-matter field. Did you mean "owning-sig"?']);
});
