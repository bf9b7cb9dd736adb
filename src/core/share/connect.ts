// The Redis connections a share uses, and what their failures mean to a person. Every connection
// attempt is bounded (`connectTimeout`); reconnecting is the share's own loop (with backoff), so a
// dead server never leaves ioredis retrying behind our back, and no 'error' event goes unhandled.
import { readFileSync } from 'node:fs';
import Redis, { type RedisOptions } from 'ioredis';
import { maskedShareUrl, type ShareConfig } from './config';

export const CONNECT_TIMEOUT_MS = 3000;

/** A failure already told as a person should read it (masked). */
export class ShareError extends Error {}
/** A failure that retrying will not fix (credentials, certificate): starting stops and says why. */
export class ShareFatalError extends ShareError {}

export interface ShareClient {
  redis: Redis;
  /** The last error the connection reported as an event (ioredis rejects with "Connection is closed." after it). */
  lastError(): unknown;
}

/** `blocking`: the XREAD BLOCK connection, dropped at once on stop (it has nothing to finish). */
export function openClient(config: ShareConfig, name: string, blocking = false): ShareClient {
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectionName: name,
    // How long a disconnect waits for the socket to close before destroying it (and holds a CLI's exit).
    disconnectTimeout: blocking ? 10 : 500,
  };
  if (config.url.startsWith('rediss:')) {
    let ca: Buffer | undefined;
    if (config.caFile) {
      try {
        ca = readFileSync(config.caFile);
      } catch (err) {
        throw new ShareFatalError(`cannot read the share's CA file ${config.caFile}: ${(err as Error).message}`);
      }
    }
    // Node checks the certificate against the system's CAs (and NODE_EXTRA_CA_CERTS); a CA file adds one.
    if (ca) options.tls = { ca: [ca] };
  }
  const redis = new Redis(config.url, options);
  let last: unknown;
  redis.on('error', (err) => (last = err));
  return { redis, lastError: () => last };
}

/** Connects (once, bounded); throws a `ShareFatalError` or a plain `Error` with a clear, masked message. */
export async function connectClient(client: ShareClient, config: ShareConfig): Promise<void> {
  const { redis } = client;
  if (redis.status === 'ready') return;
  if (redis.status === 'connecting' || redis.status === 'connect' || redis.status === 'reconnecting') redis.disconnect();
  try {
    await redis.connect();
    // ioredis may report ready before a refused AUTH surfaces: a PING proves the session works.
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw shareError(client.lastError() ?? err, config);
  }
}

/** The error as a person should read it, naming the server with its password masked. */
export function shareError(err: unknown, config: ShareConfig): Error {
  const where = maskedShareUrl(config.url);
  const e = err as { code?: string; message?: string };
  const message = String(e?.message ?? err);
  const code = e?.code ?? '';
  if (/^(WRONGPASS|NOAUTH)/.test(message)) {
    return new ShareFatalError(`the share server ${where} refused the credentials (${message.split(' ')[0]}): check the user and password in the share URL`);
  }
  if (/^NOPERM/.test(message)) {
    return new ShareFatalError(`the share server ${where} does not let this user run a command sharing needs (NOPERM): its ACL needs ~${config.prefix}:* +@connection +info +xadd +xread +xrevrange +set +get +del +scan +mget`);
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
    return new ShareFatalError(
      `the TLS certificate of ${where} is not trusted (${code}: ${message}): give its CA with RUNBOOK_SHARE_CA=<file.pem> (or NODE_EXTRA_CA_CERTS)`,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new ShareFatalError(`the TLS certificate of ${where} is for another host name: ${message}`);
  }
  if (/^ERR_SSL|EPROTO/.test(code) || /wrong version number|packet length too long/i.test(message)) {
    return new ShareFatalError(`TLS with ${where} failed (${code || 'TLS error'}): is the server's port a TLS port (rediss://) or a plain one (redis://)?`);
  }
  if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(message)) {
    const tls = config.url.startsWith('rediss:') ? ' (with rediss://, also a plain port that never answers the TLS handshake)' : '';
    return new ShareError(`no answer from the share server ${where} within ${CONNECT_TIMEOUT_MS / 1000} s${tls}`);
  }
  if (code === 'ECONNREFUSED') return new ShareError(`the share server ${where} refuses connections (nothing listens there, or it is down)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ShareError(`the share server's host in ${where} is not found (${code})`);
  if (code === 'ECONNRESET' && !config.url.startsWith('rediss:')) {
    return new ShareError(`the share server ${where} closed the connection (ECONNRESET): if it is a TLS port, use rediss://`);
  }
  return new ShareError(`the share server ${where}: ${maskText(message, config)}`);
}

/** A message from the client may quote the URL: never with its password. */
export function maskText(text: string, config: ShareConfig): string {
  let out = text.split(config.url).join(maskedShareUrl(config.url));
  try {
    const pw = new URL(config.url).password;
    if (pw) for (const form of new Set([pw, decodeURIComponent(pw)])) out = out.split(form).join('••••');
  } catch {
    // Not a URL: nothing more to mask than the URL itself.
  }
  return out;
}
