#!/usr/bin/env node
// Runs the extension-host suite (test/vscode/) in a desktop VS Code through @vscode/test-electron.
// It downloads VS Code unless VSCODE_EXECUTABLE_PATH names one; where nothing can be downloaded,
// scripts/vscode-offline/run.mjs runs the same suite in code-server instead.
//
// Environment:
//   VSCODE_EXECUTABLE_PATH  a local VS Code executable; skips the download
//   VSCODE_VERSION          the version to download (default: the latest stable)
//   KPEP_TEST_WORKSPACE     folder copied as the workspace (default examples/)
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';

import { printReport, readReport } from './vscode-offline/report.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extensionDevelopmentPath = repoRoot;
const extensionTestsPath = path.join(repoRoot, 'test', 'vscode', 'index.js');
const workspaceSource = path.resolve(process.env.KPEP_TEST_WORKSPACE ?? path.join(repoRoot, 'examples'));
// Under .cache/, which git ignores, rather than test-electron's default .vscode-test/ beside package.json.
const cachePath = path.join(repoRoot, '.cache', 'vscode-test');

function fail(message) {
  console.error(`test-vscode: ${message}`);
  process.exitCode = 2;
}

/** The VS Code to run: the given executable, or a download that fails with one line, not a stack. */
async function vscodeExecutable() {
  if (process.env.VSCODE_EXECUTABLE_PATH) {
    if (!existsSync(process.env.VSCODE_EXECUTABLE_PATH)) throw new Error(`VSCODE_EXECUTABLE_PATH ${process.env.VSCODE_EXECUTABLE_PATH} does not exist`);
    return process.env.VSCODE_EXECUTABLE_PATH;
  }
  try {
    return await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION ?? 'stable', cachePath, timeout: 30_000 });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`could not download VS Code (${cause}); set VSCODE_EXECUTABLE_PATH to a local VS Code, or run the offline runner: node scripts/vscode-offline/run.mjs`);
  }
}

async function main() {
  if (!existsSync(workspaceSource)) return fail(`workspace folder ${workspaceSource} does not exist; set KPEP_TEST_WORKSPACE`);
  if (!existsSync(path.join(repoRoot, 'dist', 'client.js'))) return fail('dist/client.js does not exist; build the extension first (npm run build)');

  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await vscodeExecutable();
  } catch (error) {
    return fail(error.message);
  }

  // Fresh profile and a copy of the workspace, because tests may edit files and examples/ is tracked.
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'kpep-vscode-electron-'));
  const workspace = path.join(tempDir, 'workspace');
  const report = path.join(tempDir, 'report.json');
  try {
    await cp(workspaceSource, workspace, { recursive: true });
    await mkdir(path.join(tempDir, 'user-data'), { recursive: true });
    let exitCode;
    try {
      exitCode = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath,
        extensionTestsPath,
        extensionTestsEnv: { KPEP_TEST_REPORT: report },
        launchArgs: [
          workspace,
          // Only the extension under test: a user's or a cached extension must not change the result.
          '--disable-extensions',
          `--user-data-dir=${path.join(tempDir, 'user-data')}`,
          `--extensions-dir=${path.join(tempDir, 'extensions')}`,
        ],
      });
    } catch (error) {
      if (!(error instanceof TestRunFailedError)) throw error;
      exitCode = error.code ?? 1;
    }
    const results = await readReport(report);
    if (!results) return fail(`VS Code exited (${exitCode}) without writing a test report`);
    const allPassed = printReport(results);
    process.exitCode = allPassed && exitCode === 0 ? 0 : 1;
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

await main();
