// The safety promises: mitigations refused without confirmation, secrets in no output, file or
// error, cancel leaves no process behind, 500 MB of output with flat memory.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServices } from '../support/services';
import { runCell, closeSqlPools } from '../../src/core/exec';
import { main } from '../../src/cli/main';

let services: Awaited<ReturnType<typeof testServices>>;
let dir: string;
const SENTINEL = 'sentinel-S3CR3T-7d1e9';

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, ...env },
    interactive: false,
  });
  return { code, stdout, stderr };
}

before(async () => {
  services = await testServices();
  dir = mkdtempSync(join(tmpdir(), 'runbook-exec-'));
  writeFileSync(
    join(dir, 'cache.runbook.md'),
    [
      '# Redis cache failure',
      '',
      '```redis {"name":"ping"}',
      'SET probe 1',
      '```',
      '',
      '```redis {"name":"seen"}',
      'GET probe',
      '```',
      '',
      '```sh {"name":"status"}',
      'echo cache looks fine',
      '```',
      '',
      '```redis {"name":"flush"}',
      'FLUSHDB',
      '```',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'secret.runbook.md'),
    [
      '# Secrets',
      '',
      '```sh {"name":"key"}',
      'echo "key is $OPENAI_API_KEY"',
      'echo "url is $DATABASE_URL"',
      'echo "$OPENAI_API_KEY" > leaked.txt',
      'ls /nonexistent-$OPENAI_API_KEY',
      '```',
      '',
    ].join('\n'),
  );
});

after(async () => {
  await closeSqlPools();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await services?.stop();
});

describe('mitigations in the CLI', () => {
  test('a mitigation is refused without --yes when nobody can be asked, and nothing runs', async () => {
    await cli(['run', 'cache.runbook.md', '--cell', 'ping', '--yes']);
    const r = await cli(['run', 'cache.runbook.md', '--json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    const ping = out.cells.find((c: { name: string }) => c.name === 'ping');
    assert.equal(ping.status, 'skipped', 'SET is a write: refused');
    assert.equal(ping.mutates, true);
    assert.match(r.stderr, /refused: no terminal to ask on \(--yes confirms mitigations\)/);
    // Nothing after the refusal ran, FLUSHDB included: the key is still there.
    const check = await runCell({ executor: 'redis', code: 'GET probe', env: { REDIS_URL: services.redisUrl }, cwd: dir });
    assert.match(check.text, /"1"/);
    assert.ok(out.cells.every((c: { status: string }) => c.status === 'skipped'));
  });

  test('--diagnostics runs only the diagnostic cells', async () => {
    const r = await cli(['run', 'cache.runbook.md', '--diagnostics', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const byName = Object.fromEntries(out.cells.map((c: { name: string; status: string }) => [c.name, c]));
    assert.equal(byName.seen.status, 'ok');
    assert.match(byName.seen.output, /"1"/);
    assert.equal(byName.status.status, 'ok');
    assert.equal(byName.flush.status, 'skipped');
    assert.equal(byName.flush.mutates, true);
  });

  test('--yes runs a mitigation; a missing variable fails with its name', async () => {
    const r = await cli(['run', 'cache.runbook.md', '--cell', 'flush', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OK/);
    const none = await main(['run', 'cache.runbook.md', '--cell', 'seen'], { stdout: () => {}, stderr: (t) => (noneErr += t), cwd: dir, env: {}, interactive: false });
    assert.equal(none, 1);
    assert.match(noneErr, /needs REDIS_URL/);
  });

  test('an unknown --cell is a usage error listing the runnable cells', async () => {
    const r = await cli(['run', 'cache.runbook.md', '--cell', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /runnable cells: 1 \(ping\), 2 \(seen\)/);
  });
});
let noneErr = '';

describe('secrets', () => {
  test('a secret sentinel shows up in no output, file or error', async () => {
    const r = await cli(['run', 'secret.runbook.md', '--yes', '--json'], { OPENAI_API_KEY: SENTINEL });
    const all = r.stdout + r.stderr;
    assert.ok(!all.includes(SENTINEL), 'not in CLI output');
    assert.ok(!all.includes('pg-test-secret'), 'connection-string password masked');
    assert.match(all, /key is ••••/);
    assert.match(all, /url is postgres:\/\/postgres:••••@127\.0\.0\.1/);
    assert.match(all, /nonexistent-••••/);
    // The cell itself wrote the secret to a file (that is the command's doing); nothing of ours did.
    for (const f of readdirSync(dir)) {
      if (f === 'leaked.txt') continue;
      assert.ok(!readFileSync(join(dir, f), 'utf8').includes(SENTINEL), `${f} holds the secret`);
    }
    const text = await cli(['run', 'secret.runbook.md', '--yes'], { OPENAI_API_KEY: SENTINEL });
    assert.ok(!(text.stdout + text.stderr).includes(SENTINEL));
  });

  test('a secret split across output chunks is still masked', async () => {
    const chunks: string[] = [];
    const r = await runCell({
      executor: 'shell',
      code: `printf 'sentinel-S3C'; sleep 0.2; printf 'R3T-7d1e9 done\\n'`,
      env: { PATH: process.env.PATH ?? '', MY_TOKEN: SENTINEL },
      cwd: dir,
      onOutput: (c) => chunks.push(c.text),
    });
    assert.ok(!chunks.join('').includes(SENTINEL));
    assert.ok(!JSON.stringify(r).includes(SENTINEL));
    assert.equal(r.text, '•••• done\n');
  });
});

describe('processes and memory', () => {
  test("cancel kills the whole process group: `sleep 100 & sleep 100` leaves nothing behind", async () => {
    const marker = `runbook-cancel-${process.pid}-${Date.now()}`;
    const ac = new AbortController();
    const run = runCell({
      executor: 'shell',
      code: `bash -c 'exec -a ${marker}-a sleep 100' & bash -c 'exec -a ${marker}-b sleep 100'`,
      env: { PATH: process.env.PATH ?? '' },
      cwd: dir,
      signal: ac.signal,
    });
    const find = () =>
      readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
          } catch {
            return false;
          }
        });
    for (let i = 0; i < 50 && find().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(find().length >= 2, 'both sleeps started');
    ac.abort();
    const r = await run;
    assert.equal(r.status, 'cancelled');
    for (let i = 0; i < 40 && find().length; i++) await new Promise((res) => setTimeout(res, 50));
    const left = find().filter((p) => existsSync(`/proc/${p}`) && !readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z '));
    assert.deepEqual(left, [], 'no process left behind');
  });

  test('500 MB of output keeps memory flat and says what was left out', async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const r = await runCell({
      executor: 'shell',
      code: "head -c 500000000 /dev/zero | tr '\\0' x",
      env: { PATH: process.env.PATH ?? '' },
      cwd: dir,
      maxOutputBytes: 1024 * 1024,
      defaultTimeoutMs: 120_000,
    });
    clearInterval(sampler);
    assert.equal(r.status, 'ok', r.error);
    assert.ok(r.text.length < 1.1 * 1024 * 1024, `kept ${r.text.length} chars`);
    assert.match(r.text, /left out/);
    assert.ok(r.omittedBytes! > 498_000_000 && r.omittedBytes! <= 500_000_000 - 1024 * 1024 + 64, `omitted ${r.omittedBytes}`);
    const growth = (peak - before) / 1024 / 1024;
    assert.ok(growth < 150, `rss grew ${growth.toFixed(0)} MB`);
  });
});
