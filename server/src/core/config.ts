/**
 * Configuration (SPEC §7): `.kpep.json` at the workspace root, and the `kpep.*` settings that
 * mirror it for users without the file. The file wins, key by key and rule by rule.
 */
import { isDiagnosticCode, SEVERITY_NAMES, type DiagnosticCode, type SeverityName } from './ruleRegistry';

export type RuleSetting = SeverityName | 'off';

export interface KpepConfig {
  /** Workspace-relative folder holding the KPEP directories. */
  readonly root: string;
  /** Workspace-relative template path; undefined to look in the usual places. */
  readonly template: string | undefined;
  readonly rules: Readonly<Partial<Record<DiagnosticCode, RuleSetting>>>;
  /** Workspace-relative baseline file (written by `kpep lint --baseline-write`); its findings are hints in the editor, hidden in the CLI. */
  readonly baseline: string | undefined;
}

export const CONFIG_FILE = '.kpep.json';

export const DEFAULT_CONFIG: KpepConfig = { root: 'kpeps', template: undefined, rules: {}, baseline: undefined };

export interface ConfigReading {
  readonly config: Partial<KpepConfig>;
  /** What was wrong and ignored, one sentence each. */
  readonly problems: readonly string[];
}

/** Reads `.kpep.json` text or the `kpep` settings object; anything malformed is reported and ignored. */
export function readConfig(source: unknown, origin: string): ConfigReading {
  const problems: string[] = [];
  let value = source;
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source);
    } catch (error) {
      return { config: {}, problems: [`${origin} is not valid JSON (${(error as Error).message}); it is ignored.`] };
    }
  }
  if (value === null || value === undefined) {
    return { config: {}, problems };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { config: {}, problems: [`${origin} must be a JSON object; it is ignored.`] };
  }
  const record = value as Record<string, unknown>;
  const config: { root?: string; template?: string; baseline?: string; rules?: Partial<Record<DiagnosticCode, RuleSetting>> } = {};
  const root = readPath(record['root'], `${origin}: "root"`, problems);
  if (root) {
    config.root = root;
  }
  const template = readPath(record['template'], `${origin}: "template"`, problems);
  if (template) {
    config.template = template;
  }
  const baseline = readPath(record['baseline'], `${origin}: "baseline"`, problems);
  if (baseline) {
    config.baseline = baseline;
  }
  if (record['rules'] !== undefined) {
    config.rules = readRules(record['rules'], origin, problems);
  }
  return { config, problems };
}

/** Settings only the editor has (`.kpep.json` does not hold them): how much the server shows inline. */
export interface EditorSettings {
  /** `kpep.inlayHints.prose`: title and status after prose references too, not only after the front matter's lists. */
  readonly proseInlayHints: boolean;
}

const DEFAULT_EDITOR_SETTINGS: EditorSettings = { proseInlayHints: false };

/** Reads the editor-only part of the `kpep` settings object; what is not a boolean is the default. */
export function readEditorSettings(settings: unknown): EditorSettings {
  const inlayHints = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)['inlayHints'] : undefined;
  const prose = typeof inlayHints === 'object' && inlayHints !== null ? (inlayHints as Record<string, unknown>)['prose'] : undefined;
  return { proseInlayHints: typeof prose === 'boolean' ? prose : DEFAULT_EDITOR_SETTINGS.proseInlayHints };
}

function readPath(value: unknown, what: string, problems: string[]): string | undefined {
  if (value === undefined || value === '' || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push(`${what} must be a workspace-relative path; it is ignored.`);
    return undefined;
  }
  return value.replace(/\\/g, '/').replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '');
}

function readRules(value: unknown, origin: string, problems: string[]): Partial<Record<DiagnosticCode, RuleSetting>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${origin}: "rules" must map a diagnostic code to error, warning, information, hint or off; it is ignored.`);
    return {};
  }
  const rules: Partial<Record<DiagnosticCode, RuleSetting>> = {};
  for (const [code, setting] of Object.entries(value)) {
    if (!isDiagnosticCode(code)) {
      problems.push(`${origin}: "${code}" is not a KPEP diagnostic code; it is ignored.`);
    } else if (setting === 'off' || (SEVERITY_NAMES as readonly unknown[]).includes(setting)) {
      rules[code] = setting as RuleSetting;
    } else {
      problems.push(`${origin}: rule "${code}" must be error, warning, information, hint or off; it is ignored.`);
    }
  }
  return rules;
}

/** Settings first, then the file on top: the file wins so CI and the editor agree. */
export function mergeConfig(settings: Partial<KpepConfig>, file: Partial<KpepConfig>): KpepConfig {
  return {
    root: file.root ?? settings.root ?? DEFAULT_CONFIG.root,
    template: file.template ?? settings.template ?? DEFAULT_CONFIG.template,
    rules: { ...settings.rules, ...file.rules },
    baseline: file.baseline ?? settings.baseline ?? DEFAULT_CONFIG.baseline,
  };
}
