import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { copyExamples, runKpep } from '../helpers/kpepCli';

const STREAMING = 'keps/sig-api-machinery/4100-streaming-watch';

/** An upstream KEP directory laid out as kubernetes/enhancements has them, with an image beside it. */
function upstreamKep(options: { kepYaml?: string; readme?: boolean } = {}): string {
  const checkout = mkdtempSync(join(tmpdir(), 'kpep-upstream-'));
  const directory = join(checkout, 'keps', 'sig-node', '1287-in-place-update-pod-resources');
  mkdirSync(join(directory, 'images'), { recursive: true });
  if (options.kepYaml !== undefined) {
    writeFileSync(join(directory, 'kep.yaml'), options.kepYaml);
  }
  if (options.readme !== false) {
    writeFileSync(
      join(directory, 'README.md'),
      '# KEP-1287: In-place resize of pod resources\n\n<!-- toc -->\n- [Summary](#summary)\n- [Motivation](#motivation)\n<!-- /toc -->\n\n## Summary\n\nResize a running container without a restart.\n\n![flow](images/flow.png)\n\n## Motivation\n\nRestarts lose state.\n',
    );
  }
  writeFileSync(join(directory, 'images', 'flow.png'), 'not really a png');
  return directory;
}

const KEP_YAML = 'title: In-place resize of pod resources\nkep-number: 1287\nauthors: ["@ana"]\nowning-sig: sig-node\nstatus: provisional\ncreation-date: "2019-01-18"\nreviewers: ["@bo"]\napprovers: ["@cy"]\n';

test('export writes the KEP, kep.yaml and the PRR file from examples/, exits 1 with every placeholder named', async () => {
  const root = copyExamples();
  const upstream = join(root, 'enhancements');
  const run = await runKpep(['export', '5', '--upstream', upstream, '--sig', 'sig-api-machinery', '--kep-number', '4100'], { cwd: root });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /^Wrote keps\/sig-api-machinery\/4100-streaming-watch\/README.md$/m);
  assert.match(run.stdout, /kep.yaml: stage is still a placeholder/);
  assert.match(run.stdout, /prod-readiness\/sig-api-machinery\/4100.yaml: alpha.approver is still a placeholder/);
  assert.match(readFileSync(join(upstream, STREAMING, 'README.md'), 'utf8'), /^# KEP-4100: Streaming watch API\n/);
  assert.match(readFileSync(join(upstream, STREAMING, 'kep.yaml'), 'utf8'), /^title: Streaming watch API\nkep-number: 4100\n/);
  assert.ok(existsSync(join(upstream, 'keps', 'prod-readiness', 'sig-api-machinery', '4100.yaml')));
});

test('export never overwrites: an existing KEP directory is refused, and --force replaces only the generated files', async () => {
  const root = copyExamples();
  const upstream = join(root, 'enhancements');
  const args = ['export', '5', '--upstream', upstream, '--sig', 'sig-api-machinery', '--kep-number', '4100'];
  assert.equal((await runKpep(args, { cwd: root })).status, 1);
  writeFileSync(join(upstream, STREAMING, 'README.md'), 'edited upstream\n');
  writeFileSync(join(upstream, STREAMING, 'notes.md'), 'mine\n');
  const refused = await runKpep(args, { cwd: root });
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr, `kpep export: ${STREAMING} already exists in ${upstream}; pass --force to replace only the generated files.\n`);
  assert.equal(readFileSync(join(upstream, STREAMING, 'README.md'), 'utf8'), 'edited upstream\n');
  assert.equal((await runKpep([...args, '--force'], { cwd: root })).status, 1);
  assert.match(readFileSync(join(upstream, STREAMING, 'README.md'), 'utf8'), /^# KEP-4100/);
  assert.equal(readFileSync(join(upstream, STREAMING, 'notes.md'), 'utf8'), 'mine\n');
});

test('export errors are one line and write nothing: no such KPEP, no --sig, a sig that is no directory name', async () => {
  const root = copyExamples();
  const upstream = join(root, 'enhancements');
  const cases: [string[], RegExp][] = [
    [['export', '42', '--upstream', upstream, '--sig', 'sig-cli'], /^kpep export: there is no KPEP-0042 in this workspace\.\n$/],
    [['export', '5', '--upstream', upstream], /^kpep export: --sig is needed: KPEP-0005 has no owning-sig, e\.g\. --sig sig-api-machinery\.\n$/],
    [['export', '5', '--upstream', upstream, '--sig', '../../etc'], /^kpep export: --sig takes a SIG name/],
    [['export', '5', '--sig', 'sig-cli'], /^kpep export: --upstream DIR is required/],
    [['export', '5', '--upstream', upstream, '--sig', 'sig-cli', '--kep-number', 'x'], /^kpep export: --kep-number takes/],
  ];
  for (const [args, stderr] of cases) {
    const run = await runKpep(args, { cwd: root });
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, stderr);
    assert.equal(run.stdout, '');
  }
  assert.ok(!existsSync(upstream), 'nothing written');
});

test('import adopts an upstream KEP as the next KPEP with its image; exporting it back validates and gives the same files', async () => {
  const root = copyExamples();
  const kep = upstreamKep({ kepYaml: KEP_YAML });
  const run = await runKpep(['import', kep, '--no-branches'], { cwd: root });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Created kpeps\/0008-in-place-update-pod-resources\/README.md \(KPEP-0008\) from keps\/sig-node\/1287-in-place-update-pod-resources\.$/m);
  assert.match(run.stdout, /^Copied images\/flow.png$/m);
  const kpepDirectory = join(root, 'kpeps', '0008-in-place-update-pod-resources');
  assert.equal(readFileSync(join(kpepDirectory, 'images', 'flow.png'), 'utf8'), 'not really a png');
  const text = readFileSync(join(kpepDirectory, 'README.md'), 'utf8');
  assert.match(text, /\n# KPEP-0008: In-place resize of pod resources\n/);
  const lint = await runKpep(['lint', 'kpeps/0008-in-place-update-pod-resources'], { cwd: root });
  assert.doesNotMatch(lint.stdout + lint.stderr, /field-unknown|field-type/);

  const upstream = join(root, 'enhancements');
  const back = await runKpep(['export', '8', '--upstream', upstream], { cwd: root });
  assert.equal(back.status, 0, back.stdout + back.stderr);
  assert.match(back.stdout, /Upstream validation would accept this KEP\./);
  const exported = join(upstream, 'keps', 'sig-node', '1287-in-place-update-pod-resources');
  assert.equal(readFileSync(join(exported, 'README.md'), 'utf8'), readFileSync(join(kep, 'README.md'), 'utf8'));
  assert.equal(readFileSync(join(exported, 'kep.yaml'), 'utf8'), KEP_YAML.replace('authors: ["@ana"]', 'authors:\n  - "@ana"').replace('reviewers: ["@bo"]\napprovers: ["@cy"]', 'reviewers:\n  - "@bo"\napprovers:\n  - "@cy"').replace('"2019-01-18"', '2019-01-18'));
});

test('import of a directory without kep.yaml, or with YAML that does not parse, is one clear line and writes nothing', async () => {
  const root = copyExamples();
  const before = readdirSync(join(root, 'kpeps')).sort();
  const cases: [string, RegExp][] = [
    [upstreamKep({}), /has no kep\.yaml: an upstream KEP directory holds README\.md and kep\.yaml\.\n$/],
    [upstreamKep({ kepYaml: 'title: [unclosed\n' }), /: kep\.yaml is not valid YAML: .* Nothing was written\.\n$/],
    [upstreamKep({ kepYaml: '- a list\n' }), /kep\.yaml must be a mapping/],
    [upstreamKep({ kepYaml: 'kep-number: 3\n' }), /kep\.yaml has no title/],
    [upstreamKep({ kepYaml: KEP_YAML, readme: false }), /has no README\.md/],
  ];
  for (const [directory, stderr] of cases) {
    const run = await runKpep(['import', directory, '--no-branches'], { cwd: root });
    assert.equal(run.status, 2, directory);
    assert.match(run.stderr, stderr);
    assert.equal(run.stderr.split('\n').length, 2, 'one line');
  }
  assert.deepEqual(readdirSync(join(root, 'kpeps')).sort(), before);
});

test('export writes nothing through a symbolic link that leads out of the upstream folder', async () => {
  const root = copyExamples();
  const upstream = join(root, 'enhancements');
  const outside = mkdtempSync(join(tmpdir(), 'kpep-outside-'));
  mkdirSync(join(upstream, 'keps'), { recursive: true });
  symlinkSync(outside, join(upstream, 'keps', 'sig-cli'));
  const run = await runKpep(['export', '5', '--upstream', upstream, '--sig', 'sig-cli', '--kep-number', '4100'], { cwd: root });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^kpep export: keps\/sig-cli\/4100-streaming-watch\/README.md would be written outside .*; nothing was written\.\n$/);
  assert.deepEqual(readdirSync(outside), [], 'nothing outside');
});
