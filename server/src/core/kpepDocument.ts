/** A KPEP parsed once per document version: front matter and markdown structure together. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFrontMatter, type FrontMatter, type FrontMatterField } from './frontMatter';
import { parseMarkdown, type MarkdownModel } from './markdownModel';
import { isKpepStatus, type KpepStatus } from './status';

export interface KpepDocument {
  /** The text and its line index; positions are computed from it only at the edge. */
  readonly textDocument: TextDocument;
  readonly frontMatter: FrontMatter;
  readonly markdown: MarkdownModel;
  /** The front-matter status when it is one of the five; gates read it. */
  readonly status: KpepStatus | undefined;
}

export function parseKpepDocument(textDocument: TextDocument): KpepDocument {
  const text = textDocument.getText();
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
