import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readKpep } from '../../server/src/core/index/kpepEntry';
import { KpepIndex } from '../../server/src/core/index/kpepIndex';
import { planRenumber, renumberProblem, type RenumberTarget } from '../../server/src/core/lifecycle/renumber';
import { applyTextEdits } from '../../server/src/core/lifecycle/textEdit';
import { kpepPath, kpepText, type KpepSpec } from '../helpers/kpepWorkspace';

function targets(specs: readonly KpepSpec[]): RenumberTarget[] {
  return specs.map((spec) => {
    const path = kpepPath(spec);
    const read = readKpep({ path, text: kpepText(spec), root: 'kpeps' });
    assert.ok(read);
    return { path, document: read.document, entry: read.entry };
  });
}

test('when two KPEPs share the old number, only the moved one and links to its directory change', () => {
  const kpeps = targets([
    { number: 3, directory: '0003-audit', summary: 'Audit logs, KPEP-0003.' },
    { number: 3, directory: '0003-storage' },
    { number: 4, summary: 'Needs KPEP-3 and [the audit one](../0003-audit/README.md).' },
  ]);
  const index = KpepIndex.build(kpeps.map((kpep) => kpep.entry));
  const [audit, , four] = kpeps as [RenumberTarget, RenumberTarget, RenumberTarget];
  const plan = planRenumber({ from: audit, to: 5, kpeps, index, root: 'kpeps' });
  assert.deepEqual([plan.fromDirectory, plan.toDirectory, plan.leftAlone], ['kpeps/0003-audit', 'kpeps/0005-audit', 1]);
  const changed = new Map(plan.edits.map((edit) => [edit.path, edit.edits]));
  assert.deepEqual([...changed.keys()].sort(), [audit.path, four.path].sort());
  const fourText = applyTextEdits(four.document.textDocument.getText(), changed.get(four.path) ?? []);
  assert.match(fourText, /Needs KPEP-3 and \[the audit one\]\(\.\.\/0005-audit\/README\.md\)\./);
  const auditText = applyTextEdits(audit.document.textDocument.getText(), changed.get(audit.path) ?? []);
  assert.match(auditText, /^---\nkpep-number: 5\n/);
  assert.match(auditText, /\n# KPEP-0005: Proposal 3\n/);
  assert.match(auditText, /Audit logs, KPEP-0005\./);
});

test('renumber refuses a number in use here or claimed on a branch, and a no-op', () => {
  const kpeps = targets([{ number: 3 }, { number: 4 }]);
  const index = KpepIndex.build(kpeps.map((kpep) => kpep.entry));
  const from = (kpeps[0] as RenumberTarget).entry;
  assert.equal(renumberProblem({ index, from, to: 4, claims: [] }), 'KPEP-0004 is taken by 0004-kpep-4; numbers are never reused.');
  assert.equal(renumberProblem({ index, from, to: 3, claims: [] }), '0003-kpep-3 is already KPEP-0003.');
  assert.equal(
    renumberProblem({ index, from, to: 6, claims: [{ kpepNumber: 6, directory: '0006-gone', ref: 'origin/old', date: undefined, title: 'Gone', kind: 'history' }] }),
    'KPEP-0006 was taken on origin/old (0006-gone, since deleted): Gone; numbers are never reused.',
  );
  assert.equal(renumberProblem({ index, from, to: 5, claims: [] }), undefined);
});
