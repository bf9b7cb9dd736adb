// Health: a round of 20 checks of which 5 hang should take about one timeout, not five.
// Baseline: one hanging check alone (≈ its timeout), measured in the same process.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { measure, ratioResult, type Bench } from './lib';
import { parseHealthConfig, runCheck, runChecks } from '../src/core/health';

const TIMEOUT_MS = 500;

const bench: Bench = {
  title: 'Service health',
  async run() {
    const http = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok","memory":{"used_pct":40}}');
    });
    const sockets = new Set<Socket>();
    const hang = createTcpServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await Promise.all([
      new Promise<void>((r) => http.listen(0, '127.0.0.1', r)),
      new Promise<void>((r) => hang.listen(0, '127.0.0.1', r)),
    ]);
    const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    const hung = `127.0.0.1:${(hang.address() as { port: number }).port}`;
    try {
      const { checks, problems } = parseHealthConfig([
        ...Array.from({ length: 14 }, (_, i) => ({ name: `API ${i}`, kind: 'http', url: `${base}/health`, conditions: ['status == "ok"', 'memory.used_pct < 90'], timeoutMs: TIMEOUT_MS })),
        { name: 'TCP', kind: 'tcp', host: '127.0.0.1', port: (http.address() as { port: number }).port, timeoutMs: TIMEOUT_MS },
        { name: 'Hung HTTP', kind: 'http', url: `http://${hung}/`, timeoutMs: TIMEOUT_MS },
        { name: 'Hung HTTP 2', kind: 'http', url: `http://${hung}/2`, timeoutMs: TIMEOUT_MS },
        { name: 'Hung Redis', kind: 'redis', connection: `redis://${hung}`, timeoutMs: TIMEOUT_MS },
        { name: 'Hung PostgreSQL', kind: 'postgres', connection: `postgres://u:p@${hung}/db`, timeoutMs: TIMEOUT_MS },
        { name: 'Hung command', kind: 'command', command: 'sleep 10', timeoutMs: TIMEOUT_MS },
      ]);
      if (problems.length || checks.length !== 20) throw new Error(`bench config: ${problems.join('; ')}`);
      const single = checks.find((c) => c.name === 'Hung HTTP')!;
      const env = {};
      const one = await measure(() => runCheck(single, { env }), { minRuns: 3, minMs: 0, warmup: 1 });
      const round = await measure(() => runChecks(checks, { env }), { minRuns: 3, minMs: 0, warmup: 1 });
      return [
        {
          ...ratioResult('round of 20 checks, 5 hanging (timeout 500 ms)', round, 'one hanging check alone', one, 1.3),
          notes: `sequential would be ≈ ${5 * TIMEOUT_MS} ms`,
        },
      ];
    } finally {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => hang.close(r))]);
    }
  },
};

export default bench;
