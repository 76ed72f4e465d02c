/** A KPEP parsed once per document version: front matter and markdown structure together. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { markdownBound, type MarkdownBound, type TooLarge } from './documentBounds';
import { parseFrontMatter, type FrontMatter, type FrontMatterField } from './frontMatter';
import { changedRegion, MarkdownSyntax, type ChangedRegion } from './incrementalParse';
import { readMarkdownModel, type MarkdownModel } from './markdownModel';
import { isKpepStatus, type KpepStatus } from './status';
import { createTextSnapshot } from './textSnapshot';

export interface KpepDocument {
  /** A snapshot of the parsed version, with its line index; positions are computed only at the edge. */
  readonly textDocument: TextDocument;
  readonly frontMatter: FrontMatter;
  readonly markdown: MarkdownModel;
  /** The front-matter status when it is one of the five; gates read it. */
  readonly status: KpepStatus | undefined;
  /** Set when the body is past MARKDOWN_BOUNDS: it was not parsed, and only the front matter is checked. */
  readonly tooLarge: TooLarge | undefined;
  /** The markup cost behind `tooLarge`, kept so the next version counts only the paragraphs it changed. */
  readonly bound: MarkdownBound;
  /** The mdast behind `markdown`, kept only so the next version re-parses just what changed. */
  readonly syntax: MarkdownSyntax;
}

export interface ParseKpepOptions {
  /**
   * The previous version of the same document: only the sections an edit touched are re-parsed,
   * and the result equals a full parse. It hands its syntax tree over, so pass each version once.
   */
  readonly previous?: KpepDocument | undefined;
}

/** Parses one version; the model keeps its own snapshot, since editors update documents in place. */
export function parseKpepDocument(source: TextDocument, options: ParseKpepOptions = {}): KpepDocument {
  const text = source.getText();
  const textDocument = createTextSnapshot(source.uri, source.languageId, source.version, text);
  const { previous } = options;
  const change = previous && changedRegion(previous.textDocument.getText(), text);
  const frontMatter = previous && change && keepsFrontMatter(previous.frontMatter, change) ? previous.frontMatter : parseFrontMatter(text);
  const status = frontMatterField(frontMatter, 'status')?.value;
  const { bodyStart } = frontMatter;
  const bound = markdownBound({
    text,
    bodyStart,
    previous: previous && change && { text: previous.textDocument.getText(), bodyStart: previous.frontMatter.bodyStart, bound: previous.bound, change },
  });
  const { tooLarge } = bound;
  // A body too large to check is never parsed (its model is empty); the version after one parses afresh.
  const incremental = previous?.tooLarge ? undefined : previous;
  const syntax = tooLarge
    ? MarkdownSyntax.parse({ text: '', bodyStart: 0 })
    : incremental
      ? incremental.syntax.update({ text, bodyStart, change })
      : MarkdownSyntax.parse({ text, bodyStart });
  return {
    textDocument,
    frontMatter,
    markdown: readMarkdownModel(text, syntax.nodes),
    status: isKpepStatus(status) ? status : undefined,
    tooLarge,
    bound,
    syntax,
  };
}

/**
 * Whether an edit leaves the front matter as it was: it starts after the block's closing `---`
 * and the line break after it, so everything the block is read from is unchanged (its offsets
 * included). An unclosed block reaches to the end of the text, so any edit may close it.
 */
function keepsFrontMatter(frontMatter: FrontMatter, change: ChangedRegion): boolean {
  return frontMatter.kind !== 'missing' && frontMatter.closeRange.end > frontMatter.closeRange.start && frontMatter.bodyStart > frontMatter.closeRange.end && change.start >= frontMatter.bodyStart;
}

/** A field of valid front matter, or undefined. */
export function frontMatterField(frontMatter: FrontMatter, key: string): FrontMatterField | undefined {
  return frontMatter.kind === 'parsed' ? frontMatter.fields.get(key) : undefined;
}
