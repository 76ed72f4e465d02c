/**
 * The markdown preview's plugin (contributes.markdown.markdownItPlugins): `KPEP-7` references in
 * prose become links to the KPEP with its title as tooltip and a status badge, references to
 * replaced KPEPs are struck through with the latest successor named, and a KPEP's front matter
 * renders as a header card. Everything shown comes from the server's last `kpep/kpeps` answer
 * (the card from the server's entry for the document's URI): the front matter's text is never read
 * here, let alone executed. References become tokens when the document is parsed, and are drawn
 * from the current answer when it is rendered, so a preview refresh shows a changed set.
 */
import * as path from 'node:path';
import { commands, Uri, type Disposable } from 'vscode';
import { formatKpepId, type KpepSummary } from '../../server/src/protocol/kpepProtocol';
import type { KpepSet } from './kpepSet';
import { statusSlug } from './kpepStatusStyle';

/** The server's prose reference (SPEC §3): word-bounded, case-sensitive. */
const PROSE_REFERENCE = /\bKPEP-(\d+)\b/g;
const REFERENCE_TOKEN = 'kpep_reference';

/** The parts of markdown-it's API the plugin uses (VS Code hands the instance in). */
interface Token {
  type: string;
  content: string;
  meta: unknown;
  children: Token[] | null;
}
interface TokenConstructor {
  new (type: string, tag: string, nesting: number): Token;
}
type RenderRule = (tokens: Token[], index: number, options: unknown, env: PreviewEnv) => string;
interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: { tokens: Token[]; Token: TokenConstructor }) => void): void } };
  renderer: { rules: Record<string, RenderRule | undefined> };
  utils: { escapeHtml(text: string): string };
}
/** VS Code's preview passes the document being rendered (absent for a rendered string). */
interface PreviewEnv {
  currentDocument?: Uri;
}

/** Returns `extendMarkdownIt` for activate, and keeps open previews current with the KPEP set. */
export function markdownPreviewPlugin(kpeps: KpepSet): { extendMarkdownIt: (md: MarkdownIt) => MarkdownIt; disposable: Disposable } {
  const disposable = kpeps.onDidChange(() => void commands.executeCommand('markdown.preview.refresh'));
  return { extendMarkdownIt: (md) => extendMarkdownIt(md, kpeps), disposable };
}

function extendMarkdownIt(md: MarkdownIt, kpeps: KpepSet): MarkdownIt {
  const escape = md.utils.escapeHtml;
  md.core.ruler.push(REFERENCE_TOKEN, (state) => {
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children) {
        block.children = splitReferences(block.children, state.Token);
      }
    }
  });
  md.renderer.rules[REFERENCE_TOKEN] = (tokens, index, _options, env) => {
    const token = tokens[index]!;
    const target = kpeps.kpepNumbered(token.meta as number, env.currentDocument);
    // A KPEP naming itself (its H1) gains nothing from a link to itself.
    const itself = target !== undefined && Uri.parse(target.uri).toString() === env.currentDocument?.toString();
    return target && !itself ? referenceHtml({ text: token.content, target, env, kpeps, escape }) : escape(token.content);
  };
  const hiddenFrontMatter = md.renderer.rules['front_matter'];
  md.renderer.rules['front_matter'] = (tokens, index, options, env) => {
    const kpep = env.currentDocument && kpeps.kpepAt(env.currentDocument);
    if (kpep) {
      return cardHtml({ kpep, env, kpeps, escape });
    }
    return hiddenFrontMatter ? hiddenFrontMatter(tokens, index, options, env) : '';
  };
  return md;
}

/** Splits text tokens at references; text inside a link stays as it is (a link in a link is invalid). */
function splitReferences(children: Token[], TokenClass: TokenConstructor): Token[] {
  let linkDepth = 0;
  return children.flatMap((token) => {
    if (token.type === 'link_open') linkDepth++;
    if (token.type === 'link_close') linkDepth--;
    if (token.type !== 'text' || linkDepth > 0 || !token.content.includes('KPEP-')) {
      return [token];
    }
    const parts: Token[] = [];
    let last = 0;
    for (const match of token.content.matchAll(PROSE_REFERENCE)) {
      parts.push(textToken(TokenClass, token.content.slice(last, match.index)));
      const reference = new TokenClass(REFERENCE_TOKEN, '', 0);
      reference.content = match[0];
      reference.meta = Number(match[1]);
      parts.push(reference);
      last = match.index + match[0].length;
    }
    parts.push(textToken(TokenClass, token.content.slice(last)));
    return parts.filter((part) => part.type !== 'text' || part.content !== '');
  });
}

function textToken(TokenClass: TokenConstructor, content: string): Token {
  const token = new TokenClass('text', '', 0);
  token.content = content;
  return token;
}

interface RenderContext {
  readonly env: PreviewEnv;
  readonly kpeps: KpepSet;
  readonly escape: (text: string) => string;
}

function referenceHtml(options: RenderContext & { readonly text: string; readonly target: KpepSummary }): string {
  const { target, escape } = options;
  // The server follows the succession chain, as reference-to-replaced does.
  const successor = target.latestSuccessor === null ? undefined : options.kpeps.kpepNumbered(target.latestSuccessor, Uri.parse(target.uri));
  const tooltip = `${target.id}: ${target.title ?? 'no title'} (${target.status ?? 'no status'})${successor ? `, replaced by ${successor.id}` : ''}`;
  const label = successor ? `<s>${escape(options.text)}</s>` : escape(options.text);
  const badge = successor
    ? `<span class="kpep-badge ${statusClass(target.status)}">replaced by ${kpepLink({ ...options, kpep: successor, text: successor.id })}</span>`
    : `<span class="kpep-badge ${statusClass(target.status)}">${escape(target.status ?? 'no status')}</span>`;
  return `<span class="kpep-ref">${kpepLink({ ...options, kpep: target, text: label, tooltip, rawText: true })}${badge}</span>`;
}

function kpepLink(options: RenderContext & { readonly kpep: KpepSummary; readonly text: string; readonly tooltip?: string; readonly rawText?: boolean }): string {
  const { escape, kpep } = options;
  const href = escape(linkTarget(kpep, options.env.currentDocument));
  const tooltip = options.tooltip ?? `${kpep.id}: ${kpep.title ?? 'no title'} (${kpep.status ?? 'no status'})`;
  return `<a href="${href}" data-href="${href}" title="${escape(tooltip)}">${options.rawText ? options.text : escape(options.text)}</a>`;
}

/** A relative link the preview opens in an editor; an absolute URI when there is no document to be relative to. */
function linkTarget(kpep: KpepSummary, from: Uri | undefined): string {
  const target = Uri.parse(kpep.uri);
  if (!from || from.scheme !== target.scheme || from.authority !== target.authority) {
    return target.toString();
  }
  return path.posix.relative(path.posix.dirname(from.path), target.path).split('/').map(encodeURIComponent).join('/');
}

function cardHtml(options: RenderContext & { readonly kpep: KpepSummary }): string {
  const { kpep, escape } = options;
  const links = (numbers: readonly number[]): string =>
    numbers
      .map((kpepNumber) => {
        const target = options.kpeps.kpepNumbered(kpepNumber, Uri.parse(kpep.uri));
        return target ? kpepLink({ ...options, kpep: target, text: `${target.id}${target.title ? ` ${target.title}` : ''}` }) : escape(formatKpepId(kpepNumber));
      })
      .join(', ');
  const rows: [string, string][] = [
    ['Authors', escape(kpep.authors.join(', '))],
    ['Created', escape(kpep.creationDate ?? '')],
    ['Updated', escape(kpep.lastUpdated ?? '')],
    ['Replaces', links(kpep.replaces)],
    ['Replaced by', links(kpep.supersededBy)],
    ['See also', links(kpep.seeAlso)],
  ];
  const shown = rows.filter(([, value]) => value !== '').map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`);
  return [
    `<div class="kpep-card ${statusClass(kpep.status)}">`,
    `<div class="kpep-card-head"><span class="kpep-card-id">${escape(kpep.id)}</span><span class="kpep-badge ${statusClass(kpep.status)}">${escape(kpep.status ?? 'no status')}</span></div>`,
    `<dl>${shown.join('')}</dl>`,
    '</div>\n',
  ].join('');
}

function statusClass(status: string | null): string {
  return `kpep-status-${statusSlug(status)}`;
}
