import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SEVERITIES, resolveSeverities } from '../../src/core/incident/severities';
import { CHECKLIST, applicableChecklist } from '../../src/core/incident/checklists';
import { slackChannel, slugify } from '../../src/core/incident/naming';

describe('severities', () => {
  test('defaults come from the guide', () => {
    assert.equal(DEFAULT_SEVERITIES.P0.definition, 'Complete service outage or security breach');
    assert.deepEqual(DEFAULT_SEVERITIES.P1.examples.slice(0, 2), ['Authentication failing', 'Payment processing down']);
    assert.deepEqual(DEFAULT_SEVERITIES.P0.responseTarget, { minutes: 5 });
    assert.deepEqual(DEFAULT_SEVERITIES.P2.responseTarget, { minutes: 240 });
    assert.deepEqual(DEFAULT_SEVERITIES.P3.responseTarget, { businessDays: 1 });
    assert.equal(DEFAULT_SEVERITIES.P1.updateEveryMinutes, 30);
    assert.equal(DEFAULT_SEVERITIES.P3.notify, 'Create ticket, no immediate notification');
  });

  test('overrides merge field by field; null removes a cadence', () => {
    const { severities, problems } = resolveSeverities({ P2: { updateEveryMinutes: 120, notify: '#eng' }, P1: { updateEveryMinutes: null } });
    assert.deepEqual(problems, []);
    assert.equal(severities.P2.updateEveryMinutes, 120);
    assert.equal(severities.P2.notify, '#eng');
    assert.equal(severities.P2.definition, DEFAULT_SEVERITIES.P2.definition);
    assert.equal(severities.P1.updateEveryMinutes, undefined);
    assert.equal(DEFAULT_SEVERITIES.P1.updateEveryMinutes, 30, 'defaults are not mutated');
  });

  test('invalid overrides are reported and the defaults kept', () => {
    for (const bad of [{ P1: { responseTarget: { minutes: -5 } } }, { P7: {} }, { P1: { responseTime: 30 } }, 'P1=5']) {
      const { severities, problems } = resolveSeverities(bad);
      assert.equal(problems.length, 1, JSON.stringify(bad));
      assert.match(problems[0], /severity overrides ignored/);
      assert.equal(severities, DEFAULT_SEVERITIES);
    }
  });
});

describe('checklists', () => {
  test('every phase of the guide is present and ids are unique', () => {
    assert.equal(new Set(CHECKLIST.map((c) => c.id)).size, CHECKLIST.length);
    assert.deepEqual([...new Set(CHECKLIST.map((c) => c.phase))], ['assessment', 'communication', 'resolution', 'post-incident', 'security']);
  });

  test('which items apply depends on severity and the security tag', () => {
    const p0 = applicableChecklist('P0', []).map((c) => c.id);
    const p3 = applicableChecklist('P3', []).map((c) => c.id);
    assert.ok(p0.includes('comm.statuspage') && p0.includes('post.postmortem'));
    assert.ok(!p3.includes('comm.statuspage') && !p3.includes('comm.oncall'));
    assert.ok(p3.includes('comm.ticket') && !p0.includes('comm.ticket'));
    assert.equal(applicableChecklist('P3', ['security']).filter((c) => c.phase === 'security').length, 7);
  });
});

describe('naming', () => {
  test('slugs and the Slack channel', () => {
    assert.equal(slugify('Payments: 502s on /checkout!'), 'payments-502s-on-checkout');
    assert.equal(slugify('Café  déjà vu'), 'cafe-deja-vu');
    assert.equal(slugify('!!!'), 'incident');
    assert.ok(slugify('x'.repeat(100)).length <= 40);
    assert.equal(slackChannel('2024-05-03T23:59:00Z', 'db-down'), '#incident-20240503-db-down');
  });
});
