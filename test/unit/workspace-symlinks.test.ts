// Symbolic links out of the workspace are not followed: an override template linked to a file
// outside, or an incident's timeline (or its folder, or the incidents folder) linked outside, is
// refused with a message naming the link and its target. Links inside the workspace still work.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate, templatesDirOf } from '../../src/core/documents/load';
import { IncidentStore } from '../../src/core/incident/store';
import { OutsideWorkspaceError } from '../../src/core/workspace/confine';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

test('an override template linked outside the workspace is not read; one linked inside is', () => {
  const ws = tmp('symlinks-ws-');
  const outside = tmp('symlinks-outside-');
  writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0:OUTSIDE SECRET\n');
  mkdirSync(templatesDirOf(ws), { recursive: true });
  symlinkSync(join(outside, 'secret.txt'), join(templatesDirOf(ws), 'slack.md'));
  const t = loadTemplate('slack', templatesDirOf(ws));
  assert.equal(t.origin, 'built-in');
  assert.ok(!t.source.includes('OUTSIDE SECRET'));
  assert.match(t.warnings[0], /slack\.md is a symbolic link to .*secret\.txt, outside .*; it is not followed; used the built-in template/);

  // The whole templates folder linked outside: refused the same way.
  const ws2 = tmp('symlinks-ws2-');
  mkdirSync(join(ws2, '.runbooks'));
  symlinkSync(outside, templatesDirOf(ws2));
  writeFileSync(join(outside, 'postmortem.md'), 'OUTSIDE TEMPLATE {{title}}');
  assert.equal(loadTemplate('postmortem', templatesDirOf(ws2)).origin, 'built-in');

  // Inside the workspace: followed.
  writeFileSync(join(ws, 'shared.md'), 'Shared {{title}}');
  symlinkSync(join(ws, 'shared.md'), join(templatesDirOf(ws), 'status-page.md'));
  const inside = loadTemplate('status-page', templatesDirOf(ws));
  assert.equal(inside.source, 'Shared {{title}}');
  assert.deepEqual(inside.warnings, []);
});

test('a timeline, an incident folder or the incidents folder linked outside is neither read nor appended to', () => {
  const ws = tmp('symlinks-ws-');
  const outside = tmp('symlinks-outside-');
  const store = new IncidentStore(ws);
  const { state } = store.declare({ title: 'Real one', severity: 'P2' }, 'ada');

  // A timeline file linked to one outside.
  const foreign = new IncidentStore(outside).declare({ title: 'Foreign', severity: 'P1' }, 'eve');
  const foreignFile = new IncidentStore(outside).timelinePath(foreign.state.id);
  const before = readFileSync(foreignFile, 'utf8');
  mkdirSync(join(store.dir, 'linked-file'));
  symlinkSync(foreignFile, join(store.dir, 'linked-file', 'timeline.jsonl'));
  assert.throws(() => store.read('linked-file'), (e: Error) => e instanceof OutsideWorkspaceError && /timeline\.jsonl is a symbolic link to .*, outside .*; it is not followed/.test(e.message));
  assert.throws(() => store.append('linked-file', { type: 'note_added', data: { text: 'x' } }, 'ada'), OutsideWorkspaceError);
  assert.equal(readFileSync(foreignFile, 'utf8'), before);

  // An incident folder linked to one outside.
  symlinkSync(join(outside, 'incidents', foreign.state.id), join(store.dir, 'linked-folder'));
  assert.throws(() => store.append('linked-folder', { type: 'note_added', data: { text: 'x' } }, 'ada'), OutsideWorkspaceError);
  assert.equal(readFileSync(foreignFile, 'utf8'), before);

  // Neither shows up in the list; the real incident does, and still takes appends.
  assert.deepEqual(store.list().map((i) => i.state.id), [state.id]);
  store.append(state.id, { type: 'note_added', data: { text: 'fine' } }, 'ada');
  assert.equal(store.read(state.id).state.notes.length, 1);

  // The incidents folder itself linked outside: nothing is declared there.
  const ws2 = tmp('symlinks-ws2-');
  symlinkSync(join(outside, 'incidents'), join(ws2, 'incidents'));
  assert.throws(() => new IncidentStore(ws2).declare({ title: 'Nope', severity: 'P3' }, 'ada'), OutsideWorkspaceError);
});

test('a link that stays inside the workspace is followed', () => {
  const ws = tmp('symlinks-ws-');
  mkdirSync(join(ws, 'elsewhere'));
  const real = new IncidentStore(ws, 'elsewhere').declare({ title: 'Moved', severity: 'P2' }, 'ada');
  symlinkSync(join(ws, 'elsewhere'), join(ws, 'incidents'));
  const store = new IncidentStore(ws);
  store.append(real.state.id, { type: 'note_added', data: { text: 'through the link' } }, 'ada');
  assert.equal(store.read(real.state.id).state.notes[0].text, 'through the link');
});
