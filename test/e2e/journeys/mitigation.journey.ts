import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { journey } from '../journey';
import { expectCellClass, findCell, modalDialog, openNotebook, pressDialogButton, runCell } from '../workbench';

/** The workspace's REDIS_URL (the tier's real Redis), read the way the cells read it. */
function redisUrl(workspace: string): string {
  const line = readFileSync(join(workspace, '.env'), 'utf8').split('\n').find((l) => l.startsWith('REDIS_URL='));
  assert.ok(line, 'the e2e workspace .env names REDIS_URL');
  return line.slice('REDIS_URL='.length).trim();
}

/** redis-cli against that server: the test's own look at the data, outside the extension. */
function redis(workspace: string, ...args: string[]): string {
  return execFileSync('redis-cli', ['-u', redisUrl(workspace), ...args], { encoding: 'utf8', timeout: 10_000 }).trim();
}

// Issue 4: "a mitigation cell asks before it runs", shows the exact command, and Cancel means
// nothing happened.
journey('a mitigation (FLUSHDB) asks first: Cancel keeps the data, Run flushes it', async ({ page, workspace, shot }) => {
  const key = 'e2e:mitigation:sentinel';
  assert.equal(redis(workspace, 'SET', key, 'still-here'), 'OK');

  const notebook = await openNotebook(page, 'redis-cache-failure.runbook.md');
  const flush = await findCell(page, notebook, 'FLUSHDB');
  await expectCellClass(flush, 'mitigation');

  await runCell(page, notebook, 'FLUSHDB');
  let dialog = modalDialog(page, /Run mitigation "flush-cache"\?/);
  await dialog.waitFor({ state: 'visible' });
  // The dialog shows the very command that would run.
  await dialog.locator('.dialog-message-detail', { hasText: 'FLUSHDB' }).waitFor({ state: 'visible' });
  await shot('confirm-dialog');
  await pressDialogButton(dialog, 'Cancel');
  // Nothing ran: the cell has no result and the key is still there.
  await page.waitForTimeout(500);
  assert.equal(await flush.locator('.codicon-notebook-state-success').count(), 0, 'the cancelled mitigation shows no result');
  assert.equal(redis(workspace, 'GET', key), 'still-here', 'Cancel must leave Redis untouched');

  await runCell(page, notebook, 'FLUSHDB');
  dialog = modalDialog(page, /Run mitigation "flush-cache"\?/);
  await dialog.waitFor({ state: 'visible' });
  await pressDialogButton(dialog, 'Run');
  await flush.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(redis(workspace, 'EXISTS', key), '0', 'after confirming, FLUSHDB emptied the database');
  await shot('after-run');
});
