// Extension-host test entry (extensionTestsPath): runs test/vscode/*.test.js with Mocha inside a real
// VS Code and writes a JSON report to $KPEP_TEST_REPORT, because a browser-served VS Code (the offline
// runner) gives its caller no exit code. Plain CommonJS so VS Code can load it without a build step.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

/**
 * @typedef {{passed: string[], failed: {title: string, error: string}[], skipped: string[], total: number}} TestReport
 */

/** A reporter class that prints Mocha's spec output (to the extension host's console) and fills `report`. */
function reporterFilling(report) {
  return class ReportingSpecReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
      super(runner, options);
      runner.on(EVENT_TEST_PASS, (test) => report.passed.push(test.fullTitle()));
      // Also fires for a failing hook, whose tests then never run: it must count as a failure.
      runner.on(EVENT_TEST_FAIL, (test, error) => report.failed.push({ title: test.fullTitle(), error: describeError(error) }));
      runner.on(EVENT_TEST_PENDING, (test) => report.skipped.push(test.fullTitle()));
    }
  };
}

function describeError(error) {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Writes the report through a temporary file so a polling reader never sees half of it. */
function writeReport(reportPath, report) {
  fs.mkdirSync(path.dirname(reportPath), { recursive: true });
  const partial = `${reportPath}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(report, null, 2)}\n`);
  fs.renameSync(partial, reportPath);
}

/** Runs every test file; never rejects, so a broken test file still ends up in the report. */
async function runSuite() {
  /** @type {TestReport} */
  const report = { passed: [], failed: [], skipped: [], total: 0 };
  try {
    // Activation and a language server's first pass take seconds; tests set tighter deadlines themselves.
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: reporterFilling(report) });
    if (process.env.KPEP_TEST_GREP) mocha.grep(process.env.KPEP_TEST_GREP);
    for (const name of fs.readdirSync(__dirname).filter((file) => file.endsWith('.test.js')).sort()) {
      mocha.addFile(path.join(__dirname, name));
    }
    await new Promise((resolve) => mocha.run(resolve));
  } catch (error) {
    // Mocha requires the test files synchronously inside run(); one that throws while loading lands here.
    report.failed.push({ title: 'loading test/vscode/*.test.js', error: describeError(error) });
  }
  report.total = report.passed.length + report.failed.length;
  return report;
}

/** Called by VS Code's extension host; resolves when every test passed, rejects otherwise. */
async function run() {
  const report = await runSuite();
  const reportPath = process.env.KPEP_TEST_REPORT;
  if (reportPath) writeReport(reportPath, report);
  if (report.failed.length > 0) throw new Error(`${report.failed.length} of ${report.total} extension-host tests failed`);
  if (report.total === 0) throw new Error('no extension-host test ran');
}

module.exports = { run };
