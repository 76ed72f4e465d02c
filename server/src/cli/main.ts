/** The `kpep` command line: the same engine as the editor, for CI, hooks and scripts (SPEC §6). */
import { FileChangedError } from '../node/atomicWrite';
import { isLintWorker, serveLintChecks } from '../node/lintWorkers';
import { wantsColor, type CommandIo, type KpepCommand } from './commandIo';
import { exportCommand } from './exportCommand';
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

Run "kpep <command> --help" for a command's options. Add --debug to see internal stack traces.`;

async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((arg) => arg !== '--debug');
  const io: CommandIo = {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: wantsColor({ isTty: process.stdout.isTTY === true, noColor: process.env['NO_COLOR'] }),
    env: process.env,
  };
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`kpep: unknown command "${name}". Run "kpep --help" for the list.\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const known = error instanceof UsageError || error instanceof FileChangedError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
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
