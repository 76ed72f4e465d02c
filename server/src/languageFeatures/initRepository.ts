/**
 * `kpep.server.initRepository`: the editor's "Create a KPEP repository", the files `kpep init`
 * writes (the process README, the template, the kpeps/ index page, .kpep.json) from the same core
 * texts, into a workspace folder. Nothing is overwritten: when any of them exists, it names them
 * and creates nothing (SPEC §8).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { CONFIG_FILE } from '../core/config';
import { renderKpepIndexTable, updateKpepIndexBlock } from '../core/kpepIndexTable';
import { defaultTemplateText } from '../core/template/templateModel';
import { writeFileAtomically } from '../node/atomicWrite';
import kpepsIndexText from '../cli/initFiles/kpeps-index.md';
import repositoryReadmeText from '../cli/initFiles/repository-readme.md';
import type { FolderArguments, InitRepositoryResult } from '../protocol/kpepProtocol';
import type { NavigationServices } from './navigationContext';

const CONFIG_TEXT = `${JSON.stringify({ root: 'kpeps', template: 'templates/README.md', rules: {} }, null, 2)}\n`;

export async function initRepository(services: NavigationServices, args: FolderArguments | undefined): Promise<InitRepositoryResult> {
  const folders = await services.host.folders();
  const named = typeof args?.folderUri === 'string' ? services.host.folderOf(args.folderUri) : undefined;
  const location = args?.folderUri === undefined ? folders[0] : folders.find((candidate) => candidate.folder === named);
  if (!location) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'Open a folder to create the KPEP repository in.');
  }
  const { directory } = location.folder;
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
    // The configuration and the template feed the folder's project: read them again.
    await services.host.fileChanged(services.host.uriOf(location.folder, file));
  }
  return { kind: 'created', files: [...planned.keys()] };
}
