/**
 * What the server needs of the file system, handed to the host through its options: reads of one
 * workspace folder (contained in it), and the few writes a command makes. The language server
 * passes the Node file system; in-process tests pass one held in memory.
 */
import type { CreatedKpep, CreateKpepOptions } from './node/createKpep';
import type { KepExport } from './core/upstream/exportKep';
import type { WorkspaceFiles } from './core/workspace';

export interface KpepFileSystem {
  /** The files of one workspace folder (an absolute directory); nothing outside it is read. */
  folderFiles(directory: string): WorkspaceFiles;
  /** Allocates the next free number and writes the new KPEP's README, never over anything. */
  createKpep(options: CreateKpepOptions): Promise<CreatedKpep>;
  /** Writes a workspace-relative file that must not exist yet; 'exists' leaves the one there alone. */
  createFile(options: { readonly directory: string; readonly path: string; readonly text: string }): Promise<'created' | 'exists'>;
  /** Replaces a workspace-relative file's text in one step, refused when it is no longer `expected`. */
  replaceFile(options: { readonly directory: string; readonly path: string; readonly expected: string; readonly text: string }): Promise<void>;
  /** Writes a planned upstream export into a folder the user chose; 'exists' when that would replace files unforced. */
  writeKepExport(options: { readonly upstreamDirectory: string; readonly plan: KepExport & { kind: 'planned' }; readonly force: boolean }): Promise<{ readonly written: string[] } | { readonly exists: string }>;
}
