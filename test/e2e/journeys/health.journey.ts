import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journey } from '../journey';
import { runCommand, showIncidentView, statusBarItem, treeRow } from '../workbench';
import { startRedis } from '../../support/services';

// Issue 6: "the Health section shows the services, and a stopped Redis turns red". The journey
// starts a Redis of its own (the shared one serves the other journeys) and names it in the
// workspace settings, as a team would.
journey('the Health view shows a Redis check ok, and down once that Redis stops', async ({ page, workspace, shot }) => {
  const redis = await startRedis();
  const settingsDir = join(workspace, '.vscode');
  try {
    mkdirSync(settingsDir, { recursive: true });
    writeFileSync(
      join(settingsDir, 'settings.json'),
      JSON.stringify({ 'incidentRunbooks.health.checks': [{ name: 'E2E Redis', kind: 'redis', connection: redis.url, timeoutMs: 2000 }] }, null, 2),
    );
    const health = await showIncidentView(page, 'Health');
    const check = treeRow(health, 'E2E Redis');
    await check.waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand(page, 'Incident: Refresh Health');
    await check.locator('.codicon-pass').waitFor({ state: 'visible', timeout: 15_000 });
    await treeRow(health, /E2E Redis.*PING/).waitFor({ state: 'visible' });
    await shot('ok');

    await redis.pause();
    await runCommand(page, 'Incident: Refresh Health');
    await check.locator('.codicon-error').waitFor({ state: 'visible', timeout: 15_000 });
    await treeRow(health, /E2E Redis.*(refused|down)/).waitFor({ state: 'visible' });
    // The status bar says something is down, wherever the person is looking.
    await statusBarItem(page, /1 down/).waitFor({ state: 'visible' });
    await shot('down');
  } finally {
    await redis.stop();
    // Back to the default checks for the journeys after this one.
    rmSync(settingsDir, { recursive: true, force: true });
  }
});
