/**
 * How every kpep command reads its arguments: node's parseArgs, after a check of our own, so a
 * mistake is one line in kpep's words with a did-you-mean (`--fromat` → `--format`), never
 * parseArgs' wording.
 */
import { closest, distance } from 'fastest-levenshtein';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usageError';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface CommandArgsConfig<O extends OptionsConfig> {
  readonly args: readonly string[];
  readonly options: O;
  readonly allowPositionals?: boolean;
}

/** The options and positionals of one command line; throws UsageError on an unknown option, a missing value or a stray argument. */
export function parseCommandArgs<O extends OptionsConfig>(config: CommandArgsConfig<O>) {
  checkCommandArgs(config);
  return parseArgs({ args: [...config.args], options: config.options, allowPositionals: config.allowPositionals ?? false, strict: true });
}

/** The arguments of a command that keeps a generated block current: `--check` (the default) or `--write`, `--help`, and paths. */
export function parseCheckOrWriteArgs(args: readonly string[]): { readonly write: boolean; readonly help: boolean; readonly positionals: readonly string[] } {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { check: { type: 'boolean' }, write: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (!values.help && values.check && values.write) {
    throw new UsageError('--check and --write cannot be used together.');
  }
  return { write: values.write === true, help: values.help === true, positionals };
}

function checkCommandArgs(config: CommandArgsConfig<OptionsConfig>): void {
  const { args, options } = config;
  const shorts = new Map(Object.entries(options).flatMap(([name, option]) => (option.short ? [[option.short, name] as const] : [])));
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--') {
      if (!config.allowPositionals && index + 1 < args.length) {
        throw new UsageError(`unexpected argument "${args[index + 1]}".`);
      }
      return;
    }
    if (arg.startsWith('--')) {
      const [name = '', inline] = splitOnce(arg.slice(2), '=');
      const option = Object.hasOwn(options, name) ? options[name] : undefined;
      if (!option) {
        throw new UsageError(`unknown option --${name}${suggestion(name, Object.keys(options))}`);
      }
      if (option.type === 'boolean' && inline !== undefined) {
        throw new UsageError(`--${name} takes no value.`);
      }
      if (option.type === 'string' && inline === undefined) {
        index = takeValue(args, index, `--${name}`);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // A cluster of short options (-qf json); a string option takes the rest of it, or the next argument.
      for (let at = 1; at < arg.length; at++) {
        const letter = arg.charAt(at);
        const name = shorts.get(letter);
        if (name === undefined) {
          throw new UsageError(`unknown option -${letter}${shorts.size > 0 ? ` (short options: ${[...shorts.keys()].map((short) => `-${short}`).join(', ')})` : ''}.`);
        }
        if (options[name]?.type === 'string') {
          if (at === arg.length - 1) {
            index = takeValue(args, index, `-${letter}`);
          }
          break;
        }
      }
      continue;
    }
    if (!config.allowPositionals) {
      throw new UsageError(`unexpected argument "${arg}".`);
    }
  }
}

function takeValue(args: readonly string[], index: number, flag: string): number {
  const value = args[index + 1];
  if (value === undefined || (value.startsWith('-') && value !== '-')) {
    throw new UsageError(`${flag} needs a value.`);
  }
  return index + 1;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** "; did you mean --format?" when a known name is a near miss (a third of its letters at most), else "." */
export function suggestion(name: string, known: readonly string[], prefix = '--'): string {
  if (known.length === 0 || name.length === 0) {
    return '.';
  }
  const nearest = closest(name, [...known]);
  return distance(name, nearest) <= Math.max(1, Math.floor(nearest.length / 3)) ? `; did you mean ${prefix}${nearest}?` : '.';
}
