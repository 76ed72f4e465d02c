/**
 * One reading of kpep-number: the `kpep index` table, the hover card (the server in-process), the
 * index of closed files and the rules number a KPEP alike, for every way the field may be written
 * and every way it may not (SPEC §2).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKpepIndex } from '../../server/src/core/index/scan';
import { kpepIndexRow } from '../../server/src/core/kpepIndexTable';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { loadKpepProject } from '../../server/src/core/project';
import { InMemoryWorkspaceFiles } from '../../server/src/core/workspace';
import { cursorAt, InProcessWorkspace, NOT_CANCELLED } from '../helpers/inProcessServer';
import { codesOf, diagnose, kpepBody } from '../helpers/kpepFixtures';

/** The directory says 12, so a KPEP numbered 7 read its kpep-number and one numbered 12 fell back to the directory. */
const PATH = 'kpeps/0012-pluggable-storage/README.md';
const ALLOWED = ['7', '0007', '07'];
const REFUSED = ['"7"', '"0007"', '"KPEP-0007"', 'KPEP-0007', '-7', '7.5', '[7]'];

function kpepText(kpepNumber: string): string {
  const matter = `---\nkpep-number: ${kpepNumber}\ntitle: Pluggable storage backends\nstatus: provisional\nauthors: ["@alice"]\ncreation-date: 2026-11-24\n---\n`;
  return matter + kpepBody({ title: 'Pluggable storage backends' }).replace(/^# .*$/m, '# Storage');
}

/** The number hover shows on the H1: the open KPEP's card, from the server in-process. */
async function hoverNumber(text: string): Promise<string | undefined> {
  const workspace = await InProcessWorkspace.create({ files: { [PATH]: text } });
  const { uri, position } = await workspace.open(PATH, cursorAt(text, '# Storage', 3));
  const hover = await workspace.server.hover(uri, position, NOT_CANCELLED);
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  return /KPEP-(\d+)/.exec(value)?.[1];
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
