/** The files a new KPEP repository starts with, for `kpep init` and the editor's "Create a KPEP repository" alike. */
import kpepsIndexText from './initFiles/kpeps-index.md';
import repositoryReadmeText from './initFiles/repository-readme.md';
import { CONFIG_FILE } from './core/config';
import { renderKpepIndexTable, updateKpepIndexBlock } from './core/kpepIndexTable';
import { TEMPLATE_PATH } from './core/project';
import { defaultTemplateText } from './core/template/templateModel';
import type { InitRepositoryResult } from './protocol/kpepProtocol';

const CONFIG_TEXT = `${JSON.stringify({ root: 'kpeps', template: TEMPLATE_PATH, rules: {} }, null, 2)}\n`;

/** Workspace-relative paths that must not exist yet: each file, and the kpeps/ directory. */
const REPOSITORY_PATHS = ['README.md', TEMPLATE_PATH, 'kpeps', CONFIG_FILE] as const;

/** Each file by workspace-relative path, in the order they are written: the process README, the template, the index page, .kpep.json. */
function repositoryFiles(): ReadonlyMap<string, string> {
  const indexUpdate = updateKpepIndexBlock({ text: kpepsIndexText, content: renderKpepIndexTable({ rows: [], indexPath: 'kpeps/README.md' }) });
  return new Map([
    ['README.md', repositoryReadmeText],
    [TEMPLATE_PATH, defaultTemplateText],
    ['kpeps/README.md', indexUpdate.kind === 'stale' ? indexUpdate.text : kpepsIndexText],
    [CONFIG_FILE, CONFIG_TEXT],
  ]);
}

/** Where a repository is created: the CLI's disk, or the editor's host (which then re-reads the project). */
export interface RepositoryWriter {
  exists(relativePath: string): Promise<boolean>;
  /** Creates the file and its directories; 'exists' when something appeared there meanwhile. */
  create(relativePath: string, text: string): Promise<'created' | 'exists'>;
}

/** Writes a new repository; nothing is overwritten (SPEC §8): when any path exists, they are named and nothing is created. */
export async function createRepository(writer: RepositoryWriter): Promise<InitRepositoryResult> {
  // Everything is checked before anything is created, so a refusal leaves no half-made repository.
  const existing: string[] = [];
  for (const target of REPOSITORY_PATHS) {
    if (await writer.exists(target)) {
      existing.push(target);
    }
  }
  if (existing.length > 0) {
    return { kind: 'in-the-way', existing };
  }
  const planned = repositoryFiles();
  for (const [file, text] of planned) {
    if ((await writer.create(file, text)) === 'exists') {
      return { kind: 'in-the-way', existing: [file] };
    }
  }
  return { kind: 'created', files: [...planned.keys()] };
}
