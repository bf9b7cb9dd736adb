// `npm run demo -- --check`: proves the demo world answers with real data, then exits 0/1.
import { Client } from 'pg';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function getJson(url: string): Promise<[number, Json]> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return [res.status, (await res.json()) as Json];
}

async function check(name: string, fn: () => Promise<string>): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await fn() };
  } catch (err) {
    return { name, ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

function expect(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export async function selfCheck(world: {
  apiBaseUrl: string;
  databaseUrl: string;
  prometheusUrl: string;
  adminToken: string;
  codeServerUrl: string;
  extensionListed: () => Promise<boolean>;
}): Promise<CheckResult[]> {
  const api = world.apiBaseUrl;
  return Promise.all([
    check('GET /health/detailed', async () => {
      const [code, body] = await getJson(`${api}/health/detailed`);
      expect(code === 200 && body.status === 'ok', `status ${code}, ${JSON.stringify(body.status)}`);
      return `status ${body.status}, database ${body.dependencies.database.status}, cache ${body.dependencies.cache.status}`;
    }),
    check('GET /health/database/stats', async () => {
      const [, body] = await getJson(`${api}/health/database/stats`);
      expect(body.status === 'ok', `status ${body.status}: ${body.error ?? ''}`);
      expect(body.connections.total >= 1 && body.connections.max > 0 && body.size.bytes > 0, 'no real figures');
      return `${body.connections.total}/${body.connections.max} connections, ${body.size.pretty}`;
    }),
    check('GET /health/cache/stats', async () => {
      const [, body] = await getJson(`${api}/health/cache/stats`);
      expect(body.status === 'ok', `status ${body.status}: ${body.error ?? ''}`);
      expect(body.keyspace.keys > 0 && body.memory.used > 0 && body.keyspace.hitRate !== null, 'no real figures');
      return `${body.keyspace.keys} keys, ${body.memory.usedHuman} of ${body.memory.maxmemoryHuman}, hit rate ${body.keyspace.hitRate}`;
    }),
    check('GET /health/system', async () => {
      const [, body] = await getJson(`${api}/health/system`);
      expect(body.memory.total > 0 && body.process.rss > 0, 'no real figures');
      return `host memory ${body.memory.usedPercent}% used, load ${body.load['1m'].toFixed(2)}`;
    }),
    check('POST /api/admin/maintenance', async () => {
      const post = (auth: string | undefined, enabled: boolean) =>
        fetch(`${api}/api/admin/maintenance`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
          body: JSON.stringify({ enabled }),
        });
      expect((await post(undefined, true)).status === 401, 'accepted a call without a token');
      const on = await post(`Bearer ${world.adminToken}`, true);
      expect(on.status === 200 && ((await on.json()) as Json).enabled === true, `switching on gave ${on.status}`);
      const off = await post(`Bearer ${world.adminToken}`, false);
      expect(off.status === 200 && ((await off.json()) as Json).enabled === false, `switching off gave ${off.status}`);
      return 'refuses without a token, toggles with it';
    }),
    check('SQL on DATABASE_URL', async () => {
      const client = new Client({ connectionString: world.databaseUrl });
      await client.connect();
      try {
        const states = await client.query('SELECT count(*), state FROM pg_stat_activity GROUP BY state');
        const audit = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_logs WHERE created_at > now() - interval '24 hours'`,
        );
        expect(states.rowCount! > 0 && audit.rows[0].n > 0, 'empty results');
        return `${states.rowCount} connection states, ${audit.rows[0].n} audit log rows in the last 24 h`;
      } finally {
        await client.end();
      }
    }),
    check('Prometheus scrapes the API', async () => {
      // Scraped every second: the first scrape may still be on its way.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const [code, body] = await getJson(`${world.prometheusUrl}/api/v1/query?query=${encodeURIComponent('count(http_requests_total)')}`);
        const value = body?.data?.result?.[0]?.value?.[1];
        if (code === 200 && Number(value) > 0) return `${value} request series from the API's /metrics`;
        if (Date.now() > deadline) throw new Error(`no http_requests_total series (HTTP ${code}, ${JSON.stringify(body?.error ?? body?.data?.result ?? body)})`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }),
    check('code-server', async () => {
      const res = await fetch(world.codeServerUrl, { signal: AbortSignal.timeout(15_000) });
      const html = await res.text();
      expect(res.status === 200 && html.includes('workbench'), `HTTP ${res.status}`);
      expect(await world.extensionListed(), 'the extension is not listed by code-server --list-extensions');
      return `HTTP ${res.status}, extension installed`;
    }),
  ]);
}
