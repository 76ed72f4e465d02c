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
import { kpepShapedDocument, oddlyShapedKpepDocument } from '../fuzz/kpepShapedDocuments';

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

/** The line scan's entry and the full model's of the same text, as KPEP-0007's README. */
function bothReaders(text: string): { scanned: KpepEntry; modelled: KpepEntry } {
  const path = 'kpeps/0007-pluggable-storage/README.md';
  const kpep = classifyKpepPath(path, 'kpeps');
  assert.ok(kpep);
  return {
    scanned: scanKpepEntry(text, { path, kpepPath: kpep, root: 'kpeps' }),
    modelled: entryFromDocument(parseKpepDocument(TextDocument.create(path, 'markdown', 1, text)), { path, kpepPath: kpep, root: 'kpeps' }),
  };
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

test('property: the line scan of a KPEP-shaped document gives the entry its full model gives, odd shapes (indented code, HTML blocks, setext headings, `---`) among its blocks or not', () => {
  for (const [documents, numRuns] of [[kpepShapedDocument, 200], [oddlyShapedKpepDocument, 300]] as const) {
    fc.assert(
      fc.property(documents, (text) => {
        const { scanned, modelled } = bothReaders(text);
        assert.deepEqual(scanned, modelled);
      }),
      { numRuns },
    );
  }
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

/** The line scan's entry and the full model's of a KPEP whose body is `body`. */
function withBody(body: string): { scanned: KpepEntry; modelled: KpepEntry } {
  return bothReaders(`---\nkpep-number: 7\ntitle: Pluggable storage\nstatus: provisional\n---\n${body}`);
}

test('indented code, HTML blocks and setext headings read alike in the line scan and the full model', () => {
  const shapes: Record<string, string> = {
    'indented code': 'Para.\n\n    KPEP-2 in code\n\n    more KPEP-3\nafter KPEP-4',
    'a tab': '\tKPEP-2 in code',
    'a paragraph continued by an indented line': 'Para\n    KPEP-2 continues it',
    "a list item's continuation, not code": '- item KPEP-1\n\n    KPEP-2 continues the item\n\n1. one\n2. two\n\n   KPEP-3 in item two\n\n    KPEP-4 still in it',
    'code inside a list item': '- item\n\n        KPEP-2 code in the item\n-     KPEP-3 code after five spaces',
    'an empty item takes one blank line at most': '-\n\n  KPEP-2 a paragraph\n\n-\n  KPEP-3 in the item',
    'a raw block runs over blank lines': '<pre>\nKPEP-2\n\nKPEP-3 </PRE> KPEP-4\nKPEP-5 a paragraph',
    'script, style and textarea': '<script type="x">\nKPEP-2\n</script>\n\n<style>\nKPEP-3\n</style>\n\n<textarea>\n\nKPEP-4</textarea>',
    'processing instructions, declarations and CDATA': '<?php\nKPEP-2\n?>\nKPEP-3\n\n<!DOCTYPE html\nKPEP-4>\n\n<![CDATA[\nKPEP-5\n\n]]>\nKPEP-6',
    'a block tag ends at a blank line': '<div>\nKPEP-2 in HTML\n\nKPEP-3 prose\n\n</div>\nKPEP-4\n\n<DETAILS open>\n<summary>KPEP-5</summary>\n\nKPEP-6 prose',
    'a block tag interrupts a paragraph': 'Para KPEP-1\n<div>\nKPEP-2 in HTML',
    'any complete tag alone on its line': '<span class="x" data-a=b>\nKPEP-2 in HTML\n\n</span>\nKPEP-3\n\n<a b=c=d>\nKPEP-4',
    'a complete tag cannot interrupt a paragraph': 'Para\n<span>\nKPEP-2 prose',
    'not a complete tag': '<a href="x"title>\nKPEP-2 prose\n\n<del>KPEP-3 prose</del>\n\n<div/x>\nKPEP-4 prose',
    'a comment that closes where it opens': '<!-->\nKPEP-2 prose\n\n<!--->\nKPEP-3 prose',
    'HTML in a list item ends with the item': '- <div>\n  KPEP-2 in HTML\nKPEP-3 lazy?',
    'a setext heading is an anchor': 'Rollout plan\n============\n\nSee [the plan](#rollout-plan) and KPEP-2.\n\nTwo line\nheading KPEP-3\n---\n\n  Indented  \n  ===  ',
    'underlines that are not': '- item\n  ---\n\n- item\n---\n\nPara\n\n---\n\nPara\n    ===\n\nPara\n= =\n\n***\n---',
    'a setext Summary': '# Title\n\nSummary\n-------\n\nThe summary KPEP-2.\n\n## Motivation',
    'a setext H1 names the KPEP itself': 'Pluggable KPEP-7 [storage](../0002-x/README.md)\n===\n\n## Summary\n\nText.',
    'a Summary that opens with indented code': '# T\n\n## Summary\n\n    code KPEP-2\n\n    more\n\nText.',
    'a Summary that opens with HTML': '# T\n\n## Summary\n\n<pre>\na\n\nb\n</pre>\nText.',
    'a Summary that opens with a list': '# T\n\n## Summary\n\n- a\n\n- b\n\nText.',
    'a link wrapped inside tab-indented code': '# Summary\n\n[a](../0002-x/README.md)\n\n\tb [c\n\td](../0002-x/README.md) e',
    'a heading under the Summary after a comment block': 'Summary\n-----\n\n<!--\n[a](../0002-x/README.md)\n-->\n\n[b](../0002-x/README.md)\n===',
    'a block quote is left to the full model': '> quoted\n>     KPEP-2 code in a quote\n\n    KPEP-3',
    'a definition over an underline': '[a]: /u\n===\n\n    KPEP-2',
  };
  for (const [name, body] of Object.entries(shapes)) {
    for (const lineBreak of ['\n', '\r\n']) {
      const { scanned, modelled } = withBody(body.replace(/\n/g, lineBreak));
      assert.deepEqual(scanned, modelled, `${name} ${JSON.stringify(lineBreak)}`);
    }
  }
  // The shapes are what they say: code and HTML hold no reference, a continuation does, an underline makes an anchor.
  const prose = (body: string) => referenceSites(withBody(body).scanned).map((site) => site.kpepNumber);
  assert.deepEqual(prose(shapes['indented code'] as string), [4]);
  assert.deepEqual(prose(shapes["a list item's continuation, not code"] as string), [1, 2, 3, 4]);
  assert.deepEqual(prose(shapes['a block tag ends at a blank line'] as string), [3, 6]);
  assert.deepEqual(withBody(shapes['a setext heading is an anchor'] as string).scanned.anchors, ['rollout-plan', 'two-lineheading-kpep-3', 'indented']);
});
