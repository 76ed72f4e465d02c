/** Turns a command's PATH arguments into the KPEPs they name, grouped by the workspace each lies in. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listKpepReadmes } from '../core/index/scan';
import { loadKpepProject, type KpepProject } from '../core/project';
import { NodeWorkspaceFiles } from '../node/nodeWorkspaceFiles';
import type { CommandIo } from './commandIo';
import { UsageError } from './usageError';
import { findWorkspaceRoot } from './workspaceRoot';

export interface WorkspaceTargets {
  readonly root: string;
  readonly files: NodeWorkspaceFiles;
  readonly project: KpepProject;
  /** Workspace-relative READMEs of the KPEPs the arguments name, in directory order. */
  readonly kpeps: readonly string[];
  /** The arguments as workspace-relative paths ('' for the whole workspace). */
  readonly targets: readonly string[];
}

/** Every PATH must exist and lie in a workspace; configuration problems are reported as warnings. */
export async function resolveKpepTargets(options: { inputs: readonly string[]; io: CommandIo }): Promise<WorkspaceTargets[]> {
  const { io } = options;
  const groups = new Map<string, string[]>();
  for (const input of options.inputs.length > 0 ? options.inputs : ['.']) {
    const { root, relative } = await locateInput(input, io);
    groups.set(root, [...(groups.get(root) ?? []), relative]);
  }
  const workspaces: WorkspaceTargets[] = [];
  for (const [root, targets] of groups) {
    const { files, project } = await openWorkspace(root, io);
    const everyKpep = await listKpepReadmes({ files, project });
    const kpeps = everyKpep.filter((kpep) => targets.some((target) => target === '' || kpep === target || kpep.startsWith(`${target}/`)));
    workspaces.push({ root, files, project, kpeps, targets });
  }
  return workspaces;
}

/** Where one PATH argument lies: it must exist and be inside a KPEP workspace. */
export async function locateInput(input: string, io: CommandIo): Promise<{ root: string; relative: string; isFile: boolean }> {
  const absolute = path.resolve(io.cwd, input);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) {
    throw new UsageError(`no such file or directory: ${input}`);
  }
  const root = await findWorkspaceRoot(absolute);
  if (!root) {
    throw new UsageError(`${input} is not inside a KPEP workspace (no kpeps/ folder or .kpep.json above it).`);
  }
  return { root, relative: path.relative(root, absolute).split(path.sep).join('/'), isFile: stat.isFile() };
}

/** A workspace's files and project, its configuration problems reported as warnings. */
export async function openWorkspace(root: string, io: CommandIo): Promise<{ files: NodeWorkspaceFiles; project: KpepProject }> {
  // A command reads one file after another and has nothing else to do meanwhile.
  const files = new NodeWorkspaceFiles(root, { blocking: true });
  const project = await loadKpepProject({ files });
  for (const problem of project.problems) {
    io.stderr(`kpep: warning: ${problem}\n`);
  }
  return { files, project };
}
