/**
 * Creates a new KPEP on disk for the editor command and `kpep new` alike. The number is allocated
 * fresh against the directory listing; mkdir and an exclusive write mean nothing is overwritten,
 * and a directory that appeared meanwhile makes it take the next number and say so.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { KpepIndex } from '../core/index/kpepIndex';
import { nextKpepNumber, planNewKpep, type NewKpepOptions, type NewKpepPlan } from '../core/lifecycle/newKpep';
import { formatKpepId } from '../core/kpepNumber';
import type { KpepProject } from '../core/project';
import type { WorkspaceFiles } from '../core/workspace';

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
  const rootDirectory = path.join(options.directory, ...root.split('/'));
  await fs.mkdir(rootDirectory, { recursive: true });
  // What the index believes; directories on disk it does not know of (a README-less one, or one
  // that appeared meanwhile) push the number on, and the user is told.
  const believed = Math.max(nextKpepNumber({ index: options.index, directoryNames: [] }), ...(options.claimedNumbers ?? []).map((n) => n + 1));
  let kpepNumber = believed;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    kpepNumber = Math.max(kpepNumber, nextKpepNumber({ index: options.index, directoryNames: await options.files.listDirectories(root) }));
    const plan = options.planFor?.(kpepNumber) ?? planNewKpep({ template: options.project.template, root, kpepNumber, title: options.title, authors: options.authors, today: options.today, replaces: options.replaces });
    try {
      // mkdir without `recursive` fails if the directory exists: the claim on the number.
      await fs.mkdir(path.join(rootDirectory, plan.directory));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        kpepNumber++;
        continue;
      }
      throw error;
    }
    await fs.writeFile(path.join(rootDirectory, plan.directory, 'README.md'), plan.text, { flag: 'wx' });
    const notice = kpepNumber === believed ? undefined : `${formatKpepId(believed)} is already taken on disk, so this KPEP is ${formatKpepId(kpepNumber)}.`;
    return { plan, notice };
  }
  throw new Error(`No free KPEP number after ${ATTEMPTS} attempts from ${formatKpepId(believed)}; is something creating directories under ${root}/?`);
}

/** Writes the built-in template where a workspace has none; never over an existing file. */
export async function writeTemplateFile(options: { directory: string; text: string }): Promise<string> {
  const target = path.join(options.directory, 'templates', 'README.md');
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, options.text, { flag: 'wx' });
  return target;
}
