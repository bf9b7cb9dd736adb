// Replaces secret values with •••• in everything a person or a file will see. Two kinds of
// secrets: known values (stored secrets, variables whose name looks secret, passwords taken from
// connection strings), in every spelling they take in output (forms.ts), and any password written
// in a connection string (`scheme://user:password@host`, `password=…`), known or not.
import { anchorOf, formGroups } from './forms';
import { KEY_VALUE_SECRET, PATTERN_REACH, URL_PASSWORD, connectionSecrets, keyValueSecret } from './connection';

export { connectionSecrets } from './connection';
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

/** The first password inside a connection string (URL, libpq keyword/value, JDBC), decoded, or null. */
export function connectionPassword(value: string): string | null {
  return connectionSecrets(value)[0] ?? null;
}

export class Masker {
  /** Every spelling of every secret, longest first (a secret inside a longer one is masked with it). */
  private readonly values: string[];
  /** For each value, the text every spelling of its secret contains (or '' when too short to tell). */
  private readonly anchors: string[];
  /** The longest secret, so a stream knows how much to hold back across chunk edges. */
  readonly longest: number;

  constructor(secrets: Iterable<string> = []) {
    const anchorOfValue = new Map<string, string>();
    for (const s of secrets) {
      // Very short values would mask ordinary text ("1", "on"); they are not secrets worth the noise.
      if (!s || s.length < 4) continue;
      for (const group of formGroups(s)) {
        const anchor = anchorOf(group[0]);
        for (const form of group) {
          if (form.length < 4) continue;
          // A spelling two secrets share (with different anchors) is looked for in every chunk.
          const known = anchorOfValue.get(form);
          const mine = anchor.length >= 4 ? anchor : '';
          anchorOfValue.set(form, known === undefined || known === mine ? mine : '');
        }
      }
    }
    this.values = [...anchorOfValue.keys()].sort((a, b) => b.length - a.length);
    this.anchors = this.values.map((v) => anchorOfValue.get(v)!);
    this.longest = this.values.reduce((n, v) => Math.max(n, v.length), 0);
  }

  /** A masker for these variables: secret-looking names, stored secrets, connection-string passwords. */
  static forVariables(env: Record<string, string>, secretNames: Iterable<string> = []): Masker {
    const secret = new Set(secretNames);
    const values: string[] = [];
    for (const [name, value] of Object.entries(env)) {
      if (secret.has(name) || looksSecret(name)) values.push(value);
      values.push(...connectionSecrets(value));
    }
    return new Masker(values);
  }

  mask(text: string): string {
    let out = text;
    // Most chunks hold no secret: one scan for the letters and digits a secret's spellings all
    // share rules them all out, instead of one scan per spelling.
    const present = new Map<string, boolean>();
    for (let i = 0; i < this.values.length; i++) {
      const anchor = this.anchors[i];
      if (anchor) {
        let seen = present.get(anchor);
        if (seen === undefined) present.set(anchor, (seen = text.includes(anchor)));
        if (!seen) continue;
      }
      const v = this.values[i];
      if (out.includes(v)) out = out.split(v).join(MASK);
    }
    if (out.includes('://')) out = out.replace(URL_PASSWORD, (_m, pre: string) => `${pre}${MASK}@`);
    if (out.includes('=')) out = out.replace(KEY_VALUE_SECRET, maskKeyValue);
    return out;
  }

  /** A position at or before `cut` where splitting `text` cuts no secret and no connection string in two. */
  safeCut(text: string, cut: number): number {
    let at = cut;
    // Moving the cut back may put it inside another secret: repeat until no value straddles it.
    for (let moved = true; moved; ) {
      moved = false;
      for (const v of this.values) {
        const i = text.indexOf(v, Math.max(0, at - v.length + 1));
        if (i >= 0 && i < at) {
          at = i;
          moved = true;
        }
      }
    }
    // A URL or `password=` starting shortly before the cut may run past it: cut before its word.
    const from = Math.max(0, at - PATTERN_REACH);
    const window = text.slice(from, at);
    const start = openPatternStart(window);
    if (start >= 0) at = from + start;
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

function maskKeyValue(match: string, key: string, value: string): string {
  if (!keyValueSecret(key, value)) return match;
  const quote = value[0] === "'" || value[0] === '"' ? value[0] : '';
  return `${key}${quote}${MASK}${quote}`;
}

const HINT = /:\/\/|password|passwd|pwd|secret|token|api_?key/gi;
const HINT_WORDS = ['://', 'password', 'passwd', 'pwd', 'secret', 'token', 'api_key', 'apikey'];

/**
 * Where the first URL password or `password=` that the end of `text` may cut in two begins, or -1.
 * A pattern is closed once a character it cannot contain follows it; an open one, or a keyword
 * the text ends in the middle of (`…&passw`), may go on in the next chunk.
 */
function openPatternStart(text: string): number {
  let first = -1;
  const open = (start: number) => {
    if (first < 0 || start < first) first = start;
  };
  for (const m of text.matchAll(HINT)) {
    const after = text.slice(m.index + m[0].length);
    // A scheme is written before `://`; a user, `:` and the password after it, up to `@`.
    if (m[0] === '://') {
      if (!/[\s/@'"`]/.test(after)) open(Math.max(0, m.index - 31));
    } else if (keyValueOpen(after)) open(m.index);
  }
  const lower = text.slice(-8).toLowerCase();
  for (const w of HINT_WORDS) {
    for (let n = Math.min(w.length - 1, lower.length); n > 0; n--) {
      if (lower.endsWith(w.slice(0, n))) {
        open(w === '://' ? Math.max(0, text.length - n - 31) : text.length - n);
        break;
      }
    }
  }
  return first;
}

/** Whether the text after a keyword may still become, or still is inside, a `key=value` secret. */
function keyValueOpen(after: string): boolean {
  const eq = /^[ \t]*(=[ \t]*)?/.exec(after)!;
  if (eq[0].length === after.length) return true;
  if (!eq[1]) return false;
  const value = after.slice(eq[0].length);
  if (value[0] === "'" || value[0] === '"') return !new RegExp(`^${value[0]}(?:[^${value[0]}\\\\\\n]|\\\\.)*(?:${value[0]}|\\n)`).test(value);
  return !/[\s&;'",)]/.test(value);
}
