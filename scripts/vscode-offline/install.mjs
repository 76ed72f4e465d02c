#!/usr/bin/env node
// Installs a real VS Code (code-server, from the npm registry) and playwright-core into
// .cache/vscode-offline/, for extension-host tests on machines that cannot download VS Code.
// Each step below is needed on a machine without internet (see the comment at each); a marker file makes a second run instant.
//
//   node scripts/vscode-offline/install.mjs          install if needed
//   node scripts/vscode-offline/install.mjs --force  reinstall from scratch
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_CORE_VERSION = '1.65.1';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..');
export const CACHE_DIR = path.resolve(process.env.VSCODE_OFFLINE_CACHE ?? path.join(REPO_ROOT, '.cache', 'vscode-offline'));
export const CODE_SERVER_DIR = path.join(CACHE_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
const VSCODE_DIR = path.join(CODE_SERVER_DIR, 'lib', 'vscode');
const MARKER = path.join(CACHE_DIR, 'installed.json');
const LOG = path.join(CACHE_DIR, 'install.log');
// KPEP_APT_PACKAGES_FILE: another list, for the test of the missing-packages message.
const APT_LIST = process.env.KPEP_APT_PACKAGES_FILE ? path.resolve(process.env.KPEP_APT_PACKAGES_FILE) : path.join(here, 'apt-packages.txt');

// Native modules of VS Code's server; each needs a build against this Node's headers.
const VSCODE_NATIVE = ['kerberos', 'node-pty', '@parcel/watcher', '@vscode/spdlog', '@vscode/deviceid', 'native-watchdog'];

/** An expected failure: main() prints its message on one line, without a stack. */
export class InstallError extends Error {}

/** What the marker records; any difference (a new pin, a Node with another ABI) means reinstall. */
function wantedMarker() {
  return {
    codeServer: CODE_SERVER_VERSION,
    playwrightCore: PLAYWRIGHT_CORE_VERSION,
    nodeAbi: process.versions.modules,
  };
}

async function markerMatches() {
  try {
    const have = JSON.parse(await readFile(MARKER, 'utf8'));
    const want = wantedMarker();
    return Object.keys(want).every((key) => have[key] === want[key]);
  } catch {
    return false;
  }
}

/** Names of the Debian packages from apt-packages.txt that dpkg does not report as installed. */
export async function missingAptPackages() {
  const wanted = (await readFile(APT_LIST, 'utf8'))
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
  // One dpkg-query for all names; unknown names are simply absent from its output.
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...wanted], { encoding: 'utf8' });
  if (result.error) throw new InstallError(`cannot run dpkg-query (${result.error.message}); this installer needs a Debian system`);
  const installed = new Set(
    result.stdout
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name.replace(/:.*/, '')),
  );
  return wanted.filter((name) => !installed.has(name));
}

/** Runs a command with its output appended to the install log; throws InstallError on failure. */
function run(command, args, { cwd, env = {} }) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(LOG, { flags: 'a' });
    log.write(`\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', (error) => {
      log.end();
      reject(new InstallError(`cannot start ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      log.end(() => {
        if (code === 0) resolve();
        else reject(new InstallError(`\`${command} ${args.join(' ')}\` failed in ${path.relative(REPO_ROOT, cwd) || '.'} (${signal ?? `exit ${code}`}); see ${path.relative(process.cwd(), LOG)}`));
      });
    });
  });
}

/** The environment for npm children: no settings inherited from an outer `npm run`, plus the fixes the route needs. */
function childEnv(extra) {
  const env = { ...process.env };
  // An outer `npm run` exports its own prefix and package; the inner npm must work on the cache folder only.
  for (const key of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|config_(local_)?prefix$|config_global$)/i.test(key)) delete env[key];
  }
  // node-gyp would download Node's headers; use the ones installed beside this Node when they exist.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_version.h'))) env.npm_config_nodedir = prefix;
  return { ...env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...extra };
}

// Whether a step's line is open, so a failure message starts on a line of its own.
let stepLineOpen = false;

async function step(title, action) {
  const started = Date.now();
  process.stdout.write(`vscode-offline: ${title} … `);
  stepLineOpen = true;
  await action();
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  stepLineOpen = false;
}

async function installFromScratch() {
  // A half-finished earlier attempt is discarded: starting clean is the only state known to work.
  await rm(path.join(CACHE_DIR, 'node_modules'), { recursive: true, force: true });
  await rm(MARKER, { force: true });
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(LOG, `install started ${new Date().toISOString()} with Node ${process.version}\n`);
  // A package.json of its own keeps npm from walking up to the repository's package.json.
  await writeFile(
    path.join(CACHE_DIR, 'package.json'),
    `${JSON.stringify({ name: 'vscode-offline-cache', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION, 'playwright-core': PLAYWRIGHT_CORE_VERSION } }, null, 2)}\n`,
  );
  await rm(path.join(CACHE_DIR, 'package-lock.json'), { force: true });

  // --ignore-scripts: code-server's postinstall refuses root and downloads; its steps are done below by hand.
  await step(`npm install code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_CORE_VERSION}`, () =>
    run('npm', ['install', '--ignore-scripts', '--prefix', CACHE_DIR], { cwd: CACHE_DIR }));
  await step('npm install in lib/vscode', () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--prefix', VSCODE_DIR], { cwd: VSCODE_DIR }));
  // npm_config_yes: node-pty's own install script runs `npx node-gyp`, which would otherwise prompt.
  await step(`build native modules (${VSCODE_NATIVE.join(', ')})`, () =>
    run('npm', ['rebuild', '--prefix', VSCODE_DIR, ...VSCODE_NATIVE], { cwd: VSCODE_DIR, env: { npm_config_yes: 'true' } }));
  await step('ripgrep from /usr/bin/rg and the node_modules.asar link', async () => {
    // @vscode/ripgrep's install downloads its binary; Debian's ripgrep is the same program.
    const rgDir = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
    await mkdir(rgDir, { recursive: true });
    await copyFile('/usr/bin/rg', path.join(rgDir, 'rg'));
    await chmod(path.join(rgDir, 'rg'), 0o755);
    // VS Code and its built-in extensions look for packed modules under node_modules.asar.
    await rm(path.join(VSCODE_DIR, 'node_modules.asar'), { recursive: true, force: true });
    await symlink('node_modules', path.join(VSCODE_DIR, 'node_modules.asar'));
    // The integrated terminal's `code` and browser helpers, as code-server's postinstall links them.
    for (const [dir, source, dest] of [['remote-cli', 'code-linux.sh', 'code-server'], ['helpers', 'browser-linux.sh', 'browser.sh']]) {
      await rm(path.join(VSCODE_DIR, 'bin', dir, dest), { force: true });
      await symlink(source, path.join(VSCODE_DIR, 'bin', dir, dest));
    }
  });
  await step('npm install in lib/vscode/extensions', () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--prefix', path.join(VSCODE_DIR, 'extensions')], { cwd: path.join(VSCODE_DIR, 'extensions') }));
  await step('build argon2', () => run('npm', ['rebuild', '--prefix', CACHE_DIR, 'argon2'], { cwd: CACHE_DIR }));
  // Its own config and data dirs: code-server otherwise writes a default config into the user's home.
  const home = path.join(CACHE_DIR, 'check-home');
  await step('check that code-server starts', () =>
    run(process.execPath, [CODE_SERVER_ENTRY, '--version'], { cwd: CACHE_DIR, env: { XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data') } }));
  await writeFile(MARKER, `${JSON.stringify({ ...wantedMarker(), installedAt: new Date().toISOString() }, null, 2)}\n`);
}

/** Installs when the marker is missing or stale; returns quickly otherwise. */
export async function ensureInstalled({ force = false } = {}) {
  const missing = await missingAptPackages();
  if (missing.length > 0) {
    const root = process.getuid?.() === 0 ? '' : 'sudo ';
    throw new InstallError(`missing Debian packages: ${missing.join(' ')}. Install them with:\n  ${root}apt-get update && ${root}apt-get install -y ${missing.join(' ')}`);
  }
  if (Number(process.versions.node.split('.')[0]) !== 20) {
    throw new InstallError(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.version}`);
  }
  if (!force && (await markerMatches())) return false;
  const started = Date.now();
  await installFromScratch();
  console.log(`vscode-offline: installed into ${path.relative(process.cwd(), CACHE_DIR)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return true;
}

async function main() {
  const force = process.argv.includes('--force');
  try {
    const installed = await ensureInstalled({ force });
    if (!installed) console.log(`vscode-offline: code-server ${CODE_SERVER_VERSION} already installed in ${path.relative(process.cwd(), CACHE_DIR)}`);
  } catch (error) {
    if (!(error instanceof InstallError)) throw error;
    if (stepLineOpen) process.stdout.write('failed\n');
    console.error(`vscode-offline: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
