// `npm test`: the test tiers in order, failing fast, each with a header and its counts.
//   node --import tsx scripts/test.ts                 all tiers
//   node --import tsx scripts/test.ts unit            one tier (static|unit|corpus|integration|extension|e2e)
// The corpus tier reads the public runbooks in RUNBOOK_CORPUS, or ../shared/corpus beside the
// repository; without them it says in one line that it did not run, and why, and counts as passed.
// RUNBOOK_FORCE_FAIL=1 adds a failing test to the extension and e2e tiers (proves they turn red).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../test/harness/codeServer';
import { runExtensionTests } from '../test/harness/extensionTests';
import { recoverNodeModules } from '../test/harness/nodeModulesAside';
import { locateCorpus } from '../test/support/corpus';
import { startPostgres, startPrometheus, startRedis } from '../test/support/services';

const root = PROJECT_ROOT;
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

class TierFailure extends Error {}

function header(title: string): void {
  const line = '═'.repeat(72);
  console.log(`\n${line}\n  ${title}\n${line}`);
}

/** Tests counted over all tiers, for the closing `tests: N passed, N failed` line. */
const totals = { passed: 0, failed: 0 };
function tally(passed: number, failed: number): void {
  if (Number.isFinite(passed)) totals.passed += passed;
  if (Number.isFinite(failed)) totals.failed += failed;
}

/** The tier's counts, on a line of its own that stands out from the reporters' output. */
function result(tier: string, counts: string): void {
  console.log(`\n── ${tier}: ${counts} ──`);
}

/** Runs a command with inherited output; rejects with a TierFailure when it exits non-zero. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  console.log(`$ ${[relative(root, cmd) || cmd, ...args].join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new TierFailure(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** `*.test.ts` under a folder (Node 20's --test takes no globs). */
function testFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return (readdirSync(abs, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(dir, f));
}

/** Node's test runner over `files`, with the spec reporter on screen and TAP in a file for the counts. */
async function nodeTests(tier: string, files: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  if (files.length === 0) {
    result(tier, 'no test files');
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'runbook-tap-'));
  const tap = join(scratch, 'report.tap');
  try {
    let failure: unknown;
    await run(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
        '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
      env,
    ).catch((err) => (failure = err));
    const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
    const count = (key: string) => Number(report.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? NaN);
    tally(count('pass'), count('fail'));
    result(tier, `${count('pass')} passed, ${count('fail')} failed, ${count('skipped') + count('todo')} skipped, in ${files.length} files`);
    if (failure) throw failure;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One PostgreSQL, one Redis and one Prometheus for the whole tier, stopped even when it fails. */
async function withServices<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const [pg, redis, prometheus] = await Promise.all([startPostgres(), startRedis(), startPrometheus()]);
  try {
    console.log(`services: PostgreSQL on 127.0.0.1:${pg.port}, Redis on 127.0.0.1:${redis.port}, Prometheus on 127.0.0.1:${prometheus.port}`);
    return await fn({ TEST_DATABASE_URL: pg.url, TEST_REDIS_URL: redis.url, TEST_PROMETHEUS_URL: prometheus.url });
  } finally {
    await Promise.all([pg.stop(), redis.stop(), prometheus.stop()]);
  }
}

const tiers: Record<string, { title: string; run(): Promise<void> }> = {
  static: {
    title: 'Tier 0 · typecheck and lint',
    async run() {
      await run(bin('tsc'), ['--noEmit', '-p', '.']);
      await run(bin('eslint'), ['src', 'test', 'bench', 'scripts']);
      result('static', 'tsc and eslint clean');
    },
  },
  unit: {
    title: 'Tier 1 · unit tests (pure core, no VS Code)',
    run: () => nodeTests('unit', testFiles('test/unit')),
  },
  corpus: {
    title: 'Tier 1b · corpus tests (the public runbooks: format round trip, hand-labelled shell cells)',
    async run() {
      const { dir, reason } = locateCorpus();
      if (!dir) {
        result('corpus', `not run: no corpus (${reason}); set RUNBOOK_CORPUS to run it`);
        return;
      }
      console.log(`corpus: ${reason}`);
      await nodeTests('corpus', testFiles('test/corpus'), { RUNBOOK_CORPUS: dir });
    },
  },
  integration: {
    title: 'Tier 2 · integration tests (real PostgreSQL, Redis, Prometheus, processes)',
    async run() {
      await run(join(root, 'scripts', 'install-tools.sh'), ['--services']);
      await withServices((env) => nodeTests('integration', testFiles('test/integration'), env));
    },
  },
  extension: {
    title: 'Tier 3 · extension-host tests (mocha inside code-server)',
    async run() {
      await run(join(root, 'scripts', 'install-tools.sh'), []);
      await run(process.execPath, ['esbuild.js']);
      const workspace = mkdtempSync(join(tmpdir(), 'runbook-ext-ws-'));
      try {
        cpSync(join(root, 'test', 'fixtures'), workspace, { recursive: true });
        const { exitCode, summary } = await withServices((env) =>
          runExtensionTests({
            extensionPath: root,
            testsPath: join(root, 'out', 'test', 'extension', 'index'),
            workspace,
            env,
            onLog: (line) => console.log(`  │ ${line}`), // RUNBOOK_TEST_VERBOSE=1 shows all of the workbench's console
          }),
        );
        for (const t of summary?.tests ?? []) {
          console.log(t.state === 'passed' ? `  ✔ ${t.title}` : `  ✘ ${t.title}\n${(t.error ?? '').replace(/^/gm, '      ')}`);
        }
        tally(summary?.passes ?? 0, summary?.failures ?? 1);
        result('extension', summary ? `${summary.passes} passed, ${summary.failures} failed (exit code ${exitCode})` : `no summary written (exit code ${exitCode})`);
        if (exitCode !== 0 || !summary || summary.failures > 0 || summary.passes === 0) {
          throw new TierFailure('the extension-host suite failed');
        }
      } finally {
        rmSync(workspace, { recursive: true, force: true });
      }
    },
  },
  e2e: {
    title: 'Tier 4 · end-to-end journeys (packaged .vsix in code-server, node_modules moved aside)',
    async run() {
      await run(join(root, 'scripts', 'install-tools.sh'), []);
      await run('npm', ['run', '--silent', 'package']);
      const vsix = join(root, 'dist', 'incident-runbooks.vsix');
      if (!existsSync(vsix)) throw new TierFailure(`npm run package did not produce ${vsix}`);
      const { runE2E } = await import('../test/e2e/run');
      const outcome = await withServices((env) =>
        runE2E({
          vsix,
          env: { DATABASE_URL: env.TEST_DATABASE_URL, REDIS_URL: env.TEST_REDIS_URL },
          log: (line) => console.log(`  ${line}`),
        }),
      );
      tally(outcome.passed.length, outcome.failed.length);
      result('e2e', `${outcome.passed.length} passed, ${outcome.failed.length} failed (screenshots in test-results/)`);
      if (outcome.failed.length > 0 || outcome.passed.length === 0) throw new TierFailure('end-to-end journeys failed');
    },
  },
};

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((t) => !(t in tiers));
  if (unknown.length) {
    console.error(`unknown tier ${unknown.join(', ')}; choose from: ${Object.keys(tiers).join(', ')}`);
    return 2;
  }
  recoverNodeModules(root);
  const selected = wanted.length ? Object.keys(tiers).filter((t) => wanted.includes(t)) : Object.keys(tiers);
  const started = Date.now();
  for (const name of selected) {
    const tierStarted = Date.now();
    header(tiers[name].title);
    try {
      await tiers[name].run();
    } catch (err) {
      console.error(`\n✘ ${name} tier failed after ${((Date.now() - tierStarted) / 1000).toFixed(1)} s: ${err instanceof Error ? err.message : err}`);
      if (!(err instanceof TierFailure) && err instanceof Error && err.stack) console.error(err.stack);
      console.log(`tests: ${totals.passed} passed, ${Math.max(1, totals.failed)} failed`);
      return 1;
    }
    console.log(`  (${name} took ${((Date.now() - tierStarted) / 1000).toFixed(1)} s)`);
  }
  console.log(`\n✔ all ${selected.length} tier(s) passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
