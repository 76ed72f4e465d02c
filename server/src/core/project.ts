/**
 * One workspace folder's KPEP setup: its configuration (SPEC §7) and its template (SPEC §4), read
 * through the workspace interface so the server and the CLI agree.
 */
import { parseBaseline, type KpepBaseline } from './baseline';
import { CONFIG_FILE, mergeConfig, readConfig, readEditorSettings, type EditorSettings, type KpepConfig } from './config';
import { defaultTemplate, templateOnDemand, type TemplateModel } from './template/templateModel';
import type { WorkspaceFiles } from './workspace';

export interface KpepProject {
  readonly config: KpepConfig;
  /** The editor's own settings; the defaults for the CLI. */
  readonly editor: EditorSettings;
  readonly template: TemplateModel;
  /** The baseline the configuration names, when it reads as one. */
  readonly baseline: KpepBaseline | undefined;
  /** Configuration or template problems, one sentence each, for the log or the terminal. */
  readonly problems: readonly string[];
}

export interface LoadProjectOptions {
  readonly files: WorkspaceFiles;
  /** The editor's `kpep.*` settings, if any; `.kpep.json` wins over them. */
  readonly settings?: unknown;
  /** The project this replaces: its parsed template is reused while the text is unchanged. */
  readonly previous?: KpepProject | undefined;
}

/** Where a workspace keeps its template: at its top, or inside the KPEP root (`${root}/${TEMPLATE_PATH}`). */
export const TEMPLATE_PATH = 'templates/README.md';

export async function loadKpepProject(options: LoadProjectOptions): Promise<KpepProject> {
  const { files } = options;
  const fromSettings = readConfig(options.settings, 'The kpep settings');
  const configText = await files.readFile(CONFIG_FILE);
  const fromFile = configText === undefined ? { config: {}, problems: [] } : readConfig(configText, CONFIG_FILE);
  const config = mergeConfig(fromSettings.config, fromFile.config);
  const problems = [...fromSettings.problems, ...fromFile.problems];

  const candidates = [TEMPLATE_PATH, `${config.root}/${TEMPLATE_PATH}`];
  if (config.template) {
    candidates.unshift(config.template);
  }
  // The built-in template is parsed only when the workspace has none of its own.
  let template: TemplateModel | undefined;
  for (const path of candidates) {
    const text = await files.readFile(path);
    if (text !== undefined) {
      const previous = options.previous?.template;
      template = previous?.path === path && previous.text === text ? previous : templateOnDemand({ text, path });
      break;
    }
    if (path === config.template) {
      problems.push(`The template "${path}" named in the configuration is not in the workspace; looking in the usual places.`);
    }
  }
  let baseline: KpepBaseline | undefined;
  if (config.baseline) {
    // Read through the workspace like the template: a path that leaves the workspace reads as absent.
    const text = await files.readFile(config.baseline);
    const reading = text === undefined ? { baseline: undefined, problems: [`The baseline "${config.baseline}" named in the configuration is not in the workspace; no finding is suppressed.`] } : parseBaseline(text, config.baseline);
    baseline = reading.baseline;
    problems.push(...reading.problems);
  }
  return { config, editor: readEditorSettings(options.settings), template: template ?? defaultTemplate(), baseline, problems };
}
