// `capture=NAME` through `runbook run` against real PostgreSQL, Redis and an HTTP server: each
// executor's capture feeds later cells of the run and, on an incident, later runs; a secret capture
// is masked on the timeline and in the run log; every run's whole output is written to
// incidents/<id>/runs/<event-id>.log (JSON beside it for SQL and HTTP) and linked from its event.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { gitWorkspaces } from '../support/workspaces';
import { testServices, TEST_PG_PASSWORD } from '../support/services';

const workspaces = gitWorkspaces('runbook-capture-');
let services: Awaited<ReturnType<typeof testServices>>;
let server: Server;
let base: string;

before(async () => {
  services = await testServices();
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ items: [{ name: 'web-7', port: 8080 }], path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

after(async () => {
  workspaces.cleanup();
  server?.close();
  await services?.stop();
});

const fence = (info: string, code: string) => '```' + info + '\n' + code + '\n```\n';
const env = () => ({ PATH: process.env.PATH ?? '', DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, BASE: base });

function timeline(dir: string): Array<{ id: string; type: string; data: Record<string, unknown> }> {
  const [id] = readdirSync(join(dir, 'incidents'));
  return readFileSync(join(dir, 'incidents', id, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

function incidentDir(dir: string): string {
  return join(dir, 'incidents', readdirSync(join(dir, 'incidents'))[0]);
}

async function declare(dir: string) {
  const r = await runCli(['incident', 'declare', '--severity', 'P2', '--title', 'Checkout slow'], dir, env());
  assert.equal(r.code, 0, r.stderr);
}

describe('capture in one run', () => {
  test('shell, SQL (first column and :column), Redis and HTTP :$.path feed the cells after them', async () => {
    const dir = workspaces.make();
    const key = `capture-test-${process.pid}`;
    const file = join(dir, 'capture.runbook.md');
    writeFileSync(file, [
      '# Capture', '',
      fence('redis {name=seed mutates=false}', `SET ${key} cached-value`), '',
      fence('sh {name=pod capture=POD}', 'echo "  web-1  "; echo "stderr is not captured" >&2'), '',
      fence('sql {name=pid capture=ANSWER}', "SELECT 42 AS answer, 'second' AS label"), '',
      fence('sql {name=label capture=LABEL:label}', "SELECT 42 AS answer, 'second' AS label"), '',
      fence('redis {name=get capture=CACHED}', `GET ${key}`), '',
      fence('http {name=api capture=ITEM:$.items[0].name}', 'GET {{BASE}}/pods'), '',
      fence('sh {name=use}', 'echo "pod=$POD answer=$ANSWER label=$LABEL cached=$CACHED item=$ITEM"'), '',
    ].join('\n'));
    const r = await runCli(['run', file, '--yes', '--json'], dir, env());
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.cells.map((c: { captured?: object }) => c.captured).filter(Boolean), [{ POD: 'web-1' }, { ANSWER: '42' }, { LABEL: 'second' }, { CACHED: 'cached-value' }, { ITEM: 'web-7' }]);
    assert.match(out.cells.at(-1).output, /pod=web-1 answer=42 label=second cached=cached-value item=web-7/);
  });

  test('a capture that finds nothing fails the cell and stops the run', async () => {
    const dir = workspaces.make();
    const file = join(dir, 'empty.runbook.md');
    writeFileSync(file, ['# x', '', fence('sql {capture=PID}', 'SELECT 1 WHERE false'), '', fence('sh', 'echo later'), ''].join('\n'));
    const r = await runCli(['run', file, '--json'], dir, env());
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.cells[0].status, 'failed');
    assert.match(out.cells[0].output, /capture=PID: the query returned no rows/);
    assert.equal(out.cells[1].status, 'skipped');
  });
});

describe('parameters in Redis and HTTP cells', () => {
  test('a Redis value stays one argument (no new command); an HTTP value stays one piece of the path', async () => {
    const dir = workspaces.make();
    const sentinel = `sentinel-${process.pid}`;
    const file = join(dir, 'params.runbook.md');
    writeFileSync(file, [
      '# x', '',
      fence('redis {name=seed mutates=false}', `SET ${sentinel} still-here`), '',
      fence('redis {name=set mutates=false}', 'SET user:<id> "v 1"'), '',
      fence('redis {capture=GOT}', 'GET user:<id>'), '',
      fence('http {capture=SEEN:$.path}', 'GET {{BASE}}/pods/<pod>?ns=<ns>'), '',
      fence('redis', `GET ${sentinel}`), '',
    ].join('\n'));
    const id = 'x"\r\nFLUSHALL\r\n';
    const r = await runCli(['run', file, '--yes', '--json', '--param', `id=${id}`, '--param', 'pod=../admin#x', '--param', 'ns=a&b=c'], dir, env());
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.cells[2].captured, { GOT: 'v 1' });
    assert.deepEqual(out.cells[3].captured, { SEEN: '/pods/..%2Fadmin%23x?ns=a%26b%3Dc' });
    assert.match(out.cells[4].output, /still-here/);
  });
});

describe('capture across runs of one incident', () => {
  test('the second run sees $NAME from the timeline; the runs are logged and linked', async () => {
    const dir = workspaces.make();
    await declare(dir);
    const first = join(dir, 'first.runbook.md');
    const second = join(dir, 'second.runbook.md');
    writeFileSync(first, ['# First', '', fence('sql {name=find capture=BUSY_PID}', "SELECT 4242 AS pid, 'postgres://app:" + TEST_PG_PASSWORD + "@db/x' AS dsn"), '', fence('http {capture=ITEM:$.items[0].port}', 'GET {{BASE}}/pods'), ''].join('\n'));
    writeFileSync(second, ['# Second', '', fence('sh {name=show}', 'echo "pid is $BUSY_PID, port $ITEM"'), ''].join('\n'));
    const one = await runCli(['run', first], dir, env());
    assert.equal(one.code, 0, one.stderr);
    const two = await runCli(['run', second], dir, env());
    assert.equal(two.code, 0, two.stderr);
    assert.match(two.stdout, /pid is 4242, port 8080/);

    const events = timeline(dir);
    assert.deepEqual(events.filter((e) => e.type === 'variable_captured').map((e) => [e.data.name, e.data.value]), [['BUSY_PID', '4242'], ['ITEM', '8080']]);
    const runs = events.filter((e) => e.type === 'cell_run');
    assert.equal(runs.length, 3);
    for (const run of runs) {
      assert.equal(run.data.log, `runs/${run.id}.log`);
      const log = readFileSync(join(incidentDir(dir), run.data.log as string), 'utf8');
      assert.match(log, /# runbook:/);
      assert.ok(!log.includes(TEST_PG_PASSWORD), 'the run log holds a password');
    }
    // SQL and HTTP results as JSON beside their logs; a shell run has none.
    assert.ok(existsSync(join(incidentDir(dir), 'runs', `${runs[0].id}.json`)));
    assert.ok(existsSync(join(incidentDir(dir), 'runs', `${runs[1].id}.json`)));
    assert.ok(!existsSync(join(incidentDir(dir), 'runs', `${runs[2].id}.json`)));
    assert.ok(!readFileSync(join(incidentDir(dir), 'runs', `${runs[0].id}.json`), 'utf8').includes(TEST_PG_PASSWORD));
    assert.match(readFileSync(join(incidentDir(dir), runs[2].data.log as string), 'utf8'), /pid is 4242, port 8080/);
    assert.deepEqual(runs[0].data.captured, { BUSY_PID: '4242' });
  });

  test('a secret-looking capture is masked on the timeline and in the run log, and later runs cannot use it', async () => {
    const dir = workspaces.make();
    await declare(dir);
    const token = 'sha256~Zx81kQ0pLmN4vB7t';
    const first = join(dir, 'token.runbook.md');
    writeFileSync(first, ['# Token', '', fence('sh {capture=API_TOKEN}', `echo ${token}`), '', fence('sh', 'echo "using ${API_TOKEN}"'), ''].join('\n'));
    const r = await runCli(['run', first, '--json'], dir, env());
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.cells[0].captured, { API_TOKEN: '••••' });
    assert.equal(out.cells[1].output, 'using ••••\n');
    const events = timeline(dir);
    const captured = events.find((e) => e.type === 'variable_captured')!;
    assert.equal(captured.data.masked, true);
    assert.ok(!JSON.stringify(events).includes(token), 'the timeline holds the token');
    for (const f of readdirSync(join(incidentDir(dir), 'runs'))) {
      assert.ok(!readFileSync(join(incidentDir(dir), 'runs', f), 'utf8').includes(token), `${f} holds the token`);
    }
    const second = join(dir, 'later.runbook.md');
    writeFileSync(second, ['# Later', '', fence('sh', 'echo "token: $API_TOKEN"'), ''].join('\n'));
    const later = await runCli(['run', second], dir, env());
    assert.equal(later.code, 1);
    assert.match(later.stderr, /needs API_TOKEN/);
  });
});
