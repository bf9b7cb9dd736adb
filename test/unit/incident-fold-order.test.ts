// Shared timelines arrive in any order and repeated (the network, a `git merge=union`): every
// permutation and duplication of an incident's events must fold to the same state.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldIncident, foldOrder, type IncidentState } from '../../src/core/incident/state';
import { makeEvent } from '../../src/core/incident/timeline';
import type { IncidentEvent, NewEvent } from '../../src/core/incident/events';

/** mulberry32: small, seeded, the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.parse('2024-05-03T10:00:00.000Z');
const ACTORS = ['alice', 'bob', 'carol'];

/** A random incident as three responders would write it: many events share a millisecond (concurrent writers). */
function randomIncident(rand: () => number, n: number): IncidentEvent[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const events = [makeEvent({ type: 'declared', data: { title: 'Checkout errors', severity: 'P2', commander: 'alice', tags: ['payments'] } }, 'alice', new Date(T0))];
  for (let i = 1; i < n; i++) {
    const kinds: NewEvent[] = [
      { type: 'status_changed', data: { status: pick(['investigating', 'identified', 'monitoring', 'resolved'] as const) } },
      { type: 'severity_changed', data: { severity: pick(['P0', 'P1', 'P2', 'P3'] as const) } },
      { type: 'commander_assigned', data: { commander: pick(ACTORS) } },
      { type: 'note_added', data: { text: `note ${i}`, kind: pick(['note', 'finding', 'action'] as const) } },
      { type: 'checklist_toggled', data: { item: pick(['comm.channel', 'assess.verify', 'triage.scope']), done: rand() < 0.6 } },
      { type: 'tags_changed', data: { tags: rand() < 0.5 ? ['payments'] : ['payments', 'security'] } },
      { type: 'health_changed', data: { check: pick(['api', 'db']), status: pick(['ok', 'down']) } },
      { type: 'message_generated', data: { kind: 'slack' } },
      { type: 'params_set', data: { params: { namespace: pick(['payments', 'orders']) }, source: 'user' } },
    ];
    // A few distinct times only, so ties on `ts` (settled by id) are common.
    const at = new Date(T0 + 1 + Math.floor(rand() * (n / 3)) * 1000);
    events.push(makeEvent(pick(kinds), pick(ACTORS), at));
  }
  return events;
}

function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Some events repeated, as a union merge or a resend after a lost server leaves them. */
function withRepeats<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  const extra = Math.floor(rand() * xs.length);
  for (let i = 0; i < extra; i++) out.splice(Math.floor(rand() * out.length), 0, xs[Math.floor(rand() * xs.length)]);
  return out;
}

/** The state without the repeat reports (how many repeats there were differs on purpose). */
function comparable(s: IncidentState): unknown {
  return { ...s, problems: s.problems.filter((p) => !p.includes('repeated event')) };
}

describe('the fold is independent of arrival order and repeats', () => {
  test('hundreds of seeded permutations and duplications fold to the same state', () => {
    let cases = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rand = prng(seed);
      const events = randomIncident(rand, 5 + Math.floor(rand() * 60));
      const expected = comparable(foldIncident(events, 'the-incident'));
      for (let k = 0; k < 6; k++) {
        const arrived = k % 2 === 0 ? shuffled(events, rand) : withRepeats(shuffled(events, rand), rand);
        assert.deepEqual(comparable(foldIncident(arrived, 'the-incident')), expected, `seed ${seed}, case ${k}`);
        cases++;
      }
    }
    assert.ok(cases >= 300);
  });

  test('the declared event folds first even when another event carries an earlier time (a skewed clock)', () => {
    const declared = makeEvent({ type: 'declared', data: { title: 'Skew', severity: 'P1' } }, 'alice', new Date(T0));
    const early = makeEvent({ type: 'note_added', data: { text: 'from a clock behind' } }, 'bob', new Date(T0 - 60_000));
    const s = foldIncident([early, declared]);
    assert.deepEqual(s.problems, []);
    assert.equal(s.title, 'Skew');
    assert.deepEqual(s.events.map((e) => e.id), [declared.id, early.id]);
  });

  test('concurrent status changes: the later one wins, and at the same time the greater id', () => {
    const declared = makeEvent({ type: 'declared', data: { title: 'Race', severity: 'P1' } }, 'alice', new Date(T0));
    const at = new Date(T0 + 1000);
    const a = makeEvent({ type: 'status_changed', data: { status: 'identified' }, id: '00000000-0000-4000-8000-000000000001' }, 'alice', at);
    const b = makeEvent({ type: 'status_changed', data: { status: 'monitoring' }, id: '00000000-0000-4000-8000-000000000002' }, 'bob', at);
    assert.equal(foldIncident([declared, b, a]).status, 'monitoring');
    assert.equal(foldIncident([declared, a, b]).status, 'monitoring');
    const later = makeEvent({ type: 'severity_changed', data: { severity: 'P0' } }, 'bob', new Date(T0 + 2000));
    const earlier = makeEvent({ type: 'severity_changed', data: { severity: 'P3' } }, 'alice', new Date(T0 + 1500));
    assert.equal(foldIncident([declared, later, earlier]).severity, 'P0');
  });

  test('times of another precision order by instant', () => {
    const mk = (ts: string) => makeEvent({ type: 'note_added', data: { text: ts }, ts }, 'a');
    const ordered = [mk('2024-05-03T10:00:00.5Z'), mk('2024-05-03T10:00:00.600Z'), mk('2024-05-03T10:00:01Z')];
    assert.ok(foldOrder(ordered[0], ordered[1]) < 0 && foldOrder(ordered[1], ordered[2]) < 0 && foldOrder(ordered[0], ordered[2]) < 0);
  });
});
