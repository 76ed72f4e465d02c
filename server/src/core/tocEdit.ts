/**
 * Bringing a `<!-- toc -->` block up to date: the edit `kpep toc --write` applies, and the one an
 * editor quick fix for toc-stale can offer.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseKpepDocument, type KpepDocument } from './kpepDocument';
import type { OffsetRange } from './offsetRange';
import { applyTextEdits, lineBreakOf } from './lifecycle/textEdit';
import { generateToc, staleToc, tocStyleOf } from './toc';

export interface TocEdit {
  /** The text between `<!-- toc -->` and `<!-- /toc -->`. */
  readonly range: OffsetRange;
  readonly newText: string;
}

/**
 * The edit that makes the toc block current, in the style it already uses (mdtoc's or ours);
 * undefined when there is no block or it is current (as toc-stale judges).
 */
export function tocBlockEdit(options: { document: KpepDocument }): TocEdit | undefined {
  const { markdown, textDocument } = options.document;
  const stale = staleToc(markdown);
  if (!stale) {
    return undefined;
  }
  const generated = generateToc(markdown, tocStyleOf(stale.toc.entries));
  const eol = lineBreakOf(textDocument.getText());
  const lines = generated === '' ? [] : generated.split('\n');
  return { range: stale.toc.body, newText: `${eol}${lines.map((line) => `${line}${eol}`).join('')}` };
}

export interface TocRefresh {
  /** Whether the KPEP has a toc block at all. */
  readonly hasToc: boolean;
  /** The text with the block regenerated; the same text when there is nothing to change. */
  readonly text: string;
}

export function refreshTocBlock(options: { text: string }): TocRefresh {
  const { text } = options;
  const document = parseKpepDocument(TextDocument.create('kpep:toc', 'markdown', 0, text));
  const edit = tocBlockEdit({ document });
  return { hasToc: document.markdown.toc !== undefined, text: edit ? applyTextEdits(text, [edit]) : text };
}
