/** `kpep lint [PATH ...] [--format text|json]`: the editor's checks, for CI and pre-commit hooks. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { lintKpeps, listKpepReadmes, type FileDiagnostics } from '../core/lint';
import { loadKpepProject } from '../core/project';
import { NodeWorkspaceFiles } from '../node/nodeWorkspaceFiles';
import { formatJson, formatText, hasErrors, type LintReport } from './lintFormats';
import { UsageError } from './usageError';
import { findWorkspaceRoot } from './workspaceRoot';

export const LINT_HELP = `Usage: kpep lint [PATH ...] [--format text|json]

Checks KPEPs against their template and the front-matter rules, exactly as the editor does.
PATH is a workspace, its kpeps/ folder, a KPEP directory or a KPEP README (default: the current
directory). Files that are not KPEPs are skipped.

Options:
  --format text|json   text (default) groups problems by file; json prints one array of
                       {file, range, severity, code, message}
  -h, --help           show this help

Exit codes: 0 no error found, 1 an error-severity problem found, 2 bad usage or internal failure.`;

export interface CommandIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
}

export async function runLint(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${LINT_HELP}\n`);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format must be text or json, not "${values.format}".`);
  }

  const reports: LintReport[] = [];
  for (const [root, targets] of await groupByWorkspace(positionals.length > 0 ? positionals : ['.'], io.cwd)) {
    const files = new NodeWorkspaceFiles(root);
    const project = await loadKpepProject({ files });
    for (const problem of project.problems) {
      io.stderr(`kpep: warning: ${problem}\n`);
    }
    const everyKpep = await listKpepReadmes({ files, project });
    const paths = everyKpep.filter((kpep) => targets.some((target) => target === '' || kpep === target || kpep.startsWith(`${target}/`)));
    const results: FileDiagnostics[] = await lintKpeps({ files, project, paths: [...new Set([...paths, ...targets.filter((target) => target.endsWith('.md'))])] });
    reports.push({ root, results });
  }
  io.stdout(values.format === 'json' ? formatJson(reports) : formatText(reports, { color: io.color }));
  return hasErrors(reports) ? 1 : 0;
}

/** Groups the PATH arguments by the workspace each lies in, as workspace-relative paths ('' for all). */
async function groupByWorkspace(inputs: readonly string[], cwd: string): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>();
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) {
      throw new UsageError(`no such file or directory: ${input}`);
    }
    const root = await findWorkspaceRoot(absolute);
    if (!root) {
      throw new UsageError(`${input} is not inside a KPEP workspace (no kpeps/ folder or .kpep.json above it).`);
    }
    const relative = path.relative(root, absolute).split(path.sep).join('/');
    groups.set(root, [...(groups.get(root) ?? []), relative]);
  }
  return groups;
}
