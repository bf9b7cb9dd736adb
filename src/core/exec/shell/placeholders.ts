// Runbooks mark values to fill in as `<pod-name>` or `<namespace>`. To the shell that is a
// redirection: `oc logs <pod> -n x` reads the file `pod` and writes the file `-n`, and only when a
// file named `pod` exists. A placeholder that cannot do more harm than that as written is read as
// the word the reader will put there: one followed by an option, a pipe, the end of the line,
// another placeholder (a syntax error), or a plain lowercase word (`-n <ns> get pods`: at worst
// an empty file named `get` beside a file named `ns`). One followed by anything that could name
// a file worth keeping (`cat <x> /etc/passwd`, `<x> README.md`, `<x> $F`) stays a redirection,
// and the classifier says it writes that file. Whatever the file `<x>` holds goes to the command's
// input, and commands that act on their input (interpreters, database clients, `sh`) are
// mitigations however it is fed.

/** `<name>`, `<pod-name>`, `<value of the namespace label>`. */
const PLACEHOLDER = /<([A-Za-z_][\w.:/@=-]*(?: [\w.:/@=-]+)*)>/y;
/** After a placeholder, what makes its `>` harmless: nothing, an option, or a shell operator. */
// Right after `>`: `|` would make `>|` and `&` `>&`, both redirections; after a blank they are
// syntax errors.
const HARMLESS_AFTER = /^(?:\\\n)*(?:$|\n|-|;|\)|<[A-Za-z_]|&[\d-]|(?:[ \t]|\\\n)+(?:$|\n|-|\||;|&|\)|<[A-Za-z_]|[a-z][a-z0-9_-]*(?=$|[\s;|&)])))/;

/**
 * The text with harmless placeholders quoted (`'<pod>'`), their names, and the UTF-8 offsets of
 * the quotes put in: the caller checks that the parser saw each as a quoted word, so a quote this
 * scanner misread (`$'\''`, a here-document) can never shift what the rest of the cell means.
 */
export function fillPlaceholders(code: string): { code: string; names: string[]; quotedAt: number[] } {
  if (!code.includes('<')) return { code, names: [], quotedAt: [] };
  let out = '';
  const names: string[] = [];
  const quotedAt: number[] = [];
  let wordStart = true;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') {
      out += code.slice(i, i + 2);
      i++;
      wordStart = false;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = closingQuote(code, i, c === "'" && code[i - 1] === '$');
      out += code.slice(i, end + 1);
      i = end;
      wordStart = false;
      continue;
    }
    if (c === '#' && wordStart) {
      const nl = code.indexOf('\n', i);
      const end = nl < 0 ? code.length : nl;
      out += code.slice(i, end);
      i = end - 1;
      continue;
    }
    if (c === '<' && code[i - 1] !== '<' && code[i - 1] !== '>') {
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(code);
      if (m && HARMLESS_AFTER.test(code.slice(i + m[0].length, i + m[0].length + 40))) {
        quotedAt.push(Buffer.byteLength(out));
        out += `'${m[0]}'`;
        names.push(m[0]);
        i += m[0].length - 1;
        wordStart = false;
        continue;
      }
    }
    out += c;
    wordStart = /[\s;&|()<>]/.test(c);
  }
  return { code: out, names, quotedAt };
}

/** Index of the quote that closes the one at `start` (the end of the text when none does). */
function closingQuote(code: string, start: number, ansiC: boolean): number {
  const q = code[start];
  for (let j = start + 1; j < code.length; j++) {
    if ((q === '"' || ansiC) && code[j] === '\\') j++;
    else if (code[j] === q) return j;
  }
  return code.length - 1;
}
