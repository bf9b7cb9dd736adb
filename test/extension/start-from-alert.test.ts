// From an alert to the first answer, in a real extension host: "Start from Alert" with an
// Alertmanager payload declares the incident at the alert's start, opens the runbook the alert
// names with its labels as parameters (a cell runs with them, nothing asked), shows them in the
// Incident view; the `vscode://…/alert?…` link asks first and runs nothing; bad input is named.
// (Named to run after incident*.test.ts: an incident started here becomes the window's chosen
// active incident, and those tests expect the newest open one to be active.)
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension';
import type { RunReport } from '../../src/core/exec/engine';

const EXTENSION = 'incident-runbooks.incident-runbooks';

const RUNBOOK = `---
title: Alert test pod crash looping
alerts: [AlertTestCrashLooping]
params:
  namespace: The namespace
  pod: The pod
---

# Alert test pod crash looping

\`\`\`sh {name=where}
echo "checking pod" <pod> "in" <namespace>
\`\`\`
`;

const STARTS_AT = new Date(Date.now() - 7 * 60_000).toISOString().replace(/\.\d+Z$/, '.000Z');

function payload(alertname = 'AlertTestCrashLooping', pod = 'api-7f9c'): string {
  // Pretty-printed, as Alertmanager's webhook sends it and a person copies it.
  return JSON.stringify(
    {
      receiver: 'oncall',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname, namespace: 'payments', pod, container: 'api', severity: 'critical' },
          annotations: { summary: `Pod payments/${pod} is crash looping` },
          startsAt: STARTS_AT,
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.local/graph?g0.expr=x',
          fingerprint: 'c0ffee',
        },
      ],
      groupLabels: { alertname },
      commonLabels: { alertname },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.local',
      version: '4',
      groupKey: '{}:{alertname="x"}',
    },
    null,
    2,
  );
}

interface Started {
  incidentId: string;
  runbook?: string;
  matchedBy?: string;
  params: Record<string, string>;
}

function timeline(root: string, id: string): Array<{ type: string; data: Record<string, unknown> }> {
  return readFileSync(join(root, 'incidents', id, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

/** Replaces a `vscode.window` function for the length of `fn`. */
async function stubbing<K extends keyof typeof vscode.window, T>(name: K, fake: unknown, fn: () => Promise<T>): Promise<T> {
  const original = vscode.window[name];
  (vscode.window as Record<string, unknown>)[name] = fake;
  try {
    return await fn();
  } finally {
    (vscode.window as Record<string, unknown>)[name] = original;
  }
}

suite('Start from Alert in the extension host', () => {
  let hooks: TestHooks;
  let root: string;

  suiteSetup(async () => {
    hooks = (await vscode.extensions.getExtension(EXTENSION)!.activate()) as TestHooks;
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    mkdirSync(join(root, 'alert-test'), { recursive: true });
    writeFileSync(join(root, 'alert-test', 'alert-test-pod.runbook.md'), RUNBOOK);
  });

  teardown(() => hooks.usePrompter(undefined));

  test('an Alertmanager payload declares the incident at the alert start, opens its runbook with the labels as parameters, and a cell runs with them', async () => {
    const started = (await vscode.commands.executeCommand('incidentRunbooks.startFromAlert', payload())) as Started | undefined;
    assert.ok(started, 'the command returns what it did');
    assert.equal(started.runbook, join('alert-test', 'alert-test-pod.runbook.md'));
    assert.deepEqual(started.params, { namespace: 'payments', pod: 'api-7f9c' });

    const events = timeline(root, started.incidentId);
    assert.equal(events[0].type, 'declared');
    assert.equal(events[0].data.detectedAt, STARTS_AT, 'detected when the alert started');
    assert.equal(events[0].data.severity, 'P1', 'critical → P1');
    assert.deepEqual(events.map((e) => e.type).slice(0, 3), ['declared', 'alert_received', 'params_set']);
    assert.deepEqual(events[2].data, { params: { namespace: 'payments', pod: 'api-7f9c' }, source: 'alert' });

    const editor = vscode.window.activeNotebookEditor;
    assert.ok(editor, 'a notebook is open');
    assert.equal(editor.notebook.uri.fsPath, join(root, 'alert-test', 'alert-test-pod.runbook.md'));

    // The controller knows the parameters: the cell runs with them and nobody is asked.
    assert.deepEqual(hooks.knownParameters(editor.notebook), { namespace: 'payments', pod: 'api-7f9c' });
    hooks.usePrompter({
      askVariable: async (r) => assert.fail(`asked for ${r.name}`),
      askParameter: async (r) => assert.fail(`asked for the parameter ${r.name}`),
      confirm: async () => assert.fail('asked to confirm'),
    });
    await vscode.commands.executeCommand('notebook.selectKernel', { id: 'incident-runbook-controller', extension: EXTENSION });
    const finished = new Promise<RunReport>((resolve) => {
      const sub = hooks.onDidFinishRun((r) => (sub.dispose(), resolve(r)));
    });
    await vscode.commands.executeCommand('incidentRunbooks.runDiagnostics');
    const report = await finished;
    assert.deepEqual(report.outcomes.map((o) => o.status), ['ok'], JSON.stringify(report.outcomes.map((o) => o.reason)));
    const cell = editor.notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code && c.document.getText().includes('checking pod'))!;
    const text = cell.outputs.flatMap((o) => o.items.map((i) => new TextDecoder().decode(i.data))).join('');
    assert.match(text, /checking pod api-7f9c in payments/);

    // On the timeline: the run with the parameters it used, and its whole output in a log beside it.
    const folder = join(root, 'incidents', started.incidentId);
    const run = await eventually(() => timeline(root, started.incidentId).find((e) => e.type === 'cell_run'));
    assert.deepEqual(run.data.params, { namespace: 'payments', pod: 'api-7f9c' });
    assert.equal(typeof run.data.log, 'string', 'the run names its log');
    assert.ok(existsSync(join(folder, String(run.data.log))), `${run.data.log} is on disk`);
    assert.match(readFileSync(join(folder, String(run.data.log)), 'utf8'), /checking pod api-7f9c in payments/);
  });

  test('the Incident view shows the detection, the alert and the Variables section', async () => {
    await vscode.commands.executeCommand('incidentRunbooks.startFromAlert', payload('AlertTestCrashLooping', 'api-view'));
    const rows = await hooks.incidentViewRows();
    const text = rows.join('\n');
    assert.match(text, /^Detected: \d\d:\d\d \(alert AlertTestCrashLooping\), declared \d\d:\d\d$/m);
    assert.match(text, /^Alert: AlertTestCrashLooping \(firing\) · namespace=payments, pod=api-view/m);
    assert.match(text, /^Variables: 2 parameters, 0 captured$/m);
    assert.match(text, /^ {2}namespace: payments · from the alert$/m);
    assert.match(text, /^ {2}pod: api-view · from the alert$/m);
    assert.match(text, /^Elapsed: \d+m since detected \(\d+m since declared\)$/m);
  });

  test('with no argument it asks, pre-filled from the clipboard on one line', async () => {
    await vscode.env.clipboard.writeText(payload('AlertTestCrashLooping', 'api-clip'));
    let offered: string | undefined;
    const started = await stubbing(
      'showInputBox',
      async (options: vscode.InputBoxOptions) => {
        offered = options.value;
        // What the box says about a broken paste names the field.
        assert.match(String(await options.validateInput?.('{"alerts": [{"labels": {}}]}')), /alertname/);
        return options.value;
      },
      async () => (await vscode.commands.executeCommand('incidentRunbooks.startFromAlert')) as Started | undefined,
    );
    assert.ok(offered && !offered.includes('\n'), 'the payload is offered on one line');
    assert.equal(JSON.parse(offered).alerts[0].labels.pod, 'api-clip');
    assert.deepEqual(started?.params, { namespace: 'payments', pod: 'api-clip' });
  });

  test('bad JSON is named in an error message and nothing is declared', async () => {
    const before = timelineCount(root);
    const shown: string[] = [];
    await stubbing('showErrorMessage', async (m: string) => void shown.push(m), async () => {
      await vscode.commands.executeCommand('incidentRunbooks.startFromAlert', '{"receiver": "x", "alerts": [{"labels": {"namespace": "payments"}}]}');
      await vscode.commands.executeCommand('incidentRunbooks.startFromAlert', '{"alerts": [');
    });
    assert.equal(shown.length, 2, JSON.stringify(shown));
    assert.match(shown[0], /alerts\[0\]\.labels\.alertname: missing/, 'the field is named by its path');
    assert.match(shown[1], /not JSON/i);
    assert.equal(timelineCount(root), before);

    // A link without an alertname says so, and declares nothing either.
    shown.length = 0;
    await stubbing('showErrorMessage', async (m: string) => void shown.push(m), () => hooks.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION}/alert?namespace=payments`)));
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0], /alertname: missing/);
    assert.equal(timelineCount(root), before);
  });

  test('an alert link asks before declaring, opens the runbook with its parameters and runs nothing', async () => {
    const link = vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION}/alert?alertname=AlertTestCrashLooping&namespace=payments&pod=api-link`);
    let ran = 0;
    const sub = hooks.onDidFinishRun(() => ran++);
    try {
      // Declined: nothing happens.
      const before = timelineCount(root);
      await stubbing('showWarningMessage', async () => undefined, () => hooks.handleUri(link));
      assert.equal(timelineCount(root), before);

      const asked: string[] = [];
      await stubbing(
        'showWarningMessage',
        async (message: string, options: vscode.MessageOptions) => {
          asked.push(`${message} ${options?.detail ?? ''} modal=${options?.modal}`);
          return 'Declare';
        },
        () => hooks.handleUri(link),
      );
      assert.equal(asked.length, 1);
      assert.match(asked[0], /AlertTestCrashLooping/);
      assert.match(asked[0], /alert-test-pod\.runbook\.md/);
      assert.match(asked[0], /pod=api-link/);
      assert.match(asked[0], /modal=true/);
      assert.equal(timelineCount(root), before + 1);
      assert.equal(vscode.window.activeNotebookEditor?.notebook.uri.fsPath, join(root, 'alert-test', 'alert-test-pod.runbook.md'));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(ran, 0, 'no cell ran from the link');
    } finally {
      sub.dispose();
    }
  });
});

function timelineCount(root: string): number {
  try {
    return readdirSync(join(root, 'incidents')).length;
  } catch {
    return 0;
  }
}

/** `fn`'s first defined answer within 5 s: the timeline is written after the run's report. */
async function eventually<T>(fn: () => T | undefined): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not within 5 s');
}
