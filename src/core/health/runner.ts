// Runs checks: each with its own timeout, all in parallel, so one hung service never delays the
// others. Every result is masked before it leaves here.
import { Masker } from '../secrets/mask';
import type { CheckConfig } from './config';
import { checkCommand } from './checks/command';
import { checkHttp } from './checks/http';
import { checkPostgres } from './checks/postgres';
import { checkRedis } from './checks/redis';
import { checkTcp } from './checks/tcp';
import { describeError, type CheckContext } from './outcome';
import { formatMs } from '../units';
import type { CheckOutcome, HealthEnv, HealthResult } from './types';

type CheckFn = (check: never, ctx: CheckContext) => Promise<CheckOutcome>;

const kinds: Record<CheckConfig['kind'], CheckFn> = {
  http: checkHttp,
  postgres: checkPostgres,
  redis: checkRedis,
  tcp: checkTcp,
  command: checkCommand,
};

export interface RunOptions {
  env: HealthEnv;
  /** Cancels the whole round (e.g. the extension is shutting down). */
  signal?: AbortSignal;
  /** Hides secrets; by default built from `env` (secret-looking names, connection-string passwords). */
  masker?: Masker;
  now?: () => Date;
}

class CheckTimeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${formatMs(ms)}`);
  }
}

export function maskerFor(env: HealthEnv): Masker {
  const defined = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return Masker.forVariables(defined);
}

/** Runs one check within its timeout. Never throws: failures are results with status "down". */
export async function runCheck(check: CheckConfig, options: RunOptions): Promise<HealthResult> {
  const masker = options.masker ?? maskerFor(options.env);
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new CheckTimeout(check.timeoutMs)), check.timeoutMs);
  const onOuterAbort = () => controller.abort(options.signal?.reason ?? new Error('cancelled'));
  if (options.signal?.aborted) onOuterAbort();
  else options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  // The race makes the timeout hold even if a client library ignores its abort.
  const aborted = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    const run = (kinds[check.kind] as (c: CheckConfig, ctx: CheckContext) => Promise<CheckOutcome>)(check, {
      env: options.env,
      signal: controller.signal,
      masker,
    });
    run.catch(() => {});
    outcome = await Promise.race([run, aborted]);
  } catch (err) {
    const reason = controller.signal.aborted ? describeError(controller.signal.reason) : describeError(err);
    outcome = { status: 'down', summary: reason, details: { error: reason }, error: reason };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
    if (!controller.signal.aborted) controller.abort(new Error('check finished'));
  }
  const notRun = outcome.details.notConfigured === true;
  const result: HealthResult = {
    id: check.id,
    name: check.name,
    kind: check.kind,
    status: outcome.status,
    latencyMs: notRun ? 0 : Math.round((performance.now() - started) * 10) / 10,
    summary: outcome.summary,
    details: outcome.details,
    checkedAt: now().toISOString(),
  };
  if (outcome.error !== undefined) result.error = outcome.error;
  return masker.maskDeep(result);
}

/** Runs checks in parallel; the round takes as long as the slowest check's timeout, not their sum. */
export async function runChecks(checks: CheckConfig[], options: RunOptions): Promise<HealthResult[]> {
  const masker = options.masker ?? maskerFor(options.env);
  const settled = await Promise.allSettled(checks.map((c) => runCheck(c, { ...options, masker })));
  return settled.map((s, i) =>
    s.status === 'fulfilled'
      ? s.value
      : {
          id: checks[i].id,
          name: checks[i].name,
          kind: checks[i].kind,
          status: 'unknown',
          latencyMs: 0,
          summary: masker.mask(describeError(s.reason)),
          details: {},
          error: masker.mask(describeError(s.reason)),
          checkedAt: (options.now ?? (() => new Date()))().toISOString(),
        },
  );
}
