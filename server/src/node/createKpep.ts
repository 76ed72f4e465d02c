/**
 * Creates a new KPEP on disk for the editor command and `kpep new` alike, inside the workspace
 * only. The number is allocated fresh against the directory listing and claimed exclusively; an
 * exclusive write means nothing is overwritten, and a directory that appeared meanwhile makes it
 * take the next number and say so.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { KpepIndex } from '../core/index/kpepIndex';
import { kpepNumberProblem, nextKpepNumber, planNewKpep, type NewKpepOptions, type NewKpepPlan } from '../core/lifecycle/newKpep';
import { formatKpepId } from '../core/kpepNumber';
import type { KpepProject } from '../core/project';
import type { WorkspaceFiles } from '../core/workspace';
import { containedDirectory, RefusedWriteError } from './workspaceWrites';

export interface CreateKpepOptions extends Pick<NewKpepOptions, 'title' | 'authors' | 'today' | 'replaces'> {
  readonly directory: string;
  readonly files: WorkspaceFiles;
  readonly project: KpepProject;
  readonly index: KpepIndex;
  /** Numbers other branches claim (live or deleted), which the new KPEP must stay above. */
  readonly claimedNumbers?: readonly number[];
  /** Plans the KPEP for a number instead of the template (an imported KEP); the number stays this code's to allocate. */
  readonly planFor?: (kpepNumber: number) => NewKpepPlan;
}

export interface CreatedKpep {
  readonly plan: NewKpepPlan;
  /** Said to the user when the first number was taken while the KPEP was being created. */
  readonly notice: string | undefined;
}

const ATTEMPTS = 20;

export async function createKpep(options: CreateKpepOptions): Promise<CreatedKpep> {
  const { root } = options.project.config;
  // The root's real path, created if missing, inside the workspace: a root of ../outside or a
  // kpeps/ symlinked elsewhere is refused before anything is written.
  const rootDirectory = await containedDirectory(options.directory, root);
  // What the index believes; directories on disk it does not know of (a README-less one, or one
  // that appeared meanwhile) push the number on, and the user is told.
  const believed = Math.max(nextKpepNumber({ index: options.index, directoryNames: [] }), ...(options.claimedNumbers ?? []).map((n) => n + 1));
  let kpepNumber = believed;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    kpepNumber = Math.max(kpepNumber, nextKpepNumber({ index: options.index, directoryNames: await fs.readdir(rootDirectory) }));
    const problem = kpepNumberProblem(kpepNumber);
    if (problem) {
      throw new RefusedWriteError(problem);
    }
    const plan = options.planFor?.(kpepNumber) ?? planNewKpep({ template: options.project.template, root, kpepNumber, title: options.title, authors: options.authors, today: options.today, replaces: options.replaces });
    if (!(await claimNumber(rootDirectory, kpepNumber, plan.directory))) {
      kpepNumber++;
      continue;
    }
    await fs.writeFile(path.join(rootDirectory, plan.directory, 'README.md'), plan.text, { flag: 'wx' });
    const notice = kpepNumber === believed ? undefined : `${formatKpepId(believed)} is already taken on disk, so this KPEP is ${formatKpepId(kpepNumber)}.`;
    return { plan, notice };
  }
  throw new RefusedWriteError(`No free KPEP number after ${ATTEMPTS} attempts from ${formatKpepId(believed)}; is something creating directories under ${root}/?`);
}

/**
 * Claims a number for one directory, exclusively among runs of kpep: a bare `NNNN` directory is
 * created (mkdir fails if another run holds it), then no other `NNNN-…` may exist, then it is
 * renamed to `NNNN-slug`. Two runs with different titles can no longer both take the number.
 */
async function claimNumber(rootDirectory: string, kpepNumber: number, directory: string): Promise<boolean> {
  const claim = path.join(rootDirectory, String(kpepNumber).padStart(4, '0'));
  try {
    await fs.mkdir(claim);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
  const claimName = path.basename(claim);
  const taken = (await fs.readdir(rootDirectory)).some((name) => name !== claimName && Number(/^\d+/.exec(name)?.[0]) === kpepNumber);
  if (taken) {
    await fs.rmdir(claim);
    return false;
  }
  await fs.rename(claim, path.join(rootDirectory, directory));
  return true;
}
