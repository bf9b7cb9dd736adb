import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { endOfBusinessDaysAfter, formatDue, formatDuration, incidentClock } from '../../src/core/incident/clock';
import { DEFAULT_SEVERITIES, resolveSeverities } from '../../src/core/incident/severities';
import type { IncidentState } from '../../src/core/incident/state';

type ClockInput = Pick<IncidentState, 'severity' | 'status' | 'declaredAt' | 'resolvedAt' | 'respondedAt' | 'lastUpdateAt'>;
const declaredAt = '2024-05-03T10:00:00.000Z'; // a Friday
const at = (minutes: number) => new Date(Date.parse(declaredAt) + minutes * 60_000);
const incident = (over: Partial<ClockInput> = {}): ClockInput => ({ severity: 'P1', status: 'investigating', declaredAt, ...over });

describe('incident clock', () => {
  test('P1: response due after 30 minutes, overdue only without a response', () => {
    const before = incidentClock(incident(), DEFAULT_SEVERITIES, at(29));
    assert.equal(before.responseDueAt.toISOString(), '2024-05-03T10:30:00.000Z');
    assert.equal(before.responseOverdue, false);
    assert.equal(before.elapsedMs, 29 * 60_000);
    const after = incidentClock(incident(), DEFAULT_SEVERITIES, at(31));
    assert.equal(after.responseOverdue, true);
    assert.equal(after.overdue, true);
    const answered = incidentClock(incident({ respondedAt: at(3).toISOString() }), DEFAULT_SEVERITIES, at(31));
    assert.equal(answered.responded, true);
    assert.equal(answered.responseOverdue, false);
  });

  test('P0: five minutes; P2: four hours', () => {
    assert.equal(incidentClock(incident({ severity: 'P0' }), DEFAULT_SEVERITIES, at(6)).responseOverdue, true);
    assert.equal(incidentClock(incident({ severity: 'P0' }), DEFAULT_SEVERITIES, at(4)).responseOverdue, false);
    const p2 = incidentClock(incident({ severity: 'P2' }), DEFAULT_SEVERITIES, at(239));
    assert.equal(p2.responseDueAt.toISOString(), '2024-05-03T14:00:00.000Z');
    assert.equal(p2.responseOverdue, false);
  });

  test('P3: due at the end of the next business day (Friday → Monday)', () => {
    const c = incidentClock(incident({ severity: 'P3' }), DEFAULT_SEVERITIES, at(60 * 24));
    assert.equal(c.responseDueAt.toISOString(), '2024-05-06T23:59:59.999Z');
    assert.equal(c.responseOverdue, false);
    assert.equal(endOfBusinessDaysAfter(new Date('2024-05-06T08:00:00Z'), 1).toISOString(), '2024-05-07T23:59:59.999Z');
    assert.equal(c.nextUpdateDueAt, undefined, 'P3 has no update cadence');
  });

  test('P0/P1 updates every 30 minutes from the last generated message', () => {
    const fresh = incidentClock(incident({ respondedAt: at(1).toISOString() }), DEFAULT_SEVERITIES, at(20));
    assert.equal(fresh.nextUpdateDueAt?.toISOString(), '2024-05-03T10:30:00.000Z');
    assert.equal(fresh.updateOverdue, false);
    const late = incidentClock(incident({ respondedAt: at(1).toISOString() }), DEFAULT_SEVERITIES, at(45));
    assert.equal(late.updateOverdue, true);
    assert.equal(late.overdue, true);
    const updated = incidentClock(incident({ respondedAt: at(1).toISOString(), lastUpdateAt: at(40).toISOString() }), DEFAULT_SEVERITIES, at(45));
    assert.equal(updated.nextUpdateDueAt?.toISOString(), '2024-05-03T11:10:00.000Z');
    assert.equal(updated.overdue, false);
  });

  test('resolved: nothing is due and the elapsed time stops', () => {
    const c = incidentClock(incident({ status: 'resolved', resolvedAt: at(50).toISOString() }), DEFAULT_SEVERITIES, at(500));
    assert.equal(c.elapsedMs, 50 * 60_000);
    assert.equal(c.nextUpdateDueAt, undefined);
    assert.equal(c.overdue, false);
  });

  test('overridden severities drive the clock', () => {
    const { severities, problems } = resolveSeverities({ P1: { responseTarget: { minutes: 15 }, updateEveryMinutes: 60 } });
    assert.deepEqual(problems, []);
    const c = incidentClock(incident(), severities, at(16));
    assert.equal(c.responseOverdue, true);
    assert.equal(c.nextUpdateDueAt?.toISOString(), '2024-05-03T11:00:00.000Z');
  });

  test('formatting for the status bar', () => {
    assert.equal(formatDuration(12 * 60_000 + 59_000), '12m');
    assert.equal(formatDuration(65 * 60_000), '1h 05m');
    assert.equal(formatDuration(27 * 3600_000), '1d 3h');
    assert.equal(formatDue(at(30), at(18)), 'in 12m');
    assert.equal(formatDue(at(30), at(35)), '5m overdue');
  });
});
