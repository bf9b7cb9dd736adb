// The shipped runbooks: each parses without problems, names its runnable cells, keeps
// mutating cells in its Mitigation section, reaches servers only through variables — and its
// diagnostic SQL, Redis and HTTP cells really run against the demo world.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { parseRunbook } from '../../src/core/runbook/parse';
import type { RunbookCell, RunbookDocument } from '../../src/core/runbook/types';
import { startPostgres, startPrometheus, startRedis, type RunningService } from '../support/services';
import { runCell } from '../../src/core/exec';
import { startHealthService, type HealthService } from '../../scripts/demo/health-service';
import { seedPostgres, seedRedis } from '../../scripts/demo/seed';

const dir = join(__dirname, '..', '..', 'runbooks');
const files = readdirSync(dir).filter((f) => f.endsWith('.runbook.md')).sort();
const runbooks = files.map((file) => ({ file, doc: parseRunbook(readFileSync(join(dir, file), 'utf8')) }));

const EXPECTED = [
  'database-connection-pool-exhausted', 'ddos-attack', 'high-memory-usage', 'incident-response',
  'openai-api-failure', 'pod-crash-looping', 'redis-cache-failure', 'security-breach',
].map((n) => `${n}.runbook.md`);

/** Each runnable cell with the headings it sits under (outermost first). */
function runnableCells(doc: RunbookDocument): { cell: RunbookCell; headings: string[] }[] {
  const stack: { level: number; text: string }[] = [];
  const out: { cell: RunbookCell; headings: string[] }[] = [];
  for (const cell of doc.cells) {
    if (cell.kind === 'markup') {
      for (const m of cell.value.matchAll(/^(#{1,6})\s+(.+)$/gm)) {
        const level = m[1].length;
        while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
        stack.push({ level, text: m[2].trim() });
      }
    } else if (cell.executor && cell.role !== 'frontmatter') {
      out.push({ cell, headings: stack.map((h) => h.text) });
    }
  }
  return out;
}

const inMitigation = (headings: string[]) => headings.some((h) => /mitigation/i.test(h));

describe('shipped runbooks', () => {
  test('every playbook of the guide ships, and the Kubernetes one that answers an alert', () => {
    assert.deepEqual(files, EXPECTED);
  });

  for (const { file, doc } of runbooks) {
    test(`${file} parses cleanly and follows the house rules`, () => {
      assert.deepEqual(doc.problems, [], 'document problems');
      for (const cell of doc.cells) assert.deepEqual(cell.problems, [], `problems in the cell at line ${cell.line}`);

      const fm = doc.frontmatter;
      assert.ok(fm?.title, 'frontmatter title');
      assert.ok(fm.services.length > 0 && fm.symptoms.length > 0, 'frontmatter services and symptoms');
      // A runbook that calls the API names a default for it.
      const callsApi = doc.cells.some((c) => c.kind === 'code' && c.value.includes('API_BASE_URL'));
      if (callsApi) assert.ok(fm.env.API_BASE_URL, 'API_BASE_URL default in env');

      const cells = runnableCells(doc);
      assert.ok(cells.length >= 5, 'has runnable cells');
      const names = cells.map(({ cell }) => cell.attributes.name);
      for (const { cell } of cells) assert.ok(cell.attributes.name, `the cell at line ${cell.line} has a name`);
      assert.equal(new Set(names).size, names.length, `names are unique: ${names.join(', ')}`);

      for (const { cell, headings } of cells) {
        const where = `${cell.attributes.name} (line ${cell.line}, under ${headings.join(' › ')})`;
        if (cell.attributes.mutates === true) assert.ok(inMitigation(headings), `${where} mutates outside Mitigation`);
        if (inMitigation(headings)) assert.equal(cell.attributes.mutates, true, `${where} is a mitigation without mutates=true`);
        // Servers only through variables: no literal hosts, URLs or connection strings.
        assert.doesNotMatch(cell.value, /\b(localhost|127\.0\.0\.1|servio\.app)\b|https?:\/\/(?!\{\{)|postgres(ql)?:\/\/|redis:\/\//, where);
      }

      if (file !== 'incident-response.runbook.md') {
        const headings = doc.cells.filter((c) => c.kind === 'markup').flatMap((c) => [...c.value.matchAll(/^## (.+)$/gm)].map((m) => m[1]));
        for (const section of ['Symptoms', 'Investigation', 'Mitigation', 'Verify']) {
          assert.ok(headings.includes(section), `${file} has a "${section}" section (has ${headings.join(', ')})`);
        }
        assert.ok(cells.some(({ cell, headings: h }) => h.includes('Mitigation') && cell.attributes.mutates), 'a mitigation cell');
      }
    });
  }

  test('the incident-response runbook carries the severities, the seven steps and their checklists', () => {
    const text = readFileSync(join(dir, 'incident-response.runbook.md'), 'utf8');
    for (const p of ['P0', 'P1', 'P2', 'P3']) assert.match(text, new RegExp(`\\*\\*${p}\\*\\*`));
    for (const t of ['5 minutes', '30 minutes', '4 hours', 'Next business day']) assert.ok(text.includes(t), t);
    for (let step = 1; step <= 7; step++) assert.match(text, new RegExp(`^### ${step}\\. `, 'm'));
    assert.ok((text.match(/^- \[ \] /gm) ?? []).length >= 17, 'the checklists');
    assert.match(text, /^## Quick reference$/m);
  });
});

describe('diagnostic cells against the demo world', () => {
  let pg: RunningService | undefined;
  let redisServer: RunningService | undefined;
  let prometheus: RunningService | undefined;
  let service: HealthService | undefined;
  let db: Client | undefined;
  let redis: Redis | undefined;
  let vars: Record<string, string> = {};

  before(async () => {
    [pg, redisServer] = await Promise.all([startPostgres(), startRedis()]);
    const databaseUrl = await seedPostgres(pg.url);
    await seedRedis(redisServer.url);
    service = await startHealthService({ databaseUrl, redisUrl: redisServer.url, adminToken: 'unused-token' });
    prometheus = await startPrometheus({ targets: [service.url] });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    redis = new Redis(redisServer.url, { lazyConnect: true });
    await redis.connect();
    vars = { API_BASE_URL: service.url };
  });

  after(async () => {
    redis?.disconnect();
    await db?.end().catch(() => {});
    await service?.close();
    await Promise.all([pg?.stop(), redisServer?.stop(), prometheus?.stop()]);
  });

  const diagnostics = runbooks.flatMap(({ file, doc }) =>
    runnableCells(doc)
      .filter(({ cell }) => !cell.attributes.mutates && cell.executor !== 'shell')
      .map(({ cell }) => ({ file, cell })),
  );

  test('there are diagnostic cells of every native kind', () => {
    const kinds = new Set(diagnostics.map(({ cell }) => cell.executor));
    assert.deepEqual([...kinds].sort(), ['http', 'promql', 'redis', 'sql']);
  });

  test('every SQL diagnostic runs', async () => {
    for (const { file, cell } of diagnostics.filter(({ cell }) => cell.executor === 'sql')) {
      await assert.doesNotReject(db!.query(cell.value), `${file} › ${cell.attributes.name}`);
    }
  });

  test('every Redis diagnostic runs', async () => {
    for (const { file, cell } of diagnostics.filter(({ cell }) => cell.executor === 'redis')) {
      for (const line of cell.value.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const [command, ...args] = line.split(/\s+/);
        await assert.doesNotReject(redis!.call(command, ...args), `${file} › ${cell.attributes.name}: ${line}`);
      }
    }
  });

  test('every HTTP diagnostic on API_BASE_URL answers 200', async () => {
    const onApi = diagnostics.filter(({ cell }) => cell.executor === 'http' && cell.value.includes('{{API_BASE_URL}}'));
    assert.ok(onApi.length >= 10);
    for (const { file, cell } of onApi) {
      const [method, url] = cell.value.split('\n')[0].replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k]).split(/\s+/);
      const res = await fetch(url, { method });
      assert.equal(res.status, 200, `${file} › ${cell.attributes.name}: ${method} ${url}`);
    }
  });

  test('every PromQL diagnostic charts the demo service\'s metrics, scraped by a real Prometheus', async () => {
    const cells = diagnostics.filter(({ cell }) => cell.executor === 'promql');
    assert.ok(cells.length >= 2);
    // The first scrape comes about 5 s after Prometheus starts; rate() needs two. Keep the API busy meanwhile.
    const deadline = Date.now() + 40_000;
    for (const { file, cell } of cells) {
      for (;;) {
        await fetch(`${service!.url}/health`);
        const run = await runCell({ executor: 'promql', code: cell.value, attributes: { ...cell.attributes, range: '5m', step: '1s' }, env: { PROMETHEUS_URL: prometheus!.url }, cwd: dir });
        assert.equal(run.status, 'ok', `${file} › ${cell.attributes.name}: ${run.error}`);
        if (run.data?.kind === 'promql' && run.data.series.some((s) => s.values.some(([, v]) => v !== null))) break;
        assert.ok(Date.now() < deadline, `${file} › ${cell.attributes.name}: no data after 40 s:\n${run.text}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  });

  test('the security-breach queries find the seeded attack', async () => {
    const doc = runbooks.find((r) => r.file === 'security-breach.runbook.md')!.doc;
    const cell = runnableCells(doc).find(({ cell }) => cell.attributes.name === 'failed-logins-by-ip')!.cell;
    const { rows } = await db!.query(cell.value);
    assert.equal(rows[0].ip_address, '203.0.113.66');
    assert.equal(Number(rows[0].failures), 40);
  });
});
