/**
 * Type hierarchy over replacements (textDocument/prepareTypeHierarchy, typeHierarchy/supertypes,
 * typeHierarchy/subtypes): on a KPEP's H1, its kpep-number or any reference, supertypes are the
 * KPEPs it replaces and subtypes the KPEPs that replace it, so an editor walks a chain both ways.
 */
import { SymbolKind, type CancellationToken, type Position, type TypeHierarchyItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KpepEntry } from '../core/index/kpepEntry';
import type { KpepIndex } from '../core/index/kpepIndex';
import type { KpepDocument } from '../core/kpepDocument';
import { kpepIdOf } from '../core/kpepNumber';
import { replacementNeighbours } from '../core/replacementGraph';
import type { IndexedDocument } from '../workspaceIndexer';
import { definitionLocation } from './definition';
import { kpepAt } from './kpepAtPosition';
import { namedFolder, openKpep, type FeatureContext } from './navigationContext';

/** What an item carries so supertypes and subtypes are answered for a KPEP that is not open. */
interface KpepItemData {
  readonly folderUri: string;
  readonly path: string;
}

/** `KPEP-0007 Pluggable storage backends`, its status as detail, at its H1. */
function kpepHierarchyItem(entry: KpepEntry, options: { folderUri: string; uriOf: (entry: KpepEntry) => string }): TypeHierarchyItem {
  const id = kpepIdOf(entry);
  const { uri, range } = definitionLocation(entry, options.uriOf);
  const data: KpepItemData = { folderUri: options.folderUri, path: entry.path };
  return { name: `${id} ${entry.title ?? '(untitled)'}`, detail: entry.status ?? 'status unknown', kind: SymbolKind.File, uri, range, selectionRange: range, data };
}

/** The KPEP a position stands for: the document's own on its H1 or number, a reference's target on a reference. */
function hierarchyTarget(document: KpepDocument, indexed: IndexedDocument, position: Position): KpepEntry | undefined {
  const target = kpepAt(document, indexed, position);
  if (target?.kind === 'self') {
    return indexed.entry;
  }
  return target?.kind === 'reference' ? indexed.index.resolve(target.site)[0] : undefined;
}

export async function prepareTypeHierarchy(textDocument: TextDocument, position: Position, context: FeatureContext, token: CancellationToken): Promise<TypeHierarchyItem[] | null> {
  const open = await openKpep(context, textDocument);
  const entry = open && hierarchyTarget(open.document, open.indexed, position);
  return open && entry && !token.isCancellationRequested ? [kpepHierarchyItem(entry, { folderUri: open.indexed.location.folder.uri, uriOf: open.uriOf })] : null;
}

export function provideSupertypes(item: TypeHierarchyItem, context: FeatureContext, token: CancellationToken): Promise<TypeHierarchyItem[] | null> {
  return neighbourItems(context, item, token, (index, entry) => replacementNeighbours(index, entry).replaces);
}

export function provideSubtypes(item: TypeHierarchyItem, context: FeatureContext, token: CancellationToken): Promise<TypeHierarchyItem[] | null> {
  return neighbourItems(context, item, token, (index, entry) => replacementNeighbours(index, entry).replacedBy);
}

async function neighbourItems(
  context: FeatureContext,
  item: TypeHierarchyItem,
  token: CancellationToken,
  neighbours: (index: KpepIndex, entry: KpepEntry) => readonly KpepEntry[],
): Promise<TypeHierarchyItem[] | null> {
  const data = item.data as Partial<KpepItemData> | undefined;
  if (typeof data?.folderUri !== 'string' || typeof data.path !== 'string') {
    return null;
  }
  const location = await namedFolder(context, data.folderUri);
  const index = location && (await context.indexer.indexOf(location));
  const entry = index?.get(data.path);
  if (!location || !index || !entry || token.isCancellationRequested) {
    return null;
  }
  const uriOf = (other: KpepEntry): string => context.host.uriOf(location.folder, other.path);
  return neighbours(index, entry).map((other) => kpepHierarchyItem(other, { folderUri: location.folder.uri, uriOf }));
}
