// Rewrites test/fixtures/real-style/kpeps/*/expected.json from what `kpep lint` reports now
// (run `node scripts/build.mjs` first). Read every changed finding before committing: each one
// must be a finding an author would act on.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repository = resolve(import.meta.dirname, '..');
const fixture = join(repository, 'test/fixtures/real-style');
const run = spawnSync(process.execPath, [join(repository, 'dist/cli.js'), 'lint', '--format', 'json'], { cwd: fixture, encoding: 'utf8' });
if (run.status === 2 || run.stdout === '') {
  process.stderr.write(run.stderr);
  process.exit(2);
}
const byDirectory = new Map();
for (const diagnostic of JSON.parse(run.stdout)) {
  const directory = diagnostic.file.split('/')[1];
  byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), { code: diagnostic.code, line: diagnostic.range.start.line + 1, severity: diagnostic.severity }]);
}
for (const directory of readdirSync(join(fixture, 'kpeps'))) {
  const findings = byDirectory.get(directory) ?? [];
  writeFileSync(join(fixture, 'kpeps', directory, 'expected.json'), `${JSON.stringify(findings, null, 2)}\n`);
}
process.stdout.write(`wrote ${readdirSync(join(fixture, 'kpeps')).length} expected.json files\n`);
