/** The `kpep` commands and help, apart from the process they run in (main.ts), so tests run them in-process. */
import { version } from '../../../package.json';
import { FileChangedError } from '../node/atomicWrite';
import { suggestion } from './commandArgs';
import { RefusedWriteError } from '../node/workspaceWrites';
import { terminalOutput } from './terminalText';
import { wantsColor, type CommandIo, type KpepCommand } from './commandIo';
import { exportCommand } from './exportCommand';
import { graphCommand } from './graphCommand';
import { importCommand } from './importCommand';
import { indexCommand } from './indexCommand';
import { initCommand } from './initCommand';
import { lintCommand } from './lintCommand';
import { newCommand } from './newCommand';
import { renumberCommand } from './renumberCommand';
import { showCommand } from './showCommand';
import { tocCommand } from './tocCommand';
import { UsageError } from './usageError';

const COMMANDS: Readonly<Record<string, KpepCommand>> = {
  lint: lintCommand,
  new: newCommand,
  init: initCommand,
  toc: tocCommand,
  index: indexCommand,
  graph: graphCommand,
  show: showCommand,
  renumber: renumberCommand,
  export: exportCommand,
  import: importCommand,
};

const HELP = `Usage: kpep <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(8)}${command.summary}`)
  .join('\n')}

Options:
  -v, --version  print kpep's version
  -h, --help     show this help; "kpep help <command>" or "kpep <command> --help" shows a command's
  --debug        (with any command) print internal stack traces

Exit codes: 0 success, 1 a check failed, 2 bad usage or internal failure.`;

/** The streams a command writes to, with document text made safe for a terminal on the way. */
export function terminalIo(options: { cwd: string; env: CommandIo['env']; isTty: boolean; write: { stdout: (text: string) => void; stderr: (text: string) => void } }): CommandIo {
  return {
    cwd: options.cwd,
    stdout: (text) => options.write.stdout(terminalOutput(text)),
    stderr: (text) => options.write.stderr(terminalOutput(text)),
    color: wantsColor({ isTty: options.isTty, noColor: options.env['NO_COLOR'] }),
    env: options.env,
  };
}

/** Runs one `kpep` command line and answers its exit code; main.ts gives it the process's streams. */
export async function kpepMain(argv: readonly string[], io: CommandIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((arg) => arg !== '--debug');
  const [first, ...rest] = args;
  if (first === '--version' || first === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.stdout(`${HELP}\n`);
    return first === undefined ? 2 : 0;
  }
  // "kpep help lint" is "kpep lint --help".
  const [name, commandArgs] = first === 'help' ? [rest[0] as string, ['--help']] : [first, rest];
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const what = name.startsWith('-') ? `option ${name}${suggestion(name.replace(/^-+/, ''), ['help', 'version'])}` : `command "${name}"${suggestion(name, Object.keys(COMMANDS), '')}`;
    io.stderr(`kpep: unknown ${what} Run "kpep --help" for the list.\n`);
    return 2;
  }
  try {
    return await command.run(commandArgs, io);
  } catch (error) {
    const known = error instanceof UsageError || error instanceof FileChangedError || error instanceof RefusedWriteError || String((error as { code?: unknown } | null | undefined)?.code).startsWith('ERR_PARSE_ARGS');
    io.stderr(`kpep ${name}: ${known ? (error as Error).message : `internal error: ${String(error)}`}\n`);
    if (debug && error instanceof Error && error.stack) {
      io.stderr(`${error.stack}\n`);
    }
    return 2;
  }
}
