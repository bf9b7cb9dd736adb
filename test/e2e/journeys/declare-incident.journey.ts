import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { journey } from '../journey';
import { answerPrompt, eventually, runCommand } from '../workbench';

journey('declares an incident from the command palette and finds its timeline on disk', async ({ page, workspace }) => {
  await runCommand(page, 'Incident: Declare Incident');
  await answerPrompt(page, /Declare Incident \(1\/4\)/, 'P2');
  await answerPrompt(page, /Declare Incident \(2\/4\)/, 'E2E cache outage');
  await answerPrompt(page, /Declare Incident \(3\/4\)/, 'e2e-commander');
  await answerPrompt(page, /Declare Incident \(4\/4\)/);

  const incidents = join(workspace, 'incidents');
  const folder = await eventually('an incidents/<date>-e2e-cache-outage folder', () =>
    existsSync(incidents) ? readdirSync(incidents).find((d) => /^\d{4}-\d{2}-\d{2}-e2e-cache-outage$/.test(d)) : undefined,
  );
  const timeline = readFileSync(join(incidents, folder, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(timeline.length >= 1, 'the timeline has its first event');
  assert.match(JSON.stringify(timeline[0]), /E2E cache outage/);
  assert.match(JSON.stringify(timeline[0]), /P2/);
  assert.match(JSON.stringify(timeline[0]), /e2e-commander/);
  // The workbench says so too.
  await page.locator('.notifications-toasts', { hasText: 'Declared P2' }).waitFor({ state: 'visible' });
});
