import { strict as assert } from 'node:assert';
import { journey } from '../journey';
import { notebookCellCount, openNotebook, outputFrame } from '../workbench';

journey('opens a shipped runbook as a notebook with Quick Open', async ({ page }) => {
  const notebook = await openNotebook(page, 'redis-cache-failure.runbook.md');
  // The prose is rendered as markdown cells (drawn in the notebook webview) and the fences are
  // code cells: the runbook is a notebook, not one text file.
  await outputFrame(page).locator('h1', { hasText: 'Redis cache failure' }).waitFor({ state: 'visible' });
  await notebook.locator('.code-cell-row', { hasText: 'PING' }).first().waitFor({ state: 'visible' });
  const cells = await notebookCellCount(page);
  assert.ok(cells >= 15, `expected the runbook's prose and fences as separate cells, the notebook has ${cells}`);
});
