// Line coverage of the product's sources (server/src, client/src) by the whole node test suite:
// `npm run coverage`. Source maps from esbuild bundles remap to figures that are too high (every
// loaded file near 100%), so the bundles are built without them, unminified and without tree
// shaking: each source module is then the same run of lines in every bundle, under esbuild's
// `// path` comment. V8's own coverage of every process (test files, the spawned CLI and server,
// worker threads) marks each of those lines run or not; a line counts once, run if any process ran it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SOURCES = /^(server|client)\/src\//;
const BUNDLES = [`${join(REPO, 'out', 'test')}/`, `${join(REPO, 'dist')}/`];
const MODULE_COMMENT = /^\/\/ (\S+\.(?:ts|js|mjs|cjs|json|md))$/;

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: REPO, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/** Each byte's execution count: the innermost V8 range holding it decides. */
function countsOf(length, functions) {
  const counts = new Int32Array(length).fill(-1);
  const ranges = functions.flatMap((fn) => fn.ranges).sort((a, b) => b.endOffset - b.startOffset - (a.endOffset - a.startOffset));
  for (const { startOffset, endOffset, count } of ranges) {
    counts.fill(count, startOffset, Math.min(endOffset, length));
  }
  return counts;
}

/** A line that does something: not blank, not only punctuation, not a comment. */
function isCodeLine(line) {
  const text = line.trim();
  return /[A-Za-z0-9]/.test(text) && !text.startsWith('//') && !text.startsWith('/*') && !text.startsWith('*');
}

// `--show MODULE` lists the lines of one source module that no process ran, as bundled.
const showIndex = process.argv.indexOf('--show');
const shown = showIndex === -1 ? undefined : process.argv[showIndex + 1];
const shownText = new Map();

/** module path → line index in its section → run, for one script's coverage. */
function linesOf(source, functions, lines) {
  const counts = countsOf(source.length, functions);
  let module;
  let index = 0;
  let offset = 0;
  for (const line of source.split('\n')) {
    const comment = MODULE_COMMENT.exec(line);
    if (comment) {
      module = SOURCES.test(comment[1]) ? comment[1] : undefined;
      index = 0;
    } else if (module !== undefined) {
      if (isCodeLine(line)) {
        const first = offset + line.search(/\S/);
        const key = `${module}\u0000${index}`;
        lines.set(key, (lines.get(key) ?? false) || counts[first] !== 0);
        if (module === shown) {
          shownText.set(key, line);
        }
      }
      index++;
    }
    offset += line.length + 1;
  }
}

const coverageDirectory = mkdtempSync(join(tmpdir(), 'kpep-coverage-'));
try {
  const bundles = { KPEP_BUILD_FOR_COVERAGE: '1' };
  let status = run(process.execPath, ['scripts/build.mjs'], bundles) || run(process.execPath, ['scripts/build.mjs', '--tests'], bundles);
  if (status === 0) {
    // Test files named after `--` (built paths under out/test/) narrow the run; the default is all of them.
    const testFiles = process.argv.slice(2).filter((arg, index, args) => arg !== '--show' && args[index - 1] !== '--show');
    status = run(process.execPath, ['--test', '--test-concurrency=2', ...(testFiles.length > 0 ? testFiles : ['out/test/'])], { NODE_V8_COVERAGE: coverageDirectory });
  }
  const lines = new Map();
  const sources = new Map();
  for (const file of readdirSync(coverageDirectory)) {
    for (const { url, functions } of JSON.parse(readFileSync(join(coverageDirectory, file), 'utf8')).result) {
      // This checkout's bundles only: the package test's installed copy is gone by now.
      const path = url.startsWith('file:') ? fileURLToPath(url) : '';
      if (!BUNDLES.some((folder) => path.startsWith(folder))) {
        continue;
      }
      if (!sources.has(path)) {
        sources.set(path, readFileSync(path, 'utf8'));
      }
      linesOf(sources.get(path), functions, lines);
    }
  }
  for (const [key, text] of shownText) {
    if (!lines.get(key)) {
      console.log(`not run: ${text.trim()}`);
    }
  }
  const byModule = new Map();
  for (const [key, ran] of lines) {
    const module = key.split('\u0000')[0];
    const totals = byModule.get(module) ?? { lines: 0, run: 0 };
    totals.lines++;
    totals.run += ran ? 1 : 0;
    byModule.set(module, totals);
  }
  const sum = (filter) => [...byModule].filter(([module]) => filter(module)).reduce((total, [, t]) => ({ lines: total.lines + t.lines, run: total.run + t.run }), { lines: 0, run: 0 });
  const percent = ({ lines: all, run: ran }) => `${((100 * ran) / Math.max(all, 1)).toFixed(2)}% (${ran}/${all} lines)`;
  const rows = [...byModule].sort(([a], [b]) => a.localeCompare(b));
  for (const [module, totals] of rows.filter(([, t]) => t.run < t.lines)) {
    console.log(`${percent(totals).padEnd(24)} ${module}`);
  }
  console.log(`\nserver/src: ${percent(sum((module) => module.startsWith('server/')))}`);
  console.log(`client/src: ${percent(sum((module) => module.startsWith('client/')))} (the client's modules that import vscode run only in the VS Code suite)`);
  console.log(`all: ${percent(sum(() => true))}`);
  if (status !== 0) {
    console.error(`\nthe tests failed (exit ${status}); the figures above cover what ran`);
  }
  process.exitCode = status;
} finally {
  rmSync(coverageDirectory, { recursive: true, force: true });
  // dist/ back as it ships (minified, with source maps) and the test bundles as npm test builds them.
  run(process.execPath, ['scripts/build.mjs']);
  run(process.execPath, ['scripts/build.mjs', '--tests']);
}
