// The spellings a secret takes on its way to an output: a program that prints it may have
// URL-, JSON- or shell-escaped it first, and a multi-line secret (a private key) is often printed
// one line at a time. Masking the raw value alone leaks every one of these.

/** Lines of a multi-line secret shorter than this are not masked alone: `-----`, `}` or an empty line would mask everything. */
const MIN_LINE = 8;

/**
 * The escaped spellings of `secret` (itself first), then the same for each long-enough line of a
 * multi-line one: one list per text, since a masker looks each list up by what its spellings share.
 */
export function formGroups(secret: string): string[][] {
  const groups = [unique(escapedForms(secret))];
  if (/[\r\n]/.test(secret)) {
    for (const raw of secret.split(/\r\n|\r|\n/)) {
      const line = raw.trim();
      if (line.length >= MIN_LINE) groups.push(unique(escapedForms(line)));
    }
  }
  return groups;
}

/**
 * The longest run of letters and digits in `text`: no escaping changes those, so every spelling
 * of the text contains it, and a chunk without it holds none of them.
 */
export function anchorOf(text: string): string {
  let best = '';
  for (const run of text.match(/[A-Za-z0-9]+/g) ?? []) if (run.length > best.length) best = run;
  return best;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function escapedForms(s: string): string[] {
  const json = JSON.stringify(s).slice(1, -1);
  return [
    s,
    encodeURIComponent(s),
    // Forms (`application/x-www-form-urlencoded`) write a space as `+`.
    encodeURIComponent(s).replace(/%20/g, '+'),
    // JSON as JSON.stringify and PostgreSQL's json write it (`\"`, `\\`, `\n`, `\u001b`)…
    json,
    // …as ASCII-only encoders write it (Python's json.dumps: `\u00e9`)…
    json.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')),
    // …and with the solidus escaped (PHP, some Java encoders).
    json.replace(/\//g, '\\/'),
    // Inside single quotes, as bash (`'\''`) and Python's shlex.quote (`'"'"'`) close and reopen them.
    s.replace(/'/g, "'\\''"),
    s.replace(/'/g, `'"'"'`),
    // Inside double quotes (shells, redis-cli's replies): `"`, `\`, `$` and backquote escaped.
    s.replace(/["\\$`]/g, '\\$&'),
    s.replace(/["\\]/g, '\\$&'),
    // Backslash-escaped as bash's `printf %q` and `${x@Q}`-less `set -x` output write it.
    bashBackslashQuoted(s),
  ];
}

/** bash's sh_backslash_quote: metacharacters, quotes, globs and blanks get a backslash; `~` and `#` only at the start. */
function bashBackslashQuoted(s: string): string {
  return s.replace(/[ \t\n'"\\|&;()<>!{}*[?\]^$`,]/g, '\\$&').replace(/^[~#]/, '\\$&');
}
