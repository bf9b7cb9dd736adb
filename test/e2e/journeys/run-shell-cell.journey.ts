import { journey } from '../journey';
import { openNotebook, outputFrame, runCell } from '../workbench';

journey('runs a shell cell and reads its output from the notebook webview', async ({ page }) => {
  const notebook = await openNotebook(page, 'e2e-smoke.runbook.md');
  const cell = await runCell(page, notebook, 'e2e-');
  // `echo "e2e-$((6 * 7))"` prints e2e-42 only if a shell really ran it.
  await outputFrame(page).locator('.output', { hasText: 'e2e-42' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await cell.locator('.codicon-notebook-state-success').waitFor({ state: 'visible' });
});
