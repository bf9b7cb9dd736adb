// An incident declared from an alert: what is declared (title, severity and why, detected time,
// tags), the alert_received and params_set events after it, and alerts that declare nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertReceivedEvent, alertRunbook, declareFromAlert, planAlertIncident, prepareAlertIncident, type AlertRunbook } from '../../src/core/alerts/declare';
import { parseAlertJson, parseAlertText } from '../../src/core/alerts/parse';
import { AlertInputError, primaryAlert } from '../../src/core/alerts/types';
import { NO_ALERT_SETTINGS } from '../../src/core/alerts/settings';
import { IncidentStore } from '../../src/core/incident/store';
import { Masker } from '../../src/core/secrets/mask';
import { parseRunbook } from '../../src/core/runbook/parse';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/alerts', name), 'utf8');
const NOW = new Date('2024-05-01T10:30:00Z');
const crashLooping = () => primaryAlert(parseAlertText(fixture('alertmanager-webhook.json')));

const RUNBOOK = `---
title: Pod crash looping
severity: P3
tags: [Kubernetes, payments]
params:
  pod-name:
    label: pod
---

# Crash looping

\`\`\`sh
kubectl -n <namespace> logs <pod-name> --previous
kubectl -n <namespace> get deploy <deployment>
\`\`\`
`;

function runbook(): AlertRunbook {
  const doc = parseRunbook(RUNBOOK);
  return alertRunbook({ runbook: { path: 'runbooks/kube-pod-crash-looping.runbook.md', frontmatter: doc.frontmatter }, matchedBy: 'runbook_url' }, doc);
}

describe('planAlertIncident', () => {
  test('title, severity and why, detected time, tags; alert_received then params_set', () => {
    const plan = planAlertIncident({ alert: crashLooping(), runbook: runbook(), settings: NO_ALERT_SETTINGS, now: NOW });
    assert.deepEqual(plan.declare, {
      title: 'Pod payments/api-7f9c is crash looping',
      severity: 'P1',
      tags: ['kubernetes', 'payments'],
      detectedAt: '2024-05-01T10:22:31.123Z',
    });
    assert.equal(plan.severityReason, 'label severity=critical → P1 (default mapping)');
    assert.deepEqual(plan.params, { filled: { namespace: 'payments', 'pod-name': 'api-7f9c' }, from: { namespace: 'namespace', 'pod-name': 'pod' }, missing: ['deployment'] });
    assert.deepEqual(plan.events.map((e) => e.type), ['alert_received', 'params_set']);
    const received = plan.events[0].data as Record<string, unknown>;
    assert.equal(received.format, 'alertmanager-webhook');
    assert.equal(received.alertname, 'KubePodCrashLooping');
    assert.equal(received.status, 'firing');
    assert.equal(received.startsAt, '2024-05-01T10:22:31.123Z');
    assert.equal(received.fingerprint, 'a1f3c9e27b5d8046');
    assert.equal(received.runbook, 'runbooks/kube-pod-crash-looping.runbook.md');
    assert.equal(received.matchedBy, 'runbook_url');
    assert.deepEqual(plan.events[1], { type: 'params_set', data: { params: { namespace: 'payments', 'pod-name': 'api-7f9c' }, source: 'alert' } });
    assert.deepEqual(plan.notes, []);
  });

  test("what a person gives wins; the runbook's severity when the label says nothing", () => {
    const plan = planAlertIncident({ alert: crashLooping(), runbook: runbook(), overrides: { title: 'Checkout down', severity: 'P0', commander: 'Grace', tags: ['security'] }, now: NOW });
    assert.equal(plan.declare.title, 'Checkout down');
    assert.equal(plan.declare.severity, 'P0');
    assert.equal(plan.severityReason, 'given (--severity)');
    assert.equal(plan.declare.commander, 'Grace');
    assert.deepEqual(plan.declare.tags, ['kubernetes', 'payments', 'security']);
    const unlabelled = parseAlertJson({ labels: { alertname: 'KubePodCrashLooping', pod: 'x' } }).alerts[0];
    assert.equal(planAlertIncident({ alert: unlabelled, runbook: runbook(), now: NOW }).declare.severity, 'P3');
  });

  test('no runbook: the alert alone, no params_set; no start time: no detected time', () => {
    const alert = primaryAlert(parseAlertText(fixture('grafana-legacy.json')));
    const plan = planAlertIncident({ alert, now: NOW });
    assert.equal(plan.declare.detectedAt, undefined);
    assert.deepEqual(plan.events.map((e) => e.type), ['alert_received']);
    assert.equal((plan.events[0].data as { runbook?: string }).runbook, undefined);
  });

  test('a start after now (a clock off) is kept on the alert but is not the detected time', () => {
    const alert = parseAlertJson({ labels: { alertname: 'A' }, startsAt: '2024-05-01T11:00:00Z' }).alerts[0];
    const plan = planAlertIncident({ alert, now: NOW });
    assert.equal(plan.declare.detectedAt, undefined);
    assert.match(plan.notes[0], /starts at 2024-05-01T11:00:00\.000Z, after now/);
    assert.equal((plan.events[0].data as { startsAt?: string }).startsAt, '2024-05-01T11:00:00.000Z');
  });

  test('a resolved alert declares nothing, and says so', () => {
    const resolved = parseAlertText(fixture('alertmanager-webhook.json')).alerts[0];
    assert.throws(() => planAlertIncident({ alert: resolved, now: NOW }), (err: Error) => err instanceof AlertInputError && /^KubePodCrashLooping is resolved \(since 2024-05-01T10:12:01\.000Z\): no incident declared/.test(err.message));
  });
});

test('declareFromAlert through a store: declared, then the events; the fold has the alert, params and detected time', () => {
  const root = mkdtempSync(join(tmpdir(), 'alerts-declare-'));
  const store = new IncidentStore(root);
  const plan = planAlertIncident({ alert: crashLooping(), runbook: runbook(), now: NOW });
  const { declared, events } = declareFromAlert({ declare: (input) => store.declare(input, 'ada', NOW), append: (id, e) => store.append(id, e, 'ada', NOW) }, plan);
  assert.equal(declared.state.id, '2024-05-01-pod-payments-api-7f9c-is-crash-looping');
  assert.deepEqual(events.map((e) => e.type), ['alert_received', 'params_set']);
  const { state, problems } = store.read(declared.state.id);
  assert.deepEqual(problems, []);
  assert.equal(state.detectedAt, '2024-05-01T10:22:31.123Z');
  assert.equal(state.severity, 'P1');
  assert.equal(state.alerts.length, 1);
  assert.equal(state.alerts[0].labels.pod, 'api-7f9c');
  assert.deepEqual(Object.fromEntries(Object.entries(state.params).map(([k, v]) => [k, [v.value, v.source]])), { namespace: ['payments', 'alert'], 'pod-name': ['api-7f9c', 'alert'] });
});

test('a secret in a label or annotation is masked on the timeline', () => {
  const root = mkdtempSync(join(tmpdir(), 'alerts-declare-mask-'));
  const token = 'hunter2-very-secret-token';
  const store = new IncidentStore(root, undefined, { masker: Masker.forVariables({ API_TOKEN: token }) });
  const alert = parseAlertJson({ labels: { alertname: 'Leak', token }, annotations: { summary: `token ${token} leaked` } }).alerts[0];
  const { declared } = declareFromAlert({ declare: (i) => store.declare(i, 'ada', NOW), append: (id, e) => store.append(id, e, 'ada', NOW) }, planAlertIncident({ alert, now: NOW }));
  const text = readFileSync(store.timelinePath(declared.state.id), 'utf8');
  assert.ok(!text.includes(token), text);
});

test('alertReceivedEvent: for an alert that fires again on an open incident', () => {
  const event = alertReceivedEvent(parseAlertJson({ labels: { alertname: 'A' } }).alerts[0]);
  assert.deepEqual(event, { type: 'alert_received', data: { format: 'alertmanager', alertname: 'A', labels: { alertname: 'A' }, annotations: {} } });
});

describe('prepareAlertIncident: everything up to writing', () => {
  const candidates = [{ path: 'runbooks/kube-pod-crash-looping.runbook.md', frontmatter: parseRunbook(RUNBOOK).frontmatter }];

  test('the first firing alert, its runbook, parameters and plan', () => {
    const prepared = prepareAlertIncident({ parsed: parseAlertText(fixture('alertmanager-webhook.json')), candidates, readDocument: () => parseRunbook(RUNBOOK), now: NOW });
    assert.deepEqual([prepared.index, prepared.count], [1, 2]);
    assert.equal(prepared.alert.labels.pod, 'api-7f9c');
    assert.equal(prepared.match.match?.matchedBy, 'runbook_url');
    assert.deepEqual([...(prepared.runbook?.parameters ?? [])].sort(), ['deployment', 'namespace', 'pod-name']);
    assert.deepEqual(prepared.plan.params.missing, ['deployment']);
  });

  test('a runbook that cannot be read: still the runbook, no parameters, and a note why', () => {
    const prepared = prepareAlertIncident({
      parsed: parseAlertText(fixture('grafana-webhook.json')),
      candidates,
      readDocument: () => {
        throw new Error('EACCES: permission denied');
      },
      now: NOW,
    });
    assert.equal(prepared.runbook?.path, 'runbooks/kube-pod-crash-looping.runbook.md');
    assert.deepEqual(prepared.plan.events.map((e) => e.type), ['alert_received']);
    assert.match(prepared.plan.notes[0], /^runbooks\/kube-pod-crash-looping\.runbook\.md cannot be read \(EACCES: permission denied\): its parameters are not filled$/);
  });

  test('no runbook: what was tried; only resolved alerts: refused', () => {
    const none = prepareAlertIncident({ parsed: parseAlertJson({ labels: { alertname: 'Other' } }), candidates, readDocument: () => parseRunbook(RUNBOOK), now: NOW });
    assert.equal(none.match.match, undefined);
    assert.equal(none.match.tried.length, 4);
    const resolved = parseAlertJson({ alerts: [{ status: 'resolved', labels: { alertname: 'A' } }] });
    assert.throws(() => prepareAlertIncident({ parsed: resolved, candidates, readDocument: () => parseRunbook(RUNBOOK) }), AlertInputError);
  });
});
