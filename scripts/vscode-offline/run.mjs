#!/usr/bin/env node
// Runs the extension-host test suite in a real VS Code without downloading one: code-server (installed
// by install.mjs) serves the workbench, headless Debian chromium opens it with a `payload` that loads
// this extension and test/vscode/index.js, and the suite writes a JSON report that this script waits for.
// With --ui it loads only the extension and drives the workbench itself instead (ui-smoke.mjs).
// With --vsix FILE it tests the package instead of the repository: `code-server --install-extension
// FILE` installs it, and no extensionDevelopmentPath points at the repository (the suite runs from
// an empty harness extension, test/vscode/harness/, since VS Code runs tests only for one).
//
//   node scripts/vscode-offline/run.mjs                          the extension-host Mocha suite
//   node scripts/vscode-offline/run.mjs --ui                     the UI smoke test; screenshots in test-output/ui-*.png
//   node scripts/vscode-offline/run.mjs --vsix kpep-0.1.0.vsix   either, against the installed package
//
// Environment:
//   KPEP_TEST_DEADLINE_SECONDS  how long to wait for the report (default 300)
//   KPEP_TEST_WORKSPACE         folder copied as the workspace (default examples/)
//   KPEP_EXTENSION_PATH         extension under test (default the repository root)
//   KPEP_TESTS_PATH             extensionTestsPath (default test/vscode/index.js)
//   KPEP_TEST_GREP              only tests whose full title matches
//   KPEP_TEST_VERBOSE=1         echo the workbench's console (where Mocha's spec output appears)
//   KPEP_TEST_KEEP=1            keep the temporary user-data, extensions and workspace folders
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { CACHE_DIR, CODE_SERVER_ENTRY, InstallError, REPO_ROOT, ensureInstalled } from './install.mjs';
import { printReport, readReport } from './report.mjs';
import { runUiSmoke } from './ui-smoke.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');
const SCREENSHOT = path.join(OUTPUT_DIR, 'vscode-workbench.png');
const SERVER_LOG = path.join(OUTPUT_DIR, 'vscode-code-server.log');
const CONSOLE_LOG = path.join(OUTPUT_DIR, 'vscode-browser-console.log');
const POLL_MS = 200;

/** An expected failure: reported on one line, without a stack. */
class RunError extends Error {}

const deadlineSeconds = Number(process.env.KPEP_TEST_DEADLINE_SECONDS ?? 300);
const extensionPath = path.resolve(process.env.KPEP_EXTENSION_PATH ?? REPO_ROOT);
const testsPath = path.resolve(process.env.KPEP_TESTS_PATH ?? path.join(REPO_ROOT, 'test', 'vscode', 'index.js'));
const workspaceSource = path.resolve(process.env.KPEP_TEST_WORKSPACE ?? path.join(REPO_ROOT, 'examples'));
const verbose = process.env.KPEP_TEST_VERBOSE === '1';
const ui = process.argv.includes('--ui');
const vsixArgument = process.argv.indexOf('--vsix');
const vsix = vsixArgument < 0 ? undefined : process.argv[vsixArgument + 1] && path.resolve(process.argv[vsixArgument + 1]);
const HARNESS = path.join(REPO_ROOT, 'test', 'vscode', 'harness');

// What must be stopped however the run ends; cleanup() reads it.
const live = { server: undefined, browser: undefined, tempDir: undefined, cleaning: undefined, interrupted: false };

function log(message) {
  console.log(`vscode-offline: ${message}`);
}

function relative(file) {
  return path.relative(process.cwd(), file) || '.';
}

/** Polls `condition` until it returns a truthy value; throws RunError(`what`) when the deadline passes. */
async function waitFor(condition, { deadline, what }) {
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() >= deadline) throw new RunError(what);
    await delay(POLL_MS);
  }
}

/** A loopback port that was free a moment ago; code-server binds it right after. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function checkInputs() {
  if (!(deadlineSeconds > 0)) throw new RunError(`KPEP_TEST_DEADLINE_SECONDS must be a positive number, not ${process.env.KPEP_TEST_DEADLINE_SECONDS}`);
  if (vsixArgument >= 0) {
    if (!vsix || !existsSync(vsix)) throw new RunError(`--vsix needs a package that exists (npm run package writes kpep-<version>.vsix), not ${process.argv[vsixArgument + 1] ?? 'nothing'}`);
  } else {
    await checkExtensionBuilt();
  }
  if (!existsSync(testsPath)) throw new RunError(`${relative(testsPath)} does not exist`);
  if (!existsSync(workspaceSource)) throw new RunError(`workspace folder ${relative(workspaceSource)} does not exist; set KPEP_TEST_WORKSPACE`);
  if (!existsSync(CHROMIUM)) throw new RunError(`${CHROMIUM} is missing: apt-get install -y chromium`);
}

async function checkExtensionBuilt() {
  const manifest = await readFile(path.join(extensionPath, 'package.json'), 'utf8')
    .then(JSON.parse)
    .catch((error) => {
      throw new RunError(`cannot read the extension manifest in ${relative(extensionPath)}: ${error.message}`);
    });
  const main = manifest.main && path.resolve(extensionPath, manifest.main);
  if (main && !existsSync(main)) throw new RunError(`${relative(main)} does not exist; build the extension first (npm run build)`);
}

/** `code-server --install-extension FILE` into the run's own extensions folder, as a user installs a .vsix. */
async function installVsix(dirs) {
  const output = createWriteStream(SERVER_LOG);
  const installer = spawn(process.execPath, [CODE_SERVER_ENTRY, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...homeEnv(dirs.home) },
  });
  let said = '';
  installer.stdout.on('data', (chunk) => (said += chunk));
  installer.stderr.on('data', (chunk) => (said += chunk));
  installer.stdout.pipe(output, { end: false });
  installer.stderr.pipe(output, { end: false });
  const [code] = await new Promise((resolve) => installer.once('exit', (...result) => resolve(result)));
  output.end();
  if (code !== 0 || !/successfully installed/i.test(said)) throw new RunError(`code-server --install-extension ${relative(vsix)} failed (exit ${code}): ${said.trim().split('\n').at(-1)}`);
  log(`installed ${relative(vsix)}: ${said.trim().split('\n').at(-1)}`);
}

/** Fresh user data (with settings that keep the workbench quiet), extensions dir and workspace copy. */
async function prepareTempDirs() {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'kpep-vscode-'));
  live.tempDir = tempDir;
  const dirs = {
    userData: path.join(tempDir, 'user-data'),
    extensions: path.join(tempDir, 'extensions'),
    workspace: path.join(tempDir, 'workspace'),
    home: path.join(tempDir, 'home'),
    report: path.join(tempDir, 'report.json'),
  };
  await mkdir(path.join(dirs.userData, 'User'), { recursive: true });
  await mkdir(dirs.extensions, { recursive: true });
  await mkdir(dirs.home, { recursive: true });
  // Workspace trust would put the workspace in restricted mode, where extensions without trust support stay off.
  const settings = {
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
  };
  await writeFile(path.join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  // A copy, because tests may edit files and the source folder is tracked in git.
  await cp(workspaceSource, dirs.workspace, { recursive: true });
  return dirs;
}

async function startCodeServer(port, dirs) {
  const output = createWriteStream(SERVER_LOG, { flags: vsix ? 'a' : 'w' });
  const args = [
    CODE_SERVER_ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    dirs.workspace,
  ];
  const server = spawn(process.execPath, args, {
    cwd: dirs.workspace,
    // detached: its own process group, so one kill reaches the extension host and the language server too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // The extension host inherits this environment; test/vscode/index.js writes its report here.
      KPEP_TEST_REPORT: dirs.report,
      ...(vsix ? { KPEP_EXPECT_INSTALLED: '1' } : {}),
      // code-server (its config) and the extension host (a device id) otherwise write into the user's home.
      ...homeEnv(dirs.home),
    },
  });
  server.stdout.pipe(output, { end: false });
  server.stderr.pipe(output, { end: false });
  server.exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  server.once('error', (error) => output.write(`spawn error: ${error.message}\n`));
  live.server = server;
  return server;
}

/** Environment that points a program's home and XDG folders into the run's temporary folder. */
function homeEnv(home) {
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
  };
}

async function serverAnswers(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function workbenchUrl(port, dirs) {
  const remote = (file) => `vscode-remote://127.0.0.1:${port}${file}`;
  // An installed package is loaded from the extensions folder; the harness only carries the tests.
  const developed = vsix ? (ui ? undefined : HARNESS) : extensionPath;
  const payload = developed ? [['extensionDevelopmentPath', remote(developed)]] : [];
  if (!ui) payload.push(['extensionTestsPath', remote(testsPath)]);
  if (payload.length === 0) return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function launchBrowser(home) {
  const require = createRequire(path.join(CACHE_DIR, 'package.json'));
  const { chromium } = require('playwright-core');
  // Our own signal handlers stop code-server as well; Playwright still kills its browser on process exit.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // Chromium's crash reporter and dconf otherwise write into the user's home.
    env: { ...process.env, ...homeEnv(home) },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
  }).catch((error) => {
    throw new RunError(`chromium did not start: ${error.message.split('\n')[0]}`);
  });
  live.browser = browser;
  return browser;
}

async function screenshot(page) {
  if (!page || page.isClosed()) return;
  try {
    await page.screenshot({ path: SCREENSHOT, timeout: 10_000 });
    log(`screenshot ${relative(SCREENSHOT)}`);
  } catch (error) {
    log(`no screenshot: ${error.message.split('\n')[0]}`);
  }
}

/** Stops the browser and code-server's whole process group; safe to call more than once. */
function cleanup() {
  live.cleaning ??= (async () => {
    if (live.browser) {
      // close() kills chromium's process group itself; the race only bounds a hung close.
      await Promise.race([live.browser.close().catch(() => {}), delay(10_000, undefined, { ref: false })]);
    }
    const server = live.server;
    if (server && server.exitCode === null && server.signalCode === null) {
      killGroup(server, 'SIGTERM');
      const stopped = await Promise.race([server.exited.then(() => true), delay(5_000, undefined, { ref: false }).then(() => false)]);
      if (!stopped) killGroup(server, 'SIGKILL');
    }
    // The extension host and language server may outlive code-server's main process in the same group.
    if (server) killGroup(server, 'SIGKILL');
    if (live.tempDir && process.env.KPEP_TEST_KEEP !== '1') await rm(live.tempDir, { recursive: true, force: true });
    else if (live.tempDir) log(`kept ${live.tempDir}`);
  })();
  return live.cleaning;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function runTests() {
  await checkInputs();
  await mkdir(OUTPUT_DIR, { recursive: true });
  const installed = await ensureInstalled();
  if (installed) log('install finished; starting the run');
  // The deadline covers the run, not a first install, which has its own pace.
  const started = Date.now();
  const deadline = started + deadlineSeconds * 1000;

  const dirs = await prepareTempDirs();
  if (vsix) await installVsix(dirs);
  const port = await freePort();
  const server = await startCodeServer(port, dirs);
  await waitFor(async () => {
    if (server.exitCode !== null || server.signalCode !== null) throw new RunError(`code-server exited before it answered (see ${relative(SERVER_LOG)})`);
    return serverAnswers(port);
  }, { deadline, what: `code-server did not answer on port ${port} within ${deadlineSeconds} s (see ${relative(SERVER_LOG)})` });
  log(`code-server on 127.0.0.1:${port} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const browser = await launchBrowser(dirs.home);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLog = createWriteStream(CONSOLE_LOG);
  page.on('console', (message) => {
    const line = `[${message.type()}] ${message.text()}`;
    consoleLog.write(`${line}\n`);
    if (verbose) console.log(`  | ${line}`);
  });
  let crashed = false;
  page.on('crash', () => {
    crashed = true;
  });

  try {
    await page.goto(workbenchUrl(port, dirs), { waitUntil: 'domcontentloaded', timeout: Math.max(1, deadline - Date.now()) }).catch((error) => {
      throw new RunError(`the workbench did not load within ${deadlineSeconds} s: ${error.message.split('\n')[0]}`);
    });
    if (ui) {
      log('workbench opened; driving it');
      const report = await runUiSmoke({ page, workspace: dirs.workspace, outputDir: OUTPUT_DIR, log });
      log(`UI smoke test after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return printReport(report, 'vscode ui');
    }
    log('workbench opened; waiting for the test report');
    const report = await waitFor(async () => {
      if (crashed) throw new RunError('the workbench page crashed');
      if (!browser.isConnected()) throw new RunError('chromium exited');
      if (server.exitCode !== null || server.signalCode !== null) throw new RunError(`code-server exited during the run (see ${relative(SERVER_LOG)})`);
      return readReport(dirs.report).catch((error) => {
        throw new RunError(error.message);
      });
    }, { deadline, what: `no test report within ${deadlineSeconds} s (see ${relative(SCREENSHOT)}, ${relative(CONSOLE_LOG)}, ${relative(SERVER_LOG)})` });
    log(`report after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await screenshot(page);
    return printReport(report);
  } catch (error) {
    await screenshot(page);
    throw error;
  } finally {
    consoleLog.end();
  }
}

async function main() {
  let exitCode;
  const onSignal = (signal) => {
    live.interrupted = true;
    log(`${signal}: stopping code-server and chromium`);
    cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Last resort on an unexpected exit: signal the group synchronously, the only thing 'exit' allows.
  process.once('exit', () => {
    if (live.server) killGroup(live.server, 'SIGKILL');
  });
  try {
    exitCode = (await runTests()) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof RunError || error instanceof InstallError)) throw error;
    // After a signal the run's own errors (chromium gone) are consequences, not news.
    if (!live.interrupted) console.error(`vscode-offline: ${error.message}`);
    exitCode = 2;
  } finally {
    await cleanup();
  }
  process.exitCode = exitCode;
}

await main();
