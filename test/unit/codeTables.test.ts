/**
 * The public codes are listed in several documents a user reads (the README, docs/spec.md) and in
 * the `.kpep.json` schema an editor validates against; each must list exactly the codes core emits.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/core/ruleRegistry';

const REPO = join(__dirname, '..', '..', '..');
const CODES = [...DIAGNOSTIC_CODES].sort();

/** The codes named in the first column of a markdown table's rows (`| \`code\`, \`code\` | …`). */
function tableCodes(path: string): string[] {
  const text = readFileSync(join(REPO, path), 'utf8');
  const codes = text.split('\n').flatMap((line) => {
    const first = /^\|([^|]*)\|/.exec(line)?.[1] ?? '';
    return [...first.matchAll(/`([a-z][a-z-]*)`/g)].map((match) => match[1] as string);
  });
  return [...new Set(codes)];
}

test('the .kpep.json schema accepts a rule setting for exactly the public codes', () => {
  const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'kpep.schema.json'), 'utf8')) as { properties: { rules: { propertyNames: { enum: string[] } } } };
  assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), CODES);
});

test('the README and docs/spec.md code tables list exactly the public codes', () => {
  for (const path of ['README.md', join('docs', 'spec.md')]) {
    const listed = tableCodes(path);
    assert.deepEqual(CODES.filter((code) => !listed.includes(code)), [], `${path} leaves out codes`);
  }
});
