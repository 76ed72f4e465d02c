// Writes the rule registry's parts of the docs: the code tables of README.md, docs/spec.md and
// docs/rules.md, and the header of every docs/rules/<code>.md (a page that does not exist yet is
// started with its header). test/unit/ruleDocs.test.ts fails while any of them is stale.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const repository = resolve(import.meta.dirname, '..');
const bundle = join(repository, 'out', 'rule-docs.cjs');
await build({ entryPoints: [join(repository, 'scripts/ruleDocs.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
const { DIAGNOSTIC_CODES, TABLE_DOCUMENTS, codeTable, pageHeader, rulePagePath, withGenerated, hasGenerated } = createRequire(import.meta.url)(bundle);

let written = 0;
function update(path, generated, { mustHaveMarkers }) {
  const file = join(repository, path);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (mustHaveMarkers && !hasGenerated(before)) {
    throw new Error(`${path} has no rule-registry markers: add them where the code table belongs`);
  }
  const after = withGenerated(before, generated);
  if (after !== before) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, after);
    written++;
    process.stdout.write(`wrote ${path}\n`);
  }
}

for (const { path, pages } of TABLE_DOCUMENTS) {
  update(path, codeTable(pages), { mustHaveMarkers: true });
}
for (const code of DIAGNOSTIC_CODES) {
  update(rulePagePath(code), pageHeader(code), { mustHaveMarkers: false });
}
process.stdout.write(written === 0 ? 'the rule docs are current\n' : `${written} file(s) written\n`);
