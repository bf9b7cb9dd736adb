import { strict as assert } from 'node:assert';
import { journey } from '../journey';
import { declareIncident, incidentFolder, readTimeline, resolveIncident, timelineEvent } from '../incidentSteps';
import { openNotebook, runCell, showIncidentView, statusBarItem, treeRow } from '../workbench';

// Issue 5: "declare from the palette, see the tree and the status bar, run a runbook cell and see
// it on the timeline, toggle a checklist item, resolve".
journey('an incident from declaration to resolution: views, status bar, timeline, checklist', async ({ page, workspace, shot }) => {
  const title = 'E2E checkout errors';
  await declareIncident(page, 'P1', title, 'e2e-commander');
  const folder = await incidentFolder(workspace, 'e2e-checkout-errors');

  // The Incident view in its own activity-bar container shows the incident's facts…
  const incident = await showIncidentView(page, 'Incident');
  await treeRow(incident, title).waitFor({ state: 'visible' });
  await treeRow(incident, /Severity\s*P1/).waitFor({ state: 'visible' });
  await treeRow(incident, /Status\s*Investigating/).waitFor({ state: 'visible' });
  await treeRow(incident, /Commander\s*e2e-commander/).waitFor({ state: 'visible' });
  // …and the status bar the clock: `P1 · Investigating · 0m …`.
  await statusBarItem(page, /P1 · Investigating · \d+/).waitFor({ state: 'visible' });
  await shot('declared');

  // A cell run in any runbook lands on the timeline, on disk and in the Timeline view.
  const notebook = await openNotebook(page, 'e2e-smoke.runbook.md');
  const cell = await runCell(page, notebook, 'e2e-');
  await cell.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  const run = await timelineEvent(folder, 'a cell_run event', (e) => e.type === 'cell_run');
  assert.equal(run.data.status, 'ok');
  assert.equal(run.data.executor, 'shell');
  assert.match(String(run.data.outputExcerpt), /e2e-42/);
  const timeline = await showIncidentView(page, 'Timeline');
  await treeRow(timeline, /Ran cell \d+ \(shell\): ok/).waitFor({ state: 'visible' });

  // Toggle the first checklist item with its inline action in the Checklist tree.
  const checklist = await showIncidentView(page, 'Checklist');
  const item = checklist.locator('.monaco-list-row[aria-level="2"]').first();
  await item.waitFor({ state: 'visible' });
  const itemText = (await item.locator('.label-name').innerText()).trim();
  await item.hover();
  await item.locator('.actions .action-label[aria-label^="Toggle Checklist Item"]').click();
  const toggled = await timelineEvent(folder, 'a checklist_toggled event', (e) => e.type === 'checklist_toggled');
  assert.equal(toggled.data.done, true);
  await checklist.locator('.monaco-list-row', { hasText: itemText }).locator('.codicon-pass-filled').waitFor({ state: 'visible' });
  await showIncidentView(page, 'Timeline');
  await treeRow(timeline, `Done: ${itemText}`).waitFor({ state: 'visible' });
  await shot('timeline-and-checklist');

  await resolveIncident(page, title);
  await timelineEvent(folder, 'status_changed to resolved', (e) => e.type === 'status_changed' && e.data.status === 'resolved');
  await statusBarItem(page, /P1 · Resolved/).waitFor({ state: 'visible' });
  await showIncidentView(page, 'Incident');
  await treeRow(incident, /Status\s*Resolved/).waitFor({ state: 'visible' });
  await shot('resolved');

  const types = readTimeline(folder).map((e) => e.type);
  for (const t of ['declared', 'cell_run', 'checklist_toggled', 'status_changed']) assert.ok(types.includes(t), `timeline.jsonl has ${t}: ${types.join(', ')}`);
});
