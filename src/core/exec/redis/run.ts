// Redis cells: one command per line, sent with ioredis, replies printed like redis-cli. The URL
// comes from REDIS_URL or the variable the cell's `db` attribute names.
import Redis from 'ioredis';
import { OutputCollector } from '../collector';
import { formatRedisReply, redisCommands } from './syntax';
import { formatMs } from '../../units';
import type { ExecData, ExecRequest, ExecResult } from '../types';

export function redisUrlVariable(attributes: { db?: string }): string {
  return attributes.db || 'REDIS_URL';
}

/** A reply with every secret masked, binary bulk strings included (read as UTF-8 when they hold one). */
function maskReply(masker: ExecRequest['masker'], reply: unknown): unknown {
  if (Buffer.isBuffer(reply)) {
    const text = reply.toString('utf8');
    const masked = masker.mask(text);
    return masked === text ? reply : masked;
  }
  if (Array.isArray(reply)) return reply.map((r) => maskReply(masker, r));
  if (reply instanceof Error) return new Error(masker.mask(reply.message));
  return masker.maskDeep(reply);
}

export async function runRedis(req: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  const out = new OutputCollector(req);
  const replies: Extract<ExecData, { kind: 'redis' }>['replies'] = [];
  const done = (status: ExecResult['status'], error?: string): ExecResult => {
    const { text, omittedBytes } = out.finish();
    return {
      status,
      durationMs: performance.now() - started,
      text,
      omittedBytes,
      error: error && req.masker.mask(error),
      data: { kind: 'redis', replies: req.masker.maskDeep(replies) },
    };
  };
  const urlVar = redisUrlVariable(req.attributes);
  const url = req.env[urlVar];
  if (!url) return done('failed', `no Redis URL: set ${urlVar}`);
  let commands;
  try {
    commands = redisCommands(req.code);
  } catch (err) {
    return done('failed', (err as Error).message);
  }
  if (req.signal.aborted) return done('cancelled', 'cancelled');

  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: Math.min(req.timeoutMs, 10_000),
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  // Errors surface through the commands' promises; an unhandled 'error' event would crash the host.
  let lastError: Error | undefined;
  client.on('error', (err: Error) => (lastError = err));
  let stopped: 'cancelled' | 'timeout' | null = null;
  let stop: (why: 'cancelled' | 'timeout') => void = () => {};
  const stoppedPromise = new Promise<never>((_, reject) => {
    stop = (why) => {
      if (stopped) return;
      stopped = why;
      client.disconnect();
      reject(new Error(why));
    };
  });
  stoppedPromise.catch(() => {});
  const onAbort = () => stop('cancelled');
  req.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => stop('timeout'), req.timeoutMs);
  try {
    try {
      await Promise.race([client.connect(), stoppedPromise]);
    } catch (err) {
      if (stopped) throw err;
      return done('failed', `cannot connect to Redis: ${(lastError ?? (err as Error)).message}`);
    }
    let failed = false;
    for (const c of commands) {
      const [name, ...args] = c.args;
      if (commands.length > 1) out.writeBlock(`> ${c.text}\n`);
      try {
        // Masked before formatting: quoting escapes `"` and `\`, and a secret holding them would
        // no longer match once printed. The output's own mask pass still runs after.
        const reply = maskReply(req.masker, await Promise.race([client.call(name, ...args), stoppedPromise]));
        replies.push({ command: c.text, reply });
        out.writeBlock(formatRedisReply(reply) + '\n');
      } catch (err) {
        if (stopped) throw err;
        const message = req.masker.mask((err as Error).message);
        replies.push({ command: c.text, reply: null, error: message });
        out.writeBlock(`(error) ${message}\n`);
        failed = true;
        break;
      }
    }
    return failed ? done('failed', replies[replies.length - 1].error) : done('ok');
  } catch (err) {
    if (stopped === 'timeout') return done('timeout', `timed out after ${formatMs(req.timeoutMs)}`);
    if (stopped === 'cancelled') return done('cancelled', 'cancelled');
    return done('failed', (err as Error).message);
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener('abort', onAbort);
    client.disconnect();
  }
}
