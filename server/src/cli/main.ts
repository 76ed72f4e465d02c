/** The `kpep` command line: the same engine as the editor, for CI, hooks and scripts (SPEC §6). */
import { isLintWorker, serveLintChecks } from '../node/lintWorkers';
import { kpepMain, terminalIo } from './kpepMain';

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
  const io = terminalIo({
    cwd: process.cwd(),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    write: { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  });
  // Set the exit code and let output drain, rather than cutting it off with process.exit().
  void kpepMain(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
