// Replaces secret values with •••• in everything a person or a file will see. Two kinds of
// secrets: known values (stored secrets, variables whose name looks secret, passwords taken from
// connection strings) and any `scheme://user:password@host` password, known or not.
export const MASK = '••••';

/** A variable name that by convention holds a secret (API_KEY, DB_PASSWORD, GITHUB_TOKEN…). */
export function looksSecret(name: string): boolean {
  if (NOT_SECRET.has(name.toUpperCase())) return false;
  // Long words anywhere (PGPASSWORD, GITHUB_TOKEN); short ones only as a whole part of the name
  // (DB_PASS, API_KEY), so XAUTHORITY, XDG_SESSION_ID or KEYBOARD do not count.
  return (
    /(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|COOKIE)/i.test(name) ||
    /(^|_)(PASS|PWD|KEY|AUTH|SESSION|DSN)(_|$)/i.test(name)
  );
}

/** Names that match the pattern but hold paths or ids, never secrets. */
const NOT_SECRET = new Set(['PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'GPG_AGENT_INFO', 'XDG_SESSION_ID', 'XDG_SESSION_TYPE', 'XDG_SESSION_CLASS', 'XDG_SESSION_DESKTOP', 'DBUS_SESSION_BUS_ADDRESS']);

// Bounded quantifiers keep this linear on long lines without `@` (500 MB of `x`).
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@'"`]{0,256}:)([^\s@/'"`]{1,256})@/gi;

/** The password inside a connection string, decoded, or null. */
export function connectionPassword(value: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/i.exec(value.trim());
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

export class Masker {
  private readonly values: string[];
  /** The longest secret, so a stream knows how much to hold back across chunk edges. */
  readonly longest: number;

  constructor(secrets: Iterable<string> = []) {
    const set = new Set<string>();
    for (const s of secrets) {
      // Very short values would mask ordinary text ("1", "on"); they are not secrets worth the noise.
      if (!s || s.length < 4) continue;
      set.add(s);
      const encoded = encodeURIComponent(s);
      if (encoded !== s) set.add(encoded);
    }
    this.values = [...set].sort((a, b) => b.length - a.length);
    this.longest = this.values.reduce((n, v) => Math.max(n, v.length), 0);
  }

  /** A masker for these variables: secret-looking names, stored secrets, connection-string passwords. */
  static forVariables(env: Record<string, string>, secretNames: Iterable<string> = []): Masker {
    const secret = new Set(secretNames);
    const values: string[] = [];
    for (const [name, value] of Object.entries(env)) {
      if (secret.has(name) || looksSecret(name)) values.push(value);
      const pw = connectionPassword(value);
      if (pw) values.push(pw);
    }
    return new Masker(values);
  }

  mask(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(MASK);
    if (out.includes('://')) out = out.replace(URL_PASSWORD, (_m, pre: string) => `${pre}${MASK}@`);
    return out;
  }

  /** A position at or before `cut` where splitting `text` cuts no secret and no connection string in two. */
  safeCut(text: string, cut: number): number {
    let at = cut;
    for (const v of this.values) {
      const from = Math.max(0, at - v.length + 1);
      const i = text.indexOf(v, from);
      if (i >= 0 && i < at) at = i;
    }
    const scheme = text.lastIndexOf('://', at);
    if (scheme >= 0 && scheme > at - 600) {
      const ws = text.slice(0, scheme).search(/\S*$/);
      at = Math.min(at, Math.max(0, ws));
    }
    return at;
  }

  /** Masks every string inside a JSON-like value (SQL rows, Redis replies, error objects). */
  maskDeep<T>(value: T): T {
    if (typeof value === 'string') return this.mask(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.maskDeep(v)) as T;
    if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.maskDeep(v);
      return out as T;
    }
    return value;
  }
}

/**
 * Masks a stream whose chunks may cut a secret in two: it emits whole lines, and holds back a
 * partial line only as long as it could still be the start of a secret or a connection string.
 */
export class StreamMasker {
  private pending = '';
  constructor(private readonly masker: Masker, private readonly maxPending = 8192) {}

  push(text: string): string {
    const all = this.pending + text;
    const nl = all.lastIndexOf('\n');
    if (nl >= 0) {
      this.pending = all.slice(nl + 1);
      const ready = all.slice(0, nl + 1);
      return this.masker.mask(ready) + this.drainLong();
    }
    this.pending = all;
    return this.drainLong();
  }

  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest ? this.masker.mask(rest) : '';
  }

  /** A line longer than `maxPending` is emitted in pieces, keeping a tail that may hold a secret's start. */
  private drainLong(): string {
    if (this.pending.length <= this.maxPending) return '';
    const cut = this.masker.safeCut(this.pending, this.pending.length - Math.max(this.masker.longest, 64));
    if (cut <= 0) return '';
    const ready = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    return this.masker.mask(ready);
  }
}
