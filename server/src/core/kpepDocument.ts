/** A KPEP parsed once per document version: front matter and markdown structure together. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFrontMatter, type FrontMatter, type FrontMatterField } from './frontMatter';
import { parseMarkdown, type MarkdownModel } from './markdownModel';
import { isKpepStatus, type KpepStatus } from './status';

export interface KpepDocument {
  /** A snapshot of the parsed version, with its line index; positions are computed only at the edge. */
  readonly textDocument: TextDocument;
  readonly frontMatter: FrontMatter;
  readonly markdown: MarkdownModel;
  /** The front-matter status when it is one of the five; gates read it. */
  readonly status: KpepStatus | undefined;
}

/** Parses one version; the model keeps its own snapshot, since editors update documents in place. */
export function parseKpepDocument(source: TextDocument): KpepDocument {
  const text = source.getText();
  const textDocument = TextDocument.create(source.uri, source.languageId, source.version, text);
  const frontMatter = parseFrontMatter(text);
  const status = frontMatterField(frontMatter, 'status')?.value;
  return {
    textDocument,
    frontMatter,
    markdown: parseMarkdown(text, frontMatter.bodyStart),
    status: isKpepStatus(status) ? status : undefined,
  };
}

/** A field of valid front matter, or undefined. */
export function frontMatterField(frontMatter: FrontMatter, key: string): FrontMatterField | undefined {
  return frontMatter.kind === 'parsed' ? frontMatter.fields.get(key) : undefined;
}
