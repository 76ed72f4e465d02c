/** `kpep graph [--format mermaid|dot|json] [--status S ...] [PATH]`: the replacement graph of a workspace's KPEPs. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCommandArgs, suggestion } from './commandArgs';
import { buildKpepIndex } from '../core/lint';
import { buildReplacementGraph, GRAPH_FORMATS, renderReplacementGraph, type GraphFormat } from '../core/replacementGraph';
import { isKpepStatus, KPEP_STATUSES } from '../core/status';
import type { CommandIo, KpepCommand } from './commandIo';
import { resolveKpepTargets } from './kpepTargets';
import { UsageError } from './usageError';

const GRAPH_HELP = `Usage: kpep graph [--format mermaid|dot|json] [--status STATUS ...] [PATH]

Prints the graph of the workspace's KPEPs: one node per KPEP (number, title, status), an edge from
each KPEP to the KPEPs it replaces (written as replaces, or as superseded-by on the replaced one),
and a dotted edge for each see-also. Numbers that name no KPEP have no node.
PATH is any folder inside the workspace (default: the current directory).

Options:
  --format F   mermaid (the default; GitHub renders it in a \`\`\`mermaid block), dot (Graphviz)
               or json (the nodes and edges, as the language server's kpep/replacementGraph answers)
  --status S   only KPEPs with status S, and the edges between them; repeat for several
  -h, --help   show this help

Exit codes: 0 printed, 2 bad usage or internal failure.`;

function isGraphFormat(value: string): value is GraphFormat {
  return (GRAPH_FORMATS as readonly string[]).includes(value);
}

async function runGraph(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, status: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${GRAPH_HELP}\n`);
    return 0;
  }
  const format = values.format ?? 'mermaid';
  if (!isGraphFormat(format)) {
    throw new UsageError(`--format must be one of ${GRAPH_FORMATS.join(', ')}, not "${format}"${suggestion(format, GRAPH_FORMATS, '')}`);
  }
  const statuses = values.status ?? [];
  for (const status of statuses) {
    if (!isKpepStatus(status)) {
      throw new UsageError(`"${status}" is not a KPEP status (${KPEP_STATUSES.join(', ')})${suggestion(status, KPEP_STATUSES, '')}`);
    }
  }
  if (positionals.length > 1) {
    throw new UsageError('kpep graph takes one PATH: a folder inside the workspace.');
  }
  const [target] = await resolveKpepTargets({ inputs: positionals, io });
  if (!target) {
    throw new UsageError('no workspace found.');
  }
  const index = await buildKpepIndex({ files: target.files, project: target.project });
  const graph = buildReplacementGraph({
    index,
    statuses,
    uriOf: (entry) => pathToFileURL(path.join(target.root, ...entry.path.split('/'))).href,
  });
  io.stdout(`${renderReplacementGraph(graph, format)}\n`);
  return 0;
}

export const graphCommand: KpepCommand = { run: runGraph, summary: 'print the graph of replacements and see-also links (mermaid, dot or json)' };
