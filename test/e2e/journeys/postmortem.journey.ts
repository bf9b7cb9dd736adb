import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { journey } from '../journey';
import { declareIncident, incidentFolder, resolveIncident, timelineEvent } from '../incidentSteps';
import { answerPrompt, editorTab, eventually, openNotebook, runCell, runCommand } from '../workbench';

// Issue 7: "declare, run a cell, add a finding and an action item, resolve, generate the
// post-mortem from the palette, and check the file on disk holds the timeline and the action item".
journey('a post-mortem and a status message written from the incident, from the palette', async ({ page, workspace, shot }) => {
  const title = 'E2E login latency';
  await declareIncident(page, 'P2', title, 'e2e-commander');
  const folder = await incidentFolder(workspace, 'e2e-login-latency');

  const notebook = await openNotebook(page, 'e2e-smoke.runbook.md');
  const cell = await runCell(page, notebook, 'e2e-');
  await cell.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  await timelineEvent(folder, 'a cell_run event', (e) => e.type === 'cell_run');

  await runCommand(page, 'Incident: Add Finding');
  await answerPrompt(page, /Finding for the timeline/, 'Session cache was cold after the deploy');
  await timelineEvent(folder, 'the finding', (e) => e.type === 'note_added' && e.data.kind === 'finding');

  await runCommand(page, 'Incident: Add Action Item');
  await answerPrompt(page, /Action item for the timeline/, 'Warm the session cache before switching traffic');
  await answerPrompt(page, /Owner of the action item/, 'ada');
  await answerPrompt(page, /Due date/, '2026-12-15');
  await timelineEvent(folder, 'the action item', (e) => e.type === 'note_added' && e.data.kind === 'action');

  await resolveIncident(page, title);
  await timelineEvent(folder, 'status_changed to resolved', (e) => e.type === 'status_changed' && e.data.status === 'resolved');

  await runCommand(page, 'Incident: Generate Post-Mortem');
  const postmortems = join(workspace, 'postmortems');
  const file = await eventually('postmortems/<date>-e2e-login-latency.md', () =>
    existsSync(postmortems) ? readdirSync(postmortems).find((f) => /^\d{4}-\d{2}-\d{2}-e2e-login-latency\.md$/.test(f)) : undefined,
  );
  const text = readFileSync(join(postmortems, file), 'utf8');
  assert.match(text, /^# Post-Mortem: E2E login latency/m);
  assert.match(text, /## Timeline \(all times in UTC\)/);
  assert.match(text, /^- \d{2}:\d{2} - Incident declared as P2, e2e-commander as incident commander$/m);
  // The run links to its whole output, relative to the post-mortem's folder.
  const ran = /^- \d{2}:\d{2} - Ran 1 diagnostic cell in e2e-smoke\.runbook\.md \(logs: \[cell \d+\]\(([^)]+\.log)\)\)$/m.exec(text);
  assert.ok(ran, 'the cell run is on the timeline with a link to its log');
  assert.ok(existsSync(join(postmortems, ran[1])), `${ran[1]} is there, relative to the post-mortem`);
  assert.match(text, /^- \d{2}:\d{2} - Finding: Session cache was cold after the deploy$/m);
  assert.match(text, /^- \d{2}:\d{2} - Incident resolved$/m);
  assert.match(text, /^- \[ \] Warm the session cache before switching traffic - Owner: ada - Due: 2026-12-15$/m);
  // It opened in the editor, as a person would expect after running the command.
  await editorTab(page, file).waitFor({ state: 'visible' });
  await page.locator('.editor-instance .view-lines', { hasText: 'Post-Mortem: E2E login latency' }).first().waitFor({ state: 'visible' });
  await shot('postmortem');

  await runCommand(page, 'Incident: Generate Status Message');
  await answerPrompt(page, /Generate Status Message/, 'Resolution notice');
  // It opens beside the post-mortem, in a second editor group.
  await eventually('a second editor group', async () => ((await page.locator('.editor-group-container').count()) >= 2 ? true : undefined));
  await page.locator('.editor-instance .view-lines', { hasText: 'Resolved: E2E login latency' }).first().waitFor({ state: 'visible' });
  await timelineEvent(folder, 'message_generated', (e) => e.type === 'message_generated' && e.data.kind === 'resolution');
  await shot('status-message');
});
