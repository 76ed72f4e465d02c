/**
 * One reading of kpep-number: the `kpep index` table, the hover card (through the hover provider,
 * in-process), the index of closed files and the rules number a KPEP alike, for every way the
 * field may be written and every way it may not (SPEC §2).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildKpepIndex } from '../../server/src/core/lint';
import { kpepIndexRow } from '../../server/src/core/kpepIndexTable';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { loadKpepProject } from '../../server/src/core/project';
import { InMemoryWorkspaceFiles } from '../../server/src/core/workspace';
import { KpepDocumentCache } from '../../server/src/documentCache';
import { fileUriOf } from '../../server/src/documentUri';
import { provideHover } from '../../server/src/languageFeatures/hover';
import { KpepWorkspaceHost } from '../../server/src/workspaceHost';
import { WorkspaceIndexer } from '../../server/src/workspaceIndexer';
import { codesOf, diagnose, kpepBody } from '../helpers/kpepFixtures';

/** The directory says 12, so a KPEP numbered 7 read its kpep-number and one numbered 12 fell back to the directory. */
const PATH = 'kpeps/0012-pluggable-storage/README.md';
const ALLOWED = ['7', '0007', '07'];
const REFUSED = ['"7"', '"0007"', '"KPEP-0007"', 'KPEP-0007', '-7', '7.5', '[7]'];

function kpepText(kpepNumber: string): string {
  const matter = `---\nkpep-number: ${kpepNumber}\ntitle: Pluggable storage backends\nstatus: provisional\nauthors: ["@alice"]\ncreation-date: 2026-11-24\n---\n`;
  return matter + kpepBody({ title: 'Pluggable storage backends' }).replace(/^# .*$/m, '# Storage');
}

/** The number hover shows on the H1: the open KPEP's card, from the hover provider over a workspace on disk. */
async function hoverNumber(text: string): Promise<string | undefined> {
  const root = mkdtempSync(join(tmpdir(), 'kpep-number-'));
  try {
    mkdirSync(join(root, 'kpeps', '0012-pluggable-storage'), { recursive: true });
    writeFileSync(join(root, PATH), text);
    const uri = fileUriOf(join(root, PATH));
    const document = TextDocument.create(uri, 'markdown', 1, text);
    const open = (candidate: string): TextDocument | undefined => (candidate === uri ? document : undefined);
    const host = new KpepWorkspaceHost({ openDocument: open, settingsFor: async () => undefined, log: () => undefined });
    host.setFolders([fileUriOf(root)]);
    const cache = new KpepDocumentCache();
    const indexer = new WorkspaceIndexer({
      host,
      cache,
      openDocument: open,
      openDocuments: () => [document],
      beginProgress: async () => ({ report: () => undefined, done: () => undefined }),
      onCrossChange: () => undefined,
      onIndexed: () => undefined,
    });
    const documents = { get: open } as unknown as TextDocuments<TextDocument>;
    const h1Line = text.split('\n').findIndex((line) => line.startsWith('# '));
    const hover = await provideHover({ documents, cache, host, indexer }, { textDocument: { uri }, position: { line: h1Line, character: 3 } });
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    return /KPEP-(\d+)/.exec(value)?.[1];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function numbering(kpepNumber: string): Promise<{ table: number | undefined; closed: number | undefined; hover: string | undefined; title: string; codes: string[] }> {
  const text = kpepText(kpepNumber);
  const kpepPath = classifyKpepPath(PATH, 'kpeps');
  assert.ok(kpepPath);
  const files = new InMemoryWorkspaceFiles(new Map([[PATH, text]]));
  const index = await buildKpepIndex({ files, project: await loadKpepProject({ files }) });
  const diagnostics = diagnose(text, { path: PATH });
  const title = String(diagnostics.find((diagnostic) => diagnostic.code === 'title')?.message ?? '');
  return {
    table: kpepIndexRow({ path: PATH, kpepPath, text }).kpepNumber,
    closed: index.all().find((entry) => entry.path === PATH)?.kpepNumber,
    hover: await hoverNumber(text),
    title: /KPEP-(\d+)/.exec(title)?.[1] ?? '',
    codes: codesOf(diagnostics),
  };
}

for (const written of ALLOWED) {
  test(`kpep-number: ${written} numbers the KPEP 7 in the index table, the index, the hover and the rules`, async () => {
    const seen = await numbering(written);
    assert.deepEqual({ table: seen.table, closed: seen.closed, hover: seen.hover, title: seen.title }, { table: 7, closed: 7, hover: '0007', title: '0007' });
    assert.ok(seen.codes.includes('number-mismatch'), seen.codes.join(', '));
    assert.ok(!seen.codes.includes('field-type'), seen.codes.join(', '));
  });
}

for (const written of REFUSED) {
  test(`kpep-number: ${written} is field-type, and everything falls back to the directory's 12 alike`, async () => {
    const seen = await numbering(written);
    assert.deepEqual({ table: seen.table, closed: seen.closed, hover: seen.hover, title: seen.title }, { table: 12, closed: 12, hover: '0012', title: '0012' });
    assert.ok(seen.codes.includes('field-type'), seen.codes.join(', '));
    assert.ok(!seen.codes.includes('number-mismatch'), seen.codes.join(', '));
  });
}
