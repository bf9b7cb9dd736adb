// `runbook incident declare --from-alert` end to end: each format from a file and from stdin, in a
// workspace with runbooks; the incident's title, severity, detected time and events; overrides,
// the team's alerts.yaml; and bad alerts refused with exit 2, the field named, nothing written.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../support/cli';
import { gitWorkspaces } from '../support/workspaces';
import { IncidentStore } from '../../src/core/incident/store';

const repo = resolve(__dirname, '../..');
const fixtures = join(repo, 'test/fixtures/alerts');
const workspaces = gitWorkspaces('alerts-cli-');
after(workspaces.cleanup);

const CRASH_LOOPING = `---
title: Pod crash looping
services: [payments]
severity: P3
tags: [kubernetes]
params:
  pod-name:
    description: The pod that restarts
    label: pod
---

# Pod crash looping

\`\`\`sh {"name":"logs"}
kubectl -n <namespace> logs <pod-name> --previous --tail=200
\`\`\`

\`\`\`sh {"name":"rollback"}
kubectl -n <namespace> rollout undo deployment/<deployment>
\`\`\`
`;

function workspace(files: Record<string, string> = {}): string {
  const dir = workspaces.make();
  const all = { 'runbooks/kube-pod-crash-looping.runbook.md': CRASH_LOOPING, 'runbooks/db/pool.runbook.md': '---\nalerts: [PgBouncerPoolExhausted]\n---\n# Pool\n', ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const run = (cwd: string, ...args: string[]) => runCli(['incident', ...args], cwd, process.env);

/** The real process, the alert on its standard input. */
function runWithStdin(dir: string, input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'incident', 'declare', '--from-alert', '-', '--workspace', dir, ...args], { cwd: repo, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Expected {
  fixture: string;
  format: string;
  title: string;
  severity: string;
  detectedAt?: string;
  matchedBy: string;
}

const FORMATS: Expected[] = [
  { fixture: 'alertmanager-webhook.json', format: 'alertmanager-webhook', title: 'Pod payments/api-7f9c is crash looping', severity: 'P1', detectedAt: '2024-05-01T10:22:31.123Z', matchedBy: 'runbook_url' },
  { fixture: 'alertmanager-v2-alerts.json', format: 'alertmanager', title: 'Pod payments/api-7f9c is crash looping', severity: 'P2', detectedAt: '2024-05-01T10:22:31.123Z', matchedBy: 'runbook_url' },
  { fixture: 'prometheus-alerts.json', format: 'prometheus', title: 'Pod payments/api-7f9c is crash looping', severity: 'P3', detectedAt: '2024-05-01T10:07:31.123Z', matchedBy: 'alertname' },
  { fixture: 'grafana-webhook.json', format: 'grafana', title: 'api-7f9c is crash looping', severity: 'P1', detectedAt: '2024-05-01T10:22:30.000Z', matchedBy: 'runbook_url' },
  { fixture: 'grafana-legacy.json', format: 'grafana-legacy', title: 'Pod api-7f9c in payments restarted 6 times in 10 minutes.', severity: 'P2', matchedBy: 'alertname' },
];

/** The one incident in the workspace, checked against what the format should give. */
function checkIncident(dir: string, e: Expected): void {
  const all = new IncidentStore(dir).list();
  assert.equal(all.length, 1);
  const { state, problems } = all[0];
  assert.deepEqual(problems, []);
  assert.equal(state.title, e.title);
  assert.equal(state.severity, e.severity);
  assert.equal(state.detectedAt, e.detectedAt);
  assert.equal(state.commander, 'Ada Lovelace');
  assert.deepEqual(state.tags, ['kubernetes'], "the runbook's tags");
  assert.deepEqual(state.events.map((ev) => ev.type), ['declared', 'alert_received', 'params_set']);
  const [alert] = state.alerts;
  assert.equal(alert.format, e.format);
  assert.equal(alert.alertname, 'KubePodCrashLooping');
  assert.equal(alert.status, 'firing');
  assert.equal(alert.labels.namespace, 'payments');
  assert.equal(alert.labels.pod, 'api-7f9c');
  assert.equal(alert.startsAt, e.detectedAt);
  assert.equal(alert.runbook, 'runbooks/kube-pod-crash-looping.runbook.md');
  assert.equal(alert.matchedBy, e.matchedBy);
  assert.deepEqual(Object.fromEntries(Object.entries(state.params).map(([k, v]) => [k, `${v.value} (${v.source})`])), { namespace: 'payments (alert)', 'pod-name': 'api-7f9c (alert)' });
}

describe('runbook incident declare --from-alert FILE', () => {
  for (const e of FORMATS) {
    test(`${e.fixture}: declared with the alert's title, severity and start; the alert and parameters on the timeline`, async () => {
      const dir = workspace();
      const r = await run(dir, 'declare', '--from-alert', join(fixtures, e.fixture), '--json');
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.severity, e.severity);
      assert.equal(out.runbook, 'runbooks/kube-pod-crash-looping.runbook.md');
      assert.equal(out.matchedBy, e.matchedBy);
      assert.deepEqual(out.params, { namespace: 'payments', 'pod-name': 'api-7f9c' });
      assert.deepEqual(out.missingParams, ['deployment']);
      assert.equal(out.next, `runbook run runbooks/kube-pod-crash-looping.runbook.md --incident ${out.incident}`);
      checkIncident(dir, e);
      const status = JSON.parse((await run(dir, 'status', '--json')).stdout);
      assert.equal(status.detectedAt, e.detectedAt);
      assert.equal(status.alerts[0].alertname, 'KubePodCrashLooping');
    });
  }

  test('the text report: the incident, the alert, the severity and why, the runbook and how, the parameters, the next command', async () => {
    const dir = workspace();
    const r = await run(dir, 'declare', '--from-alert', join(fixtures, 'alertmanager-webhook.json'));
    assert.equal(r.code, 0, r.stderr);
    const id = new IncidentStore(dir).list()[0].state.id;
    assert.match(r.stdout, new RegExp(`^declared ${id} \\(P1, commander Ada Lovelace\\)$`, 'm'));
    assert.match(r.stdout, /^alert {5}KubePodCrashLooping \(firing since 2024-05-01T10:22:31\.123Z\), from an Alertmanager webhook payload: alert 2 of 2, the first not resolved$/m);
    assert.match(r.stdout, /^severity {2}P1: label severity=critical → P1 \(default mapping\)$/m);
    assert.match(r.stdout, /^runbook {3}runbooks\/kube-pod-crash-looping\.runbook\.md \(found by the alert's runbook_url\)$/m);
    // In the runbook's order (declared parameters first), each with the label it came from when that has another name.
    assert.match(r.stdout, /^params {4}(pod-name=api-7f9c \(label pod\), namespace=payments|namespace=payments, pod-name=api-7f9c \(label pod\))$/m);
    assert.match(r.stdout, /^missing {3}deployment \(not in the alert's labels\)$/m);
    assert.match(r.stdout, new RegExp(`^next: runbook run runbooks/kube-pod-crash-looping\\.runbook\\.md --incident ${id}$`, 'm'));

    const status = await run(dir, 'status');
    assert.match(status.stdout, /^detected {3}2024-05-01T10:22:31\.123Z \(\d+d \d+h before it was declared\)$/m);
    assert.match(status.stdout, /^alert {6}KubePodCrashLooping \(firing\) container=api .*namespace=payments pod=api-7f9c .*, runbook runbooks\/kube-pod-crash-looping\.runbook\.md$/m);
    assert.match(status.stdout, /^params {5}(namespace=payments, pod-name=api-7f9c|pod-name=api-7f9c, namespace=payments)$/m);
  });

  test('from another folder: the next command names the runbook from there, and the workspace', async () => {
    const dir = workspace();
    const r = await runCli(['incident', 'declare', '--from-alert', join(fixtures, 'grafana-webhook.json'), '--workspace', dir, '--json'], join(dir, 'runbooks'), process.env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.next, `runbook run kube-pod-crash-looping.runbook.md --incident ${out.incident} --workspace ..`);
  });

  test('--title, --severity, --commander and --tag win over the alert', async () => {
    const dir = workspace();
    const r = await run(dir, 'declare', '--from-alert', join(fixtures, 'alertmanager-webhook.json'), '--title', 'Checkout failing', '--severity', 'p0', '--commander', 'Grace', '--tag', 'customer-facing', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).severityReason, 'given (--severity)');
    const { state } = new IncidentStore(dir).list()[0];
    assert.deepEqual([state.title, state.severity, state.commander, state.tags], ['Checkout failing', 'P0', 'Grace', ['kubernetes', 'customer-facing']]);
    assert.equal(state.detectedAt, '2024-05-01T10:22:31.123Z');
  });

  test(".runbooks/alerts.yaml maps the severity and the labels; a bad one warns and the defaults apply", async () => {
    const dir = workspace({ '.runbooks/alerts.yaml': 'severity:\n  critical: P0\nlabels:\n  deployment: container\n' });
    const r = await run(dir, 'declare', '--from-alert', join(fixtures, 'alertmanager-webhook.json'), '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.severity, 'P0');
    assert.equal(out.severityReason, 'label severity=critical → P0 (.runbooks/alerts.yaml)');
    assert.deepEqual(out.params, { namespace: 'payments', 'pod-name': 'api-7f9c', deployment: 'api' });
    assert.deepEqual(out.missingParams, []);

    const bad = workspace({ '.runbooks/alerts.yaml': 'severity:\n  critical: urgent\n' });
    const b = await run(bad, 'declare', '--from-alert', join(fixtures, 'alertmanager-webhook.json'), '--json');
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stderr, /^warning: \.runbooks\/alerts\.yaml: severity\.critical: must be one of P0, P1, P2, P3; using the defaults$/m);
    assert.equal(JSON.parse(b.stdout).severity, 'P1');
  });

  test('no runbook fits: declared all the same, with what was tried', async () => {
    const dir = workspace();
    const alert = join(dir, 'alert.json');
    writeFileSync(alert, JSON.stringify({ labels: { alertname: 'DiskFull', severity: 'warning', instance: 'db-1' }, startsAt: '2024-05-01T09:00:00Z' }));
    const r = await run(dir, 'declare', '--from-alert', 'alert.json');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^runbook {3}no runbook found for DiskFull: none of the workspace's 2 runbooks fits; tried$/m);
    assert.match(r.stdout, /^ {10}- file name: no disk-full\.runbook\.md or DiskFull\.runbook\.md/m);
    assert.match(r.stdout, /^next: runbook incident status --incident \S+$/m);
    const { state } = new IncidentStore(dir).list()[0];
    assert.equal(state.title, 'DiskFull: db-1');
    assert.deepEqual(state.events.map((e) => e.type), ['declared', 'alert_received']);
  });

  test('a runbook found by its frontmatter alerts: list', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ labels: { alertname: 'PgBouncerPoolExhausted' } }));
    const out = JSON.parse((await run(dir, 'declare', '--from-alert', 'a.json', '--json')).stdout);
    assert.deepEqual([out.runbook, out.matchedBy], ['runbooks/db/pool.runbook.md', 'frontmatter-alerts']);
  });
});

describe('runbook incident declare --from-alert - (stdin)', () => {
  for (const e of FORMATS) {
    test(`${e.fixture} on stdin`, () => {
      const dir = workspace();
      const r = runWithStdin(dir, readFileSync(join(fixtures, e.fixture), 'utf8'));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^declared \S+ \(P\d, commander Ada Lovelace\)$/m);
      checkIncident(dir, e);
    });
  }
});

describe('bad alerts: exit 2, the field named, nothing written', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['no alertname', '{"version":"4","alerts":[{"status":"firing","labels":{"pod":"api-7f9c"}}]}', /alerts\[0\]\.labels\.alertname: missing \(read as an Alertmanager webhook payload\)/],
    ['not JSON', '{\n  "alerts": [\n    oops\n  ]\n}', /not JSON: Unexpected token 'o' at line 3 column 5/],
    ['a bad start time', '{"labels":{"alertname":"A"},"startsAt":"yesterday"}', /startsAt: not a timestamp: 'yesterday'/],
    ['a label that is a map', '{"labels":{"alertname":"A","pod":{"name":"x"}}}', /labels\.pod: must be text, got an object/],
    ['only resolved alerts', '{"alerts":[{"status":"resolved","labels":{"alertname":"A"},"endsAt":"2024-05-01T10:00:00Z"}]}', /A is resolved \(since 2024-05-01T10:00:00\.000Z\): no incident declared/],
  ];
  for (const [what, text, message] of cases) {
    test(`${what}, from a file`, async () => {
      const dir = workspace();
      writeFileSync(join(dir, 'alert.json'), text);
      const r = await run(dir, 'declare', '--from-alert', 'alert.json');
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, new RegExp(`^runbook incident: alert\\.json: ${message.source}`));
      assert.equal(r.stdout, '');
      assert.ok(!existsSync(join(dir, 'incidents')), 'nothing written');
    });
  }

  test('from stdin, the field named after "stdin"', () => {
    const dir = workspace();
    const r = runWithStdin(dir, '{"alerts":[{"labels":{}}]}');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^runbook incident: stdin: alerts\[0\]\.labels\.alertname: missing/);
    assert.ok(!existsSync(join(dir, 'incidents')));
  });

  test('over 1 MB on stdin is refused by its size', () => {
    const dir = workspace();
    const r = runWithStdin(dir, JSON.stringify({ labels: { alertname: 'A' }, annotations: { d: 'x'.repeat(1100 * 1024) } }));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^runbook incident: stdin: the alert is over 1 MB; at most 1 MB is read/);
  });

  test('a missing file, a bad --severity, --from-alert on another subcommand', async () => {
    const dir = workspace();
    const missing = await run(dir, 'declare', '--from-alert', 'nope.json');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nope\.json: no such file/);
    const severity = await run(dir, 'declare', '--from-alert', join(fixtures, 'grafana-webhook.json'), '--severity', 'urgent');
    assert.equal(severity.code, 2);
    assert.match(severity.stderr, /unknown severity 'urgent'/);
    const other = await run(dir, 'note', 'x', '--from-alert', 'a.json');
    assert.equal(other.code, 2);
    assert.match(other.stderr, /--from-alert goes with declare/);
    assert.ok(!existsSync(join(dir, 'incidents')));
  });

  test('a secret in the alert is masked in the output and on the timeline', async () => {
    const dir = workspace();
    const token = 'sk_live_4f9a8b7c6d5e4f3a2b1c';
    writeFileSync(join(dir, 'alert.json'), JSON.stringify({ labels: { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'api-7f9c' }, annotations: { summary: `key ${token} rejected` } }));
    const r = await runCli(['incident', 'declare', '--from-alert', 'alert.json', '--json'], dir, { ...process.env, STRIPE_SECRET_KEY: token });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(token), r.stdout);
    const id = new IncidentStore(dir).list()[0].state.id;
    assert.ok(!readFileSync(new IncidentStore(dir).timelinePath(id), 'utf8').includes(token));
  });
});
