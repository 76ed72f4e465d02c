/**
 * A new KPEP repository, as `kpep init` and the editor's "Create a KPEP repository" both make it:
 * the process README, the template, the kpeps/ index page and .kpep.json, from the same texts.
 * Nothing is overwritten (SPEC §8): when any of them exists, they are named and nothing is created.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from '../core/config';
import { renderKpepIndexTable, updateKpepIndexBlock } from '../core/kpepIndexTable';
import { defaultTemplateText } from '../core/template/templateModel';
import type { InitRepositoryResult } from '../protocol/kpepProtocol';
import { writeFileAtomically } from './atomicWrite';
import kpepsIndexText from './initFiles/kpeps-index.md';
import repositoryReadmeText from './initFiles/repository-readme.md';

const CONFIG_TEXT = `${JSON.stringify({ root: 'kpeps', template: 'templates/README.md', rules: {} }, null, 2)}\n`;

export async function createKpepRepository(options: { readonly directory: string }): Promise<InitRepositoryResult> {
  const { directory } = options;
  const indexUpdate = updateKpepIndexBlock({ text: kpepsIndexText, content: renderKpepIndexTable({ rows: [], indexPath: 'kpeps/README.md' }) });
  const planned: ReadonlyMap<string, string> = new Map([
    ['README.md', repositoryReadmeText],
    ['templates/README.md', defaultTemplateText],
    ['kpeps/README.md', indexUpdate.kind === 'stale' ? indexUpdate.text : kpepsIndexText],
    [CONFIG_FILE, CONFIG_TEXT],
  ]);
  // Everything is checked before anything is created, so a refusal leaves no half-made repository.
  const existing: string[] = [];
  for (const target of ['README.md', 'templates/README.md', 'kpeps', CONFIG_FILE]) {
    if (await fs.lstat(path.join(directory, target)).catch(() => undefined)) {
      existing.push(target);
    }
  }
  if (existing.length > 0) {
    return { kind: 'in-the-way', existing };
  }
  await fs.mkdir(path.join(directory, 'templates'), { recursive: true });
  await fs.mkdir(path.join(directory, 'kpeps'));
  for (const [file, text] of planned) {
    await writeFileAtomically({ file: path.join(directory, file), expected: undefined, text });
  }
  return { kind: 'created', files: [...planned.keys()] };
}
