// `runbook health`: one round of the health checks (or a repeating one with --watch). Exit code 1
// when any check is down, so it works in scripts and CI. Names and summaries come from a config
// file and from what services answered, so they are printed escaped (printable.ts).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readDotenv, withoutRefused } from '../core/exec/variables';
import { parse as parseYaml } from 'yaml';
import { parseArgs } from './args';
import { UsageError, type CliCommand, type CliIO } from './io';
import { checksOrDefaults, HealthMonitor, runChecks, type HealthEnv, type HealthResult, type HealthTransition } from '../core/health';
import { formatMs } from '../core/units';
import { commandUsage } from './usage';
import { printableLine as line } from './printable';

const ICONS: Record<HealthResult['status'], string> = { ok: '✔', degraded: '▲', down: '✖', unknown: '?' };

export const health: CliCommand = async (args, io) => {
  const { flags, positionals } = parseArgs(args, { boolean: ['json', 'watch'], string: ['env-file', 'config', 'interval', 'count'], multiple: [] });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\n${commandUsage('health')}`);
  const env = loadEnv(io, flags['env-file'] as string | undefined);
  const { checks, problems } = checksOrDefaults(loadConfig(io, flags.config as string | undefined));
  for (const p of problems) io.stderr(`runbook health: ${line(p)}\n`);
  if (!checks.length) {
    io.stderr('runbook health: no valid checks to run\n');
    return 2;
  }
  const json = Boolean(flags.json);
  if (!flags.watch) {
    const results = await runChecks(checks, { env });
    io.stdout(json ? JSON.stringify(results, null, 2) + '\n' : formatResults(results));
    return exitCode(results);
  }

  const intervalMs = positiveNumber(flags.interval, '--interval', 30) * 1000;
  const count = flags.count === undefined ? Infinity : positiveNumber(flags.count, '--count', 1);
  const monitor = new HealthMonitor({ checks, env, intervalMs });
  let last: HealthResult[] = [];
  let rounds = 0;
  await new Promise<void>((done) => {
    const finish = () => {
      for (const sig of STOP_SIGNALS) process.off(sig, finish);
      monitor.dispose();
      done();
    };
    for (const sig of STOP_SIGNALS) process.once(sig, finish);
    monitor.onTransition((ts) => {
      if (!json) io.stdout(ts.map(formatTransition).join(''));
    });
    monitor.onResults((results) => {
      last = results;
      rounds++;
      io.stdout(json ? JSON.stringify(results) + '\n' : `\n${new Date().toISOString()}\n${formatResults(results)}`);
      if (rounds >= count) finish();
    });
    monitor.start();
  });
  return exitCode(last);
};

/** SIGPIPE: the reader of the output went away (stdio.ts), so watching on is pointless. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGPIPE'] as const;

function exitCode(results: HealthResult[]): number {
  return results.some((r) => r.status === 'down') ? 1 : 0;
}

/** Process variables win over the file, as dotenv does by default. */
function loadEnv(io: CliIO, file: string | undefined): HealthEnv {
  const path = resolve(io.cwd, file ?? '.env');
  if (file !== undefined && !existsSync(path)) throw new UsageError(`--env-file: ${path} does not exist`);
  // Command checks run a shell with these: the .env cannot set BASH_ENV, LD_PRELOAD… (as in `run`).
  return { ...withoutRefused(readDotenv(path)), ...io.env };
}

function loadConfig(io: CliIO, file: string | undefined): unknown {
  if (file === undefined) return undefined;
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--config: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return parseYaml(text); // YAML is a superset of JSON: one parser reads both
  } catch (err) {
    throw new UsageError(`--config: ${path} is not valid JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

function positiveNumber(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got '${value}'`);
  return n;
}

function formatResults(results: HealthResult[]): string {
  const nameWidth = Math.max(4, ...results.map((r) => line(r.name).length));
  return results
    .map((r) => {
      const latency = r.latencyMs > 0 ? formatMs(r.latencyMs) : '–';
      return `${ICONS[r.status]} ${r.status.padEnd(8)} ${line(r.name).padEnd(nameWidth)}  ${latency.padStart(8)}  ${line(r.summary)}\n`;
    })
    .join('');
}

function formatTransition(t: HealthTransition): string {
  return `${ICONS[t.to]} ${line(t.name)}: ${t.from} → ${t.to} (${line(t.result.summary)})\n`;
}
