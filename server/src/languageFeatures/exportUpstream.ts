/**
 * "KPEP: Export as upstream KEP…": the same export as `kpep export`, into a folder the user chose,
 * from the KPEP's text as the editor holds it; and the code action on the H1 that starts it.
 */
import { ErrorCodes, ResponseError, type CodeAction, type Range } from 'vscode-languageserver/node';
import { readKpepCounterparts } from '../core/upstream/counterparts';
import { planKepExport } from '../core/upstream/exportKep';
import { formatExportReport } from '../core/upstream/exportReport';
import { ExportTargetExists, writeKepExport } from '../node/upstreamExport';
import { CLIENT_COMMANDS, EXPORT_UPSTREAM_ACTION_KIND, type ExportUpstreamArguments, type ExportUpstreamResult } from '../protocol/kpepProtocol';
import { openKpep, type NavigationServices, type OpenKpep } from './navigationContext';

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
  return [{ title: 'Export as upstream KEP…', kind: EXPORT_UPSTREAM_ACTION_KIND, command: { title: 'Export as upstream KEP…', command: CLIENT_COMMANDS.exportUpstream, arguments: [uri] } }];
}
