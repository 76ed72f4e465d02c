/** `kpep index [--check|--write] [PATH]`: keeps the table of every KPEP in the index page current. */
import * as path from 'node:path';
import { parseCheckOrWriteArgs } from './commandArgs';
import { GRAPH_MARKERS, INDEX_END, INDEX_START, kpepIndexRow, renderKpepIndexTable, updateKpepIndexBlock, type KpepIndexRow } from '../core/kpepIndexTable';
import { buildKpepIndex, listKpepReadmes } from '../core/index/scan';
import { buildReplacementGraph, mermaidBlock } from '../core/replacementGraph';
import { classifyKpepPath } from '../core/kpepPath';
import { writeFileAtomically } from '../node/atomicWrite';
import { writableTextFile } from '../node/workspaceWrites';
import type { CommandIo, KpepCommand } from './commandIo';
import { locateInput, openWorkspace } from './kpepTargets';
import { UsageError } from './usageError';

const INDEX_HELP = `Usage: kpep index [--check|--write] [PATH]

Keeps a table of every KPEP (number, title, status, replaced by) between the lines
${INDEX_START} and ${INDEX_END} of an index page, read from each KPEP's front matter.
A page that also has the lines ${GRAPH_MARKERS.start} and ${GRAPH_MARKERS.end} gets the
replacement graph between them, as a Mermaid block (GitHub renders it; see "kpep graph").
PATH is the index page, or a workspace folder to use its kpeps/README.md (default: the current
directory).

Options:
  --check      exit 1 when the table or the graph is out of date (the default)
  --write      rewrite the table and the graph in place; the file is replaced in one step, and left alone if it
               changed on disk meanwhile
  -h, --help   show this help

Exit codes: 0 the page is current (or was written), 1 --check found it out of date, 2 bad usage,
an index page without the markers, or internal failure.`;

async function runIndex(args: readonly string[], io: CommandIo): Promise<number> {
  const { write, help, positionals } = parseCheckOrWriteArgs(args);
  if (help) {
    io.stdout(`${INDEX_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError('kpep index takes one PATH: the index page or its workspace.');
  }
  const { root, relative, isFile } = await locateInput(positionals[0] ?? '.', io);
  const { files, project } = await openWorkspace(root, io);
  const indexPath = isFile ? relative : `${project.config.root}/README.md`;
  const indexText = await files.readFile(indexPath);
  if (indexText === undefined) {
    throw new UsageError(`no index page at ${indexPath}: create it with the lines ${INDEX_START} and ${INDEX_END} where the table belongs.`);
  }

  const rows: KpepIndexRow[] = [];
  for (const kpep of await listKpepReadmes({ files, project })) {
    const kpepPath = classifyKpepPath(kpep, project.config.root);
    const text = await files.readFile(kpep);
    if (kpepPath && text !== undefined) {
      rows.push(kpepIndexRow({ path: kpep, kpepPath, text }));
    }
  }
  const table = updateKpepIndexBlock({ text: indexText, content: renderKpepIndexTable({ rows, indexPath }) });
  const kpeps = `${rows.length} KPEP${rows.length === 1 ? '' : 's'}`;
  if (table.kind === 'no-markers') {
    throw new UsageError(`${indexPath} has no ${INDEX_START} … ${INDEX_END} block: add the two lines where the table belongs.`);
  }
  const withTable = table.kind === 'stale' ? table.text : indexText;
  // The graph is opt-in: kept only on a page that has its markers.
  const graph = withTable.includes(GRAPH_MARKERS.start)
    ? updateKpepIndexBlock({ text: withTable, markers: GRAPH_MARKERS, content: mermaidBlock(buildReplacementGraph({ index: await buildKpepIndex({ files, project }), uriOf: (entry) => entry.path })) })
    : undefined;
  if (graph?.kind === 'no-markers') {
    throw new UsageError(`${indexPath} has ${GRAPH_MARKERS.start} but no ${GRAPH_MARKERS.end} on a line of its own after it: add it where the graph ends.`);
  }
  const update = graph?.kind === 'stale' ? graph : table;
  if (update.kind === 'current') {
    io.stdout(`${indexPath} is current (${kpeps}).\n`);
    return 0;
  }
  if (write) {
    // As toc --write: a symlink inside the workspace is written through; a read-only or non-UTF-8 page is refused.
    const target = await writableTextFile(root, path.join(root, indexPath));
    await writeFileAtomically({ file: target.real, expected: indexText, text: update.text });
    io.stdout(`updated ${indexPath} (${kpeps}).\n`);
    return 0;
  }
  io.stdout(`${indexPath} is out of date; run "kpep index --write" to update it.\n`);
  return 1;
}

export const indexCommand: KpepCommand = { run: runIndex, summary: 'check or update the table (and the graph) of every KPEP in kpeps/README.md' };
