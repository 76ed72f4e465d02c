// "KPEP: Export as upstream KEP…" in a real VS Code, with its prompts answered by arguments: the
// export lands in the chosen folder, its report opens, and a second export into it is refused.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const YAML = require('yaml');

const { activeExtension, eventually, kpepReadme } = require('./helpers');

// kpeps/0001-*/README.md names no owning-sig, so the SIG comes from the arguments.
const SIG = 'sig-api-machinery';
const KEP_NUMBER = 4321;

describe('kpep.exportUpstream', () => {
  let upstream;

  beforeEach(() => {
    upstream = fs.mkdtempSync(path.join(os.tmpdir(), 'kpep-upstream-'));
  });

  afterEach(() => {
    fs.rmSync(upstream, { recursive: true, force: true });
  });

  it('writes keps/<sig>/<NNNN>-<slug>/ from the open KPEP, opens the report, and refuses a second export without force', async () => {
    await activeExtension();
    const uri = await kpepReadme('0001');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const front = YAML.parse(/^---\n([\s\S]*?)\n---\n/.exec(document.getText())[1]);
    const slug = path.basename(path.dirname(uri.fsPath)).replace(/^\d+-/, '');
    const kepDirectory = path.join(upstream, 'keps', SIG, `${KEP_NUMBER}-${slug}`);
    const readme = path.join(kepDirectory, 'README.md');
    const kepYaml = path.join(kepDirectory, 'kep.yaml');

    const args = { uri: uri.toString(), upstreamDirectory: upstream, sig: SIG, kepNumber: KEP_NUMBER };
    // The server answers only once it has indexed the workspace; until then the KPEP is unknown to it.
    const result = await eventually(
      'the export was not written',
      () => vscode.commands.executeCommand('kpep.exportUpstream', args).then(
        (value) => value,
        (error) => ({ kind: 'error', message: error.message }),
      ),
      (value) => value?.kind === 'exported' && fs.existsSync(readme) && fs.existsSync(kepYaml),
      30_000,
    );

    const kep = YAML.parse(fs.readFileSync(kepYaml, 'utf8'));
    assert.equal(kep.title, front.title);
    assert.equal(kep.status, front.status);
    assert.equal(kep['owning-sig'], SIG);
    assert.equal(String(kep['kep-number']), String(KEP_NUMBER));
    assert.match(fs.readFileSync(readme, 'utf8'), new RegExp(`^# KEP-${KEP_NUMBER}: ${front.title}$`, 'm'));
    for (const file of ['README.md', 'kep.yaml']) {
      assert.ok(result.written.includes(`keps/${SIG}/${KEP_NUMBER}-${slug}/${file}`), `${file} is not among the files written: ${result.written.join(', ')}`);
    }

    const report = vscode.window.activeTextEditor?.document;
    assert.ok(report, 'no editor is active after the export');
    assert.equal(report.isUntitled, true, `the active editor is ${report.uri.toString()}, not the report`);
    assert.equal(report.getText(), result.report);
    assert.match(report.getText(), new RegExp(`${KEP_NUMBER}-${slug}/kep\\.yaml`));

    // Near miss: the same export again, without force, must change nothing and say why.
    const before = result.written.map((relative) => path.join(upstream, relative)).map((file) => ({ file, text: fs.readFileSync(file, 'utf8'), mtime: fs.statSync(file).mtimeMs }));
    const refused = await vscode.commands.executeCommand('kpep.exportUpstream', args);
    assert.equal(refused?.kind, 'target-exists', `a second export was not refused: ${JSON.stringify(refused)?.slice(0, 300)}`);
    assert.match(refused.message, /already exists/);
    for (const { file, text, mtime } of before) {
      assert.equal(fs.readFileSync(file, 'utf8'), text, `${file} changed`);
      assert.equal(fs.statSync(file).mtimeMs, mtime, `${file} was rewritten`);
    }
    assert.deepEqual(fs.readdirSync(kepDirectory).sort(), ['README.md', 'kep.yaml']);
    assert.equal(vscode.window.activeTextEditor?.document, report, 'a refused export opened another document');
  });
});
