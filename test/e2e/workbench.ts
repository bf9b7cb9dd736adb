// What a person does in the workbench, as Playwright steps. Selectors are the workbench's own
// (see /work/shared/recipes/code-server.md); each helper waits for its effect to be visible.
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

/** Runs the code cell whose source shows `text`, with its run button, choosing a kernel if asked. */
export async function runCell(page: Page, notebook: Locator, text: string): Promise<Locator> {
  const cell = notebook.locator('.code-cell-row', { hasText: text }).first();
  await cell.scrollIntoViewIfNeeded();
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
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: SHORT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: SHORT });
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
