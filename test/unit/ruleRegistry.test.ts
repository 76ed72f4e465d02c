/**
 * The rule registry holds every rule to what it says: no finding has a severity its code does not
 * allow at the KPEP's status, every code has its page, and the tables and page headers made from
 * the registry are current (`node scripts/rule-docs.mjs` rewrites them).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { checkNumberClaimedElsewhere } from '../../server/src/core/branchClaims';
import { buildKpepIndex } from '../../server/src/core/lint';
import { parseKpepDocument } from '../../server/src/core/kpepDocument';
import { loadKpepProject } from '../../server/src/core/project';
import { allowedSeverities, DIAGNOSTIC_CODES, isDiagnosticCode, type DiagnosticCode } from '../../server/src/core/ruleRegistry';
import { KPEP_STATUSES } from '../../server/src/core/status';
import { InMemoryWorkspaceFiles } from '../../server/src/core/workspace';
import { severityName } from '../../server/src/cli/lintFormats';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeTable, hasGenerated, pageHeader, rulePagePath, TABLE_DOCUMENTS, withGenerated } from '../../scripts/ruleDocs';
import { lintWorkspace } from '../helpers/kpepWorkspace';

const REPO = join(__dirname, '..', '..', '..');

/** Every README.md under a folder, by workspace-relative path. */
function readmes(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name === 'README.md' || entry.name === '.kpep.json') {
        files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(root);
  return files;
}

/** The workspace with every KPEP's status set to `status` (the template and other files as they are). */
function atStatus(files: ReadonlyMap<string, string>, status: string): Map<string, string> {
  return new Map([...files].map(([path, text]) => [path, path.startsWith('kpeps/') ? text.replace(/^status:.*$/m, `status: ${status}`) : text]));
}

/** Shapes the fixtures lack (a bad directory, broken front matter, a replacement loop, a document past the size bound), added once. */
const EXTRA_KPEPS = new Map([
  ['kpeps/7-Bad_Name/README.md', '---\nkpep-number: 7\ntitle: Bad name\nstatus: provisional\nauthors: ["@a"]\ncreation-date: 2026-01-01\n---\n# KPEP-0007: Bad name\n'],
  ['kpeps/0901-loop-a/README.md', '---\nkpep-number: 901\ntitle: Loop A\nstatus: replaced\nauthors: ["@a"]\ncreation-date: 2026-01-01\nsuperseded-by: [902]\nreplaces: [902]\n---\n# KPEP-0901: Loop A\n'],
  ['kpeps/0902-loop-b/README.md', '---\nkpep-number: 902\ntitle: Loop B\nstatus: replaced\nauthors: ["@a"]\ncreation-date: 2026-01-01\nsuperseded-by: [901]\nreplaces: [901]\n---\n# KPEP-0902: Loop B\nSee KPEP-0901.\n'],
  ['kpeps/0904-bare/README.md', '# KPEP-0904: Bare\n'],
  ['kpeps/0905-syntax/README.md', '---\ntitle: [unclosed\n---\n# KPEP-0905: Syntax\n'],
  ['kpeps/0906-fields/README.md', '---\nkpep-number: 96\ntitle: Fields\nstatus: draft\nauthors: []\nsee-also: [4242]\nreplaces: [1]\n---\n# KPEP-0096: Fields\n'],
  ['kpeps/0903-huge/README.md', `---\nkpep-number: 903\ntitle: Huge\nstatus: provisional\nauthors: ["@a"]\ncreation-date: 2026-01-01\n---\n# KPEP-0903: Huge\n\n${'a'.repeat(2_000_001)}\n`],
]);

test('no rule gives a finding a severity the registry does not allow at its KPEP status, and every code fires somewhere', async () => {
  const corpora = [readmes(join(REPO, 'test', 'fixtures', 'real-style')), readmes(join(REPO, 'examples'))];
  const fired = new Set<DiagnosticCode>();
  for (const corpus of corpora) {
    for (const status of KPEP_STATUSES) {
      const files = new Map([...atStatus(corpus, status), ...(corpus === corpora[0] && status === 'provisional' ? EXTRA_KPEPS : [])]);
      for (const [path, diagnostics] of await lintWorkspace(files)) {
        const kpepStatus = parseKpepDocument(TextDocument.create(`file:///w/${path}`, 'markdown', 1, files.get(path) ?? '')).status;
        for (const diagnostic of diagnostics) {
          const code = String(diagnostic.code);
          assert.ok(isDiagnosticCode(code), code);
          fired.add(code);
          const severity = severityName(diagnostic.severity);
          assert.ok(allowedSeverities(code, kpepStatus).includes(severity), `${path} (${kpepStatus}): ${code} at ${severity}, the registry allows ${allowedSeverities(code, kpepStatus).join(', ')}`);
        }
      }
    }
  }
  // number-claimed-elsewhere needs another branch: its rule is called with one claim.
  const workspace = new InMemoryWorkspaceFiles(corpora[0] ?? new Map());
  const index = await buildKpepIndex({ files: workspace, project: await loadKpepProject({ files: workspace }) });
  const entry = index.find(1);
  assert.ok(entry);
  const claimed = checkNumberClaimedElsewhere(entry, index, [{ kpepNumber: 1, directory: '0001-other', ref: 'origin/other', date: undefined, title: 'Other', kind: 'tip' }]);
  assert.equal(claimed.length, 1);
  for (const finding of claimed) {
    fired.add(finding.code);
    assert.ok(allowedSeverities(finding.code, 'provisional').includes(finding.severity));
  }
  assert.deepEqual(DIAGNOSTIC_CODES.filter((code) => !fired.has(code)), [], 'codes the corpus never fires, so their severities go unchecked');
});

test('the registry allows only the severities its policy names (near miss: a fixed rule at another severity)', () => {
  assert.deepEqual(allowedSeverities('duplicate-number', 'provisional'), ['error']);
  assert.deepEqual(allowedSeverities('template-guidance', 'provisional'), ['information']);
  assert.deepEqual(allowedSeverities('template-guidance', 'implementable'), ['warning']);
  assert.deepEqual(allowedSeverities('placeholder', 'implemented'), ['error']);
  assert.deepEqual(allowedSeverities('missing-section', 'withdrawn'), ['warning']);
  assert.deepEqual([...allowedSeverities('missing-section', 'provisional')].sort(), ['information', 'warning']);
  assert.deepEqual(allowedSeverities('title', undefined), ['warning', 'information']);
});

test('every code has its page, with its current header and the sections a page must have', () => {
  const pages = readdirSync(join(REPO, 'docs', 'rules')).map((name) => name.replace(/\.md$/, ''));
  assert.deepEqual(pages.filter((page) => !isDiagnosticCode(page)), [], 'pages for no code');
  for (const code of DIAGNOSTIC_CODES) {
    const path = join(REPO, rulePagePath(code));
    assert.ok(existsSync(path), `${rulePagePath(code)} is missing: run node scripts/rule-docs.mjs and write it`);
    const text = readFileSync(path, 'utf8');
    assert.equal(withGenerated(text, pageHeader(code)), text, `${rulePagePath(code)}'s header is stale: run node scripts/rule-docs.mjs`);
    for (const heading of ['## What it reports', '## Why', '## Example', '## Near miss']) {
      assert.ok(text.includes(`\n${heading}\n`), `${rulePagePath(code)} lacks "${heading}"`);
    }
  }
});

test('the README, docs/spec.md and docs/rules.md code tables are the registry\'s, current', () => {
  for (const { path, pages } of TABLE_DOCUMENTS) {
    const text = readFileSync(join(REPO, path), 'utf8');
    assert.ok(hasGenerated(text), `${path} has no rule-registry markers`);
    assert.equal(withGenerated(text, codeTable(pages)), text, `${path}'s code table is stale: run node scripts/rule-docs.mjs`);
  }
});
