/** A KPEP parsed once per document version: front matter and markdown structure together. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { markdownTooLarge, type TooLarge } from './documentBounds';
import { parseFrontMatter, type FrontMatter, type FrontMatterField } from './frontMatter';
import { MarkdownSyntax } from './incrementalParse';
import { readMarkdownModel, type MarkdownModel } from './markdownModel';
import { isKpepStatus, type KpepStatus } from './status';

export interface KpepDocument {
  /** A snapshot of the parsed version, with its line index; positions are computed only at the edge. */
  readonly textDocument: TextDocument;
  readonly frontMatter: FrontMatter;
  readonly markdown: MarkdownModel;
  /** The front-matter status when it is one of the five; gates read it. */
  readonly status: KpepStatus | undefined;
  /** Set when the body is past MARKDOWN_BOUNDS: it was not parsed, and only the front matter is checked. */
  readonly tooLarge: TooLarge | undefined;
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
  const textDocument = TextDocument.create(source.uri, source.languageId, source.version, text);
  const frontMatter = parseFrontMatter(text);
  const status = frontMatterField(frontMatter, 'status')?.value;
  const { bodyStart } = frontMatter;
  const tooLarge = markdownTooLarge(text, bodyStart);
  // A body too large to check is never parsed (its model is empty), and the next version parses afresh.
  const previous = options.previous?.tooLarge ? undefined : options.previous;
  const syntax = tooLarge
    ? MarkdownSyntax.parse({ text: '', bodyStart: 0 })
    : previous
      ? previous.syntax.update({ text, bodyStart })
      : MarkdownSyntax.parse({ text, bodyStart });
  return {
    textDocument,
    frontMatter,
    markdown: readMarkdownModel(text, syntax.nodes),
    status: isKpepStatus(status) ? status : undefined,
    tooLarge,
    syntax,
  };
}

/** A field of valid front matter, or undefined. */
export function frontMatterField(frontMatter: FrontMatter, key: string): FrontMatterField | undefined {
  return frontMatter.kind === 'parsed' ? frontMatter.fields.get(key) : undefined;
}
