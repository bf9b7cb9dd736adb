// `runbook run` as a process: a stop signal leaves no cell process behind; runs are recorded on
// the incident that --workspace / --folder / --incident point at.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { IncidentStore } from '../../src/core/incident/store';
import { waitFor } from '../support/processes';

const ROOT = resolve(__dirname, '../..');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-exec-cli-'));
  writeFileSync(join(dir, 'hello.runbook.md'), '# Hello\n\n```sh {"name":"hello"}\necho hello from the cell\n```\n');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Processes whose command line holds `marker` (read from /proc, so no `ps` needed). */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(marker)) found.push(`${pid}: ${cmd}`);
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}


describe('a stop signal cancels the run and its processes', () => {
  for (const [signal, marker] of [['SIGTERM', '100.4242'], ['SIGHUP', '100.4243']] as const) {
    test(`${signal}: no background process of the cell survives`, async (t) => {
      const file = join(dir, `sleep-${signal}.runbook.md`);
      writeFileSync(file, `# Sleep\n\n\`\`\`sh {"name":"sleepy"}\nsleep ${marker} & sleep ${marker}\n\`\`\`\n`);
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'run', file, '--workspace', dir], {
        // Run from the repository so `--import tsx` resolves; --workspace keeps any recording in the temp dir.
        cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
      t.after(() => {
        // If the test fails, take down what it started (by pid, never by name).
        for (const line of processesWith(`sleep ${marker}`)) {
          try {
            process.kill(Number(line.split(':')[0]), 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        child.kill('SIGKILL');
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      assert.ok(await waitFor(() => processesWith(`sleep ${marker}`).length >= 2, 15_000), `both sleeps should start; output: ${out}`);
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill(signal);
      const code = await exited;
      assert.equal(code, 1, out);
      assert.match(out, /cancelled/);
      assert.ok(await waitFor(() => processesWith(`sleep ${marker}`).length === 0, 3_000), `left behind: ${processesWith(`sleep ${marker}`).join('\n')}`);
    });
  }
});

describe('where runs are recorded', () => {
  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: { PATH: process.env.PATH ?? '' }, interactive: false });
    return { code, stdout, stderr };
  }
  const cellRuns = (store: IncidentStore, id: string) =>
    readFileSync(store.timelinePath(id), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"cell_run"'));

  test('--workspace and --folder find the open incident there', async () => {
    const ws = join(dir, 'ws');
    mkdirSync(ws);
    const store = new IncidentStore(ws, 'ops/incidents');
    const { state } = store.declare({ title: 'Cache down', severity: 'P2' }, 'tester');
    const r = await cli(['run', 'hello.runbook.md', '--workspace', 'ws', '--folder', 'ops/incidents']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const runs = cellRuns(store, state.id);
    assert.equal(runs.length, 1);
    assert.match(runs[0], /hello from the cell/);
  });

  test('--incident picks that incident', async () => {
    const store = new IncidentStore(dir);
    const first = store.declare({ title: 'First', severity: 'P3' }, 'tester').state.id;
    const second = store.declare({ title: 'Second', severity: 'P3' }, 'tester').state.id;
    const r = await cli(['run', 'hello.runbook.md', '--incident', first]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(cellRuns(store, first).length, 1);
    assert.equal(cellRuns(store, second).length, 0);
  });

  test('no open incident: the run prints nothing extra', async () => {
    const r = await cli(['run', 'hello.runbook.md', '--workspace', join(dir, 'empty-ws')]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /incident|record/i);
  });

  test('an --incident that does not exist fails clearly, before anything runs', async () => {
    const r = await cli(['run', 'hello.runbook.md', '--incident', '2020-01-01-nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--incident 2020-01-01-nope: no such incident in .*incidents/);
    assert.doesNotMatch(r.stdout, /hello from the cell/);
    const bad = await cli(['run', 'hello.runbook.md', '--incident', '../x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not an incident id/);
  });
});

describe('terminal manners of run', () => {
  async function cli(args: string[], env: NodeJS.ProcessEnv) {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, interactive: false });
    return { code, stdout, stderr };
  }

  test('NO_COLOR: the CLI adds no ANSI styling of its own, and the cell inherits NO_COLOR', async () => {
    writeFileSync(join(dir, 'color.runbook.md'), '# Color\n\n```sh {"name":"color"}\necho "NO_COLOR=$NO_COLOR"\n```\n\n```sh {"name":"fails"}\nexit 3\n```\n');
    const r = await cli(['run', 'color.runbook.md', '--workspace', join(dir, 'empty-ws')], { NO_COLOR: '1', TERM: 'xterm-256color' });
    assert.equal(r.code, 1, 'the failing cell stops the run');
    assert.match(r.stdout, /^NO_COLOR=1$/m);
    assert.ok(!r.stdout.includes('\x1b') && !r.stderr.includes('\x1b'), JSON.stringify(r));
  });

  test("a cell name holding ESC is escaped in run's own lines; the cell's output passes through", async () => {
    writeFileSync(join(dir, 'esc.runbook.md'), '# Esc\n\n```sh {"name":"a\\u001b[2Jb"}\nprintf \'\\033[1mbold\\033[0m\\n\'\n```\n');
    const r = await cli(['run', 'esc.runbook.md', '--workspace', join(dir, 'empty-ws')], {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^── \[1 a\\x1b\[2Jb\] shell /m);
    assert.ok(r.stdout.includes('\x1b[1mbold\x1b[0m'), "the cell's own output is the cell's");
    assert.equal(r.stdout.split('\x1b').length - 1, 2, 'no other ESC');
  });
});
