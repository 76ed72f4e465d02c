/** The short fuzzing run inside `npm test`; `npm run fuzz -- --minutes N` runs the same properties for long. */
import { resolve } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { kpepProperties } from './kpepProperties';

/** A few seconds in all: enough to catch a regression, short enough for every `npm test`. */
const RUNS_PER_PROPERTY = 25;

for (const { name, property } of kpepProperties({ examplesDirectory: resolve(__dirname, '../../../examples') })) {
  test(`fuzz: ${name} never throw, stay in range, and fixes settle`, () => {
    fc.assert(property, { numRuns: RUNS_PER_PROPERTY });
  });
}
