import { journey } from '../journey';
import { answerPrompt, editorTab, runCommand } from '../workbench';

journey('finds a runbook by a symptom from the palette and opens it as a notebook', async ({ page }) => {
  await runCommand(page, 'Incident: Find Runbook by Symptom');
  // The pick lists every symptom from the runbooks' frontmatter; typing filters it.
  await answerPrompt(page, /Find Runbook by Symptom/, 'Cache miss rate');
  await editorTab(page, 'redis-cache-failure.runbook.md').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.notebook-editor .code-cell-row', { hasText: 'PING' }).first().waitFor({ state: 'visible', timeout: 30_000 });
});
