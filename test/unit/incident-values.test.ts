import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldIncident } from '../../src/core/incident/state';
import { makeEvent } from '../../src/core/incident/timeline';
import type { IncidentEvent, NewEvent } from '../../src/core/incident/events';
import { detectionText, impactMs, valueRows } from '../../src/core/incident/values';
import { incidentValues } from '../../src/core/exec/incidentValues';

const T0 = Date.parse('2024-05-03T12:05:00.000Z');
function timeline(...events: NewEvent[]): IncidentEvent[] {
  return events.map((e, i) => makeEvent(e, 'alice', new Date(T0 + i * 60_000)));
}

const state = foldIncident(
  timeline(
    { type: 'declared', data: { title: 'KubePodCrashLooping payments/api-7f9c', severity: 'P1', detectedAt: '2024-05-03T12:03:00Z' } },
    { type: 'alert_received', data: { format: 'alertmanager-webhook', alertname: 'KubePodCrashLooping', labels: { namespace: 'payments' } } },
    { type: 'params_set', data: { params: { namespace: 'payments', pod: 'api-7f9c' }, source: 'alert' } },
    { type: 'params_set', data: { params: { API_TOKEN: 'abc' }, source: 'user' } },
    { type: 'variable_captured', data: { name: 'restarts', value: '14' } },
    { type: 'variable_captured', data: { name: 'session', value: '••••', masked: true } },
  ),
);

describe('incident values', () => {
  test('the Variables rows: parameters with their source, then captures; secret-looking and masked values hidden', () => {
    const rows = valueRows(state).map((r) => `${r.kind} ${r.name}=${r.shown} (${r.source})`);
    assert.deepEqual(rows, [
      'param API_TOKEN=•••• (set by a person)',
      'param namespace=payments (from the alert)',
      'param pod=api-7f9c (from the alert)',
      'variable restarts=14 (captured by a cell)',
      'variable session=•••• (captured by a cell)',
    ]);
  });

  test('a run may use every parameter and the captures that were not masked', () => {
    assert.deepEqual(incidentValues(state), { params: { API_TOKEN: 'abc', namespace: 'payments', pod: 'api-7f9c' }, variables: { restarts: '14' } });
  });

  test('a parameter written masked (its text held a secret) is no value: the cell asks for it instead of getting ••••', () => {
    const masked = foldIncident(timeline(
      { type: 'declared', data: { title: 'Masked label', severity: 'P2' } },
      { type: 'params_set', data: { params: { namespace: 'payments', dsn: 'postgres://app:••••@db/x' }, source: 'alert' } },
    ));
    assert.deepEqual(incidentValues(masked).params, { namespace: 'payments' });
    assert.deepEqual(valueRows(masked).map((r) => [r.name, r.hidden]), [['dsn', true], ['namespace', false]]);
  });

  test('detected and declared, with the alert that detected it', () => {
    assert.equal(detectionText(state, (iso) => iso.slice(11, 16)), 'Detected 12:03 (alert KubePodCrashLooping), declared 12:05');
    assert.equal(detectionText({ ...state, detectedAt: undefined }, (iso) => iso), undefined);
  });

  test('the impact counts from detection when known, else from the declaration', () => {
    const now = new Date(T0 + 10 * 60_000);
    assert.equal(impactMs(state, now), 12 * 60_000);
    assert.equal(impactMs({ ...state, detectedAt: undefined }, now), 10 * 60_000);
  });
});
