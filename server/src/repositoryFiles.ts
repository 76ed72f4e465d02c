/** The files a new KPEP repository starts with, for `kpep init` and the editor's "Create a KPEP repository" alike. */
import kpepsIndexText from './node/initFiles/kpeps-index.md';
import repositoryReadmeText from './node/initFiles/repository-readme.md';
import { CONFIG_FILE } from './core/config';
import { renderKpepIndexTable, updateKpepIndexBlock } from './core/kpepIndexTable';
import { TEMPLATE_PATH } from './core/project';
import { defaultTemplateText } from './core/template/templateModel';

const CONFIG_TEXT = `${JSON.stringify({ root: 'kpeps', template: TEMPLATE_PATH, rules: {} }, null, 2)}\n`;

/** Workspace-relative paths that must not exist yet: each file, and the kpeps/ directory. */
export const REPOSITORY_PATHS = ['README.md', TEMPLATE_PATH, 'kpeps', CONFIG_FILE] as const;

/** Each file by workspace-relative path, in the order they are written: the process README, the template, the index page, .kpep.json. */
export function repositoryFiles(): ReadonlyMap<string, string> {
  const indexUpdate = updateKpepIndexBlock({ text: kpepsIndexText, content: renderKpepIndexTable({ rows: [], indexPath: 'kpeps/README.md' }) });
  return new Map([
    ['README.md', repositoryReadmeText],
    [TEMPLATE_PATH, defaultTemplateText],
    ['kpeps/README.md', indexUpdate.kind === 'stale' ? indexUpdate.text : kpepsIndexText],
    [CONFIG_FILE, CONFIG_TEXT],
  ]);
}
