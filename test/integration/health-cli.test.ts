// `runbook health` end to end, in process: a real node:http server, config and .env files on disk.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

let server: Server;
let base: string;
let dir: string;

before(async () => {
  server = createServer((req, res) => {
    const body = req.url === '/health/system' ? { status: 'ok', memory: { used_pct: 97 } } : { status: 'ok' };
    res.writeHead(req.url === '/broken' ? 500 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  dir = mkdtempSync(join(tmpdir(), 'health-cli-'));
});

after(async () => {
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], env: Record<string, string> = {}) => runCli(['health', ...args], dir, env);

describe('runbook health', () => {
  test('defaults with .env in the folder: guide endpoints checked, the rest "not configured", exit 0', async () => {
    writeFileSync(join(dir, '.env'), `API_BASE_URL=${base}\n`);
    const { code, stdout } = await run([]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /✔ ok +API \(detailed\) +\S+ ms {2}200 · status=ok/);
    assert.match(stdout, /\? unknown +PostgreSQL +– {2}not configured: set DATABASE_URL/);
    rmSync(join(dir, '.env'));
  });

  test('--config YAML with a failing condition and a 5xx: degraded and down, exit 1; --json is parseable', async () => {
    writeFileSync(
      join(dir, 'health.yaml'),
      [
        'checks:',
        '  - { name: System, kind: http, url: "$API_BASE_URL/health/system", conditions: ["memory.used_pct < 90"] }',
        '  - { name: Broken, kind: http, url: "$API_BASE_URL/broken" }',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'vars.env'), `API_BASE_URL=${base}\n`);
    const text = await run(['--config', 'health.yaml', '--env-file', 'vars.env']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /▲ degraded System .*memory\.used_pct=97 \(want < 90\)/);
    assert.match(text.stdout, /✖ down +Broken .*500 Internal Server Error/);
    const json = await run(['--config', 'health.yaml', '--json'], { API_BASE_URL: base });
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout).map((r: { status: string }) => r.status), ['degraded', 'down']);
  });

  test('bad input: config problems are named on stderr and the valid checks still run', async () => {
    writeFileSync(join(dir, 'mixed.json'), JSON.stringify([{ name: 'No URL', kind: 'http' }, { name: 'OK', kind: 'http', url: `${base}/health` }]));
    const { code, stdout, stderr } = await run(['--config', 'mixed.json']);
    assert.equal(code, 0);
    assert.match(stderr, /runbook health: health check 1 "No URL" \(http\): url: /);
    assert.match(stdout, /✔ ok +OK /);
    writeFileSync(join(dir, 'broken.json'), '{ "checks": [ ');
    const broken = await run(['--config', 'broken.json']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /--config: .*broken\.json is not valid JSON or YAML/);
    const missing = await run(['--env-file', 'nope.env']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--env-file: .*nope\.env does not exist/);
    const bad = await run(['--watch', '--interval', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--interval must be a positive number, got 'soon'/);
  });

  test('--watch --count 2 runs two rounds', async () => {
    writeFileSync(join(dir, 'one.json'), JSON.stringify([{ name: 'OK', kind: 'http', url: `${base}/health` }]));
    const { code, stdout } = await run(['--config', 'one.json', '--watch', '--interval', '0.1', '--count', '2', '--json']);
    assert.equal(code, 0);
    const rounds = stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(rounds.length, 2);
    assert.equal(rounds[1][0].status, 'ok');
  });
});
