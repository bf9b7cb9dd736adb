import { journey } from '../journey';

// Proves the e2e tier turns red: RUNBOOK_FORCE_FAIL=1 npm test must exit non-zero.
if (process.env.RUNBOOK_FORCE_FAIL) {
  journey('forced failure (RUNBOOK_FORCE_FAIL is set)', async ({ page }) => {
    await page.locator('.this-selector-matches-nothing').waitFor({ timeout: 1_000 });
  });
}
