/** The `kpep` command line: the same engine as the editor, for CI, hooks and scripts (SPEC §6). */
import { version } from '../../../package.json';
import { FileChangedError } from '../node/atomicWrite';
import { suggestion } from './commandArgs';
import { RefusedWriteError } from '../node/workspaceWrites';
import { terminalOutput } from './terminalText';
import { isLintWorker, serveLintChecks } from '../node/lintWorkers';
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

async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((arg) => arg !== '--debug');
  const io: CommandIo = {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(terminalOutput(text)),
    stderr: (text) => process.stderr.write(terminalOutput(text)),
    color: wantsColor({ isTty: process.stdout.isTTY === true, noColor: process.env['NO_COLOR'] }),
    env: process.env,
  };
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
    const known = error instanceof UsageError || error instanceof FileChangedError || error instanceof RefusedWriteError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr(`kpep ${name}: ${known ? (error as Error).message : `internal error: ${String(error)}`}\n`);
    if (debug && error instanceof Error && error.stack) {
      io.stderr(`${error.stack}\n`);
    }
    return 2;
  }
}

// This bundle is also the script of kpep lint's worker threads, so no second file has to ship.
if (isLintWorker()) {
  serveLintChecks();
} else {
  // A reader that stops early (kpep lint | head) closes the pipe: not a failure of kpep's, and never a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      throw error;
    }
  });
  // Set the exit code and let output drain, rather than cutting it off with process.exit().
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
