// The UI smoke test: what a user sees in the workbench itself, driven through the keyboard and mouse
// with playwright-core. run.mjs --ui starts code-server and chromium with the extension under
// development loaded and calls runUiSmoke(); each step waits for its condition with a deadline.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const STEP_MS = 30_000;
// How long one mouse hover may take to show its card before the mouse moves off and back.
const HOVER_ATTEMPT_MS = 5_000;
const EDITOR = '.part.editor .monaco-editor';

/** An expected failure of one step: its message says what was awaited. */
export class SmokeError extends Error {}

/** Runs the steps in order and stops at the first failure; returns `{passed, failed, skipped}` for printReport. */
export async function runUiSmoke({ page, workspace, outputDir, log }) {
  const context = { page, workspace, outputDir, log };
  const steps = [
    ['the workbench loads with the KPEP workspace', workbenchLoads],
    ['quick open shows the draft 0007 with squiggles', draftHasSquiggles],
    ['the status bar shows KPEP-0007 · provisional, and its click offers the allowed status actions', statusBarOffersActions],
    ['the Problems panel lists missing-section for the draft', problemsListDraft],
    ['hovering KPEP-5 in 0004 shows the target card', hoverShowsCard],
    ['the KPEPs view lists the KPEPs by status, the replaced one with its successor', kpepsViewLists],
    ['"KPEP: Show Replacement Graph" draws the graph with 0004 highlighted', graphShows],
    ['the markdown preview of 0005 shows the header card and a struck-through reference', previewShowsCard],
    ['"KPEP: New KPEP" from the command palette creates and opens 0008', newKpepFromPalette],
    ['the status bar item is hidden for markdown that is not a KPEP', statusBarHiddenElsewhere],
  ];
  const report = { passed: [], failed: [], skipped: [] };
  // A failure shot left by an earlier run would suggest this one failed.
  await rm(path.join(outputDir, 'ui-failure.png'), { force: true });
  for (const [title, step] of steps) {
    if (report.failed.length > 0) {
      report.skipped.push(title);
      continue;
    }
    try {
      await step(context);
      report.passed.push(title);
    } catch (error) {
      if (!(error instanceof SmokeError)) throw error;
      report.failed.push({ title, error: error.message });
      await screenshot(context, 'ui-failure.png');
    }
  }
  return report;
}

async function workbenchLoads({ page }) {
  await visible(page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'kpeps' }).first(), 'the explorer listing kpeps/');
}

async function draftHasSquiggles(context) {
  const { page } = context;
  await quickOpen(context, '0007 README.md', '0007-rough-draft-quota-api');
  await visible(page.locator('.part.editor .breadcrumbs-control', { hasText: '0007-rough-draft-quota-api' }), 'the draft open in an editor tab');
  await visible(page.locator(`${EDITOR} .squiggly-warning, ${EDITOR} .squiggly-error`).first(), 'a warning or error squiggle in the draft');
}

const STATUS_ITEM = '.part.statusbar .statusbar-item';

async function statusBarOffersActions(context) {
  const { page } = context;
  const item = page.locator(STATUS_ITEM, { hasText: 'KPEP-0007 · provisional' }).first();
  await visible(item, 'the status bar item "KPEP-0007 · provisional"');
  await item.click();
  await visible(page.locator('.quick-input-widget', { hasText: 'Change the KPEP status' }), 'the status pick');
  await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: 'Withdraw' }).first(), 'the Withdraw action');
  // Offered, but disabled with its blockers: the draft lacks sections.
  await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: 'Mark implementable' }).filter({ hasText: 'Not yet' }).first(), 'Mark implementable with why not yet');
  await screenshot(context, 'ui-status-bar.png');
  await page.keyboard.press('Escape');
  await page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: STEP_MS })
    .catch(() => {
      throw new SmokeError('the status pick did not close on Escape');
    });
}

async function statusBarHiddenElsewhere(context) {
  const { page } = context;
  await visible(page.locator(STATUS_ITEM, { hasText: 'KPEP-0008 · provisional' }).first(), 'the status bar item for the new KPEP-0008');
  // The repository's own README (top level in the explorer) is markdown, and no KPEP.
  const readme = page.locator('.explorer-folders-view .monaco-list-row[aria-level="1"]', { hasText: /^README\.md$/ }).first();
  await visible(readme, 'the top-level README.md in the explorer');
  await readme.click();
  await visible(page.locator('.part.editor .breadcrumbs-control', { hasText: 'Kplane Enhancement Proposals' }).first(), 'the top-level README.md open in the editor');
  await page
    .locator(STATUS_ITEM, { hasText: /KPEP-\d{4} · / })
    .first()
    .waitFor({ state: 'hidden', timeout: STEP_MS })
    .catch(() => {
      throw new SmokeError(`the KPEP status bar item still shows for README.md after ${STEP_MS / 1000} s`);
    });
}

async function problemsListDraft(context) {
  const { page } = context;
  await page.keyboard.press('Control+Shift+M');
  await visible(page.locator('.markers-panel .monaco-list-row', { hasText: 'missing-section' }).first(), 'a missing-section row in the Problems panel');
  await screenshot(context, 'ui-draft-problems.png');
}

async function hoverShowsCard(context) {
  const { page, workspace } = context;
  const source = path.join(workspace, 'kpeps', '0004-structured-audit-logging', 'README.md');
  const lines = (await readFile(source, 'utf8')).split('\n');
  const line = lines.findIndex((text) => text.includes('KPEP-5'));
  if (line < 0) throw new SmokeError(`no KPEP-5 in ${source}`);
  await quickOpen(context, '0004 README.md', '0004-structured-audit-logging');
  await visible(page.locator('.part.editor .breadcrumbs-control', { hasText: '0004-structured-audit-logging' }), '0004 open in an editor tab');
  // Go to Line puts the cursor on the reference; the cursor's box is where the mouse then hovers.
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line + 1}:${lines[line].indexOf('KPEP-5') + 3}`);
  await acceptQuickInput(page, `Go to line ${line + 1}`);
  const cursor = page.locator(`${EDITOR}.focused .cursors-layer .cursor`).first();
  await visible(cursor, 'the editor cursor on KPEP-5');
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Streaming watch API' }).first();
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    const box = await cursor.boundingBox();
    if (box) {
      // Off the token and back: a hover that opened before the server answered shows again.
      await page.mouse.move(box.x + 200, box.y + 200);
      await page.mouse.move(box.x + 1, box.y + box.height / 2, { steps: 4 });
    }
    const shown = await hover.waitFor({ state: 'visible', timeout: HOVER_ATTEMPT_MS }).then(() => true, () => false);
    if (shown) break;
    if (Date.now() >= deadline) throw new SmokeError(`no hover with "Streaming watch API" over KPEP-5 within ${STEP_MS / 1000} s`);
  }
  const text = await hover.innerText();
  if (!/implemented/.test(text)) throw new SmokeError(`the hover card lacks the status: ${text}`);
  // The card fades in; a screenshot taken mid-fade shows it half transparent.
  await page
    .waitForFunction(
      (element) => {
        for (let node = element; node; node = node.parentElement) if (node.ownerDocument.defaultView.getComputedStyle(node).opacity !== '1') return false;
        return true;
      },
      await hover.elementHandle(),
      { timeout: STEP_MS },
    )
    .catch(() => {
      throw new SmokeError(`the hover card did not finish fading in within ${STEP_MS / 1000} s`);
    });
  await screenshot(context, 'ui-hover.png');
}

async function kpepsViewLists(context) {
  const { page } = context;
  // Room for the picture: no panel, and a sidebar wide enough for whole titles.
  await runCommand(page, 'View: Hide Panel');
  await page.locator('.part.activitybar .action-item a[aria-label^="KPEP"]').first().click();
  const view = page.locator('.part.sidebar');
  await visible(view.locator('.monaco-list-row', { hasText: 'KPEP-0002 Long-polling watch API' }).filter({ hasText: '→ KPEP-0005' }).first(), 'KPEP-0002 with "→ KPEP-0005" in the KPEPs view');
  // The active 0004 is revealed and selected.
  await visible(view.locator('.monaco-list-row.selected', { hasText: 'KPEP-0004 Structured audit logging' }).first(), 'the active KPEP-0004 selected in the view');
  // Open 0005's relations.
  await click(view.locator('.monaco-list-row', { hasText: 'KPEP-0005 Streaming watch API' }).first().locator('.monaco-tl-twistie'), "KPEP-0005's twistie");
  await visible(view.locator('.monaco-list-row', { hasText: 'replaces' }).filter({ hasText: 'KPEP-0002' }).first(), 'the "replaces KPEP-0002" row under KPEP-0005');
  await widenSidebar(page);
  await screenshot(context, 'ui-kpeps-view.png');
}

/** Drags the sash on the sidebar's right edge to the right. */
async function widenSidebar(page) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new SmokeError('the sidebar is not shown');
  await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 170, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** The document inside the newest webview: VS Code nests the page in an iframe within an iframe. */
function webviewContent(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

async function graphShows(context) {
  const { page } = context;
  await quickOpen(context, '0004 README.md', '0004-structured-audit-logging');
  // Room for the whole graph beside the editor.
  await runCommand(page, 'View: Close Primary Side Bar');
  await runCommand(page, 'KPEP: Show Replacement Graph');
  const graph = webviewContent(page);
  await visible(graph.locator('g.node.active', { hasText: 'KPEP-0004' }), 'the graph with KPEP-0004 highlighted');
  await visible(graph.locator('g.node', { hasText: 'KPEP-0005' }), 'the successor KPEP-0005 in the graph');
  // A straight edge has an empty box, which Playwright calls hidden: attached is what can be awaited.
  await graph
    .locator('path.edge.replaces')
    .first()
    .waitFor({ state: 'attached', timeout: STEP_MS })
    .catch(() => {
      throw new SmokeError('no replaces edge in the graph');
    });
  await screenshot(context, 'ui-graph.png');
}

async function previewShowsCard(context) {
  const { page } = context;
  await runCommand(page, 'View: Close All Editors');
  await quickOpen(context, '0005 README.md', '0005-streaming-watch');
  await click(page.locator('.part.editor .editor-actions a[aria-label^="Open Preview to the Side"]').first(), 'the editor\'s Open Preview to the Side button');
  const preview = webviewContent(page);
  await visible(preview.locator('.kpep-card', { hasText: 'KPEP-0005' }), 'the header card in the preview');
  // In a taller window the card and the Summary's reference to the replaced KPEP-0002 fit in one picture.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: 1400 });
  try {
    await visible(preview.locator('.kpep-ref s', { hasText: 'KPEP-0002' }).first(), 'the struck-through KPEP-0002 in the preview');
    // Off the button just clicked, whose tooltip would cover the preview's corner.
    await page.mouse.move(viewport.width / 2, 600);
    await screenshot(context, 'ui-preview.png');
  } finally {
    await page.setViewportSize(viewport);
  }
  await runCommand(page, 'View: Close All Editors');
  // The later steps use the Explorer.
  await page.keyboard.press('Control+Shift+E');
}

/** Runs a command by its palette title. */
async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await visible(page.locator('.quick-input-widget input'), 'the command palette');
  await page.keyboard.type(title);
  await acceptQuickInput(page, title);
}

async function newKpepFromPalette(context) {
  const { page } = context;
  await page.keyboard.press('Control+Shift+P');
  await visible(page.locator('.quick-input-widget input'), 'the command palette');
  // The palette's input already holds ">"; typing appends the command's name to it.
  await page.keyboard.type('KPEP: New KPEP');
  await acceptQuickInput(page, 'KPEP: New KPEP', { closes: false });
  await visible(page.locator('.quick-input-widget', { hasText: 'The title of the new KPEP' }), 'the New KPEP title prompt');
  await page.keyboard.type('Quota enforcement');
  // The title box gives way to the "replaces?" pick in the same widget.
  await page.keyboard.press('Enter');
  // "Does it replace an existing KPEP?": None, the first row.
  await acceptQuickInput(page, 'a new proposal');
  await visible(page.locator('.part.editor .breadcrumbs-control', { hasText: '0008-quota-enforcement' }), 'kpeps/0008-quota-enforcement/README.md open in the editor');
  await screenshot(context, 'ui-new-kpep.png');
}

/** Ctrl+P, type `query`, wait for a result row showing `expected`, Enter. */
async function quickOpen({ page }, query, expected) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget:not([style*="display: none"]) input');
  await visible(input, 'the quick open box');
  await input.fill(query);
  await acceptQuickInput(page, expected);
}

/** Enter once the quick input's focused row shows `expected` (earlier, Enter is lost); then, unless `closes: false`, wait for the widget to close. */
async function acceptQuickInput(page, expected, { closes = true } = {}) {
  await visible(page.locator('.quick-input-list .monaco-list-row.focused', { hasText: expected }).first(), `a focused quick input row "${expected}"`);
  await page.keyboard.press('Enter');
  if (!closes) return;
  await page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: STEP_MS })
    .catch(() => {
      throw new SmokeError(`the quick input did not close after choosing "${expected}" within ${STEP_MS / 1000} s`);
    });
}

async function click(locator, what) {
  await visible(locator, what);
  await locator.click({ timeout: STEP_MS }).catch(() => {
    throw new SmokeError(`could not click ${what} within ${STEP_MS / 1000} s`);
  });
}

async function visible(locator, what) {
  await locator.waitFor({ state: 'visible', timeout: STEP_MS }).catch(() => {
    throw new SmokeError(`waited ${STEP_MS / 1000} s in vain for ${what}`);
  });
}

async function screenshot({ page, outputDir, log }, name) {
  const file = path.join(outputDir, name);
  try {
    await page.screenshot({ path: file, timeout: 10_000 });
    log(`screenshot ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    log(`no screenshot ${name}: ${error.message.split('\n')[0]}`);
  }
}
