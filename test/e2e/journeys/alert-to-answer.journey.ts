import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { journey } from '../journey';
import { answerPrompt, eventually, modalDialog, openNotebook, outputFrame, pressDialogButton, runCommand, showIncidentView, treeRow } from '../workbench';
import { declareIncident, readTimeline } from '../incidentSteps';
import { PROJECT_ROOT } from '../../harness/codeServer';

// Issue 12, "From the alert to the first answer": an Alertmanager payload pasted into "Incident:
// Start from Alert" opens runbooks/pod-crash-looping.runbook.md with the alert's labels as its
// parameters and declares the incident at the alert's start; "Run Diagnostics" on the message
// puts the first diagnostic's output on screen. The same journey done by hand (open the runbook,
// declare, Run Diagnostics, type the parameters) is timed the same way: both figures go to
// bench/results/journey.json, which `npm run bench` reports. kubectl is the stand-in in
// scripts/demo/bin (first on code-server's PATH in this tier): there is no cluster here.

const STARTS_AT = new Date(Date.now() - 4 * 60_000).toISOString().replace(/\.\d+Z$/, '.000Z');

const PAYLOAD = JSON.stringify(
  {
    receiver: 'oncall-pager',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'api-7f9c', container: 'api', severity: 'warning', job: 'kube-state-metrics' },
        annotations: {
          summary: 'Pod payments/api-7f9c (api) is in waiting state (reason: "CrashLoopBackOff").',
          description: 'Pod payments/api-7f9c (api) is restarting 2.1 times / 10 minutes.',
        },
        startsAt: STARTS_AT,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.local/graph?g0.expr=kube_pod_container_status_waiting_reason',
        fingerprint: '5a2e1f0c9d8b7a6e',
      },
    ],
    groupLabels: { alertname: 'KubePodCrashLooping' },
    commonLabels: { alertname: 'KubePodCrashLooping', namespace: 'payments' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    version: '4',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
  },
  null,
  2,
);

interface Timing {
  ms: number;
  /** Prompts answered and characters typed on the way (the pasted alert counts as none). */
  prompts: number;
  typedChars: number;
  steps: string[];
}

const timings: { alert?: Timing; byHand?: Timing } = {};

/** Writes bench/results/journey.json once both journeys have been timed. */
function saveBench(): void {
  if (!timings.alert || !timings.byHand) return;
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'journey.json');
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), measuredBy: 'test/e2e/journeys/alert-to-answer.journey.ts (code-server + headless Chromium)', ...timings }, null, 2) + '\n');
  process.stdout.write(
    `  bench: alert → first output ${(timings.alert.ms / 1000).toFixed(1)} s (${timings.alert.prompts} prompts, ${timings.alert.typedChars} characters typed); ` +
      `by hand ${(timings.byHand.ms / 1000).toFixed(1)} s (${timings.byHand.prompts} prompts, ${timings.byHand.typedChars} characters typed); ratio ${(timings.alert.ms / timings.byHand.ms).toFixed(2)}× → ${file}\n`,
  );
}

/** The incident folder whose alert names this pod (the title is the alert's summary, whatever it says). */
function alertIncident(workspace: string, pod: string): Promise<string> {
  const incidents = join(workspace, 'incidents');
  return eventually(`an incident for the alert on ${pod}`, () => {
    if (!existsSync(incidents)) return undefined;
    const found = readdirSync(incidents).find((d) => {
      try {
        return readTimeline(join(incidents, d)).some((e) => e.type === 'alert_received' && (e.data.labels as Record<string, string>)?.pod === pod);
      } catch {
        return false;
      }
    });
    return found && join(incidents, found);
  });
}

/** The first diagnostic's output (pod-status: `kubectl get pod …`) on screen, read from the rendered output. */
async function firstOutput(page: Page): Promise<string> {
  const out = outputFrame(page).locator('.output', { hasText: 'CrashLoopBackOff' }).first();
  await out.waitFor({ state: 'visible', timeout: 30_000 });
  return out.innerText();
}

journey('starts from a pasted Alertmanager alert: the runbook opens with its parameters, Run Diagnostics answers', async ({ page, workspace, shot }) => {
  const origin = new URL(page.url()).origin;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  // Copied from the Alertmanager UI or a Slack message, before the timing starts.
  await page.evaluate((text) => navigator.clipboard.writeText(text), PAYLOAD);

  const t0 = Date.now();
  await runCommand(page, 'Incident: Start from Alert');
  const box = page.locator('.quick-input-widget', { hasText: /Paste the alert/ });
  await box.waitFor({ state: 'visible' });
  const input = box.locator('input').first();
  // Pre-filled from the clipboard; a person pastes over it anyway, and that must work too.
  assert.match(await input.inputValue(), /KubePodCrashLooping/, 'the box is pre-filled from the clipboard');
  await input.fill('');
  await input.focus();
  await page.keyboard.press('Control+V');
  const pasted = await input.inputValue();
  assert.match(pasted, /"alertname": "KubePodCrashLooping"/);
  assert.ok(!pasted.includes('\n'), 'the single-line box holds the pasted JSON on one line');
  await page.keyboard.press('Enter');

  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /declared as P2 .* from KubePodCrashLooping/ }).first();
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  const message = await toast.innerText();
  assert.match(message, /pod-crash-looping\.runbook\.md/);
  assert.match(message, /namespace=payments/);
  assert.match(message, /pod=api-7f9c/);
  await shot('declared');
  await toast.locator('.monaco-button', { hasText: 'Run Diagnostics' }).first().click();
  const output = await firstOutput(page);
  timings.alert = { ms: Date.now() - t0, prompts: 1, typedChars: 0, steps: ['F1 "Incident: Start from Alert"', 'paste, Enter', 'click "Run Diagnostics"'] };
  assert.match(output, /api-7f9c/);
  assert.match(output, /namespace payments/, 'the cell ran with the alert\'s labels as its parameters');
  await shot('first-output');

  // On disk: declared at the alert's start, with the alert and the parameters.
  const folder = await alertIncident(workspace, 'api-7f9c');
  const events = readTimeline(folder);
  assert.equal(events[0].data.detectedAt, STARTS_AT);
  assert.deepEqual(events.slice(0, 3).map((e) => e.type), ['declared', 'alert_received', 'params_set']);
  const run = await eventually('a cell_run with a log', () => readTimeline(folder).find((e) => e.type === 'cell_run' && e.data.log));
  assert.ok(existsSync(join(folder, String(run.data.log))), 'the run log is beside the timeline');
  assert.match(readFileSync(join(folder, String(run.data.log)), 'utf8'), /CrashLoopBackOff/);

  // The Incident view says when it was detected and by which alert, and what the variables are.
  const pane = await showIncidentView(page, 'Incident');
  await treeRow(pane, /Detected\s*\d\d:\d\d \(alert KubePodCrashLooping\), declared \d\d:\d\d/).waitFor({ state: 'visible' });
  // The Variables section comes last and the pane is short: the list draws only the rows in view.
  // The view has the focus (Focus on Incident View): End moves to the last row and scrolls to it,
  // again until the section's rows are drawn (the view redraws every second for its clock).
  // Known flake, not of this journey: after the burst of refreshes the run's events cause, VS Code
  // sometimes draws an expanded section with no children (the Checklist's phases too); a person
  // collapses and reopens it, and so does this (Left, Right on the focused Variables row).
  let tries = 0;
  await eventually('the Variables rows in the Incident view', async () => {
    await page.keyboard.press('End');
    if (await treeRow(pane, /pod\s*api-7f9c · from the alert/).isVisible()) return true;
    if (++tries % 3 === 0 && (await treeRow(pane, /^Variables/).isVisible())) {
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowRight');
    }
    return undefined;
  });
  await treeRow(pane, /namespace\s*payments · from the alert/).waitFor({ state: 'visible' });
  await shot('incident-view');

  // The Timeline view opens a run's log on a click.
  const timeline = await showIncidentView(page, 'Timeline');
  await treeRow(timeline, /Ran pod-status \(shell\): ok/).click();
  await page.locator('.tabs-container .tab', { hasText: /\.log/ }).first().waitFor({ state: 'visible' });
  saveBench();
});

journey('the same by hand: open the runbook, declare, Run Diagnostics, type the parameters', async ({ page, shot }) => {
  const answers: Record<string, string> = { namespace: 'payments', pod: 'api-7f9c', container: 'api' };
  let prompts = 0;
  let typedChars = 0;
  const t0 = Date.now();
  await openNotebook(page, 'pod-crash-looping.runbook.md');
  await declareIncident(page, 'P2', 'KubePodCrashLooping payments api-7f9c', 'e2e-oncall');
  prompts += 4;
  typedChars += 'P2'.length + 'KubePodCrashLooping payments api-7f9c'.length + 'e2e-oncall'.length;
  await runCommand(page, 'Incident: Run Diagnostics');
  // The controller asks once for each parameter the first cells need.
  const widget = page.locator('.quick-input-widget:visible');
  const out = outputFrame(page).locator('.output', { hasText: 'CrashLoopBackOff' }).first();
  for (;;) {
    const next = await Promise.race([
      widget.waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'prompt' as const),
      out.waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'output' as const),
    ]);
    if (next === 'output') break;
    // "Cell 1 (pod-status) needs <namespace>": the prompt names the parameter it asks for.
    const text = await widget.innerText();
    const name = /needs <([A-Za-z][\w-]*)>/.exec(text)?.[1];
    if (!name || !(name in answers)) throw new Error(`an unexpected prompt: ${text}`);
    await answerPrompt(page, new RegExp(`needs <${name}>`), answers[name]);
    prompts++;
    typedChars += answers[name].length;
    await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }
  await firstOutput(page);
  timings.byHand = { ms: Date.now() - t0, prompts, typedChars, steps: ['Ctrl+P the runbook', 'F1 "Incident: Declare Incident", 4 prompts', 'F1 "Incident: Run Diagnostics"', 'type each parameter'] };
  await shot('first-output');
  saveBench();
});

journey('opens an alert link through the workbench\'s URL handler: asks first, runs nothing', async ({ page, workspace, shot }) => {
  // code-server cannot receive a `vscode://` link from the operating system (only desktop VS Code
  // registers the scheme); its own route for links is "Developer: Open URL", which hands the link
  // to the extension's URI handler exactly as a desktop link would arrive.
  const link = 'code-oss://incident-runbooks.incident-runbooks/alert?alertname=KubePodCrashLooping&namespace=payments&pod=api-link&container=api&severity=warning';
  await runCommand(page, 'Developer: Open URL');
  await answerPrompt(page, /URL/i, link);
  // The workbench asks once whether the extension may open links.
  const allow = modalDialog(page, /Allow .*Incident Runbooks.* to open/i);
  if (await allow.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) await pressDialogButton(allow, 'Open');
  const confirm = modalDialog(page, /Start an incident from alert KubePodCrashLooping/);
  await confirm.waitFor({ state: 'visible', timeout: 15_000 });
  const said = await confirm.innerText();
  assert.match(said, /pod-crash-looping\.runbook\.md/);
  assert.match(said, /pod=api-link/);
  assert.match(said, /Nothing runs until you press Run Diagnostics/);
  await shot('confirm');
  await pressDialogButton(confirm, 'Declare');
  const folder = await alertIncident(workspace, 'api-link');
  const notebook = page.locator('.notebook-editor').filter({ has: page.locator('.code-cell-row') }).last();
  await notebook.locator('.code-cell-row').first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForTimeout(1_500);
  assert.equal(readTimeline(folder).filter((e) => e.type === 'cell_run').length, 0, 'nothing ran from the link');
  assert.equal(await notebook.locator('.codicon-notebook-state-success, .codicon-notebook-state-error').count(), 0);
  await shot('opened');
});
