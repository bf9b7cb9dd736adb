// Throwaway PostgreSQL, Redis and Prometheus servers for tests and the demo: a temp data dir, a
// free port on 127.0.0.1, stopped by `stop()` (and, as a last resort, when this process exits).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { onExit } from '../harness/cleanup';

export interface RunningService {
  url: string;
  port: number;
  /** Stops the server and removes its data. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server but keeps its data, so `start()` can bring it back (outage tests). */
  pause(): Promise<void>;
  start(): Promise<void>;
  /** The server's main process id (the postmaster for PostgreSQL), while it runs. */
  pid(): number | undefined;
}

export const TEST_PG_PASSWORD = 'pg-test-secret-4f9a';

/** Kills servers left running when the process ends, also on Ctrl-C or SIGTERM (see cleanup.ts). */
const exitHooks = {
  undo: new Map<() => void, () => void>(),
  add(hook: () => void) {
    this.undo.set(hook, onExit(hook));
  },
  delete(hook: () => void) {
    this.undo.get(hook)?.();
    this.undo.delete(hook);
  },
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The port opens before PostgreSQL accepts queries ("the database system is starting up"). */
async function waitForQueries(port: number, timeoutMs = 15_000): Promise<void> {
  const { Client } = await import('pg');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: TEST_PG_PASSWORD, database: 'postgres' });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`PostgreSQL on port ${port} does not answer queries: ${(err as Error).message}`, { cause: err });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  }
  // Elsewhere the server binaries are usually on PATH.
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return dirname(which.stdout.trim());
  throw new Error('PostgreSQL server binaries not found: run scripts/install-tools.sh (Debian package postgresql), or put initdb on PATH');
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user. */
function asPgUser(cmd: string, args: string[]): [string, string[]] {
  return userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export async function startPostgres(): Promise<RunningService> {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, TEST_PG_PASSWORD + '\n');
  if (userInfo().uid === 0) {
    const pg = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (pg.status !== 0) throw new Error('running as root needs the `postgres` user (Debian package postgresql)');
    chownSync(dir, Number(pg.stdout.trim()), Number(gid.stdout.trim()));
    chownSync(pwfile, Number(pg.stdout.trim()), Number(gid.stdout.trim()));
  }
  const [cmd, args] = asPgUser(join(bin, 'initdb'), [
    '-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256',
    '--no-sync', '-E', 'UTF8', '--locale=C',
  ]);
  const init = spawnSync(cmd, args, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  let child: ChildProcess | undefined;
  /**
   * Signals the postmaster itself: as root it runs under `runuser`, which does not pass every
   * signal on. SIGINT is PostgreSQL's fast shutdown (it does not wait for clients), SIGQUIT immediate.
   */
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]), sig);
    } catch {
      try {
        child?.kill(sig);
      } catch {
        /* already gone */
      }
    }
  };
  const kill = () => signal('SIGQUIT');
  exitHooks.add(kill);
  const start = async () => {
    const [pcmd, pargs] = asPgUser(join(bin, 'postgres'), [
      '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=50',
    ]);
    child = spawn(pcmd, pargs, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.on('data', (d) => (log = (log + d).slice(-4000)));
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) => reject(new Error(`postgres exited (${code}): ${log}`))),
    );
    exited.catch(() => {});
    await Promise.race([waitForPort(port).then(() => waitForQueries(port)), exited]);
  };
  const pause = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      signal('SIGINT');
    });
  };
  await start();
  let stopped = false;
  return {
    url: `postgres://postgres:${TEST_PG_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    start,
    pause,
    pid() {
      try {
        return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pause();
      exitHooks.delete(kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisOptions {
  /** More server arguments (an ACL user, `--requirepass`…), after the defaults. */
  args?: string[];
  /** Serve TLS only, on the port (`rediss://`), with this certificate and key (PEM files). */
  tls?: { cert: string; key: string };
}

export async function startRedis(opts: RedisOptions = {}): Promise<RunningService> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-redis-'));
  const server = ownedServer(dir, async (own) => {
    const child = own(spawn(
      'redis-server',
      [
        ...(opts.tls
          ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', opts.tls.cert, '--tls-key-file', opts.tls.key, '--tls-auth-clients', 'no']
          : ['--port', String(port)]),
        ...['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        ...(opts.args ?? []),
      ],
      { stdio: 'ignore' },
    ));
    child.once('error', () => {});
    await waitForPort(port);
  });
  await server.start();
  return { url: `${opts.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`, port, ...server };
}

export interface RunningPrometheus extends RunningService {
  /** Scrapes `host:port` (its /metrics) too, from the next service-discovery refresh (about a second). */
  addTarget(target: string): void;
}

/**
 * A Prometheus scraping itself (job `prometheus`) and any `targets` (job `demo`, `/metrics`)
 * every second, so queries have data within seconds. More targets can be added while it runs.
 */
export async function startPrometheus(opts: { targets?: string[] } = {}): Promise<RunningPrometheus> {
  // Targets are URLs or host:port; each is scraped at /metrics.
  const which = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error('prometheus not found: run scripts/install-tools.sh --services (Debian package prometheus)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-prometheus-'));
  const targetsFile = join(dir, 'targets.json');
  // `host:port` as Prometheus wants it, from a URL or a bare address.
  const address = (target: string) => target.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const targets = new Set((opts.targets ?? []).map(address));
  const writeTargets = () => writeFileSync(targetsFile, JSON.stringify([{ targets: [...targets], labels: {} }]));
  writeTargets();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s, scrape_timeout: 1s }',
      'scrape_configs:',
      `  - { job_name: prometheus, static_configs: [ { targets: ["127.0.0.1:${port}"] } ] }`,
      `  - { job_name: demo, file_sd_configs: [ { files: [${JSON.stringify(targetsFile)}], refresh_interval: 1s } ] }`,
      '',
    ].join('\n'),
  );
  const server = ownedServer(dir, async (own) => {
    const child = own(spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=1d', '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    ));
    let log = '';
    child.stderr?.on('data', (d) => (log = (log + d).slice(-4000)));
    child.once('error', () => {});
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`prometheus exited (${code}): ${log}`))));
    exited.catch(() => {});
    await Promise.race([waitForReady(`http://127.0.0.1:${port}/-/ready`), exited]);
  });
  await server.start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ...server,
    addTarget(target: string) {
      targets.add(address(target));
      writeTargets();
    },
  };
}

/**
 * A server process the tests own, in its own data folder: started (by `launch`, which hands the
 * child to `own` as soon as it is spawned, so a failed start is still killed), paused (SIGTERM,
 * data kept), stopped (data removed), and killed if this process ends first.
 */
function ownedServer(dir: string, launch: (own: (child: ChildProcess) => ChildProcess) => Promise<void>): Pick<RunningService, 'start' | 'pause' | 'stop' | 'pid'> {
  let child: ChildProcess | undefined;
  const kill = () => {
    try {
      child?.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  };
  exitHooks.add(kill);
  const pause = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  let stopped = false;
  return {
    start: () => launch((c) => (child = c)),
    pause,
    pid: () => child?.pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pause();
      exitHooks.delete(kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Prometheus opens its port before it is ready to answer queries (it replays its write-ahead log first). */
async function waitForReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} is not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * For a test file: the Prometheus the test runner started (TEST_PROMETHEUS_URL), or a fresh one
 * this file starts and stops itself when run alone.
 */
export async function testPrometheus(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.TEST_PROMETHEUS_URL) return { url: process.env.TEST_PROMETHEUS_URL, stop: async () => {} };
  const own = await startPrometheus();
  return { url: own.url, stop: () => own.stop() };
}

/**
 * For a test file: the servers the test runner started (TEST_DATABASE_URL / TEST_REDIS_URL),
 * or fresh ones this file starts and stops itself when run alone.
 */
export async function testServices(): Promise<{ databaseUrl: string; redisUrl: string; stop(): Promise<void> }> {
  const own: RunningService[] = [];
  let databaseUrl = process.env.TEST_DATABASE_URL;
  let redisUrl = process.env.TEST_REDIS_URL;
  if (!databaseUrl) {
    const pg = await startPostgres();
    own.push(pg);
    databaseUrl = pg.url;
  }
  if (!redisUrl) {
    const redis = await startRedis();
    own.push(redis);
    redisUrl = redis.url;
  }
  return { databaseUrl, redisUrl, stop: async () => void (await Promise.all(own.map((s) => s.stop()))) };
}
