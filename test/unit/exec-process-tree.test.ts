// The process tree's rules on a fake /proc (a temporary directory) and a fake `kill`, so each case
// is exact: what is found, what is signalled, what a reused pid or a zombie does.
import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcFs, allocatedBetween, parseStat } from '../../src/core/exec/shell/procfs';
import { ProcessTree } from '../../src/core/exec/shell/processTree';

const MARKER = 'RUNBOOK_RUN_test=1';

describe('parseStat', () => {
  test('a comm with spaces and parentheses ends at the last ")"', () => {
    const s = parseStat('4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 18446744073709551615');
    assert.deepEqual(s, { pid: 4242, comm: 'my (odd) name', state: 'S', ppid: 1, pgrp: 4242, session: 4242, startTime: '987654' });
  });

  test('a truncated line is no stat', () => {
    assert.equal(parseStat('12 (x) S 1 2'), undefined);
    assert.equal(parseStat('garbage'), undefined);
  });
});

describe('allocatedBetween', () => {
  test('counts upwards and wraps round at pid_max', () => {
    assert.ok(allocatedBetween(101, 100, 200));
    assert.ok(allocatedBetween(200, 100, 200));
    assert.ok(!allocatedBetween(100, 100, 200), 'the shell itself is not after itself');
    assert.ok(!allocatedBetween(50, 100, 200));
    assert.ok(!allocatedBetween(201, 100, 200));
    // Wrapped: 32000 → pid_max → 300.
    assert.ok(allocatedBetween(32001, 32000, 300));
    assert.ok(allocatedBetween(5, 32000, 300));
    assert.ok(!allocatedBetween(301, 32000, 300));
    assert.ok(!allocatedBetween(31999, 32000, 300));
  });
});

interface FakeProc {
  pid: number;
  ppid: number;
  pgrp?: number;
  start?: string;
  comm?: string;
  state?: string;
  env?: string[];
  /** Ignores SIGTERM. */
  stubborn?: boolean;
  /** Cannot be signalled at all (another user's). */
  foreign?: boolean;
  /** What its descriptors point at (`socket:[1]`…). */
  fds?: string[];
}

/** A /proc in a temporary directory, and a `kill` that makes its processes die there. */
class FakeSystem {
  readonly root = mkdtempSync(join(tmpdir(), 'fake-proc-'));
  readonly procs = new Map<number, FakeProc>();
  readonly signals: string[] = [];
  childrenFiles = true;
  lastPid = 1000;

  constructor() {
    mkdirSync(join(this.root, 'self'));
    writeFileSync(join(this.root, 'self/stat'), '1 (self) R 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1');
    this.writeLoadavg();
  }

  add(p: FakeProc): void {
    this.procs.set(p.pid, p);
    this.write(p);
    if (p.pid > this.lastPid) this.lastPid = p.pid;
    this.writeLoadavg();
    this.writeChildren();
  }

  /** The process exits; its children go to init. */
  exit(pid: number): void {
    this.procs.delete(pid);
    rmSync(join(this.root, String(pid)), { recursive: true, force: true });
    for (const p of this.procs.values()) {
      if (p.ppid !== pid) continue;
      p.ppid = 1;
      this.write(p);
    }
    this.writeChildren();
  }

  zombie(pid: number): void {
    const p = this.procs.get(pid)!;
    p.state = 'Z';
    p.env = [];
    this.write(p);
  }

  kill = (pid: number, signal: NodeJS.Signals | 0): boolean => {
    const targets = pid < 0 ? [...this.procs.values()].filter((p) => (p.pgrp ?? p.pid) === -pid) : [this.procs.get(pid)].filter((p) => p !== undefined);
    if (signal !== 0) this.signals.push(`${signal} ${pid}`);
    if (targets.length === 0) return false;
    if (signal === 0) return true;
    let delivered = false;
    for (const p of targets) {
      if (p.foreign) continue;
      delivered = true;
      if (p.state === 'Z') continue;
      if (signal === 'SIGKILL' || (signal === 'SIGTERM' && !p.stubborn)) this.zombie(p.pid);
    }
    return delivered;
  };

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private write(p: FakeProc): void {
    const dir = join(this.root, String(p.pid));
    mkdirSync(join(dir, 'task', String(p.pid)), { recursive: true });
    const stat = `${p.pid} (${p.comm ?? 'sleep'}) ${p.state ?? 'S'} ${p.ppid} ${p.pgrp ?? p.pid} ${p.pgrp ?? p.pid} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 ${p.start ?? '100'} 0 0`;
    writeFileSync(join(dir, 'stat'), stat);
    writeFileSync(join(dir, 'environ'), (p.env ?? []).map((e) => e + '\0').join(''));
    mkdirSync(join(dir, 'fd'), { recursive: true });
    (p.fds ?? []).forEach((target, fd) => symlinkSync(target, join(dir, 'fd', String(fd))));
  }

  private writeChildren(): void {
    for (const p of this.procs.values()) {
      const file = join(this.root, String(p.pid), 'task', String(p.pid), 'children');
      if (!this.childrenFiles) {
        rmSync(file, { force: true });
        continue;
      }
      const kids = [...this.procs.values()].filter((c) => c.ppid === p.pid).map((c) => `${c.pid} `);
      writeFileSync(file, kids.join(''));
    }
  }

  private writeLoadavg(): void {
    writeFileSync(join(this.root, 'loadavg'), `0.00 0.00 0.00 1/100 ${this.lastPid}\n`);
  }
}

describe('ProcessTree', () => {
  let sys: FakeSystem;
  beforeEach(() => (sys = new FakeSystem()));
  afterEach(() => sys.cleanup());
  const tree = () => new ProcessTree(500, MARKER, { proc: new ProcFs(sys.root), signal: sys.kill });
  const pids = (list: Array<{ pid: number }>) => list.map((p) => p.pid).sort((a, b) => a - b);

  test('the marker finds a setsid daemon whose parent exited; processes without it are left alone', () => {
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 501, ppid: 500, pgrp: 501, env: ['HOME=/root', MARKER] });
    sys.add({ pid: 502, ppid: 1, pgrp: 502, env: ['HOME=/root', 'RUNBOOK_RUN_other=1'] });
    const t = tree();
    sys.exit(500);
    assert.deepEqual(pids(t.find('all')), [501]);
  });

  test('the tree finds children that cleared their environment, even after their parent exits', () => {
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 501, ppid: 500, env: [MARKER] });
    sys.add({ pid: 502, ppid: 501, pgrp: 502, env: [] });
    const t = tree();
    t.poll();
    sys.exit(501);
    sys.add({ pid: 503, ppid: 502, pgrp: 502, env: [] });
    assert.deepEqual(pids(t.find('all')), [500, 502, 503]);
  });

  test('while the output is open, whoever holds it is found, marker or not', () => {
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 420, ppid: 1, pgrp: 420, env: [], fds: ['/dev/null', 'socket:[77]', 'socket:[78]'] });
    sys.add({ pid: 421, ppid: 1, pgrp: 421, env: [], fds: ['/dev/null', 'socket:[99]'] });
    let open = ['socket:[77]', 'socket:[78]'];
    const t = new ProcessTree(500, MARKER, { proc: new ProcFs(sys.root), signal: sys.kill, pipes: () => open });
    sys.exit(500);
    assert.deepEqual(pids(t.find('recent')), [420], 'even outside the recent pids');
    open = [];
    sys.add({ pid: 422, ppid: 1, pgrp: 422, env: [], fds: ['socket:[77]'] });
    assert.deepEqual(pids(t.find('all')), [420], 'once closed, a new holder is no reason; a found one stays tracked');
  });

  test('without children files, a scan of every parent finds the same', () => {
    sys.childrenFiles = false;
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 501, ppid: 500, env: [] });
    sys.add({ pid: 502, ppid: 501, env: [] });
    sys.add({ pid: 600, ppid: 10, env: [] });
    const t = tree();
    t.poll();
    assert.deepEqual(pids(t.find('all')), [500, 501, 502]);
  });

  test('a pid reused by another process is neither found nor signalled', async () => {
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 501, ppid: 500, pgrp: 501, env: [], start: '200' });
    const t = tree();
    t.poll();
    sys.exit(501);
    sys.add({ pid: 501, ppid: 1, pgrp: 501, env: [], start: '900', comm: 'someone-else' });
    assert.deepEqual(pids(t.find('all')), [500]);
    await t.stop({ graceMs: 10 });
    assert.ok(!sys.signals.some((s) => / 501$/.test(s)), sys.signals.join(', '));
    assert.equal(sys.procs.get(501)?.state, undefined, 'still running');
  });

  test("'recent' reads only processes created after the shell; 'all' reads every one", () => {
    sys.add({ pid: 400, ppid: 1, pgrp: 400, env: [MARKER] });
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 520, ppid: 1, pgrp: 520, env: [MARKER] });
    const t = tree();
    sys.exit(500);
    assert.deepEqual(pids(t.find('recent')), [520]);
    assert.deepEqual(pids(t.find('all')), [400, 520]);
  });

  test('zombies are gone already: not found, and not a reason to wait', async () => {
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 501, ppid: 1, pgrp: 500, env: [MARKER] });
    const t = tree();
    sys.exit(500);
    sys.zombie(501);
    assert.deepEqual(t.find('all'), []);
    assert.equal(t.groupAlive(), false);
    const started = Date.now();
    const r = await t.stop({ graceMs: 2000 });
    assert.ok(Date.now() - started < 500);
    assert.deepEqual(r.survivors, []);
  });

  test('stop: SIGTERM to the group and each process, SIGKILL after the grace to what ignored it', async () => {
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 501, ppid: 500, pgrp: 501, env: [MARKER], stubborn: true });
    sys.add({ pid: 502, ppid: 500, env: [MARKER] });
    const t = tree();
    const started = Date.now();
    const r = await t.stop({ graceMs: 150 });
    const took = Date.now() - started;
    assert.ok(took >= 140 && took < 1000, `took ${took} ms`);
    assert.deepEqual(pids(r.stopped), [501, 502], 'the shell is not counted');
    assert.deepEqual(r.survivors, []);
    assert.equal(r.groupLeft, false);
    assert.deepEqual(sys.signals.slice(0, 4), ['SIGTERM -500', 'SIGTERM 500', 'SIGTERM 501', 'SIGTERM 502']);
    assert.ok(sys.signals.includes('SIGKILL 501'));
    assert.ok(!sys.signals.includes('SIGKILL 502'), 'what went on SIGTERM gets no SIGKILL');
  });

  test('stop returns quickly when everything goes on SIGTERM', async () => {
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 501, ppid: 1, pgrp: 501, env: [MARKER] });
    const started = Date.now();
    await tree().stop({ graceMs: 5000 });
    assert.ok(Date.now() - started < 500);
  });

  test('what cannot be signalled is reported, and the stop still ends', async () => {
    sys.add({ pid: 500, ppid: 10, env: [MARKER] });
    sys.add({ pid: 501, ppid: 500, pgrp: 501, env: [MARKER], foreign: true, comm: 'sudo' });
    const r = await tree().stop({ graceMs: 50 });
    assert.deepEqual(r.survivors.map((p) => `${p.pid} ${p.comm}`), ['501 sudo']);
  });
});
