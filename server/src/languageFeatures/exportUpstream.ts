/**
 * "KPEP: Export as upstream KEP…": the same export as `kpep export`, into a folder the user chose,
 * from the KPEP's text as the editor holds it; and the code action on the H1 that starts it.
 */
import { ErrorCodes, ResponseError, type CodeAction, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { referencedNumbers } from '../core/index/kpepEntry';
import { readKpepCounterparts } from '../core/upstream/counterparts';
import { planKepExport } from '../core/upstream/exportKep';
import { formatExportReport } from '../core/upstream/exportReport';
import { CLIENT_COMMANDS, EXPORT_UPSTREAM_ACTION_KIND, type ExportUpstreamArguments, type ExportUpstreamResult } from '../protocol/kpepProtocol';
import { openKpep, type FeatureContext, type OpenKpep } from './navigationContext';

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
  const counterparts = await readKpepCounterparts({ files: location.folder.files, index, numbers: referencedNumbers(entry) });
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
  return [{ title: 'Export as upstream KEP…', kind: EXPORT_UPSTREAM_ACTION_KIND, command: { title: 'Export as upstream KEP…', command: CLIENT_COMMANDS.exportUpstream, arguments: [uri] } }];
}
