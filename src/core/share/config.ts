// Where an incident is shared: a Redis URL (`redis://` or `rediss://`, ACL user and password in it)
// and a key prefix. The URL's password must never reach any output, file or log: everything that
// shows the server shows `maskedShareUrl`.
import { MASK } from '../secrets/mask';

export interface ShareConfig {
  /** The URL as given, password included: only ever handed to the Redis client. */
  url: string;
  /** Every key starts with `<prefix>:`, so teams (or environments) can share one server. */
  prefix: string;
  /** A PEM file of the CA that signed a `rediss://` server's certificate, beside the system's CAs. */
  caFile?: string;
}

export const DEFAULT_SHARE_PREFIX = 'runbook';

/** `redis://alice:s3cret@host:6379/0` → `redis://alice:••••@host:6379/0`. Never throws. */
export function maskedShareUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'PASSWORD';
    return u.toString().replace(':PASSWORD@', `:${MASK}@`);
  } catch {
    // Not a URL (say, a password with an unencoded `/`): the credentials run to the last `@`.
    const m = /^([a-z][\w+.-]*:\/\/)(.*)$/is.exec(url);
    if (!m) return '(an unreadable share URL)';
    const at = m[2].lastIndexOf('@');
    if (at < 0) return url;
    return `${m[1]}${m[2].slice(0, at).split(':')[0]}:${MASK}@${m[2].slice(at + 1)}`;
  }
}

/** Checks the URL and prefix; throws a message that shows the URL masked. */
export function shareConfig(url: string, prefix?: string, caFile?: string): ShareConfig {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`the share URL ${maskedShareUrl(url)} is not a URL (expected redis://[user:password@]host[:port][/db] or rediss://…)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(`the share URL ${maskedShareUrl(url)} must start with redis:// or rediss:// (TLS)`);
  }
  if (!u.hostname) throw new Error(`the share URL ${maskedShareUrl(url)} names no host`);
  const p = prefix?.trim() || DEFAULT_SHARE_PREFIX;
  // The prefix is part of every key and of the state file's name: plain characters only.
  if (!/^[\w.:-]{1,64}$/.test(p)) throw new Error(`the share prefix '${p}' may hold only letters, digits, '_', '.', ':' and '-' (at most 64)`);
  return { url, prefix: p, caFile: caFile?.trim() || undefined };
}

/**
 * The configuration from `--share URL` or RUNBOOK_SHARE_URL (and RUNBOOK_SHARE_PREFIX,
 * RUNBOOK_SHARE_CA); undefined when neither is set: nothing is shared unless configured.
 */
export function shareConfigFromEnv(env: NodeJS.ProcessEnv, flag?: string, prefixFlag?: string): ShareConfig | undefined {
  const url = flag?.trim() || env.RUNBOOK_SHARE_URL?.trim();
  if (!url) return undefined;
  return shareConfig(url, prefixFlag ?? env.RUNBOOK_SHARE_PREFIX, env.RUNBOOK_SHARE_CA);
}

/** The server without its credentials, for naming the local state file: one per server and prefix. */
export function serverIdentity(config: ShareConfig): string {
  const u = new URL(config.url);
  return `${u.protocol}//${u.hostname}:${u.port || '6379'}${u.pathname && u.pathname !== '/' ? u.pathname : '/0'} ${config.prefix}`;
}

/**
 * The URL with a password kept elsewhere (the editor's SecretStorage) put in, percent-encoded, so
 * settings hold `rediss://responder@host` and never the password. A URL with its own password keeps it.
 */
export function withPassword(url: string, password: string | undefined): string {
  if (!password) return url;
  const u = new URL(url);
  if (u.password) return url;
  u.password = encodeURIComponent(password);
  return u.toString();
}
