// The real-style fixture repository (test/fixtures/real-style: proposals written the way upstream
// KEPs are) replicated to N KPEPs, so `kpep lint` is measured on what users have. Copy k of fixture
// NNNN is number NNNN + 33k: its front matter, `KPEP-NNNN` mentions and `../NNNN-slug/` links are
// renumbered with it, so every copy links within its own set as the fixtures do.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/real-style');
/** The highest fixture number: copy k holds numbers 33k + 1 to 33k + 33, so copies never meet. */
const NUMBER_STRIDE = 33;

function pad(kpepNumber) {
  return String(kpepNumber).padStart(4, '0');
}

function renumbered(text, offset) {
  if (offset === 0) {
    return text;
  }
  const shift = (digits) => pad(Number(digits) + offset);
  return text
    .replace(/^kpep-number: (\d+)/m, (_, digits) => `kpep-number: ${Number(digits) + offset}`)
    .replace(/^(replaces|superseded-by|see-also): \[([^\]\n]*)\]/gm, (_, key, items) => `${key}: [${items.replace(/\d+/g, (digits) => String(Number(digits) + offset))}]`)
    .replace(/KPEP-(\d{4})/g, (_, digits) => `KPEP-${shift(digits)}`)
    .replace(/\.\.\/(\d{4})-/g, (_, digits) => `../${shift(digits)}-`);
}

/** Writes `count` KPEPs into `directory`; the corpus shape generateRepository returns. */
export function generateRealStyleCorpus({ directory, count }) {
  const fixtures = readdirSync(join(FIXTURES, 'kpeps')).sort().map((name) => ({
    number: Number(name.slice(0, 4)),
    slug: name.slice(5),
    text: readFileSync(join(FIXTURES, 'kpeps', name, 'README.md'), 'utf8'),
  }));
  if (Math.max(...fixtures.map((fixture) => fixture.number)) > NUMBER_STRIDE || (Math.ceil(count / fixtures.length) - 1) * NUMBER_STRIDE + NUMBER_STRIDE > 9999) {
    throw new Error(`the real-style corpus holds at most ${Math.floor(9999 / NUMBER_STRIDE) * fixtures.length} KPEPs of 4-digit numbers`);
  }
  cpSync(join(FIXTURES, 'templates'), join(directory, 'templates'), { recursive: true });
  writeFileSync(join(directory, 'README.md'), '# Kplane Enhancement Proposals\n\nSee templates/README.md to draft a KPEP.\n');
  const paths = [];
  let totalBytes = 0;
  let largest = { path: '', bytes: 0 };
  for (let index = 0; index < count; index++) {
    const fixture = fixtures[index % fixtures.length];
    const offset = Math.floor(index / fixtures.length) * NUMBER_STRIDE;
    const path = `kpeps/${pad(fixture.number + offset)}-${fixture.slug}/README.md`;
    const text = renumbered(fixture.text, offset);
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
    paths.push(path);
    totalBytes += Buffer.byteLength(text);
    if (text.length > largest.bytes) {
      largest = { path, bytes: text.length };
    }
  }
  return { root: directory, count, totalBytes, largestPath: largest.path, realStylePath: largest.path, paths };
}
