/**
 * Every regular expression in server/src runs in time proportional to its input. The expressions
 * are collected from the source with the TypeScript compiler (literals, and `new RegExp` of a
 * string or template), so one added later is covered without touching this test. Each runs on
 * adversarial 100 KB strings built from its own characters: a prefix that walks the expression,
 * one character or walked prefix repeated, and an ending that makes the match fail, which is
 * where nested or adjacent quantifiers over the same characters turn quadratic.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import * as vm from 'node:vm';
import type * as TypeScript from 'typescript';
import { cpuTimed } from '../helpers/cpuTime';

// Loaded from node_modules at run time rather than bundled into the test.
const ts = createRequire(__filename)('typescript') as typeof TypeScript;

const SOURCE_ROOT = resolve(__dirname, '../../../server/src');
const INPUT_LENGTH = 100_000;
/** A linear expression runs in a few hundred scans of its input at most; a quadratic one takes tens of thousands. */
const SCANS_ALLOWED = 500;
const FLOOR_MS = 200;

interface CollectedRegex {
  readonly where: string;
  readonly regex: RegExp;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A template substitution's value: a numeric constant of the file, or stand-in text for escaped runtime text. */
function substitution(expression: TypeScript.Expression, constants: ReadonlyMap<string, TypeScript.Expression>): string {
  const evaluate = (node: TypeScript.Expression): number | undefined => {
    if (ts.isNumericLiteral(node)) {
      return Number(node.text);
    }
    if (ts.isParenthesizedExpression(node)) {
      return evaluate(node.expression);
    }
    if (ts.isIdentifier(node)) {
      const value = constants.get(node.text);
      return value ? evaluate(value) : undefined;
    }
    if (ts.isBinaryExpression(node)) {
      const left = evaluate(node.left);
      const right = evaluate(node.right);
      if (left === undefined || right === undefined) {
        return undefined;
      }
      switch (node.operatorToken.kind) {
        case ts.SyntaxKind.PlusToken:
          return left + right;
        case ts.SyntaxKind.MinusToken:
          return left - right;
        case ts.SyntaxKind.AsteriskToken:
          return left * right;
        default:
          return undefined;
      }
    }
    return undefined;
  };
  const value = evaluate(expression);
  return value === undefined ? 'marker' : String(value);
}

/** A string literal, a template, or a constant of the file holding one; undefined for anything computed. */
function stringValue(node: TypeScript.Expression, constants: ReadonlyMap<string, TypeScript.Expression>, depth = 0): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => (stringValue(span.expression, constants, depth + 1) ?? substitution(span.expression, constants)) + span.literal.text).join('');
  }
  const constant = ts.isIdentifier(node) && depth < 8 ? constants.get(node.text) : undefined;
  return constant ? stringValue(constant, constants, depth + 1) : undefined;
}

function collectRegexes(): { found: CollectedRegex[]; unreadable: string[] } {
  const found: CollectedRegex[] = [];
  const unreadable: string[] = [];
  for (const file of sourceFiles(SOURCE_ROOT)) {
    const text = readFileSync(file, 'utf8');
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const constants = new Map<string, TypeScript.Expression>();
    const where = (node: TypeScript.Node): string =>
      `${relative(SOURCE_ROOT, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: TypeScript.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        constants.set(node.name.text, node.initializer);
      }
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText();
        const slash = literal.lastIndexOf('/');
        found.push({ where: where(node), regex: new RegExp(literal.slice(1, slash), literal.slice(slash + 1)) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        const source = pattern && stringValue(pattern, constants);
        const flagText = flags ? stringValue(flags, constants) : '';
        if (source === undefined || flagText === undefined) {
          unreadable.push(where(node));
        } else {
          found.push({ where: where(node), regex: new RegExp(source, flagText) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return { found, unreadable };
}

/** The expression's atoms in order: escapes, classes, `.` and literal characters; syntax is skipped. */
function atomsOf(source: string): string[] {
  const atoms: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      let length = 2;
      if ((next === 'u' || next === 'p' || next === 'P') && source[i + 2] === '{') {
        length = source.indexOf('}', i) - i + 1;
      } else if (next === 'u') {
        length = 6;
      } else if (next === 'x') {
        length = 4;
      } else if (next === 'c') {
        length = 3;
      } else if (next === 'k') {
        i = source.indexOf('>', i) + 1;
        continue;
      } else if (/[1-9bB]/.test(next)) {
        i += 2;
        while (/\d/.test(source[i] ?? '')) {
          i++;
        }
        continue;
      }
      atoms.push(source.slice(i, i + length));
      i += length;
    } else if (c === '[') {
      let end = i + 1;
      while (end < source.length && source[end] !== ']') {
        end += source[end] === '\\' ? 2 : 1;
      }
      atoms.push(source.slice(i, end + 1));
      i = end + 1;
    } else if (c === '(') {
      i++;
      if (source[i] === '?') {
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') {
          i = source.indexOf('>', i) + 1;
        } else {
          i += source[i] === '<' ? 2 : 1;
        }
      }
    } else if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(i, i + 24))) {
      i = source.indexOf('}', i) + 1;
    } else if (')|^$*+?'.includes(c)) {
      i++;
    } else {
      atoms.push(c === '.' ? '.' : c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'));
      i++;
    }
  }
  return atoms;
}

const CANDIDATES = [' ', 'a', 'Z', '0', '\t', '\n', '\r', '#', '-', '_', '.', '/', ':', '"', '\u00a0', 'é'];

/** A character the atom matches, its own characters tried first. */
function representative(atom: string, flags: string): string | undefined {
  // The atom's own characters are only candidates: the matcher keeps those it really matches.
  const own = [...atom.replace(/\\[a-zA-Z]/g, '')].filter((c) => c !== '\\');
  const matcher = new RegExp(`^(?:${atom})$`, flags.replace(/[gy]/g, ''));
  return [...own, ...CANDIDATES].find((c) => matcher.test(c));
}

interface Adversary {
  readonly text: string;
  readonly shape: string;
}

/** Prefix + unit repeated to 100 KB + ending, for every walked prefix, unit of the alphabet and ending. */
function adversaries(regex: RegExp): Adversary[] {
  const atoms = atomsOf(regex.source);
  const walk = atoms.map((atom) => representative(atom, regex.flags) ?? '').filter((c) => c !== '');
  const punctuation = [...regex.source.replace(/\\[a-zA-Z]/g, '')].filter((c) => /[^\w\s\\]/.test(c));
  const alphabet = [...new Set([...walk, ...punctuation])].slice(0, 32);
  const prefixes = [...new Set(walk.map((_, index) => walk.slice(0, index).join('')))];
  const walkedUnits = [...new Set(walk.map((_, index) => walk.slice(0, index + 1).join('')).filter((unit) => unit.length > 1))];
  const endings = ['', '\u0001'];
  const result: Adversary[] = [];
  const add = (prefix: string, unit: string, ending: string): void => {
    const text = prefix + unit.repeat(Math.ceil((INPUT_LENGTH - prefix.length) / unit.length)) + ending;
    result.push({ text, shape: `${JSON.stringify(prefix)} + ${JSON.stringify(unit)}… + ${JSON.stringify(ending)}` });
  };
  for (const prefix of prefixes) {
    for (const unit of alphabet) {
      for (const ending of endings) {
        add(prefix, unit, ending);
      }
    }
  }
  for (const unit of walkedUnits) {
    for (const ending of endings) {
      add('', unit, ending);
    }
  }
  return result;
}

/** Every match, as `matchAll`, `replace` and `split` would find them; one `exec` for a non-global expression. */
function runAll(regex: RegExp, text: string): number {
  const copy = new RegExp(regex.source, regex.flags);
  if (!copy.global && !copy.sticky) {
    return copy.exec(text) ? 1 : 0;
  }
  let matches = 0;
  for (let match = copy.exec(text); match; match = copy.exec(text)) {
    matches++;
    if (match[0] === '') {
      copy.lastIndex++;
    }
  }
  return matches;
}

/** The CPU time of one linear scan of an input: a match tried, and failed, at every character. */
function linearScanMs(): number {
  const text = 'a '.repeat(INPUT_LENGTH / 2);
  const times = Array.from({ length: 5 }, () => cpuTimed(() => runAll(/[\s\S](?!)/, text)).ms);
  return times.sort((a, b) => a - b)[2] ?? 1;
}

/** Compiled once: compiling the call for each of some 20,000 inputs took half the test's time. */
const RUN_ALL = new vm.Script('runAll(regex, text)');

/** How the expression fails the bound on its adversaries, or undefined when it keeps to it. */
function overBound(regex: RegExp, boundMs: number, context: vm.Context): string | undefined {
  const timeout = Math.ceil(boundMs * 4);
  // CPU time, which the machine's load does not stretch; the timeout (wall clock) interrupts a
  // runaway match, so a quadratic expression fails this test instead of hanging it.
  const run = (text: string): number => cpuTimed(() => RUN_ALL.runInContext(Object.assign(context, { regex, text }), { timeout })).ms;
  for (const { text, shape } of adversaries(regex)) {
    try {
      // A run over the bound is timed again: on a shared machine one slow run can be a pause, two are the expression.
      const elapsed = run(text) > boundMs ? run(text) : 0;
      if (elapsed > boundMs) {
        return `${shape} took ${Math.round(elapsed)} ms (bound ${Math.round(boundMs)} ms)`;
      }
    } catch {
      return `${shape} ran past ${timeout} ms`;
    }
  }
  return undefined;
}

/** Expressions this code base once had, each quadratic on some line of a hostile document. */
const QUADRATIC_CONTROLS = [
  /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/,
  /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
  /<<\[UNRESOLVED[^\]\n]*\]>>/g,
  /\s*\(optional\)\s*$/i,
  /[ \t]*[\r\n]+[ \t]*/g,
];

test('every regular expression in server/src runs in linear time on adversarial 100 KB inputs', () => {
  const { found, unreadable } = collectRegexes();
  assert.deepEqual(unreadable, [], 'write each RegExp source as a string or template literal, so this test can read it');
  // The collection works: the expressions named in the hostile-input review are among those found.
  assert.ok(found.length > 40, `only ${found.length} expressions found`);
  for (const name of ['index/kpepEntry.ts', 'sectionKey.ts', 'toc.ts', 'markdownModel.ts']) {
    assert.ok(found.some((entry) => entry.where.startsWith(name) || entry.where.includes(`/${name}`)), name);
  }
  const boundMs = Math.max(FLOOR_MS, SCANS_ALLOWED * linearScanMs());
  const context = vm.createContext({ runAll, regex: /x/, text: '' });
  // The harness can fail: every expression the review found quadratic is caught by it.
  for (const control of QUADRATIC_CONTROLS) {
    assert.ok(overBound(control, boundMs, context), `the control ${control} was not caught`);
  }
  const slow = found.flatMap(({ where, regex }) => {
    const problem = overBound(regex, boundMs, context);
    return problem ? [`${where} ${regex}: ${problem}`] : [];
  });
  assert.deepEqual(slow, []);
});
