// The real CLI writing into a real shell pipe whose reader stops early (`| head -c1`): the write
// fails with EPIPE, which must end the output quietly (no stack trace), and stop a run or a
// watch whose output nobody reads any more.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IncidentStore } from '../../src/core/incident/store';

const ROOT = resolve(__dirname, '../..');
const CLI = `${quote(process.execPath)} --import tsx src/cli/main.ts`;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-pipe-cli-'));
  // Far more than a pipe holds (64 KiB), so the CLI is still writing when `head` has gone.
  const store = new IncidentStore(dir);
  const { state } = store.declare({ title: 'Pipe', severity: 'P2', commander: 'Ada' }, 'Ada');
  for (let i = 0; i < 400; i++) store.append(state.id, { type: 'note_added', data: { kind: 'note', text: `note ${i} ${'x'.repeat(500)}` } }, 'Ada');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `command | head -c1` in bash; the CLI's exit status and stderr, and how long it took. */
function piped(command: string) {
  const started = Date.now();
  // `timeout` ends a CLI that fails to stop, so a failing test leaves nothing running.
  const r = spawnSync('bash', ['-c', `timeout 40 ${command} 2>"$ERR" | head -c1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat "$ERR"`], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ERR: join(dir, `stderr-${started}.txt`) },
  });
  const [status, ...stderr] = r.stdout.split('\n');
  return { status: Number(status), stderr: stderr.join('\n'), ms: Date.now() - started };
}

describe('a reader that stops early', () => {
  for (const json of [true, false]) {
    test(`incident status${json ? ' --json' : ''} | head -c1: no stack trace, a quiet exit`, () => {
      const r = piped(`${CLI} incident status ${json ? '--json ' : ''}--workspace ${quote(dir)}`);
      assert.doesNotMatch(r.stderr, /EPIPE|Error| {4}at /, r.stderr);
      assert.match(r.stderr, /^using incident \S+ \(investigating\)\n*$/, 'only the line naming the incident');
      assert.equal(r.status, 0, r.stderr);
    });
  }

  test('run | head -c1: the run stops (the cell is cancelled) instead of running on unread', () => {
    const file = join(dir, 'loud.runbook.md');
    writeFileSync(file, '# Loud\n\n```sh {"name":"loud"}\nfor i in $(seq 1 20000); do echo "line $i of output nobody reads"; done\nsleep 30\n```\n');
    const r = piped(`${CLI} run ${quote(file)} --workspace ${quote(dir)}`);
    assert.doesNotMatch(r.stderr, /EPIPE|Error:| {4}at /, r.stderr);
    assert.ok(r.ms < 20_000, `stopped in ${r.ms} ms, not after the cell's sleep`);
    assert.equal(r.status, 1, 'a stopped run exits 1');
  });

  test('health --watch | head -c1: watching ends instead of going on forever', () => {
    const config = join(dir, 'checks.json');
    writeFileSync(config, JSON.stringify([{ name: 'always', kind: 'command', command: 'true' }]));
    const r = piped(`${CLI} health --watch --interval 0.2 --config ${quote(config)}`);
    assert.doesNotMatch(r.stderr, /EPIPE|Error:| {4}at /, r.stderr);
    assert.ok(r.ms < 20_000, `ended in ${r.ms} ms`);
    assert.equal(r.status, 0, 'the check was ok');
  });
});

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
