// The long fuzzing run: `npm run fuzz -- --minutes N` checks the properties of test/fuzz/ with fresh
// seeds until the time is up, prints each failure with the seed and path that reproduce it, and
// exits 1 if any failed.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '1' }, runs: { type: 'string', default: '200' }, seed: { type: 'string' }, path: { type: 'string' }, property: { type: 'string' } } });
const minutes = Number(values.minutes);
const runsPerBatch = Number(values.runs);
if (!(minutes > 0) || !(runsPerBatch > 0)) {
  console.error('usage: npm run fuzz -- [--minutes N] [--runs PER_BATCH] [--property NAME --seed=S --path=P to replay one failure]');
  process.exit(2);
}

const outfile = fileURLToPath(new URL('../out/fuzz/kpepProperties.cjs', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('../test/fuzz/kpepProperties.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  loader: { '.md': 'text' },
  logLevel: 'warning',
  outfile,
});
const require = createRequire(import.meta.url);
const { kpepProperties } = require(outfile);
const fc = require('fast-check');
const properties = kpepProperties({ examplesDirectory: fileURLToPath(new URL('../examples', import.meta.url)) });

if (values.seed !== undefined) {
  // Replays one reported failure and prints its shrunk counterexample.
  // A path is only meaningful for the property that reported it.
  for (const { name, property } of properties.filter((candidate) => values.property === undefined || candidate.name === values.property)) {
    const details = fc.check(property, { seed: Number(values.seed), path: values.path, numRuns: runsPerBatch });
    console.log(`${name}: ${details.failed ? fc.defaultReportMessage(details) : 'passes'}`);
  }
  process.exit(0);
}

const deadline = Date.now() + minutes * 60_000;
const runs = new Map(properties.map(({ name }) => [name, 0]));
let failures = 0;
let batches = 0;
let lastReport = Date.now();
while (Date.now() < deadline) {
  for (const { name, property } of properties) {
    const seed = (Date.now() ^ (batches * 2654435761)) | 0;
    const details = fc.check(property, { seed, numRuns: runsPerBatch });
    runs.set(name, runs.get(name) + details.numRuns);
    if (details.failed) {
      failures++;
      console.error(`FAIL ${name}: replay with npm run fuzz -- --property="${name}" --seed=${details.seed} --path=${details.counterexamplePath}`);
      console.error(fc.defaultReportMessage(details));
      console.error(details.errorInstance);
    }
    if (Date.now() >= deadline) {
      break;
    }
  }
  batches++;
  if (Date.now() - lastReport > 30_000) {
    lastReport = Date.now();
    console.log(`${Math.round((deadline - Date.now()) / 1000)} s left: ${[...runs].map(([name, count]) => `${name} ${count}`).join(', ')}; ${failures} failed`);
  }
}
console.log(`fuzz done: ${[...runs].map(([name, count]) => `${name} ${count} runs`).join(', ')}; ${failures} failure${failures === 1 ? '' : 's'}`);
process.exitCode = failures > 0 ? 1 : 0;
