/**
 * Front matter (SPEC §2): gray-matter finds the block, the `yaml` package parses it so every key
 * and value keeps its source range. Only YAML is ever read; every other front-matter language
 * gray-matter knows (js, javascript, coffee …) is replaced by an engine that refuses, so nothing
 * in a document can be evaluated.
 */
import matter from 'gray-matter';
import { Composer, isMap, isSeq, Parser, YAMLParseError, type CST, type Document, type Node as YamlNode } from 'yaml';
import type { OffsetRange } from './offsetRange';

export interface FrontMatterItem {
  readonly value: unknown;
  readonly range: OffsetRange;
}

export interface FrontMatterField {
  readonly key: string;
  readonly keyRange: OffsetRange;
  /** The plain JavaScript value: string, number, boolean, null, array or object. */
  readonly value: unknown;
  /** The value's range, or the key's when the value is empty. */
  readonly valueRange: OffsetRange;
  /** Each element of a YAML sequence, with its own range. */
  readonly items: readonly FrontMatterItem[] | undefined;
}

export interface FrontMatterProblem {
  readonly message: string;
  readonly range: OffsetRange;
}

interface FrontMatterBlock {
  /** The opening `---` (with any language name after it). */
  readonly openRange: OffsetRange;
  /** The closing `---`, where new fields are inserted before. */
  readonly closeRange: OffsetRange;
  /** Where the markdown body starts, after the closing delimiter. */
  readonly bodyStart: number;
}

export type FrontMatter =
  | { readonly kind: 'missing'; readonly bodyStart: 0 }
  | (FrontMatterBlock & { readonly kind: 'invalid'; readonly problems: readonly FrontMatterProblem[] })
  | (FrontMatterBlock & {
      readonly kind: 'parsed';
      readonly fields: ReadonlyMap<string, FrontMatterField>;
      /** Set when the YAML is valid but is not a mapping of fields. */
      readonly notAMapping: OffsetRange | undefined;
    });

/** YAML aliases may expand at most this many times, so a billion-laughs block cannot exhaust memory. */
const MAX_ALIAS_COUNT = 100;

/**
 * The bounds on what reaches the YAML parser. A KPEP's front matter is a dozen fields and a few
 * short lists; past these the parser's time grows with the square of the keys, anchors or tags,
 * and its composer recurses once per level of nesting.
 */
export const FRONT_MATTER_BOUNDS = { maxLength: 64 * 1024, maxNodes: 2000, maxDepth: 64 } as const;

const BYTE_ORDER_MARK = 0xfeff;

/** The names gray-matter reads as YAML; any other language is refused before gray-matter looks it up. */
const YAML_LANGUAGES = new Set(['', 'yaml', 'yml']);

class UnsupportedFrontMatterLanguage extends Error {}

function refuseLanguage(name: string): () => never {
  return () => {
    throw new UnsupportedFrontMatterLanguage(name);
  };
}

/** Every language gray-matter could otherwise dispatch to, js and coffee above all, refuses. */
const REFUSED_ENGINES = Object.fromEntries(
  ['javascript', 'js', 'coffee', 'coffeescript', 'cson', 'json', 'toml'].map((name) => [name, refuseLanguage(name)]),
);

/**
 * The front matter of a document. `plain: false` composes every block as a YAML document, also one
 * the plain reader reads (for the test that holds the two equal).
 */
export function parseFrontMatter(text: string, options: { plain?: boolean } = {}): FrontMatter {
  const bom = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  const source = bom ? text.slice(1) : text;
  if (!matter.test(source) || source.charAt(3) === '-') {
    return { kind: 'missing', bodyStart: 0 };
  }
  const firstLineEnd = source.search(/\r?\n/);
  const language = firstLineEnd === -1 ? source.slice(3) : source.slice(3, firstLineEnd);
  const openRange = { start: bom, end: bom + 3 + language.length };
  // gray-matter closes the block at the first "\n---" and drops one line break after it.
  const close = firstLineEnd === -1 ? -1 : source.indexOf('\n---', 3 + language.length);
  if (close === -1) {
    return {
      kind: 'invalid',
      openRange,
      closeRange: { start: text.length, end: text.length },
      bodyStart: text.length,
      problems: [{ message: 'The front matter is never closed: add a line `---` after the last field.', range: openRange }],
    };
  }
  const afterClose = source.slice(close + 4).replace(/^\r?\n/, '');
  const block = { openRange, closeRange: { start: bom + close + 1, end: bom + close + 4 }, bodyStart: text.length - afterClose.length };

  // gray-matter looks the engine up on a plain object, so `---__proto__` or `---constructor` would
  // find Object.prototype's members: only the names it reads as YAML ever reach it.
  if (!YAML_LANGUAGES.has(language.trim().toLowerCase())) {
    return { kind: 'invalid', ...block, problems: [refusedLanguage(language, openRange)] };
  }
  const matterStart = openRange.end;
  const checkedBlock = source.slice(3 + language.length, close);
  // A block of plain `key: value` lines (far inside the bounds) is read without YAML's parser (indexing reads thousands).
  const plain = options.plain === false ? undefined : plainFields(checkedBlock, matterStart);
  if (plain) {
    return { kind: 'parsed', ...block, fields: plain, notAMapping: undefined };
  }
  const checked = frontMatterBoundProblem(checkedBlock, matterStart);
  if (!Array.isArray(checked)) {
    return { kind: 'invalid', ...block, problems: [checked] };
  }

  let yamlDocument: Document | undefined;
  try {
    // Only the block: gray-matter looks the whole input up in its cache by string key, which
    // costs a hash of the entire document on every version.
    matter(source.slice(0, close + 4), {
      engines: {
        ...REFUSED_ENGINES,
        yaml: (yamlBlock: string) => {
          // gray-matter ends a CRLF block on its last "\r"; YAML would keep it in the last value.
          // logLevel: the rules report odd YAML; yaml's own warnings would only litter stderr.
          const yamlSource = yamlBlock.replace(/\r$/, '');
          // The bound check's syntax tree is this block's when it is the same text (no CRLF): not parsed twice.
          yamlDocument = composeYaml(yamlSource, yamlSource === checkedBlock ? checked : [...new Parser().parse(yamlSource)]);
          return {};
        },
      },
    });
  } catch (error) {
    // Unreachable while only YAML names get here; kept so a refusing engine can never be bypassed.
    if (!(error instanceof UnsupportedFrontMatterLanguage)) {
      throw error;
    }
    return { kind: 'invalid', ...block, problems: [refusedLanguage(language, openRange)] };
  }

  if (!yamlDocument) {
    // gray-matter skips the engine for a block of only comments: that is an empty mapping.
    return { kind: 'parsed', ...block, fields: new Map(), notAMapping: undefined };
  }
  return readYamlDocument(yamlDocument, matterStart, bom + close - matterStart, block);
}

function refusedLanguage(language: string, range: OffsetRange): FrontMatterProblem {
  return { message: `KPEP front matter is YAML; \`---${language.trim()}\` front matter is never read or run. Start the block with a plain \`---\`.`, range };
}

/**
 * What yaml's `parseDocument(source, …)` gives, from the concrete syntax tree already parsed: the
 * first document, with an error for any other.
 */
function composeYaml(source: string, tokens: readonly CST.Token[]): Document {
  // logLevel: the rules report odd YAML; yaml's own warnings would only litter stderr.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  let first: Document | undefined;
  for (const document of composer.compose(tokens, true, source.length)) {
    if (first) {
      first.errors.push(new YAMLParseError([document.range[0], document.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
    first = document;
  }
  // compose(…, forceDoc) always ends with a document.
  return first as Document;
}

/**
 * Checks the block against FRONT_MATTER_BOUNDS before it is composed: its length, then the nodes
 * and nesting of yaml's concrete syntax tree (built without recursion, walked here with a stack).
 * Returns the problem, or the syntax tree when the block is within them.
 */
function frontMatterBoundProblem(yamlBlock: string, matterStart: number): FrontMatterProblem | CST.Token[] {
  const { maxLength, maxNodes, maxDepth } = FRONT_MATTER_BOUNDS;
  const whole = { start: matterStart, end: matterStart + yamlBlock.length };
  if (yamlBlock.length > maxLength) {
    return { message: `The front matter is ${yamlBlock.length} characters long; kpep reads at most ${maxLength}. Move long text into the body.`, range: whole };
  }
  let nodes = 0;
  const tokens = [...new Parser().parse(yamlBlock)];
  const pending: { token: CST.Token | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { token, depth } = next;
    if (!token) {
      continue;
    }
    const at = { start: matterStart + token.offset, end: matterStart + token.offset + 1 };
    if (++nodes > maxNodes) {
      return { message: `The front matter holds more than ${maxNodes} YAML nodes; kpep reads at most that many.`, range: at };
    }
    if (depth > maxDepth) {
      return { message: `The front matter nests deeper than ${maxDepth} levels; kpep reads at most that many.`, range: at };
    }
    if (token.type === 'document') {
      pending.push({ token: token.value, depth });
    } else if ('items' in token && (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection')) {
      for (const item of token.items) {
        pending.push({ token: 'key' in item ? (item.key ?? undefined) : undefined, depth: depth + 1 }, { token: item.value, depth: depth + 1 });
      }
    }
  }
  return tokens;
}

function readYamlDocument(
  yamlDocument: Document,
  matterStart: number,
  matterLength: number,
  block: FrontMatterBlock,
): FrontMatter {
  const shift = (range: readonly number[] | null | undefined, fallback: OffsetRange): OffsetRange =>
    range && range[0] !== undefined && range[1] !== undefined
      ? { start: matterStart + range[0], end: matterStart + range[1] }
      : fallback;
  const wholeBlock = { start: matterStart, end: matterStart + matterLength };

  if (yamlDocument.errors.length > 0) {
    return {
      kind: 'invalid',
      ...block,
      problems: yamlDocument.errors.map((error) => ({ message: error.message, range: shift(error.pos, wholeBlock) })),
    };
  }

  let data: unknown;
  try {
    data = yamlDocument.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'invalid', ...block, problems: [{ message: `The front matter cannot be read: ${message}`, range: wholeBlock }] };
  }

  const contents = yamlDocument.contents;
  if (contents === null || data === null) {
    return { kind: 'parsed', ...block, fields: new Map(), notAMapping: undefined };
  }
  if (!isMap(contents) || typeof data !== 'object' || Array.isArray(data)) {
    return { kind: 'parsed', ...block, fields: new Map(), notAMapping: shift(contents.range, wholeBlock) };
  }

  const values = data as Record<string, unknown>;
  const fields = new Map<string, FrontMatterField>();
  for (const pair of contents.items) {
    const keyNode = pair.key as YamlNode | null;
    // As toJS names it: an empty key (`: x`) is "", not "null".
    const key = keyNode && 'value' in keyNode ? String(keyNode.value ?? '') : String(pair.key);
    const keyRange = shift(keyNode?.range, wholeBlock);
    const valueNode = pair.value as YamlNode | null;
    // Own properties only: `constructor: 1` aside, an absent key must not read Object.prototype's.
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    fields.set(key, {
      key,
      keyRange,
      value,
      valueRange: shift(valueNode?.range, keyRange),
      items: isSeq(valueNode)
        ? valueNode.items.map((item, index) => ({
            // A key toJS spells differently (a collection as key) leaves no list to index.
            value: Array.isArray(value) ? (value[index] as unknown) : undefined,
            range: shift((item as YamlNode | null)?.range, keyRange),
          }))
        : undefined,
    });
  }
  return { kind: 'parsed', ...block, fields, notAMapping: undefined };
}

/**
 * A line of a plain block: a key of letters, digits and dashes (not `null`, which YAML reads as no
 * key, and short enough for YAML's implicit key), a colon, and a value on the same line.
 */
const PLAIN_LINE = /^((?!(?:null|Null|NULL):)[A-Za-z][A-Za-z0-9-]{0,1000}):[ ]+(\S(?:.*\S)?)[ ]*$/;
/** A plain scalar: no indicator first, no `: ` or ` #`, no tab, no colon last. */
const PLAIN_STRING = /^(?![-?:,[\]{}#&*!|>'"%@`])(?:(?!: | #)[^\t])*[^\t:]$/;
/** The same inside a flow sequence, where `,`, `[`, `]`, `{` and `}` end it (and `:` and `#` are left to YAML). */
const FLOW_STRING = /^(?![-?:,[\]{}#&*!|>'"%@`])[^\t:,[\]{}#]+$/;
/** What YAML's core schema reads as null, a boolean or a number rather than a string. */
const NOT_A_STRING = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;
/** A decimal integer YAML reads as the same number JavaScript does. */
const PLAIN_INTEGER = /^[0-9]{1,15}$/;
/** A quoted scalar without escapes, its quote inside or a line break. */
const QUOTED = /^(?:"[^"\\]*"|'[^']*')$/;
/** Past this many sequence items the YAML path reads the block. */
const PLAIN_ITEMS = 200;

/**
 * The fields of a block that is only `key: value` lines whose values are plain strings, small
 * integers, quoted strings without escapes, or one-line flow sequences of those: exactly what the
 * YAML document gives (values and ranges; a test holds them equal). Anything else (comments,
 * block sequences, nesting, repeated keys, a line break but LF) is undefined, for the YAML path.
 */
export function plainFields(block: string, offset: number): Map<string, FrontMatterField> | undefined {
  // Past half the bounds the YAML path checks them, and reports a block past them.
  if (block.length > FRONT_MATTER_BOUNDS.maxLength / 2 || block.includes('\r') || block.charCodeAt(0) !== 0x0a) {
    return undefined;
  }
  const fields = new Map<string, FrontMatterField>();
  let items = 0;
  for (let lineStart = 1; lineStart < block.length; ) {
    const newline = block.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? block.length : newline;
    const line = PLAIN_LINE.exec(block.slice(lineStart, lineEnd));
    const key = line?.[1];
    const source = line?.[2];
    if (key === undefined || source === undefined || fields.has(key)) {
      return undefined;
    }
    const keyRange = { start: offset + lineStart, end: offset + lineStart + key.length };
    const valueStart = offset + lineStart + (line?.[0].indexOf(source, key.length + 1) ?? 0);
    const valueRange = { start: valueStart, end: valueStart + source.length };
    if (source.startsWith('[')) {
      const sequence = plainSequence(source, valueStart);
      if (!sequence || (items += sequence.length) > PLAIN_ITEMS) {
        return undefined;
      }
      fields.set(key, { key, keyRange, value: sequence.map((item) => item.value), valueRange, items: sequence });
    } else {
      const value = plainScalar(source, PLAIN_STRING);
      if (value === undefined) {
        return undefined;
      }
      fields.set(key, { key, keyRange, value: value.value, valueRange, items: undefined });
    }
    lineStart = lineEnd + 1;
  }
  // The YAML path counts the document, the mapping, each key and value, and each item.
  return 2 + 2 * fields.size + items > FRONT_MATTER_BOUNDS.maxNodes / 2 ? undefined : fields;
}

/** A scalar's value when it is a plain string, a small integer or a quoted string without escapes. */
function plainScalar(source: string, plainString: RegExp): { value: string | number } | undefined {
  if (QUOTED.test(source)) {
    return { value: source.slice(1, -1) };
  }
  if (PLAIN_INTEGER.test(source)) {
    return { value: Number(source) };
  }
  return plainString.test(source) && !NOT_A_STRING.test(source) ? { value: source } : undefined;
}

/** The items of a one-line flow sequence of plain or quoted scalars, with their ranges. */
function plainSequence(source: string, start: number): FrontMatterItem[] | undefined {
  if (!source.endsWith(']')) {
    return undefined;
  }
  const inner = source.slice(1, -1);
  // YAML trims spaces and tabs around flow items, never other white space (a no-break space stays).
  if (/^ *$/.test(inner)) {
    return [];
  }
  const sequence: FrontMatterItem[] = [];
  let at = 0;
  for (const part of inner.split(',')) {
    const text = part.replace(/^ +| +$/g, '');
    const scalar = part.includes('\t') ? undefined : plainScalar(text, FLOW_STRING);
    if (!scalar) {
      return undefined;
    }
    const itemStart = start + 1 + at + part.indexOf(text);
    sequence.push({ value: scalar.value, range: { start: itemStart, end: itemStart + text.length } });
    at += part.length + 1;
  }
  return sequence;
}
