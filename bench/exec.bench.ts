// Execution overhead: our executors against the raw libraries they wrap, in the same process.
import { Client } from 'pg';
import { measure, measurePair, ratioResult, type Bench, type BenchResult } from './lib';
import { testServices } from '../test/support/services';
import { runCell, closeSqlPools } from '../src/core/exec';

const bench: Bench = {
  title: 'Cell execution',
  async run(): Promise<BenchResult[]> {
    const { execa } = await import('execa');
    const env = { PATH: process.env.PATH ?? '' };
    const results: BenchResult[] = [];

    const ours = await measure(() => runCell({ executor: 'shell', code: 'true', env, cwd: process.cwd() }), { minRuns: 30, minMs: 1500 });
    const raw = await measure(() => execa('bash', ['-c', 'true']), { minRuns: 30, minMs: 1500 });
    results.push(ratioResult('shell cell `true`', ours, 'raw execa bash -c true', raw, 1.2));

    const services = await testServices();
    try {
      const sqlEnv = { DATABASE_URL: services.databaseUrl };
      const client = new Client({ connectionString: services.databaseUrl });
      await client.connect();
      // Both warm (our pools hold connections after the first run), measured alternately.
      const mutating = await measurePair(() => runCell({ executor: 'sql', code: 'SELECT 1', env: sqlEnv, cwd: process.cwd(), attributes: { mutates: true } }), () => client.query('SELECT 1'));
      results.push({ ...ratioResult('SQL cell `SELECT 1` (mitigation path)', mutating.ours, 'raw pg client query, warm', mutating.baseline, 1.2), notes: 'alternating rounds, medians' });
      const diagnostic = await measurePair(() => runCell({ executor: 'sql', code: 'SELECT 1', env: sqlEnv, cwd: process.cwd() }), () => client.query('SELECT 1'));
      results.push({ ...ratioResult('SQL cell `SELECT 1` (diagnostic, read-only session)', diagnostic.ours, 'raw pg client query, warm', diagnostic.baseline, 1.2), notes: 'one round trip: the session is opened read-only; alternating rounds, medians' });
      await client.end();
    } finally {
      await closeSqlPools();
      await services.stop();
    }

    const bytes = 200_000_000;
    const gen = `head -c ${bytes} /dev/zero | tr '\\0' x`;
    let peak = process.memoryUsage().rss;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const base = process.memoryUsage().rss;
    let t = performance.now();
    await runCell({ executor: 'shell', code: gen, env, cwd: process.cwd(), defaultTimeoutMs: 300_000 });
    const oursMBs = bytes / 1e6 / ((performance.now() - t) / 1000);
    clearInterval(sample);
    const peakGrowth = (peak - base) / 1024 / 1024;
    t = performance.now();
    const child = execa('bash', ['-c', `${gen} | cat`], { buffer: false });
    child.stdout?.on('data', () => {});
    await child;
    const rawMBs = bytes / 1e6 / ((performance.now() - t) / 1000);
    const ratio = oursMBs / rawMBs;
    results.push({ name: '200 MB through a shell cell', value: oursMBs, unit: 'MB/s', baseline: { name: '`| cat` through execa, discarded', value: rawMBs }, ratio, target: '≥ 0.5×', ok: ratio >= 0.5, notes: `peak RSS growth ${peakGrowth.toFixed(0)} MB` });
    return results;
  },
};

export default bench;
