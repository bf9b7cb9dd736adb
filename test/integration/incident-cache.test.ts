// The in-memory incident cache against real files: our own appends and writes seen again cost no
// re-read, another writer's append re-reads only that incident. Reads are counted through a store
// subclass (the injectable reader).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncidentStore, type LoadedIncident } from '../../src/core/incident/store';
import { IncidentCache } from '../../src/core/incident/cache';
import { makeEvent } from '../../src/core/incident/timeline';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

class CountingStore extends IncidentStore {
  readonly reads: string[] = [];
  override read(id: string): LoadedIncident {
    this.reads.push(id);
    return super.read(id);
  }
}

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'incident-cache-'));
  dirs.push(root);
  const writer = new IncidentStore(root);
  const a = writer.declare({ title: 'Checkout errors', severity: 'P1' }, 'alice', new Date('2024-05-03T10:00:00Z')).state.id;
  const b = writer.declare({ title: 'Search slow', severity: 'P3' }, 'bob', new Date('2024-05-04T10:00:00Z')).state.id;
  const store = new CountingStore(root);
  const cache = new IncidentCache(store);
  return { root, writer, store, cache, a, b };
}

describe('IncidentCache', () => {
  test('the first refresh reads every incident once; a second one, with nothing changed, reads none', () => {
    const { store, cache, a, b } = setup();
    assert.equal(cache.refresh(), true);
    assert.deepEqual([...store.reads].sort(), [a, b].sort());
    assert.deepEqual(cache.all().map((i) => i.state.id), [b, a], 'most recently declared first');
    store.reads.length = 0;
    assert.equal(cache.refresh(), false);
    assert.deepEqual(store.reads, []);
  });

  test('our own append is folded in memory: no re-read now, none when the watcher sees the write', () => {
    const { store, cache, writer, a } = setup();
    cache.refresh();
    store.reads.length = 0;
    const written = cache.append(a, { type: 'note_added', data: { text: 'rolled back 1.4.2', kind: 'finding' } }, 'alice');
    assert.deepEqual(store.reads, [], 'append re-read nothing');
    assert.equal(cache.get(a)?.state.notes.at(-1)?.text, 'rolled back 1.4.2');
    assert.equal(cache.get(a)?.state.events.at(-1)?.id, written.id);
    assert.equal(cache.refresh(), false, 'the watcher event for our own write changes nothing');
    assert.deepEqual(store.reads, []);
    // What is in memory is what a fresh read finds.
    assert.deepEqual(cache.get(a)?.state, writer.read(a).state);
  });

  test('a write by someone else re-reads only that incident', () => {
    const { store, cache, writer, a } = setup();
    cache.refresh();
    store.reads.length = 0;
    writer.append(a, { type: 'status_changed', data: { status: 'identified' } }, 'carol');
    assert.equal(cache.refresh(), true);
    assert.deepEqual(store.reads, [a]);
    assert.equal(cache.get(a)?.state.status, 'identified');
  });

  test('when another writer appended just before us, our append re-reads that incident and loses nothing', () => {
    const { store, cache, writer, a } = setup();
    cache.refresh();
    writer.append(a, { type: 'note_added', data: { text: 'from the CLI' } }, 'carol');
    store.reads.length = 0;
    cache.append(a, { type: 'note_added', data: { text: 'from the editor' } }, 'alice');
    assert.deepEqual(store.reads, [a]);
    assert.deepEqual(cache.get(a)?.state.notes.map((n) => n.text), ['from the CLI', 'from the editor']);
  });

  test('a new incident is read, a deleted one dropped, and a duplicated line is reported once', () => {
    const { root, store, cache, writer, a } = setup();
    cache.refresh();
    store.reads.length = 0;
    const c = writer.declare({ title: 'Queue backlog', severity: 'P2' }, 'dave').state.id;
    rmSync(join(root, 'incidents', a), { recursive: true });
    assert.equal(cache.refresh(), true);
    assert.deepEqual(store.reads, [c]);
    assert.equal(cache.get(a), undefined);
    // A merge duplicated a line: one event, one problem, no duplicate id.
    const dup = makeEvent({ type: 'note_added', data: { text: 'twice' } }, 'eve');
    const line = JSON.stringify(dup) + '\n';
    appendFileSync(store.timelinePath(c), line + line);
    cache.refresh();
    const state = cache.get(c)!.state;
    assert.equal(state.events.filter((e) => e.id === dup.id).length, 1);
    assert.equal(state.notes.length, 1);
    assert.equal(state.problems.length, 1);
    assert.match(state.problems[0], /repeated event/);
  });
});
