/**
 * "KPEP: Export as upstream KEP…": the same export as `kpep export`, into a folder the user chose,
 * from the KPEP's text as the editor holds it; and the code action on the H1 that starts it.
 */
import { CodeActionKind, ErrorCodes, ResponseError, type CodeAction, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readKpepCounterparts } from '../core/upstream/counterparts';
import { planKepExport } from '../core/upstream/exportKep';
import { formatExportReport } from '../core/upstream/exportReport';
import { openKpep, type FeatureContext, type OpenKpep } from './navigationContext';

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

export async function exportUpstream(
  context: FeatureContext & { readonly openDocument: (uri: string) => TextDocument | undefined },
  args: ExportUpstreamArguments | undefined,
): Promise<ExportUpstreamResult> {
  const textDocument = args && context.openDocument(String(args.uri));
  const open = textDocument && (await openKpep(context, textDocument));
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
  const result = await context.host.fileSystem.writeKepExport({ upstreamDirectory: args.upstreamDirectory, plan, force: args.force === true });
  if ('exists' in result) {
    return { kind: 'target-exists', message: result.exists };
  }
  const { written } = result;
  return { kind: 'exported', report: formatExportReport({ plan, written }), valid: plan.problems.length === 0, written };
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
