import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldIncident } from '../../src/core/incident/state';
import { makeEvent } from '../../src/core/incident/timeline';
import type { IncidentEvent, NewEvent } from '../../src/core/incident/events';

const T0 = Date.parse('2024-05-03T10:00:00.000Z');
/** Builds a timeline one minute per event, as the store would write it. */
function timeline(...events: Array<NewEvent & { actor?: string }>): IncidentEvent[] {
  return events.map((e, i) => makeEvent(e, e.actor ?? 'alice', new Date(T0 + i * 60_000)));
}
const declared: NewEvent = { type: 'declared', data: { title: 'Payments: 502s on /checkout', severity: 'P1', commander: 'alice' } };

describe('foldIncident', () => {
  test('declared sets identity, severity, commander, status and the Slack channel', () => {
    const s = foldIncident(timeline(declared));
    assert.equal(s.id, '2024-05-03-payments-502s-on-checkout');
    assert.equal(s.slug, 'payments-502s-on-checkout');
    assert.equal(s.title, 'Payments: 502s on /checkout');
    assert.equal(s.severity, 'P1');
    assert.equal(s.status, 'investigating');
    assert.equal(s.commander, 'alice');
    assert.equal(s.declaredAt, '2024-05-03T10:00:00.000Z');
    assert.equal(s.declaredBy, 'alice');
    assert.equal(s.slackChannel, '#incident-20240503-payments-502s-on-checkout');
    assert.equal(s.resolvedAt, undefined);
    assert.equal(s.respondedAt, undefined);
    assert.deepEqual(s.problems, []);
    assert.equal(s.statusHistory.length, 1);
    assert.equal(s.severityHistory[0].to, 'P1');
  });

  test('the folder id given by the store wins over the derived one', () => {
    assert.equal(foldIncident(timeline(declared), '2024-05-03-payments-2').id, '2024-05-03-payments-2');
  });

  test('severity_changed records from/to and ignores a no-op', () => {
    const s = foldIncident(
      timeline(declared, { type: 'severity_changed', data: { severity: 'P0', reason: 'data loss' } }, { type: 'severity_changed', data: { severity: 'P0' } }),
    );
    assert.equal(s.severity, 'P0');
    assert.equal(s.severityHistory.length, 2);
    assert.deepEqual([s.severityHistory[1].from, s.severityHistory[1].to, s.severityHistory[1].reason], ['P1', 'P0', 'data loss']);
  });

  test('status_changed walks the lifecycle, resolve sets resolvedAt, reopen clears it', () => {
    const s = foldIncident(
      timeline(
        declared,
        { type: 'status_changed', data: { status: 'identified' } },
        { type: 'status_changed', data: { status: 'monitoring' } },
        { type: 'status_changed', data: { status: 'resolved' } },
      ),
    );
    assert.equal(s.status, 'resolved');
    assert.equal(s.resolvedAt, '2024-05-03T10:03:00.000Z');
    assert.deepEqual(
      s.statusHistory.map((t) => t.to),
      ['investigating', 'identified', 'monitoring', 'resolved'],
    );
    const reopen = makeEvent({ type: 'status_changed', data: { status: 'investigating', reason: 'errors are back' } }, 'bob', new Date(T0 + 10 * 60_000));
    const reopened = foldIncident([...s.events, reopen]);
    assert.equal(reopened.status, 'investigating');
    assert.equal(reopened.resolvedAt, undefined);
    assert.equal(reopened.reopenCount, 1);
    assert.equal(reopened.statusHistory.at(-1)?.reason, 'errors are back');
  });

  test('commander_assigned keeps a history', () => {
    const s = foldIncident(timeline(declared, { type: 'commander_assigned', data: { commander: 'bob' } }));
    assert.equal(s.commander, 'bob');
    assert.deepEqual(s.commanderHistory.map((c) => [c.from, c.to]), [[undefined, 'alice'], ['alice', 'bob']]);
  });

  test('note_added keeps kind, owner and due; the kind defaults to note', () => {
    const s = foldIncident(
      timeline(
        declared,
        { type: 'note_added', data: { text: 'pool at 100/100' } },
        { type: 'note_added', data: { text: 'a deploy at 09:55 raised the timeout', kind: 'finding' } },
        { type: 'note_added', data: { text: 'alert on pool saturation', kind: 'action', owner: 'bob', due: '2024-05-10' } },
      ),
    );
    assert.deepEqual(
      s.notes.map((n) => [n.kind, n.text, n.owner, n.due]),
      [
        ['note', 'pool at 100/100', undefined, undefined],
        ['finding', 'a deploy at 09:55 raised the timeout', undefined, undefined],
        ['action', 'alert on pool saturation', 'bob', '2024-05-10'],
      ],
    );
    assert.equal(s.notes[0].actor, 'alice');
    assert.equal(s.respondedAt, '2024-05-03T10:01:00.000Z');
  });

  test('checklist_toggled ticks and unticks items of the severity checklist', () => {
    const s = foldIncident(
      timeline(
        declared,
        { type: 'checklist_toggled', data: { item: 'assess.verify', done: true } },
        { type: 'checklist_toggled', data: { item: 'comm.channel', done: true }, actor: 'bob' },
        { type: 'checklist_toggled', data: { item: 'comm.channel', done: false } },
      ),
    );
    const byId = new Map(s.checklist.map((c) => [c.id, c]));
    assert.equal(byId.get('assess.verify')?.done, true);
    assert.equal(byId.get('comm.channel')?.done, false);
    assert.equal(byId.get('comm.channel')?.toggled?.actor, 'alice');
    assert.equal(byId.get('comm.statuspage')?.done, false, 'P1 includes the status page step');
    assert.ok(!byId.has('security.isolate'), 'not tagged security');
    assert.ok(!byId.has('comm.ticket'), 'ticket is P3 only');
  });

  test('a ticked item that no longer applies is kept, marked as not applying', () => {
    const s = foldIncident(
      timeline(declared, { type: 'checklist_toggled', data: { item: 'comm.statuspage', done: true } }, { type: 'severity_changed', data: { severity: 'P3' } }),
    );
    const item = s.checklist.find((c) => c.id === 'comm.statuspage');
    assert.equal(item?.done, true);
    assert.equal(item?.applies, false);
    assert.ok(s.checklist.some((c) => c.id === 'comm.ticket' && c.applies));
  });

  test('the security tag (at declaration or later) adds the immediate actions', () => {
    const tagged = foldIncident(timeline({ type: 'declared', data: { title: 'Leaked key', severity: 'P0', tags: ['Security'] } }));
    assert.deepEqual(tagged.tags, ['security']);
    assert.equal(tagged.checklist.filter((c) => c.phase === 'security').length, 7);
    const later = foldIncident(timeline(declared, { type: 'tags_changed', data: { tags: ['security', 'payments'] } }));
    assert.deepEqual(later.tags, ['security', 'payments']);
    assert.ok(later.checklist.some((c) => c.id === 'security.evidence'));
  });

  test('cell_run keeps the whole record', () => {
    const run = {
      runbook: 'runbooks/db-pool.runbook.md',
      cellIndex: 3,
      cellName: 'active-connections',
      executor: 'sql',
      classification: 'read',
      command: 'SELECT count(*) FROM pg_stat_activity',
      status: 'succeeded',
      exitCode: 0,
      durationMs: 42,
      outputExcerpt: 'count\n-----\n97',
    };
    const s = foldIncident(timeline(declared, { type: 'cell_run', data: run }));
    assert.equal(s.cellRuns.length, 1);
    assert.deepEqual({ ...s.cellRuns[0], eventId: undefined, ts: undefined, actor: undefined }, { ...run, eventId: undefined, ts: undefined, actor: undefined });
    assert.equal(s.cellRuns[0].ts, '2024-05-03T10:01:00.000Z');
    assert.equal(s.respondedAt, '2024-05-03T10:01:00.000Z');
  });

  test('health_changed keeps the latest reading per check', () => {
    const s = foldIncident(
      timeline(
        declared,
        { type: 'health_changed', data: { check: 'database', status: 'down', detail: 'ECONNREFUSED' } },
        { type: 'health_changed', data: { check: 'redis', status: 'ok', latencyMs: 2 } },
        { type: 'health_changed', data: { check: 'database', status: 'ok', latencyMs: 5 } },
      ),
    );
    assert.deepEqual(Object.keys(s.health).sort(), ['database', 'redis']);
    assert.equal(s.health.database.status, 'ok');
    assert.equal(s.health.database.ts, '2024-05-03T10:03:00.000Z');
    assert.equal(s.respondedAt, undefined, 'automatic health readings are not a response');
  });

  test('message_generated sets lastUpdateAt; postmortem_generated is listed', () => {
    const s = foldIncident(
      timeline(
        declared,
        { type: 'message_generated', data: { kind: 'status-page', text: 'We are investigating' } },
        { type: 'message_generated', data: { kind: 'slack', template: 'slack-channel' } },
        { type: 'postmortem_generated', data: { path: 'incidents/x/postmortem.md' } },
      ),
    );
    assert.equal(s.messages.length, 2);
    assert.equal(s.lastUpdateAt, '2024-05-03T10:02:00.000Z');
    assert.equal(s.postmortems[0].path, 'incidents/x/postmortem.md');
    assert.equal(s.lastEventAt, '2024-05-03T10:03:00.000Z');
  });

  test('a second declaration is reported and ignored; a timeline without one still folds', () => {
    const twice = foldIncident(timeline(declared, { type: 'declared', data: { title: 'Other', severity: 'P3' } }));
    assert.equal(twice.title, 'Payments: 502s on /checkout');
    assert.equal(twice.problems.length, 1);
    const none = foldIncident(timeline({ type: 'note_added', data: { text: 'orphan' } }), '2024-05-03-orphan');
    assert.equal(none.id, '2024-05-03-orphan');
    assert.equal(none.notes.length, 1);
    assert.match(none.problems[0], /no 'declared' event/);
  });

  test('the event list is kept in file order', () => {
    const events = timeline(declared, { type: 'note_added', data: { text: 'x' } });
    assert.equal(foldIncident(events).events, events);
  });
});

describe('makeEvent', () => {
  test('bad input is refused with a message naming the field', () => {
    assert.throws(() => makeEvent({ type: 'severity_changed', data: { severity: 'P9' as 'P0' } }, 'alice'), /severity/);
    assert.throws(() => makeEvent({ type: 'note_added', data: { text: '  ' } }, 'alice'), /text/);
    assert.throws(() => makeEvent({ type: 'note_added', data: { text: 'x', kind: 'action', due: 'next tuesday' } }, 'alice'), /due/);
  });
});

describe('repeated events (a line duplicated by a git merge)', () => {
  test('an event whose id was already seen is skipped once and reported', () => {
    const [d, note, status] = timeline(declared, { type: 'note_added', data: { text: 'cache cold' } }, { type: 'status_changed', data: { status: 'identified' } });
    const s = foldIncident([d, note, status, note, d]);
    assert.deepEqual(s.events.map((e) => e.id), [d.id, note.id, status.id]);
    assert.equal(s.notes.length, 1);
    assert.equal(s.statusHistory.length, 2);
    assert.equal(s.problems.length, 2);
    for (const p of s.problems) assert.match(p, /repeated event .*ignored/);
    assert.ok(s.problems[0].includes(note.id) && s.problems[1].includes(d.id));
  });

  test('a timeline without repeats keeps its events array as given', () => {
    const events = timeline(declared, { type: 'note_added', data: { text: 'x' } });
    const s = foldIncident(events);
    assert.equal(s.events, events);
    assert.deepEqual(s.problems, []);
  });
});
