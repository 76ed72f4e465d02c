/**
 * "KPEP: Export as upstream KEP…": the same export as `kpep export`, into a folder the user chose,
 * from the KPEP's text as the editor holds it; and the code action on the H1 that starts it.
 */
import { CodeActionKind, ErrorCodes, ResponseError, type CodeAction, type Range } from 'vscode-languageserver/node';
import { readKpepCounterparts } from '../core/upstream/counterparts';
import { planKepExport } from '../core/upstream/exportKep';
import { formatExportReport } from '../core/upstream/exportReport';
import { ExportTargetExists, writeKepExport } from '../node/upstreamExport';
import { openKpep, type NavigationServices, type OpenKpep } from './navigationContext';

/** The client command that asks for the folder (and SIG) and then runs the server's export. */
export const EXPORT_UPSTREAM_CLIENT_COMMAND = 'kpep.exportUpstream';
export const EXPORT_UPSTREAM_KIND = `${CodeActionKind.Refactor}.kpep.exportUpstream`;

export interface ExportUpstreamArguments {
  readonly uri: string;
  /** The upstream repository's folder, a file path. */
  readonly upstreamDirectory: string;
  readonly sig?: string;
  readonly kepNumber?: number;
  readonly force?: boolean;
}

export type ExportUpstreamResult =
  | { readonly kind: 'exported'; readonly report: string; readonly valid: boolean; readonly written: readonly string[] }
  | { readonly kind: 'needs-sig' }
  | { readonly kind: 'target-exists'; readonly message: string };

export async function exportUpstream(services: NavigationServices, args: ExportUpstreamArguments | undefined): Promise<ExportUpstreamResult> {
  const open = args && (await openKpep(services, args.uri));
  if (!args || !open || typeof args.upstreamDirectory !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'Open the KPEP to export, and choose the folder of the upstream repository.');
  }
  const { entry, index, location } = open.indexed;
  const counterparts = await readKpepCounterparts({ files: location.folder.files, index, numbers: entry.references.map((reference) => reference.kpepNumber) });
  const plan = planKepExport({ text: open.document.textDocument.getText(), directory: entry.directory, sig: args.sig, kepNumber: args.kepNumber, counterparts });
  if (plan.kind === 'no-sig') {
    return { kind: 'needs-sig' };
  }
  if (plan.kind === 'bad-sig') {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${plan.sig}" is not a SIG name such as sig-api-machinery.`);
  }
  try {
    const written = await writeKepExport({ upstreamDirectory: args.upstreamDirectory, plan, force: args.force === true });
    return { kind: 'exported', report: formatExportReport({ plan, written }), valid: plan.problems.length === 0, written };
  } catch (error) {
    if (error instanceof ExportTargetExists) {
      return { kind: 'target-exists', message: error.message };
    }
    throw error;
  }
}

/** The action on the H1 (the line a KPEP is named on) that starts the export. */
export function exportUpstreamActions(open: OpenKpep, range: Range): CodeAction[] {
  const h1 = open.document.markdown.h1;
  const { textDocument } = open.document;
  if (!h1 || textDocument.positionAt(h1.range.start).line > range.end.line || textDocument.positionAt(h1.range.end).line < range.start.line) {
    return [];
  }
  const uri = textDocument.uri;
  return [{ title: 'Export as upstream KEP…', kind: EXPORT_UPSTREAM_KIND, command: { title: 'Export as upstream KEP…', command: EXPORT_UPSTREAM_CLIENT_COMMAND, arguments: [uri] } }];
}
