// Reading and printing the JSON report that test/vscode/index.js writes to $KPEP_TEST_REPORT;
// shared by the offline runner (run.mjs) and the online one (scripts/test-vscode.mjs).
import { readFile } from 'node:fs/promises';

/** The report, or undefined while the suite has not written it; throws when it is not JSON. */
export async function readReport(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the test report ${file} is not JSON: ${error.message}`, { cause: error });
  }
}

/** Prints one line per test and the closing count; true when at least one test ran and none failed. */
export function printReport(report, label = 'vscode') {
  const passed = report.passed ?? [];
  const failed = report.failed ?? [];
  const skipped = report.skipped ?? [];
  for (const title of passed) console.log(`  ✓ ${title}`);
  for (const title of skipped) console.log(`  - ${title} (skipped)`);
  for (const { title, error } of failed) console.log(`  ✗ ${title}\n      ${String(error).trimEnd().split('\n').join('\n      ')}`);
  // The plain closing line CI reads.
  console.log(`${label}: ${passed.length} passed, ${failed.length} failed${skipped.length ? `, ${skipped.length} skipped` : ''}`);
  return failed.length === 0 && passed.length > 0;
}
