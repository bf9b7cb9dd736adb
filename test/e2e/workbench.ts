// What a person does in the workbench, as Playwright steps. Selectors are the workbench's own
// (the workbench's DOM, as code-server 4.100 renders it); each helper waits for its effect to be visible.
import type { FrameLocator, Locator, Page } from 'playwright-core';

const SHORT = 15_000;
const LONG = 60_000;

/** Waits until the workbench has loaded and the explorer lists the workspace's files. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: LONG });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: LONG });
}

/** Opens a file by name with Quick Open (Control+P), like a person would. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: SHORT });
  await input.fill(fileName);
  // Wait for the matching entry before accepting, or Enter may take a stale first row.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: SHORT });
  await page.keyboard.press('Enter');
}

/** Opens a runbook with Quick Open and waits for it to show as a notebook with code cells. */
export async function openNotebook(page: Page, fileName: string): Promise<Locator> {
  await quickOpen(page, fileName);
  const notebook = page.locator('.notebook-editor').filter({ has: page.locator('.code-cell-row') }).last();
  await notebook.locator('.code-cell-row').first().waitFor({ state: 'visible', timeout: LONG });
  return notebook;
}

/** The notebook's output webview (two iframes deep), where cell outputs are drawn. */
export function outputFrame(page: Page): FrameLocator {
  return page.frameLocator('.notebook-editor iframe.webview').frameLocator('#active-frame');
}

/** Which code cell: the text its source shows, and optionally text it must not show. */
export type CellText = string | RegExp | { hasText: string | RegExp; hasNotText?: string | RegExp };

/**
 * The code cell whose source shows `text`, scrolled into view. The notebook only renders the cells
 * near the viewport and does its own scrolling (a DOM scrollIntoView confuses it), so this turns
 * the mouse wheel over the notebook, down then back up, until the cell is in view.
 */
export async function findCell(page: Page, notebook: Locator, text: CellText): Promise<Locator> {
  const filter = typeof text === 'object' && !(text instanceof RegExp) ? text : { hasText: text };
  const cell = notebook.locator('.code-cell-row', filter).first();
  const list = await notebook.locator('.notebook-list-view, .monaco-list').first().boundingBox();
  if (!list) throw new Error('the notebook is not on screen');
  // The left gutter belongs to the list itself (not the output webview laid over it).
  await page.mouse.move(list.x + 12, list.y + list.height / 2);
  let direction = 1;
  // Long runbooks with charts and tables run to tens of thousands of pixels: far enough down first.
  for (let i = 0; i < 240; i++) {
    const box = (await cell.count()) ? await cell.boundingBox() : null;
    if (box && box.y >= list.y && box.y + Math.min(box.height, 120) <= list.y + list.height) return cell;
    let dy: number;
    if (box) dy = Math.max(-600, Math.min(600, box.y - (list.y + 80)));
    else {
      if (direction === 1 && i >= 100) direction = -1;
      dy = 500 * direction;
    }
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(100);
  }
  throw new Error(`no code cell showing ${String(filter.hasText)} came into view in the notebook`);
}

/** Runs the code cell whose source shows `text`, with its run button, choosing a kernel if asked. */
export async function runCell(page: Page, notebook: Locator, text: CellText): Promise<Locator> {
  const cell = await findCell(page, notebook, text);
  // Focus the cell (its run button shows on the focused or hovered cell), then press the button.
  await cell.locator('.cell-editor-container .view-lines').first().click();
  await cell.hover();
  await cell.locator('.run-button-container .action-label').first().click({ timeout: SHORT });
  await acceptKernelPickerIfShown(page);
  return cell;
}

/** How many cells the open notebook has, from the status bar ("Cell 1 of 21"): the list itself is virtualized. */
export async function notebookCellCount(page: Page): Promise<number> {
  const item = page.locator('.statusbar-item', { hasText: /Cell \d+ of \d+/ }).first();
  await item.waitFor({ state: 'visible', timeout: SHORT });
  return Number((await item.innerText()).match(/of (\d+)/)?.[1]);
}

/** When the notebook has no kernel yet, the workbench asks for one: take the first (ours). */
async function acceptKernelPickerIfShown(page: Page): Promise<void> {
  const picker = page.locator('.quick-input-widget', { hasText: /kernel/i });
  if (await picker.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
    await page.keyboard.press('Enter');
  }
}

/** Runs a command from the palette (F1), by its title as the palette shows it ("Category: Title"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  // The palette lists the commands known when it opens: right after the first page load the
  // extension's contributions may still be on their way, so a miss is retried with a fresh palette.
  const until = Date.now() + LONG;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: SHORT });
    await input.fill(`>${title}`);
    const found = await row.waitFor({ timeout: 5_000 }).then(() => true, () => false);
    if (found) break;
    if (Date.now() > until) throw new Error(`the command palette never offered "${title}"`);
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Enter');
}

/**
 * Answers the input box or quick pick whose title or prompt matches `prompt`: types `answer`
 * (filters a quick pick, fills an input box; none keeps the offered value) and presses Enter.
 */
export async function answerPrompt(page: Page, prompt: RegExp, answer?: string): Promise<void> {
  // Wait for this very prompt: the previous one's widget is reused and may still be on screen.
  const widget = page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ state: 'visible', timeout: SHORT });
  if (answer !== undefined) await widget.locator('input').first().fill(answer);
  await page.keyboard.press('Enter');
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = SHORT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The cell-status-bar text of a code cell ("$(search) diagnostic" shows as "diagnostic"). */
export async function expectCellClass(cell: Locator, cls: 'diagnostic' | 'mitigation'): Promise<void> {
  await cell.locator('.cell-statusbar-container', { hasText: cls }).first().waitFor({ state: 'visible', timeout: SHORT });
}

/** The modal dialog the workbench shows for `showWarningMessage(…, { modal: true })`. */
export function modalDialog(page: Page, message: RegExp | string): Locator {
  return page.locator('.monaco-dialog-box', { hasText: message });
}

/** Presses a button of a modal dialog by its label ("Run", "Cancel", "Resolve"). */
export async function pressDialogButton(dialog: Locator, label: string): Promise<void> {
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${label}$`) }).first().click({ timeout: SHORT });
  await dialog.waitFor({ state: 'hidden', timeout: SHORT });
}

/**
 * Shows a view of the Incident activity-bar container by its name ("Incident", "Health"…) with the
 * workbench's own "Focus on … View" command, and returns its pane.
 */
export async function showIncidentView(page: Page, view: 'Incident' | 'Checklist' | 'Timeline' | 'Runbooks' | 'Health'): Promise<Locator> {
  await runCommand(page, `Incident: Focus on ${view} View`);
  const pane = page.locator('.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^\\s*${view}\\s*$`, 'i') }) });
  await pane.locator('.pane-body').waitFor({ state: 'visible', timeout: SHORT });
  return pane;
}

/** A row of a tree view whose text (label and description) matches `text`. */
export function treeRow(pane: Locator, text: RegExp | string): Locator {
  return pane.locator('.monaco-list-row', { hasText: text }).first();
}

/** The status bar item whose text matches `text`. */
export function statusBarItem(page: Page, text: RegExp | string): Locator {
  return page.locator('.statusbar-item', { hasText: text }).first();
}

/** An editor tab whose title matches `title`. */
export function editorTab(page: Page, title: RegExp | string): Locator {
  return page.locator('.tabs-container .tab', { hasText: title }).first();
}
