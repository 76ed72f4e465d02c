import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { entryFromDocument, rangeIn, referenceSites, type KpepEntry } from '../../server/src/core/index/kpepEntry';
import { linkedKpepNumber } from '../../server/src/core/index/kpepLinks';
import { scanKpepEntry } from '../../server/src/core/index/lineScan';
import { kpepCard } from '../../server/src/core/index/kpepCard';
import { KpepIndex } from '../../server/src/core/index/kpepIndex';
import { parseKpepDocument } from '../../server/src/core/kpepDocument';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { buildKpepIndex } from '../../server/src/core/index/scan';
import { loadKpepProject } from '../../server/src/core/project';
import { InMemoryWorkspaceFiles } from '../../server/src/core/workspace';
import { kpepPath, kpepText, workspaceFiles, type KpepSpec } from '../helpers/kpepWorkspace';
import { kpepShapedDocument } from '../fuzz/kpepShapedDocuments';

function scan(spec: KpepSpec, text = kpepText(spec)) {
  const path = kpepPath(spec);
  const kpep = classifyKpepPath(path, 'kpeps');
  assert.ok(kpep);
  return scanKpepEntry(text, { path, kpepPath: kpep, root: 'kpeps' });
}

function full(spec: KpepSpec, text = kpepText(spec)) {
  const path = kpepPath(spec);
  const kpep = classifyKpepPath(path, 'kpeps');
  assert.ok(kpep);
  return entryFromDocument(parseKpepDocument(TextDocument.create(path, 'markdown', 1, text)), { path, kpepPath: kpep, root: 'kpeps' });
}

test('the line scan of a closed file finds what the full model finds', () => {
  const spec: KpepSpec = {
    number: 4,
    status: 'implementable',
    replaces: [2],
    seeAlso: [1, 5],
    summary: 'Builds on KPEP-1 and [storage](../0001-storage/README.md) via `kpep lint`.\n\n```\nKPEP-0009 in code\n```\n\n<!-- KPEP-0010 in a comment -->\nAnd `KPEP-0011` inline, then KPEP-0005.',
  };
  const scanned = scan(spec);
  const modelled = full(spec);
  assert.deepEqual(scanned, modelled);
  assert.deepEqual(referenceSites(scanned).map((site) => `${site.kind}:${site.kpepNumber}`), ['replaces:2', 'see-also:1', 'see-also:5', 'prose:1', 'link:1', 'prose:5']);
  assert.equal(scanned.summary?.startsWith('Builds on KPEP-1'), true);
  assert.match(scanned.summary ?? '', /via `kpep lint`\.$/, 'inline code stays in the Summary text');
  // Line ends change how offsets become positions: CRLF and a lone CR give the full model's too,
  // and each range the entry holds is placed where the text puts it, without the text.
  for (const lineBreak of ['\n', '\r\n', '\r']) {
    const text = kpepText(spec).replace(/\n/g, lineBreak);
    const entry = scan(spec, text);
    const { sites, targets, lines } = full(spec, text);
    assert.deepEqual({ sites: entry.sites, targets: entry.targets, lines: entry.lines }, { sites, targets, lines }, JSON.stringify(lineBreak));
    const textDocument = TextDocument.create('kpep.md', 'markdown', 1, text);
    for (const range of [...referenceSites(entry).map((site) => site.range), entry.titleRange, entry.numberRange].filter((held) => held !== undefined)) {
      assert.deepEqual(rangeIn(entry, range), { start: textDocument.positionAt(range.start), end: textDocument.positionAt(range.end) }, JSON.stringify(lineBreak));
    }
  }
});

test('an entry packs its numbers when they fit in 32 bits, keeps them as read when one does not', () => {
  const spec = { number: 7 };
  const packed = scan(spec, `${kpepText(spec)}\nBuilds on KPEP-0003.\n`);
  const huge = scan(spec, `${kpepText(spec)}\nBuilds on KPEP-99999999999.\n`);
  assert.ok(packed.sites instanceof Int32Array && packed.lines instanceof Int32Array);
  assert.ok(Array.isArray(huge.sites) && huge.lines instanceof Int32Array);
  assert.deepEqual(referenceSites(huge).at(-1)?.kpepNumber, 99_999_999_999);
  assert.deepEqual(
    referenceSites(huge).slice(0, -1),
    referenceSites(packed).filter((site) => site.kpepNumber !== 3),
  );
  // Kept in an index and in its snapshot as plain numbers, whichever way they are held.
  assert.match(KpepIndex.build([huge]).snapshot(), /"sites":\[(\d+,)*99999999999,/);
  assert.match(KpepIndex.build([packed]).snapshot(), /"lines":\[\d/);
});

test('links to KPEP directories resolve from the document and from the workspace root', () => {
  const from = 'kpeps/0004-audit/README.md';
  assert.equal(linkedKpepNumber('../0007-x/README.md', from, 'kpeps'), 7);
  assert.equal(linkedKpepNumber('../0007-x/', from, 'kpeps'), 7);
  assert.equal(linkedKpepNumber('kpeps/0007-x/', from, 'kpeps'), 7);
  assert.equal(linkedKpepNumber('../0007-x/images/diagram.png', from, 'kpeps'), undefined);
  assert.equal(linkedKpepNumber('https://example.com/kpeps/0007-x/', from, 'kpeps'), undefined);
  assert.equal(linkedKpepNumber('../../README.md', from, 'kpeps'), undefined);
});

test('nextKpepNumber counts every directory and kpep-number, malformed and withdrawn ones included', () => {
  const index = KpepIndex.build([
    scan({ number: 1 }),
    scan({ number: 4, status: 'withdrawn' }),
    scan({ number: 2, directory: '0012_bad-name' }),
  ]);
  assert.equal(index.nextKpepNumber(), 13);
  assert.equal(KpepIndex.build([]).nextKpepNumber(), 1);
});

test('an index updated edit by edit equals one rebuilt from scratch', () => {
  const specArbitrary = fc.record({
    number: fc.integer({ min: 1, max: 8 }),
    status: fc.constantFrom('provisional', 'implementable', 'replaced', 'withdrawn'),
    replaces: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 2 }),
    supersededBy: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 2 }),
    summary: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }).map((numbers) => numbers.map((n) => `See KPEP-${n}.`).join(' ')),
    directory: fc.constantFrom(undefined, 'a', 'b').map((suffix) => suffix),
  });
  const operation = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), spec: specArbitrary }),
    fc.record({ kind: fc.constant('delete' as const), slot: fc.integer({ min: 1, max: 8 }), directory: fc.constantFrom(undefined, 'a', 'b') }),
  );
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
      const incremental = new KpepIndex();
      const files = new Map<string, ReturnType<typeof scan>>();
      for (const op of operations) {
        const directory = (number: number, suffix: string | undefined) => (suffix ? `${String(number).padStart(4, '0')}-${suffix}` : undefined);
        if (op.kind === 'set') {
          const spec = { ...op.spec, directory: directory(op.spec.number, op.spec.directory) };
          const entry = scan(spec);
          incremental.set(entry);
          files.set(entry.path, entry);
        } else {
          const path = kpepPath({ number: op.slot, directory: directory(op.slot, op.directory) });
          incremental.delete(path);
          files.delete(path);
        }
      }
      assert.equal(incremental.snapshot(), KpepIndex.build(files.values()).snapshot());
    }),
    { numRuns: 60 },
  );
});

test("a replaced KPEP's card names its successor from the successor's replaces when its own superseded-by is missing", () => {
  const old = scan({ number: 2, status: 'replaced' });
  const index = KpepIndex.build([old, scan({ number: 5, replaces: [2] }), scan({ number: 3, status: 'replaced', supersededBy: [5] })]);
  assert.match(kpepCard(old, index), /^Replaced by KPEP-0005 \(Proposal 5\)$/m);
  // Near miss: a KPEP nothing replaces names no successor.
  assert.doesNotMatch(kpepCard(scan({ number: 5, replaces: [2] }), index), /Replaced by/);
});

test('property: the line scan of a KPEP-shaped document gives the entry its full model gives', () => {
  const path = 'kpeps/0007-pluggable-storage/README.md';
  const kpep = classifyKpepPath(path, 'kpeps');
  assert.ok(kpep);
  fc.assert(
    fc.property(kpepShapedDocument, (text) => {
      const scanned = scanKpepEntry(text, { path, kpepPath: kpep, root: 'kpeps' });
      const modelled = entryFromDocument(parseKpepDocument(TextDocument.create(path, 'markdown', 1, text)), { path, kpepPath: kpep, root: 'kpeps' });
      assert.deepEqual(scanned, modelled);
    }),
    { numRuns: 200 },
  );
});

test('a relative link that wraps onto a second line is found by the line scan, as by the full model', () => {
  const spec: KpepSpec = { number: 4, summary: 'Builds on [the storage\nplugin API](../0001-storage/README.md) and [the watch](\n../0002-watch/).' };
  const scanned = scan(spec);
  const links = referenceSites(scanned)
    .filter((site) => site.kind === 'link')
    .map((site) => ({ kpepNumber: site.kpepNumber, range: rangeIn(scanned, site.range) }));
  assert.deepEqual(links.map(({ kpepNumber, range }) => [kpepNumber, range.start.line, range.end.line - range.start.line]), [
    [1, links[0]?.range.start.line, 1],
    [2, (links[0]?.range.start.line ?? 0) + 1, 1],
  ]);
  assert.deepEqual(scanned, full(spec));
});

test('an index built with pauses between slices of the scan equals one built without, filled in place as it goes', async () => {
  const specs = Array.from({ length: 400 }, (_, index) => ({ number: index + 1, summary: `Builds on KPEP-${index} and KPEP-${index + 2}.` }));
  const files = new InMemoryWorkspaceFiles(workspaceFiles(specs));
  const project = await loadKpepProject({ files });
  const into = new KpepIndex();
  const seen: number[] = [];
  const paused = await buildKpepIndex({
    files,
    project,
    into,
    // Each pause sees the part indexed so far, and the scan waits for it to end.
    pause: async () => {
      seen.push(into.all().length);
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
  assert.equal(paused, into, 'the index given is the one filled');
  assert.deepEqual(paused.snapshot(), (await buildKpepIndex({ files, project })).snapshot());
  // 400 scans take well over one 8 ms slice on any machine.
  assert.ok(seen.length > 0, 'the scan paused');
  assert.ok(seen.every((count) => count < specs.length), `every pause came before the end: ${seen.join(', ')}`);
});

test('with a store, a rebuild reads only the files whose stamp changed, and equals a scan of every file', async () => {
  const texts = workspaceFiles(Array.from({ length: 30 }, (_, index) => ({ number: index + 1, summary: `See KPEP-${index + 2}.` })));
  const stamps = new Map([...texts.keys()].map((path) => [path, '1']));
  const reads: string[] = [];
  const memory = new InMemoryWorkspaceFiles(texts);
  const files = {
    readFile: (path: string) => {
      reads.push(path);
      return memory.readFile(path);
    },
    listDirectories: (path: string) => memory.listDirectories(path),
    fileKind: (path: string) => memory.fileKind(path),
    fileStamps: (paths: readonly string[]) => paths.map((path) => stamps.get(path)),
    readStampedFile: async (path: string) => {
      reads.push(path);
      const text = await memory.readFile(path);
      const stamp = stamps.get(path);
      return text === undefined || stamp === undefined ? undefined : { text, stamp };
    },
  };
  const kept = new Map<string, { stamp: string; entry: KpepEntry }>();
  const store = {
    has: (path: string) => kept.has(path),
    get: (path: string, stamp: string) => (kept.get(path)?.stamp === stamp ? kept.get(path)?.entry : undefined),
    set: (path: string, stamp: string, entry: KpepEntry) => void kept.set(path, { stamp, entry }),
  };
  const project = await loadKpepProject({ files: memory });
  await buildKpepIndex({ files, project, store });
  assert.equal(kept.size, texts.size, 'every entry is stored');

  const changed = kpepPath({ number: 5 });
  texts.set(changed, kpepText({ number: 5, status: 'implementable', summary: 'Now builds on KPEP-1.' }));
  stamps.set(changed, '2');
  reads.length = 0;
  const warm = await buildKpepIndex({ files, project, store });
  assert.deepEqual(reads.filter((path) => path.startsWith('kpeps/')), [changed], 'only the changed KPEP is read');
  assert.deepEqual(warm.snapshot(), (await buildKpepIndex({ files: memory, project })).snapshot());
  assert.equal(warm.get(changed)?.status, 'implementable');
});
