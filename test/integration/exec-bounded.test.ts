// Every shell run is bounded, against real processes: at the timeout, on cancel and when a cell
// ends leaving something behind, the run returns promptly and nothing the cell started survives,
// `setsid` daemons, double forks and TERM-ignoring processes included. Each test marks its
// processes with a unique `sleep 1000.NNNN` argument, looks for them in /proc, and kills whatever
// is left by pid in `after` (never by name: other people run tests on this machine too).
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCell, type RunCellOptions } from '../../src/core/exec';
import { runCheck } from '../../src/core/health/runner';
import type { CheckConfig } from '../../src/core/health/config';
import { waitFor } from '../support/processes';

const ROOT = resolve(__dirname, '../..');
const env = { PATH: process.env.PATH ?? '' };
const dir = mkdtempSync(join(tmpdir(), 'runbook-bounded-'));

/** A `sleep` argument no other process on this machine has: 1000.<pid><counter>. */
let counter = 0;
const markers: string[] = [];
function marker(): string {
  const m = `1000.${process.pid}${String(++counter).padStart(3, '0')}`;
  markers.push(m);
  return m;
}

/** Running (not zombie) `sleep MARKER` processes (not the shells whose command line names them). */
function running(m: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!/(^|\/)sleep$/.test(argv[0]) || argv[1] !== m) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (!/\) [ZX] /.test(stat)) found.push(Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}


after(() => {
  for (const m of markers) {
    for (const pid of running(m)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function shell(code: string, extra: Partial<RunCellOptions> = {}) {
  return runCell({ executor: 'shell', code, env, cwd: dir, defaultTimeoutMs: 30_000, ...extra });
}

describe('a timeout stops every process the cell started', () => {
  const cases: Array<[string, (m: string) => string]> = [
    ['setsid & in the foreground', (m) => `setsid sleep ${m} & sleep 30`],
    ['setsid from a subshell that exits at once (reparented to init)', (m) => `(setsid sleep ${m} &); sleep 30`],
    ['a double-forking nohup daemon', (m) => `nohup bash -c '(setsid sleep ${m} &); exit 0' >/dev/null 2>&1 & sleep 30`],
    ['a daemon with a cleared environment', (m) => `env -i /bin/sh -c 'exec setsid sleep ${m}' & sleep 30`],
  ];
  for (const [name, code] of cases) {
    test(name, async () => {
      const m = marker();
      const r = await shell(code(m), { attributes: { timeout: 2000 } });
      assert.equal(r.status, 'timeout');
      assert.equal(r.error, 'timed out after 2 s');
      assert.ok(r.durationMs < 5000, `returned after ${r.durationMs} ms`);
      assert.deepEqual(running(m), [], 'the sleep is gone');
    });
  }

  test('SIGKILL follows when the cell ignores SIGTERM', async () => {
    const m = marker();
    const r = await shell(`trap '' TERM; setsid sleep ${m} & sleep 30`, { attributes: { timeout: 1000 } });
    assert.equal(r.status, 'timeout');
    assert.ok(r.durationMs < 4000, `returned after ${r.durationMs} ms`);
    assert.deepEqual(running(m), []);
  });

  test('a daemon that cleared its environment and left the tree at once is found by the pipe it holds', async () => {
    // No marker, a new session, its parent gone before any poll: only the output pipe ties it to the cell.
    const m = marker();
    const r = await shell(`(env -i /bin/sh -c 'exec setsid sleep ${m}' &); sleep 30`, { attributes: { timeout: 1000 } });
    assert.equal(r.status, 'timeout');
    assert.ok(r.durationMs < 4000, `returned after ${r.durationMs} ms`);
    assert.deepEqual(running(m), []);
  });

  test('the run returns even while a process it cannot stop holds the output pipe', async (t) => {
    // A process in a frozen cgroup (v1 freezer, root only) ignores SIGKILL until thawed: it stands
    // for one that belongs to another user or is stuck in the kernel.
    const freezer = '/sys/fs/cgroup/freezer';
    if (process.getuid?.() !== 0 || !existsSync(join(freezer, 'tasks'))) {
      t.skip('needs root and a cgroup v1 freezer');
      return;
    }
    const group = join(freezer, `runbook-bounded-${process.pid}`);
    try {
      mkdirSync(group);
    } catch {
      t.skip('the freezer cgroup is not writable');
      return;
    }
    const m = marker();
    t.after(async () => {
      writeFileSync(join(group, 'freezer.state'), 'THAWED');
      // It has a SIGKILL pending; this is in case the run never sent one.
      for (const pid of readFileSync(join(group, 'tasks'), 'utf8').split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
      await waitFor(() => readFileSync(join(group, 'tasks'), 'utf8').trim() === '', 5000);
      rmdirSync(group);
    });
    const code = `setsid sleep ${m} & echo $! > ${group}/tasks; echo FROZEN > ${group}/freezer.state; sleep 30`;
    const r = await shell(code, { attributes: { timeout: 1000 } });
    assert.equal(r.status, 'timeout');
    assert.ok(r.durationMs < 4000, `returned after ${r.durationMs} ms`);
    // (setsid) when frozen before it exec'd sleep.
    assert.match(r.text, /could not stop 1 process of the cell: \d+ \((sleep|setsid)\)/);
  });
});

describe('a run stops only its own processes', () => {
  test("a concurrent run's processes, a setsid one included, are left alone", async () => {
    const a = marker();
    const b = marker();
    // B says b-done only if neither of its sleeps was killed; its setsid one ends before B does.
    const other = shell(`setsid sleep 2.${b.slice(5)} & s=$!; sleep 2.5 && wait $s && echo b-done`);
    const r = await shell(`setsid sleep ${a} & sleep 30`, { attributes: { timeout: 1000 } });
    assert.equal(r.status, 'timeout');
    const rb = await other;
    assert.equal(rb.status, 'ok', rb.error);
    assert.equal(rb.text, 'b-done\n');
  });
});

describe('cancel stops every process the cell started', () => {
  test('through the AbortSignal', async () => {
    const m = marker();
    const ac = new AbortController();
    const run = shell(`setsid sleep ${m} & (setsid sleep ${m} &); sleep 30`, { signal: ac.signal });
    assert.ok(await waitFor(() => running(m).length === 2, 10_000), 'both sleeps start');
    const asked = Date.now();
    ac.abort();
    const r = await run;
    assert.equal(r.status, 'cancelled');
    assert.ok(Date.now() - asked < 2000, `returned ${Date.now() - asked} ms after the cancel`);
    assert.deepEqual(running(m), []);
  });

  test('a signal aborted before the run starts nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await shell(`echo should not run > ${join(dir, 'ran')}`, { signal: ac.signal });
    assert.equal(r.status, 'cancelled');
    assert.throws(() => readFileSync(join(dir, 'ran')));
  });
});

describe('a cell that ends leaving processes behind', () => {
  test('a setsid child holding stdout: the run returns, the child is stopped, the output says so', async () => {
    const m = marker();
    const started = Date.now();
    const r = await shell(`setsid sleep ${m} & echo started`);
    assert.equal(r.status, 'ok', r.error);
    assert.equal(r.exitCode, 0);
    assert.ok(Date.now() - started < 3000, `returned after ${Date.now() - started} ms`);
    // (setsid until it has exec'd sleep: a busy machine may catch it before.)
    assert.match(r.text, /^started\n\(stopped 1 process the cell left running: (sleep|setsid)\)\n$/);
    assert.deepEqual(running(m), []);
  });

  test('a background child with its output elsewhere is stopped too', async () => {
    const m = marker();
    const r = await shell(`sleep ${m} >/dev/null 2>&1 & setsid sleep ${m} >/dev/null 2>&1 & printf done`);
    assert.equal(r.status, 'ok', r.error);
    // Names as the kernel has them at that moment: on a loaded machine a child bash forked for `&`
    // may not have become `sleep` yet.
    assert.match(r.text, /^done\n\(stopped 2 processes the cell left running: (sleep|setsid|bash)(, (sleep|setsid|bash))?\)\n$/);
    assert.deepEqual(running(m), []);
  });

  test('a cell that leaves nothing says nothing more', async () => {
    const r = await shell('(sleep 0.1; echo late) & wait; echo end');
    assert.equal(r.status, 'ok');
    assert.equal(r.text, 'late\nend\n');
  });
});

describe('output', () => {
  test('hundreds of MB keep memory bounded and the text capped', async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const r = await shell(`head -c 300000000 /dev/zero | tr '\\0' x; echo; echo tail-line`, { maxOutputBytes: 64 * 1024 });
      assert.equal(r.status, 'ok', r.error);
      assert.ok(r.text.length <= 70 * 1024, `kept ${r.text.length} characters`);
      assert.ok((r.omittedBytes ?? 0) > 299_000_000, `omitted ${r.omittedBytes}`);
      assert.match(r.text, /tail-line\n$/);
    } finally {
      clearInterval(sample);
    }
    assert.ok(peak - before < 200 * 1024 * 1024, `rss grew by ${Math.round((peak - before) / 1048576)} MB`);
  });
});

describe('the health command check has the same guarantee', () => {
  test('a hung command with a setsid daemon is down within its timeout and leaves nothing', async () => {
    const m = marker();
    const check = { id: 'hung', name: 'Hung', kind: 'command', command: `setsid sleep ${m} & sleep 30`, timeoutMs: 500, degradedExitCodes: [] } as unknown as CheckConfig;
    const started = Date.now();
    const r = await runCheck(check, { env });
    assert.equal(r.status, 'down');
    assert.ok(Date.now() - started < 1500);
    assert.ok(await waitFor(() => running(m).length === 0, 3000), 'the daemon is stopped');
  });
});

describe('the CLI told to stop', () => {
  for (const [name, cell] of [
    ['SIGTERM ends it within 2 s and stops the setsid child', (m: string) => `setsid sleep ${m} & sleep ${m}`],
    ['even when the cell ignores SIGTERM', (m: string) => `trap '' TERM; setsid sleep ${m} & sleep ${m}`],
  ] as const) {
    test(name, async (t) => {
      const m = marker();
      const file = join(dir, `stop-${m}.runbook.md`);
      writeFileSync(file, `# Stop\n\n\`\`\`sh {"name":"long"}\n${cell(m)}\n\`\`\`\n`);
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'run', file, '--yes', '--workspace', dir], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env },
      });
      t.after(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      assert.ok(await waitFor(() => running(m).length === 2, 20_000), `both sleeps start; output: ${out}`);
      const sent = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      const took = Date.now() - sent;
      assert.ok(took < 2000, `the CLI took ${took} ms to end; output: ${out}`);
      assert.equal(code, 1, out);
      assert.match(out, /cancelled/);
      assert.deepEqual(running(m), [], out);
    });
  }
});
