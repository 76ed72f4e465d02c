// `npm run bench [-- --n 10000] [--quick] [--runs 3] [--json] [--rows 1,2,3,4,5,6,7,8] [--keep] [--profile DIR] [--baseline DIST]`:
// measures the BUILT server (dist/server.js over stdio) and CLI (dist/cli.js) on generated KPEP
// repositories, and VS Code's markdown language server beside it, and prints medians with min and
// max. It reports and never asserts times: the machine is shared and noisy.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { generateRepository } from './generate.mjs';
import { generateRealStyleCorpus } from './realStyleCorpus.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER = join(REPO, 'dist/server.js');
const CLI = join(REPO, 'dist/cli.js');
const MARKDOWNLINT = join(REPO, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
/** VS Code's own markdown language server, the peer of row 8 (a devDependency of the benchmark only). */
const PEER = { name: 'vscode-markdown-languageserver', server: join(REPO, 'node_modules/vscode-markdown-languageserver/dist/node/workerMain.js') };
const INDEX_PROGRESS_TITLE = 'Indexing KPEPs';
/** The server's push debounce (PUSH_DELAY_MS, server/src/languageServer.ts); push timings below include it. */
const PUSH_DELAY_MS = 150;

const { values: flags } = parseArgs({
  options: {
    // N below 1,000 replaces the 1,000 corpus (a quick run); above it, adds a second corpus.
    n: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '7' },
    rows: { type: 'string', default: '1,2,3,4,5,6,7,8' },
    edits: { type: 'string', default: '200' },
    // Every row once on 100 KPEPs, 50 edits: checks the benchmark itself in about two minutes.
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    // Writes a V8 CPU profile of every server started into this directory, for chrome://inspect.
    profile: { type: 'string' },
    // Another build's dist/ (say, of the previous commit): rows 1, 3 and 7 run its server too, and
    // row 2 its cold `kpep lint`, interleaved with this one, and print the ratio.
    baseline: { type: 'string' },
  },
});
if (flags.quick) {
  Object.assign(flags, { n: '100', runs: '1', edits: '50' });
}
const RUNS = Number(flags.runs);
const ROWS = new Set(flags.rows.split(',').map(Number));
const LARGE_N = Number(flags.n);
const SMALL_N = Math.min(1000, LARGE_N);
const EDITS = Number(flags.edits);

const results = [];
const log = (message) => process.stderr.write(`bench: ${message}\n`);

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), p95: at(0.95), p99: at(0.99), count: sorted.length };
}

function record(row, name, samples, unit, note = '') {
  const stats = typeof samples === 'string' ? { text: samples } : Array.isArray(samples) ? summarize(samples) : samples;
  results.push({ row, name, unit, note, ...stats });
  log(`${row} ${name}: ${JSON.stringify(stats)} ${unit} ${note}`);
}

/** Runs a command to completion; resolves with its wall time in ms (exit codes 0 and 1 both count). */
function timeCommand(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0 || code === 1) {
        resolvePromise(elapsed);
      } else {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

async function repeat(runs, measure) {
  const samples = [];
  for (let run = 0; run < runs; run++) {
    samples.push(await measure(run));
  }
  return samples;
}

function waitFor(what, probe, deadlineMs) {
  const deadline = performance.now() + deadlineMs;
  return new Promise((resolvePromise, reject) => {
    const poll = () => {
      const value = probe();
      if (value !== undefined) {
        resolvePromise(value);
      } else if (performance.now() > deadline) {
        reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}`));
      } else {
        setTimeout(poll, 2);
      }
    };
    poll();
  });
}

/** The built language server over stdio, seen from a minimal LSP client. */
class ServerUnderTest {
  /** `cacheDirectory`: where the server keeps its index between runs; none by default, so every start is cold. */
  constructor(root, { pull, server = SERVER, cacheDirectory = null }) {
    this.cacheDirectory = cacheDirectory;
    this.root = root;
    this.pull = pull;
    this.published = new Map();
    this.progress = { begun: undefined, ended: undefined };
    this.spawnedAt = performance.now();
    const profiling = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(flags.profile)}`] : [];
    this.process = spawn(process.execPath, [...profiling, server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      this.firstPublishAt ??= performance.now();
      this.published.set(params.uri, { ...params, at: performance.now() });
    });
    const indexTokens = new Set();
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', ({ token, value }) => {
      if (value.kind === 'begin' && value.title === INDEX_PROGRESS_TITLE) {
        indexTokens.add(token);
        this.progress.begun ??= performance.now();
      } else if (value.kind === 'end' && indexTokens.has(token)) {
        this.progress.ended = performance.now();
      }
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize() {
    const uri = pathToFileURL(this.root).href;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      initializationOptions: { cacheDirectory: this.cacheDirectory },
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          definition: {},
          references: {},
          ...(this.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        },
      },
    });
    this.initializedAt = performance.now();
    this.capabilities = result.capabilities;
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(path) {
    const uri = pathToFileURL(join(this.root, path)).href;
    const text = readFileSync(join(this.root, path), 'utf8');
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return { uri, text };
  }

  change(uri, version, range, text) {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  rssMegabytes() {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  }

  /**
   * Waits for the index: the end of the "Indexing KPEPs" progress when the server reports one, else
   * the first diagnostics published for `uri`. Returns which of the two it measured.
   */
  async indexed(uri, deadlineMs) {
    await waitFor('first diagnostics or index progress', () => this.progress.ended ?? this.published.get(uri)?.at, deadlineMs);
    // Diagnostics of the open document may come before the index has even begun.
    if (this.progress.begun === undefined) {
      await waitFor('index progress to begin', () => this.progress.begun, 5_000).catch(() => undefined);
    }
    if (this.progress.begun !== undefined) {
      const end = await waitFor('index progress end', () => this.progress.ended, deadlineMs);
      return { kind: 'index', ms: end - this.spawnedAt };
    }
    return { kind: 'first-diagnostics', ms: this.published.get(uri).at - this.spawnedAt };
  }

  async shutdown() {
    const exited = new Promise((resolvePromise) => this.process.once('exit', resolvePromise));
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // A server that already died needs no shutdown.
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    this.process.kill();
    this.connection.dispose();
  }
}

/** Offsets → LSP positions for the benchmark's own copy of the document. */
function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, character: offset - lineStart };
}

/** `count` insertion points spread evenly over the body's lines, each in the middle of its line. */
function spreadEditOffsets(text, count) {
  const bodyStart = text.indexOf('\n---', 3) + 5;
  const lineStarts = [];
  for (let offset = bodyStart; offset < text.length; offset = text.indexOf('\n', offset) + 1 || text.length) {
    lineStarts.push(offset);
  }
  return Array.from({ length: count }, (_, index) => {
    const start = lineStarts[Math.floor((index * lineStarts.length) / count)];
    const end = text.indexOf('\n', start);
    return start + Math.floor(((end === -1 ? text.length : end) - start) / 2);
  });
}

// ---- rows ------------------------------------------------------------------------------------

async function coldIndex(corpus) {
  const samples = [];
  const warm = [];
  const baseline = [];
  const baselineWarm = [];
  const initialize = [];
  let kind = 'index';
  for (let run = 0; run < RUNS; run++) {
    // Cold: nothing kept from an earlier run. Warm: a restart on the index the cold run kept.
    const cacheDirectory = mkdtempSync(join(tmpdir(), 'kpep-bench-cache-'));
    for (const [samplesOf, keep] of [[samples, true], [warm, false]]) {
      const server = new ServerUnderTest(corpus.root, { pull: false, cacheDirectory });
      await server.initialize();
      initialize.push(server.initializedAt - server.spawnedAt);
      const { uri } = await server.open(corpus.paths[0]);
      const measured = await server.indexed(uri, 300_000);
      kind = measured.kind;
      samplesOf.push(measured.ms);
      // The index is written after the build ends: wait for it before the warm start.
      if (keep) {
        await waitFor('the kept index', () => (readdirSync(cacheDirectory).some((name) => name.endsWith('.json')) ? true : undefined), 60_000).catch(() => undefined);
      }
      await server.shutdown();
    }
    rmSync(cacheDirectory, { recursive: true, force: true });
    if (flags.baseline) {
      // The baseline's own cold start and warm restart (none when it keeps no index), in turn with this build's.
      const baselineCache = mkdtempSync(join(tmpdir(), 'kpep-bench-cache-'));
      for (const [samplesOf, keep] of [[baseline, true], [baselineWarm, false]]) {
        const server = new ServerUnderTest(corpus.root, { pull: false, server: join(resolve(flags.baseline), 'server.js'), cacheDirectory: baselineCache });
        await server.initialize();
        const { uri } = await server.open(corpus.paths[0]);
        samplesOf.push((await server.indexed(uri, 300_000)).ms);
        if (keep) {
          await waitFor('the kept index', () => (readdirSync(baselineCache).some((name) => name.endsWith('.json')) ? true : undefined), 60_000).catch(() => undefined);
        }
        await server.shutdown();
      }
      rmSync(baselineCache, { recursive: true, force: true });
    }
  }
  const note =
    kind === 'index'
      ? 'spawn → end of "Indexing KPEPs" progress'
      : `no index progress reported: spawn → first publishDiagnostics of one opened KPEP (includes the ${PUSH_DELAY_MS} ms push debounce)`;
  record(1, `cold index, N=${corpus.count}`, samples, 'ms', note);
  record(1, `warm restart, nothing changed, N=${corpus.count}`, warm, 'ms', `${ratio(warm, samples)} of cold; the index kept by the cold run, every file stamped (size, mtime), none read`);
  if (flags.baseline) {
    record(1, `  baseline cold index, N=${corpus.count}`, baseline, 'ms', `this build's cold ${ratio(samples, baseline)} of it`);
    record(1, `  baseline warm restart, N=${corpus.count}`, baselineWarm, 'ms', `this build's warm ${ratio(warm, baselineWarm)} of it`);
  }
  return initialize;
}

/** `what`: which corpus, in each row's name. */
async function lintRow(corpus, what) {
  const cacheDirectory = join(corpus.root, '.kpep-cache');
  const lint = (cli = CLI) => timeCommand(process.execPath, [cli, 'lint', corpus.root, '--format', 'json', '--cache']);
  // Cold: no cache to read, one to write (as a first CI run); warm: every KPEP unchanged since.
  // With a baseline its cold run takes turns with this build's, before it, so the cache left is this build's.
  const cold = [];
  const baselineCold = [];
  const builds = [...(flags.baseline ? [{ samples: baselineCold, cli: join(resolve(flags.baseline), 'cli.js') }] : []), { samples: cold, cli: CLI }];
  for (let run = 0; run < RUNS; run++) {
    for (const { samples, cli } of builds) {
      rmSync(cacheDirectory, { recursive: true, force: true });
      samples.push(await lint(cli));
    }
  }
  const warm = await repeat(RUNS, () => lint());
  const files = corpus.paths.map((path) => join(corpus.root, path));
  const floorScript = `const fs=require('fs');let n=0;for(const f of ${JSON.stringify(files)})n+=fs.readFileSync(f,'utf8').length;`;
  const floor = await repeat(RUNS, () => timeCommand(process.execPath, ['-e', floorScript]));
  const remarkScript = `import fs from 'node:fs';import {unified} from 'unified';import remarkParse from 'remark-parse';const p=unified().use(remarkParse);for(const f of ${JSON.stringify(files)})p.parse(fs.readFileSync(f,'utf8'));`;
  const remark = await repeat(RUNS, () => timeCommand(process.execPath, ['--input-type=module', '-e', remarkScript], { cwd: REPO }));
  const markdownlint = await repeat(RUNS, () => timeCommand(process.execPath, [MARKDOWNLINT, 'kpeps/**/*.md'], { cwd: corpus.root }));
  const name = (measured) => `${measured}, ${what} N=${corpus.count} (${(corpus.totalBytes / 1e6).toFixed(1)} MB)`;
  record(2, name('kpep lint --cache, cold'), cold, 'ms', `${cpus().length} cores; ${ratio(cold, markdownlint)} of markdownlint-cli2, ${ratio(cold, remark)} of a bare remark parse`);
  if (flags.baseline) {
    record(2, name(`baseline ${flags.baseline} kpep lint --cache, cold`), baselineCold, 'ms', `this build's cold ${ratio(cold, baselineCold)} of it; its runs in turn with this build's`);
  }
  record(2, name('kpep lint --cache, warm'), warm, 'ms', `${ratio(warm, cold)} of cold; every KPEP unchanged since the last run`);
  record(2, name('floor: read every file'), floor, 'ms', 'one node process');
  record(2, name('bare remark parse'), remark, 'ms', 'unified + remark-parse, one node process');
  record(2, name('markdownlint-cli2 0.22.0'), markdownlint, 'ms', 'default rules');
}

function ratio(samples, baseline) {
  return `${(summarize(samples).median / summarize(baseline).median).toFixed(2)}×`;
}

/** Pulled diagnostics after each of EDITS one-letter edits spread over one document: the samples in ms. */
async function editSamples(corpus, path, server) {
  const under = new ServerUnderTest(corpus.root, { pull: true, server });
  await under.initialize();
  const document = await under.open(path);
  let text = document.text;
  // The first pull may answer before the workspace is indexed: time edits only once it is.
  await under.indexed(document.uri, 300_000);
  await under.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: document.uri } });
  const samples = [];
  let version = 1;
  // Insert a letter mid-line at lines spread over the whole body, each measured separately.
  for (const offset of spreadEditOffsets(text, EDITS)) {
    const position = positionAt(text, offset);
    text = `${text.slice(0, offset)}e${text.slice(offset)}`;
    const started = performance.now();
    await under.change(document.uri, ++version, { start: position, end: position }, 'e');
    await under.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: document.uri } });
    samples.push(performance.now() - started);
  }
  await under.shutdown();
  return { samples, kilobytes: Math.round(text.length / 1000) };
}

async function editLatency(corpus) {
  const documents = [
    ['generated KPEP', corpus.largestPath],
    ['real-style proposal (link definitions, long questionnaire)', corpus.realStylePath],
  ].filter(([, path]) => path);
  for (const [what, path] of documents) {
    const current = [];
    const baseline = [];
    let kilobytes = 0;
    // With a baseline, the two servers take turns, so both see the same load.
    for (let run = 0; run < (flags.baseline ? RUNS : 1); run++) {
      const measured = await editSamples(corpus, path, SERVER);
      current.push(...measured.samples);
      kilobytes = measured.kilobytes;
      if (flags.baseline) {
        baseline.push(...(await editSamples(corpus, path, join(resolve(flags.baseline), 'server.js'))).samples);
      }
    }
    const stats = summarize(current);
    const note = `${EDITS} one-letter edits spread over the document; p95 ${stats.p95.toFixed(1)} ms`;
    record(3, `edit → pulled diagnostics, ${kilobytes} KB ${what}`, stats, 'ms', note);
    if (flags.baseline) {
      const before = summarize(baseline);
      record(3, `  baseline ${flags.baseline}`, before, 'ms', `p95 ${before.p95.toFixed(1)} ms; this build's p50 ${(stats.median / before.median).toFixed(3)}×, p95 ${(stats.p95 / before.p95).toFixed(3)}× of it`);
    }
  }
}

async function fastTyping(corpus) {
  const server = new ServerUnderTest(corpus.root, { pull: false });
  await server.initialize();
  const document = await server.open(corpus.largestPath);
  await waitFor('first diagnostics', () => server.published.get(document.uri), 60_000);
  await server.indexed(document.uri, 300_000);
  // Type into the middle of the Summary's first line, as a user drafting would.
  let offset = document.text.indexOf('\n', document.text.indexOf('## Summary') + 12) - 1;
  let text = document.text;
  let version = 1;
  const probes = [];
  const started = performance.now();
  let nextProbe = started;
  for (let tick = 0; performance.now() - started < 10_000 && tick < 1000; tick++) {
    const position = positionAt(text, offset);
    text = `${text.slice(0, offset)}a${text.slice(offset)}`;
    offset++;
    await server.change(document.uri, ++version, { start: position, end: position }, 'a');
    if (performance.now() >= nextProbe) {
      // An unknown request answers as soon as the server reads it: its round trip is the queue's length.
      const sent = performance.now();
      nextProbe = sent + 500;
      void server.connection.sendRequest('$/kpepBench/ping').catch(() => undefined).finally(() => probes.push(performance.now() - sent));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, started + (tick + 1) * 10 - performance.now())));
  }
  const lastEdit = performance.now();
  const settled = await waitFor(`diagnostics of version ${version}`, () => {
    const published = server.published.get(document.uri);
    return published?.version === version ? published.at : undefined;
  }, 60_000).catch(() => undefined);
  const published = server.published.get(document.uri);
  const firstHalf = summarize(probes.slice(0, Math.ceil(probes.length / 2)));
  const secondHalf = summarize(probes.slice(Math.ceil(probes.length / 2)));
  record(3, `fast typing: an edit every 10 ms for 10 s (${version - 1} edits), push`, {
    text: settled === undefined ? `last published version ${published?.version}, latest ${version}: STALE` : `last published = latest (v${version}), ${(settled - lastEdit).toFixed(0)} ms after the last edit`,
  }, '', `queue probe round trip: first half median ${firstHalf.median?.toFixed(1)} ms, second half median ${secondHalf.median?.toFixed(1)} ms, max ${secondHalf.max?.toFixed(1)} ms; includes the ${PUSH_DELAY_MS} ms debounce`);
  await server.shutdown();
}

async function navigation(corpus, server, document) {
  const capabilityOf = { hover: 'hoverProvider', definition: 'definitionProvider', references: 'referencesProvider' };
  const references = [...document.text.matchAll(/\bKPEP-\d{4}\b/g)].map((match) => positionAt(document.text, match.index + 6));
  for (const [request, capability] of Object.entries(capabilityOf)) {
    if (!server.capabilities[capability]) {
      record(4, `${request}, N=${corpus.count}`, 'not available', '', `the server does not advertise ${capability}`);
      continue;
    }
    const samples = [];
    for (let index = 0; index < 200; index++) {
      const position = references[index % references.length];
      const started = performance.now();
      await server.connection.sendRequest(`textDocument/${request}`, {
        textDocument: { uri: document.uri },
        position,
        ...(request === 'references' ? { context: { includeDeclaration: true } } : {}),
      });
      samples.push(performance.now() - started);
    }
    const stats = summarize(samples);
    record(4, `${request}, N=${corpus.count}`, stats, 'ms', `200 requests on KPEP-NNNN references; p50 ${stats.median.toFixed(2)}, p99 ${stats.p99.toFixed(2)}`);
  }
}

async function memory(corpus, server, indexKind, document) {
  record(5, `server RSS after indexing, N=${corpus.count}`, { median: server.rssMegabytes() }, 'MB', indexKind === 'index' ? 'after the index progress ended' : 'no index reported: after the first diagnostics');
  let text = document.text;
  let version = 1;
  for (const offset of spreadEditOffsets(text, 1000)) {
    const position = positionAt(text, offset);
    text = `${text.slice(0, offset)}e${text.slice(offset)}`;
    await server.change(document.uri, ++version, { start: position, end: position }, 'e');
    await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: document.uri } });
  }
  record(5, `server RSS after 1,000 further edits, N=${corpus.count}`, { median: server.rssMegabytes() }, 'MB', 'each edit pulled, so each version is parsed');
}

/** The KPEP whose size is nearest `bytes`. */
function kpepNear(corpus, bytes) {
  let best = corpus.paths[0];
  let distance = Infinity;
  for (const path of corpus.paths) {
    const size = statSync(join(corpus.root, path)).size;
    if (Math.abs(size - bytes) < distance) {
      best = path;
      distance = Math.abs(size - bytes);
    }
  }
  return best;
}

/**
 * A KPEP of about 35 KB opened right after start-up: open → its first pulled diagnostics, and
 * hover and completion requests while the workspace is still being indexed.
 */
async function startupResponsiveness(corpus, server = SERVER, label = '') {
  const path = kpepNear(corpus, 35_000);
  const first = [];
  const fromSpawn = [];
  const during = { hover: [], completion: [] };
  let indexedFirst = 0;
  for (let run = 0; run < RUNS; run++) {
    const under = new ServerUnderTest(corpus.root, { pull: true, server });
    await under.initialize();
    const opened = performance.now();
    const { uri, text } = await under.open(path);
    await under.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    const answered = performance.now();
    first.push(answered - opened);
    fromSpawn.push(answered - under.spawnedAt);
    if (under.progress.ended !== undefined) {
      indexedFirst++;
    }
    const reference = [...text.matchAll(/\bKPEP-\d{4}\b/g)][0];
    const position = positionAt(text, reference ? reference.index + 6 : text.indexOf('status:') + 9);
    const completionAt = positionAt(text, reference ? reference.index + 5 : 0);
    while (under.progress.ended === undefined && performance.now() - answered < 300_000) {
      for (const [request, at, samples] of [['hover', position, during.hover], ['completion', completionAt, during.completion]]) {
        const started = performance.now();
        await under.connection.sendRequest(`textDocument/${request}`, { textDocument: { uri }, position: at });
        if (under.progress.ended === undefined) {
          samples.push(performance.now() - started);
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await under.shutdown();
  }
  const note = `${Math.round(statSync(join(corpus.root, path)).size / 1000)} KB KPEP opened right after initialize; spawn → answer median ${summarize(fromSpawn).median.toFixed(0)} ms; index finished first in ${indexedFirst} of ${RUNS} runs`;
  record(7, `${label}first pulled diagnostics after open, N=${corpus.count}`, first, 'ms', note);
  for (const [request, samples] of Object.entries(during)) {
    const stats = samples.length > 0 ? summarize(samples) : { text: 'none: the index was built first' };
    record(7, `${label}${request} while indexing, N=${corpus.count}`, stats, 'ms', samples.length > 0 ? `${samples.length} requests; p50 ${stats.median.toFixed(1)}, max ${stats.max.toFixed(1)}` : '');
  }
}

/** Every markdown file under `directory`, as file URIs: what VS Code's findFiles gives the peer. */
function markdownFiles(directory) {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => pathToFileURL(join(entry.parentPath ?? entry.path, entry.name)).href);
}

/**
 * Serves the requests VS Code's markdown extension answers for its language server: the markdown-it
 * tokens of a document (front matter blanked, as the editor's engine skips it), and the file system.
 */
function servePeer(under, root) {
  const markdownIt = createRequire(import.meta.url)('markdown-it')();
  const pathOf = (uri) => fileURLToPath(uri);
  const { connection } = under;
  connection.onRequest('markdown/parse', ({ uri, text }) => {
    const source = text ?? under.openTexts.get(uri) ?? readFileSync(pathOf(uri), 'utf8');
    const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(source)?.[0] ?? '';
    return markdownIt.parse(frontMatter.replace(/[^\n]/g, '') + source.slice(frontMatter.length), {});
  });
  connection.onRequest('markdown/findMarkdownFilesInWorkspace', () => markdownFiles(root));
  connection.onRequest('markdown/fs/readFile', ({ uri }) => [...readFileSync(pathOf(uri))]);
  connection.onRequest('markdown/fs/stat', ({ uri }) => {
    try {
      return { isDirectory: statSync(pathOf(uri)).isDirectory() };
    } catch {
      return undefined;
    }
  });
  connection.onRequest('markdown/fs/readDirectory', ({ uri }) =>
    readdirSync(pathOf(uri), { withFileTypes: true }).map((entry) => [entry.name, { isDirectory: entry.isDirectory() }]),
  );
  connection.onRequest('markdown/fs/watcher/create', () => null);
  connection.onRequest('markdown/fs/watcher/delete', () => null);
}

/**
 * Beside VS Code's markdown language server on the same corpus: spawn → first workspace-wide answer
 * (references, which reads every document), references p50 / p99, RSS. This server answers
 * references from its index, so its first complete answer is the first one after the index is built.
 */
async function peerRow(corpus) {
  const document = { path: corpus.largestPath, text: readFileSync(join(corpus.root, corpus.largestPath), 'utf8') };
  // The peer's references on a link to another KPEP; this server's on a KPEP-NNNN mention.
  const link = /\]\((\.\.\/\d{4}-[^)#\s]*)\)/.exec(document.text);
  const mention = /\bKPEP-\d{4}\b/.exec(document.text);
  const measured = {};
  for (const [name, server, at] of [['kpep', SERVER, mention.index + 6], [PEER.name, PEER.server, link ? link.index + 4 : mention.index]]) {
    const first = [];
    const later = [];
    const rss = [];
    for (let run = 0; run < RUNS; run++) {
      const under = new ServerUnderTest(corpus.root, { pull: true, server });
      under.openTexts = new Map();
      if (server === PEER.server) {
        servePeer(under, corpus.root);
      }
      await under.initialize();
      const { uri, text } = await under.open(document.path);
      under.openTexts.set(uri, text);
      const params = { textDocument: { uri }, position: positionAt(text, at), context: { includeDeclaration: true } };
      if (server === SERVER) {
        await under.indexed(uri, 300_000);
      }
      const answer = await under.connection.sendRequest('textDocument/references', params);
      first.push(performance.now() - under.spawnedAt);
      for (let index = 0; index < 200; index++) {
        const started = performance.now();
        await under.connection.sendRequest('textDocument/references', params);
        later.push(performance.now() - started);
      }
      rss.push(under.rssMegabytes());
      if (run === 0) {
        log(`8 ${name}: ${answer?.length ?? 0} references in the first answer`);
      }
      await under.shutdown();
    }
    measured[name] = { first, later, rss };
  }
  const ours = measured.kpep;
  const peer = measured[PEER.name];
  const rows = [
    ['spawn → first workspace-wide references answer', 'first', (samples) => summarize(samples)],
    ['references, 200 requests once warm', 'later', (samples) => summarize(samples)],
    ['server RSS after them', 'rss', (samples) => summarize(samples)],
  ];
  for (const [what, key, stats] of rows) {
    const mine = stats(ours[key]);
    const theirs = stats(peer[key]);
    const percentiles = key === 'later' ? `; p50 ${mine.median.toFixed(2)} / ${theirs.median.toFixed(2)}, p99 ${mine.p99.toFixed(2)} / ${theirs.p99.toFixed(2)} ms (${(mine.p99 / theirs.p99).toFixed(2)}×)` : '';
    record(8, `${what}, N=${corpus.count}: kpep`, mine, key === 'rss' ? 'MB' : 'ms', `${(mine.median / theirs.median).toFixed(2)}× of ${PEER.name}${percentiles}`);
    record(8, `  ${PEER.name} 0.5.0`, theirs, key === 'rss' ? 'MB' : 'ms', key === 'first' ? 'reads every markdown file through the client on the first workspace-wide request' : '');
  }
}

function bundles(initialize) {
  record(6, 'server start → initialize response', initialize, 'ms', 'spawn of node dist/server.js --stdio to the initialize result');
  for (const name of readdirSync(join(REPO, 'dist')).filter((file) => file.endsWith('.js')).sort()) {
    record(6, `bundle dist/${name}`, { median: statSync(join(REPO, 'dist', name)).size / 1024 }, 'KB', 'minified');
  }
}

// ---- main ------------------------------------------------------------------------------------

/** `style`: 'generated' (generate.mjs) or 'real' (the real-style fixtures replicated, realStyleCorpus.mjs). */
function generate(count, style = 'generated') {
  const directory = mkdtempSync(join(tmpdir(), `kpep-bench-${style}-${count}-`));
  const started = performance.now();
  const corpus = style === 'real' ? generateRealStyleCorpus({ directory, count }) : generateRepository({ directory, count, seed: Number(flags.seed) });
  log(`generated ${count} ${style} KPEPs (${(corpus.totalBytes / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${directory}`);
  return corpus;
}

function printTable() {
  const cell = (value) => (value === undefined ? '' : value < 10 ? value.toFixed(2) : value.toFixed(0));
  const lines = [
    '| row | measurement | median | min | max | unit | note |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.row} | ${r.name} | ${r.text ?? cell(r.median)} | ${cell(r.min)} | ${cell(r.max)} | ${r.unit} | ${r.note} |`),
  ];
  console.log(lines.join('\n'));
}

async function main() {
  if (!existsSync(SERVER) || !existsSync(CLI)) {
    throw new Error('dist/ is missing: run `npm run bench`, which builds first');
  }
  const started = performance.now();
  const corpora = [generate(SMALL_N)];
  if (LARGE_N > SMALL_N) {
    corpora.push(generate(LARGE_N));
  }
  const written = [...corpora];
  const small = corpora[0];
  const large = corpora.at(-1);
  let initialize = [];
  try {
    if (ROWS.has(1) || ROWS.has(6)) {
      for (const corpus of corpora) {
        initialize = initialize.concat(await coldIndex(corpus));
      }
    }
    if (ROWS.has(2)) {
      await lintRow(small, 'generated');
      const realStyle = generate(SMALL_N, 'real');
      written.push(realStyle);
      await lintRow(realStyle, 'real-style fixtures replicated,');
    }
    if (ROWS.has(3)) {
      await editLatency(small);
      await fastTyping(small);
    }
    if (ROWS.has(4) || ROWS.has(5)) {
      const server = new ServerUnderTest(large.root, { pull: true });
      await server.initialize();
      const { uri } = await server.open(large.paths[0]);
      await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      // The first pull answers before the index is built; navigation and memory are measured after it.
      const measured = await server.indexed(uri, 300_000);
      // The largest KPEP is opened and parsed once before anything on it is timed.
      const document = await server.open(large.largestPath);
      await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: document.uri } });
      if (ROWS.has(4)) {
        await navigation(large, server, document);
      }
      if (ROWS.has(5)) {
        await memory(large, server, measured.kind, document);
      }
      await server.shutdown();
    }
    if (ROWS.has(7)) {
      for (const corpus of corpora) {
        await startupResponsiveness(corpus);
        if (flags.baseline) {
          await startupResponsiveness(corpus, join(resolve(flags.baseline), 'server.js'), 'baseline: ');
        }
      }
    }
    if (ROWS.has(8)) {
      for (const corpus of corpora) {
        await peerRow(corpus);
      }
    }
    if (ROWS.has(6)) {
      bundles(initialize);
    }
  } finally {
    if (!flags.keep) {
      for (const corpus of written) {
        rmSync(corpus.root, { recursive: true, force: true });
      }
    }
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (flags.json) {
    console.log(JSON.stringify({ machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version }, runs: RUNS, results }, null, 2));
  } else {
    printTable();
  }
}

await main();
