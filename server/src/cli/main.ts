/** The `kpep` command line: the same engine as the editor, for CI, hooks and scripts (SPEC §6). */
import { LINT_HELP, runLint, type CommandIo } from './lintCommand';
import { UsageError } from './usageError';

const HELP = `Usage: kpep <command> [options]

Commands:
  lint [PATH ...]   check KPEPs against their template and front-matter rules

Run "kpep <command> --help" for a command's options. Add --debug to see internal stack traces.`;

const COMMANDS: Readonly<Record<string, { run: (args: readonly string[], io: CommandIo) => Promise<number>; help: string }>> = {
  lint: { run: runLint, help: LINT_HELP },
};

async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((arg) => arg !== '--debug');
  const io: CommandIo = {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: process.stdout.isTTY === true && !process.env['NO_COLOR'],
  };
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`kpep: unknown command "${name}". Run "kpep --help" for the list.\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const known = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr(`kpep ${name}: ${known ? (error as Error).message : `internal error: ${String(error)}`}\n`);
    if (debug && error instanceof Error && error.stack) {
      io.stderr(`${error.stack}\n`);
    }
    return 2;
  }
}

// Set the exit code and let output drain, rather than cutting it off with process.exit().
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
