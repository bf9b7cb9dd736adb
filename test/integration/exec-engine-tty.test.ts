// `runbook run` at a real terminal (a pseudo-terminal from util-linux `script`): a person answers
// a missing variable and confirms a mitigation by typing; Ctrl-C at a question cancels the run and
// the process exits at once (no readline or pool left holding it).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const hasScript = spawnSync('script', ['--version']).status === 0;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-tty-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI on a pseudo-terminal; `typing` answers each prompt as it appears. */
function atTerminal(args: string[], typing: Array<[RegExp, string]>): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  const command = [process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', TERM: 'dumb' } });
  let out = '';
  let next = 0;
  const onData = (d: Buffer) => {
    out += d;
    while (next < typing.length && typing[next][0].test(out)) {
      const keys = typing[next++][1];
      setTimeout(() => child.stdin.write(keys), 100);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((done) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      done({ code, out, ms: Date.now() - started });
    }),
  );
}

describe('runbook run at a terminal', { skip: !hasScript && 'util-linux `script` is not installed' }, () => {
  test('a person answers the variable (not echoed when secret-looking) and confirms the mitigation', async () => {
    const runbook = join(dir, 'answer.runbook.md');
    writeFileSync(runbook, '# Answer\n\n```sh {name=greet}\necho "target is $TTY_TARGET"\n```\n\n```sh {name=make}\ntouch ' + join(dir, 'made.txt') + '\n```\n\n```sh {name=token}\nprintf \'%s\' "$TTY_TOKEN" | wc -c\n```\n');
    const r = await atTerminal(['run', runbook], [
      [/TTY_TARGET \(empty line: no answer\): $/, 'web-1\r'],
      [/Run it\? \[y\/N\] $/, 'y\r'],
      [/TTY_TOKEN \(empty line: no answer\): $/, 's3cr3t-typed\r'],
    ]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /target is web-1/);
    // Each question has one reader: what is typed is echoed once (a leftover interface echoed it twice).
    assert.match(r.out, /Run it\? \[y\/N\] y\r/);
    assert.ok(existsSync(join(dir, 'made.txt')), 'the confirmed mitigation ran');
    assert.match(r.out, /^12\r?$/m);
    assert.ok(!r.out.includes('s3cr3t-typed'), 'a secret is not echoed');
  });

  test('Ctrl-C at a confirmation cancels the run; nothing ran and the process exits promptly', async () => {
    const runbook = join(dir, 'cancel.runbook.md');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep');
    writeFileSync(runbook, '# Cancel\n\n```sh {name=remove}\nrm ' + victim + '\n```\n\n```sh {name=after}\necho after\n```\n');
    const r = await atTerminal(['run', runbook], [[/Run it\? \[y\/N\] $/, '\x03']]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /\[1 remove\] shell: cancelled/);
    assert.match(r.out, /\[2 after\] shell: skipped, cancelled/);
    assert.ok(existsSync(victim));
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
  });

  test('no answer to a variable (an empty line) stops the run naming it', async () => {
    const runbook = join(dir, 'empty.runbook.md');
    writeFileSync(runbook, '# Empty\n\n```sh {name=greet}\necho "$TTY_A $TTY_B"\n```\n');
    const r = await atTerminal(['run', runbook], [[/TTY_A \(empty line: no answer\): $/, '\r']]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /needs TTY_A, TTY_B, which no frontmatter env, \.env file or environment sets \(no value given\)/);
  });
});
