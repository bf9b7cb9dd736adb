// Passwords written inside connection strings, in the three spellings runbooks use:
// a URL (`postgres://user:pw@host`), libpq keyword/value (`host=db password='a b'`), and JDBC or
// ODBC parameters (`jdbc:postgresql://h/db?user=u&password=pw`, `;Password=pw;`). The same
// patterns mask such a password in any output, known or not.

// Bounded quantifiers keep this linear on long lines without `@` (500 MB of `x`).
export const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@'"`]{0,256}:)([^\s@/'"`]{1,256})@/gi;

/**
 * `password=…` (and pwd, secret, token, api key) as a keyword/value pair or a query parameter.
 * Not after a word character, so `show_password=` or `x.token=` is not one; `--password=` is.
 * Quoted values follow libpq (`\'` and `\\` inside single quotes); an unquoted one runs to a blank
 * or a parameter separator, unbounded so a long token is never half masked (still linear: nothing
 * after it can make the engine backtrack into it).
 */
export const KEY_VALUE_SECRET =
  /(?<![\w.])((?:password|passwd|pwd|secret|client_secret|token|access_token|auth_token|api_?key)[ \t]{0,8}=[ \t]{0,8})('(?:[^'\\\n]|\\.){0,1024}'|"(?:[^"\\\n]|\\.){0,1024}"|[^\s&;'",)]+)/gi;

/** How far back of a cut a key/value or URL secret may start and still reach past it (a stream's look-back). */
export const PATTERN_REACH = 4200;

/** The value of a key/value match, unquoted, or null when it is no secret (empty, or the working directory's path). */
export function keyValueSecret(key: string, value: string): string | null {
  let v = value;
  if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
  else if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
  if (!v) return null;
  // `PWD=/home/me` in `env` output is the shell's working directory, not ODBC's password.
  if (/^pwd\b/i.test(key) && /^[/~]/.test(v)) return null;
  return v;
}

/** Every password inside a connection string (decoded too, where it was percent-encoded). */
export function connectionSecrets(value: string): string[] {
  const out = new Set<string>();
  for (const m of value.matchAll(URL_PASSWORD)) addDecoded(out, m[2]);
  if (value.includes('=')) {
    for (const m of value.matchAll(KEY_VALUE_SECRET)) {
      const v = keyValueSecret(m[1], m[2]);
      if (v) addDecoded(out, v);
    }
  }
  return [...out];
}

function addDecoded(out: Set<string>, raw: string): void {
  try {
    out.add(decodeURIComponent(raw));
  } catch {
    // Not valid percent-encoding: the raw text is the password.
  }
  out.add(raw);
}
