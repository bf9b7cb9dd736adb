// `npm run demo` (or `npm start`): a local demo world on 127.0.0.1 — PostgreSQL with a sample
// database, Redis with some keys, an API answering the guide's health endpoints, a Prometheus
// scraping its metrics — plus a
// workspace with the shipped runbooks and a `.env` pointing at it, opened in code-server with
// the extension installed. Ctrl-C stops everything it started.
//
//   npm run demo                      code-server on 127.0.0.1:8080 (or a free port if taken)
//   npm run demo -- --port 9000       code-server on 127.0.0.1:9000
//   npm run demo -- --check           start everything, check it answers with real data, stop, exit 0/1
//   npm run demo -- --skip-build      use dist/ as it is
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startPostgres, startPrometheus, startRedis } from '../test/support/services';
import { startHealthService } from './demo/health-service';
import { seedPostgres, seedRedis } from './demo/seed';
import { codeServerBin, startCodeServer } from '../test/harness/codeServer';
import { selfCheck } from './demo/self-check';

const repo = resolve(__dirname, '..');
const demoDir = join(repo, '.demo');
const workspace = join(demoDir, 'workspace');
const stateDir = join(demoDir, 'code-server');
const extensionsDir = join(stateDir, 'extensions');

const say = (line: string) => console.log(`[demo] ${line}`);

/** What has been started, newest last; stopped in reverse order. */
const running: { name: string; stop: () => Promise<void> }[] = [];
let stopping = false;

async function own(name: string, stop: () => Promise<void>): Promise<void> {
  running.push({ name, stop });
  // A Ctrl-C that came while this was starting: stop it right away.
  if (stopping) await stopAll();
}

async function stopAll(): Promise<void> {
  stopping = true;
  while (running.length) {
    const { name, stop } = running.pop()!;
    try {
      await stop();
      say(`stopped ${name}`);
    } catch (err) {
      console.error(`[demo] stopping ${name} failed: ${err instanceof Error ? err.message : err}`);
    }
  }
}

/** Links the repo in as an installed extension, replacing links from earlier runs. */
function linkExtension(extensionsDir: string): void {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const id = `${pkg.publisher}.${pkg.name}`;
  mkdirSync(extensionsDir, { recursive: true });
  for (const entry of readdirSync(extensionsDir)) {
    if (entry.startsWith(`${id}-`) || entry === 'extensions.json') rmSync(join(extensionsDir, entry), { recursive: true, force: true });
  }
  symlinkSync(repo, join(extensionsDir, `${id}-${pkg.version}`), 'dir');
}

function run(what: string, cmd: string, args: string[]): void {
  say(what);
  const result = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (${cmd} ${args.join(' ')} exited ${result.status ?? result.signal})`);
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

async function chooseCodeServerPort(requested: string | undefined, check: boolean): Promise<number> {
  if (requested !== undefined) {
    const port = Number(requested);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port wants a port number, got "${requested}"`);
    if (!(await portIsFree(port))) throw new Error(`port ${port} on 127.0.0.1 is taken: choose another with --port`);
    return port;
  }
  if (!check && (await portIsFree(8080))) return 8080;
  return freePort();
}

/**
 * Copies the shipped runbooks in. A copy the user edited during an earlier demo (it differs
 * from what was copied then, kept in .demo/shipped/) is left alone.
 */
function writeWorkspace(env: Record<string, string>): void {
  const target = join(workspace, 'runbooks');
  const baseline = join(demoDir, 'shipped');
  mkdirSync(target, { recursive: true });
  mkdirSync(baseline, { recursive: true });
  const shipped = join(repo, 'runbooks');
  for (const file of readdirSync(shipped).filter((f) => f.endsWith('.runbook.md'))) {
    const dest = join(target, file);
    const copiedBefore = join(baseline, file);
    const edited = existsSync(dest) && existsSync(copiedBefore) && readFileSync(dest, 'utf8') !== readFileSync(copiedBefore, 'utf8');
    if (edited) {
      say(`kept your edited ${relative(repo, dest)} (the shipped one is runbooks/${file})`);
      continue;
    }
    copyFileSync(join(shipped, file), dest);
    copyFileSync(join(shipped, file), copiedBefore);
  }
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  writeFileSync(
    join(workspace, '.env'),
    `# Written by \`npm run demo\` on every start: the demo world on 127.0.0.1.\n${lines.join('\n')}\n`,
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      check: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run demo -- [--port N] [--check] [--skip-build]');
    return 0;
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.log('');
      say(`${signal}: stopping everything`);
      void stopAll().then(() => process.exit(signal === 'SIGINT' ? 0 : 143));
    });
  }

  const codeServerPort = await chooseCodeServerPort(values.port, values.check);
  run('installing what is missing (scripts/install-tools.sh)', join(repo, 'scripts', 'install-tools.sh'), []);
  const binary = codeServerBin();
  if (!values['skip-build']) run('building the extension (npm run build)', 'npm', ['run', '--silent', 'build']);
  if (!existsSync(join(repo, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: the build did not produce it');

  say('starting PostgreSQL and Redis');
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  await own(`PostgreSQL (127.0.0.1:${pg.port})`, pg.stop);
  await own(`Redis (127.0.0.1:${redis.port})`, redis.stop);
  const databaseUrl = await seedPostgres(pg.url);
  await seedRedis(redis.url);

  const adminToken = randomBytes(16).toString('hex');
  const api = await startHealthService({ databaseUrl, redisUrl: redis.url, adminToken });
  await own(`health service (${api.url})`, api.close);
  // Scrapes the service's /metrics every second, for the runbooks' PromQL cells.
  const prometheus = await startPrometheus({ targets: [api.url] });
  await own(`Prometheus (${prometheus.url})`, prometheus.stop);

  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, API_BASE_URL: api.url, ADMIN_TOKEN: adminToken, PROMETHEUS_URL: prometheus.url };
  writeWorkspace(env);
  linkExtension(extensionsDir);

  say(`starting code-server on 127.0.0.1:${codeServerPort}`);
  mkdirSync(stateDir, { recursive: true });
  const log = join(stateDir, 'code-server.log');
  const cs = await startCodeServer({
    workspace,
    port: codeServerPort,
    stateDir,
    extensionsDir,
    logFile: log,
    // The workspace sits inside the repo's .demo/: do not offer to open the repo.
    settings: { 'git.openRepositoryInParentFolders': 'never' },
    // No cluster in the demo: runbooks/pod-crash-looping.runbook.md's kubectl cells get a stand-in.
    // VSCODE_CLI=1 keeps this PATH: without it VS Code's server reads the extension host's
    // environment from a login shell, and /etc/profile sets PATH afresh.
    env: { PATH: `${join(repo, 'scripts', 'demo', 'bin')}:${process.env.PATH ?? ''}`, VSCODE_CLI: '1' },
    // The demo stops everything itself on a signal; this only covers a crash.
    onExit: (hook) => {
      process.once('exit', hook);
      return () => process.removeListener('exit', hook);
    },
  });
  await own(`code-server (127.0.0.1:${codeServerPort})`, cs.stop);
  const url = `http://127.0.0.1:${codeServerPort}/?folder=${workspace.split('/').map(encodeURIComponent).join('/')}`;

  if (values.check) {
    const results = await selfCheck({
      apiBaseUrl: api.url,
      databaseUrl,
      prometheusUrl: prometheus.url,
      adminToken,
      codeServerUrl: url,
      extensionListed: async () => {
        const list = spawnSync(binary, ['--list-extensions', '--extensions-dir', extensionsDir, '--user-data-dir', join(stateDir, 'user-data')], {
          encoding: 'utf8',
          env: { ...process.env, VSCODE_IPC_HOOK_CLI: '' },
        });
        return list.stdout.split('\n').some((l) => l.trim() === 'incident-runbooks.incident-runbooks');
      },
    });
    for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}: ${r.detail}`);
    const failed = results.filter((r) => !r.ok).length;
    console.log(`${results.length - failed}/${results.length} checks passed`);
    await stopAll();
    return failed ? 1 : 0;
  }

  const pgUrl = new URL(databaseUrl);
  console.log(`
Incident Runbooks demo is running.

  Open this URL:  ${url}

  code-server   127.0.0.1:${codeServerPort}   log: ${relative(repo, log)}
  health API    ${api.url}   /health/detailed  /health/database/stats  /health/cache/stats  /health/system
  PostgreSQL    127.0.0.1:${pg.port}   database ${pgUrl.pathname.slice(1)}   (users, orders, audit_logs)
  Redis         127.0.0.1:${redis.port}   sessions, cache entries, counters
  Prometheus    ${prometheus.url}   scrapes the health API's /metrics every second
  workspace     ${relative(repo, workspace)}/   runbooks/ and .env (DATABASE_URL, REDIS_URL, API_BASE_URL, ADMIN_TOKEN, PROMETHEUS_URL)

  Try an alert  copy the KubePodCrashLooping alert in README ("Starting from an alert"), then F1 "Incident: Start from Alert"
                (kubectl is a stand-in here: scripts/demo/bin/kubectl)

Ctrl-C stops everything.`);
  await new Promise(() => {}); // until a signal
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`[demo] ${err instanceof Error ? err.message : err}`);
    await stopAll();
    process.exit(1);
  },
);
