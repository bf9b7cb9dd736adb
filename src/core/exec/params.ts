// Runbook parameters: the `<namespace>` and `<pod-name>` a runbook's author left for the reader to
// fill in. An unquoted `<name>` in a shell, Redis or HTTP cell is a parameter (`name`: a letter,
// then letters, digits, `-` or `_`); bash would read it as a redirection and never run it as meant.
// The file's bytes are never changed: values go in at run time only, into the text that is then
// classified, confirmed and run.
//
// A value is data, never code. Each executor gets it in the one form its own reader takes as a
// single literal (shell: single-quoted; Redis: one double-quoted argument; HTTP: percent-encoded
// in the URL, JSON-escaped in a JSON string), and the result is read back with that very reader
// (mvdan-sh for the shell, redis-cli's tokenizer, the REST Client parser) to check that each value
// came out as exactly itself and changed nothing around it. Anything else refuses to run.
import sh from 'mvdan-sh';
import type { ExecutorKind, RunbookDocument } from '../runbook/types';
import { redisQuote, splitRedisArgs } from './redis/syntax';
import { parseHttpRequests } from './http/syntax';
import { scriptToRun } from './shell/script';

/** The executors whose cells may hold placeholders (SQL has `<` and `>` of its own). */
const PARAMETER_EXECUTORS: ReadonlySet<ExecutorKind> = new Set(['shell', 'redis', 'http']);

const PLACEHOLDER = /<([A-Za-z][A-Za-z0-9_-]*)>/y;

/** Where a placeholder sits, which decides how its value is written there. */
type PlaceholderPlace =
  /** Shell: in a command's words. */
  | 'word'
  /** Shell: in a here-document's body (plain text to the command, expanded by bash unless quoted). */
  | 'heredoc'
  /** Redis: in an unquoted argument. */
  | 'argument'
  /** HTTP: in the request line's URL, a header's value, the body (inside a JSON string or not). */
  | 'url'
  | 'header'
  | 'json-string'
  | 'body';

export interface Placeholder {
  name: string;
  /** Offsets in the text (UTF-16), `<` to one past `>`. */
  start: number;
  end: number;
  place: PlaceholderPlace;
}

/** The parameters a cell needs, in order of first appearance, each once. */
export function cellParameters(executor: ExecutorKind, code: string): string[] {
  return [...new Set(findPlaceholders(executor, code).map((p) => p.name))];
}

/** Every parameter of a runbook: those its frontmatter declares, then the placeholders of its cells. */
export function runbookParameters(doc: Pick<RunbookDocument, 'cells' | 'frontmatter'>): string[] {
  const names = new Set(Object.keys(doc.frontmatter?.params ?? {}));
  for (const cell of doc.cells) {
    if (cell.kind !== 'code' || !cell.executor || cell.role) continue;
    // A shell cell written as a session runs only its commands: its output lines (`<none>`) are not asked for.
    const code = cell.executor === 'shell' ? scriptToRun(cell.value) : cell.value;
    for (const name of cellParameters(cell.executor, code)) names.add(name);
  }
  return [...names];
}

/** The placeholders of a cell's text (for a shell cell, the text that runs: see scriptToRun). */
export function findPlaceholders(executor: ExecutorKind, code: string): Placeholder[] {
  if (!PARAMETER_EXECUTORS.has(executor) || !code.includes('<')) return [];
  if (executor === 'shell') return new ShellScanner(code).scan();
  if (executor === 'redis') return redisPlaceholders(code);
  return httpPlaceholders(code);
}

/** `<name>` at `i`, or null. */
function placeholderAt(code: string, i: number): RegExpExecArray | null {
  PLACEHOLDER.lastIndex = i;
  return PLACEHOLDER.exec(code);
}

// ---- Shell ----

/**
 * Finds the placeholders bash would misread: unquoted, outside comments, not part of `<<`, `<<<`,
 * `<(…)`, `<&`, `2<x`; also in here-document bodies, where they are plain text the author meant
 * to be filled in (a YAML manifest's `namespace: <ns>`), unless the body looks like markup (it
 * holds a closing tag: `<html>` there is HTML).
 */
class ShellScanner {
  private readonly out: Placeholder[] = [];
  private i = 0;
  /** Here-documents opened on the current line, read from the next line on. */
  private pending: Array<{ delimiter: string; stripTabs: boolean }> = [];

  constructor(private readonly code: string) {}

  scan(): Placeholder[] {
    this.commands(null);
    return this.out;
  }

  /** Command text up to `closer` (`)` of `$(`, a backtick) or the end. */
  private commands(closer: ')' | '`' | null): void {
    const code = this.code;
    let depth = 0;
    let wordStart = true;
    while (this.i < code.length) {
      const c = code[this.i];
      const next = code[this.i + 1];
      if (closer === '`' && c === '`') return void this.i++;
      if (closer === ')' && c === ')' && depth === 0) return void this.i++;
      if (c === '\\') {
        this.i += 2;
        wordStart = false;
        continue;
      }
      if (c === '\n') {
        this.i++;
        this.hereDocBodies();
        wordStart = true;
        continue;
      }
      if (c === "'") {
        this.i = closing(code, this.i, "'", false);
        wordStart = false;
        continue;
      }
      if (c === '$' && next === "'") {
        this.i = closing(code, this.i + 1, "'", true);
        wordStart = false;
        continue;
      }
      if (c === '"') {
        this.i++;
        this.doubleQuoted();
        wordStart = false;
        continue;
      }
      if (c === '`') {
        this.i++;
        this.commands('`');
        wordStart = false;
        continue;
      }
      if (c === '$' && next === '(') {
        this.i += 2;
        this.commands(')');
        wordStart = false;
        continue;
      }
      if (c === '$' && next === '{') {
        this.i = closingBrace(code, this.i + 1);
        wordStart = false;
        continue;
      }
      if (c === '#' && wordStart) {
        while (this.i < code.length && code[this.i] !== '\n') this.i++;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')' && depth > 0) depth--;
      if (c === '<' && next === '<') {
        if (code[this.i + 2] === '<') this.i += 3;
        else this.hereDocOperator();
        wordStart = true;
        continue;
      }
      if (c === '<') {
        const m = this.wordPlaceholder();
        if (m) {
          this.out.push({ name: m[1], start: this.i, end: this.i + m[0].length, place: 'word' });
          this.i += m[0].length;
          wordStart = false;
          continue;
        }
      }
      wordStart = /[\s;&|()<>]/.test(c);
      this.i++;
    }
  }

  /** `<name>` at the cursor when it is a placeholder rather than a redirection's operator. */
  private wordPlaceholder(): RegExpExecArray | null {
    const code = this.code;
    const m = placeholderAt(code, this.i);
    if (!m) return null;
    const before = code[this.i - 1];
    // `<<x>`, `><x>`, `&<x>`, `$<x>`: part of another operator or expansion.
    if (before !== undefined && '<>&$'.includes(before)) return null;
    // `2<x>`, `10<x>`: a file descriptor's redirection.
    if (before !== undefined && /\d/.test(before)) {
      let j = this.i - 1;
      while (j >= 0 && /\d/.test(code[j])) j--;
      if (j < 0 || /[\s;&|()]/.test(code[j])) return null;
    }
    // `<x>>f`, `<x>&2`: written as redirections, not as a value.
    const after = code[this.i + m[0].length];
    if (after === '>' || after === '&') return null;
    return m;
  }

  private doubleQuoted(): void {
    const code = this.code;
    while (this.i < code.length) {
      const c = code[this.i];
      if (c === '\\') this.i += 2;
      else if (c === '"') return void this.i++;
      else if (c === '$' && code[this.i + 1] === '(') {
        this.i += 2;
        this.commands(')');
      } else if (c === '$' && code[this.i + 1] === '{') this.i = closingBrace(code, this.i + 1);
      else if (c === '`') {
        this.i++;
        this.commands('`');
      } else this.i++;
    }
  }

  /** `<<EOF`, `<<-'EOF'`, `<< "EOF"`: the delimiter, for the body that starts on the next line. */
  private hereDocOperator(): void {
    const code = this.code;
    this.i += 2;
    const stripTabs = code[this.i] === '-';
    if (stripTabs) this.i++;
    while (code[this.i] === ' ' || code[this.i] === '\t') this.i++;
    let delimiter = '';
    while (this.i < code.length && !/[\s;&|()<>]/.test(code[this.i])) {
      const c = code[this.i];
      if (c === "'" || c === '"') {
        const end = code.indexOf(c, this.i + 1);
        const stop = end < 0 ? code.length : end;
        delimiter += code.slice(this.i + 1, stop);
        this.i = stop + 1;
      } else if (c === '\\') {
        delimiter += code[this.i + 1] ?? '';
        this.i += 2;
      } else {
        delimiter += c;
        this.i++;
      }
    }
    if (delimiter) this.pending.push({ delimiter, stripTabs });
  }

  /** After a newline: the bodies of the here-documents the line opened, each up to its delimiter line. */
  private hereDocBodies(): void {
    const code = this.code;
    for (const { delimiter, stripTabs } of this.pending.splice(0)) {
      const bodyStart = this.i;
      let bodyEnd = code.length;
      while (this.i < code.length) {
        const nl = code.indexOf('\n', this.i);
        const lineEnd = nl < 0 ? code.length : nl;
        const line = code.slice(this.i, lineEnd);
        const next = nl < 0 ? code.length : nl + 1;
        if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) {
          bodyEnd = this.i;
          this.i = next;
          break;
        }
        this.i = next;
      }
      const body = code.slice(bodyStart, bodyEnd);
      if (body.includes('</')) continue;
      for (let j = bodyStart; j < bodyEnd; j++) {
        if (code[j] !== '<') continue;
        const m = placeholderAt(code, j);
        if (m && j + m[0].length <= bodyEnd) {
          this.out.push({ name: m[1], start: j, end: j + m[0].length, place: 'heredoc' });
          j += m[0].length - 1;
        }
      }
    }
  }
}

/** One past the quote that closes the one at `start` (the end of the text when none does). */
function closing(code: string, start: number, quote: string, escapes: boolean): number {
  for (let j = start + 1; j < code.length; j++) {
    if (escapes && code[j] === '\\') j++;
    else if (code[j] === quote) return j + 1;
  }
  return code.length;
}

/** One past the `}` that closes the `{` at `start`. */
function closingBrace(code: string, start: number): number {
  let depth = 0;
  for (let j = start; j < code.length; j++) {
    if (code[j] === '\\') j++;
    else if (code[j] === '{') depth++;
    else if (code[j] === '}' && --depth === 0) return j + 1;
  }
  return code.length;
}

// ---- Redis ----

interface RedisToken {
  start: number;
  end: number;
  quoted: boolean;
  /** Index among the line's arguments (0: the command name). */
  index: number;
}

/** The tokens of one Redis line with their offsets, read like splitRedisArgs. */
function redisTokens(line: string): RedisToken[] {
  const tokens: RedisToken[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    const start = i;
    const q = line[i];
    if (q === '"' || q === "'") {
      i++;
      while (i < line.length && line[i] !== q) i += line[i] === '\\' ? 2 : 1;
      i++;
      tokens.push({ start, end: Math.min(i, line.length), quoted: true, index: tokens.length });
    } else {
      while (i < line.length && !/\s/.test(line[i])) i++;
      tokens.push({ start, end: i, quoted: false, index: tokens.length });
    }
  }
  return tokens;
}

function redisLines(code: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  let start = 0;
  for (const text of code.split('\n')) {
    const trimmed = text.trim();
    if (trimmed && !trimmed.startsWith('#') && !trimmed.startsWith('//')) out.push({ start, text });
    start += text.length + 1;
  }
  return out;
}

function redisPlaceholders(code: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const line of redisLines(code)) {
    for (const t of redisTokens(line.text)) {
      if (t.quoted) continue;
      for (let j = t.start; j < t.end; j++) {
        const m = line.text[j] === '<' ? placeholderAt(line.text, j) : null;
        if (m && j + m[0].length <= t.end) {
          out.push({ name: m[1], start: line.start + j, end: line.start + j + m[0].length, place: 'argument' });
          j += m[0].length - 1;
        }
      }
    }
  }
  return out;
}

// ---- HTTP ----

function httpPlaceholders(code: string): Placeholder[] {
  const out: Placeholder[] = [];
  const lines = code.split('\n');
  const offsets: number[] = [];
  let at = 0;
  for (const l of lines) {
    offsets.push(at);
    at += l.length + 1;
  }
  const isComment = (l: string) => /^\s*(#|\/\/)/.test(l);
  const add = (lineIndex: number, from: number, to: number, place: (offset: number) => PlaceholderPlace) => {
    const text = lines[lineIndex];
    for (let j = from; j < to; j++) {
      const m = text[j] === '<' ? placeholderAt(text, j) : null;
      if (m && j + m[0].length <= to) {
        out.push({ name: m[1], start: offsets[lineIndex] + j, end: offsets[lineIndex] + j + m[0].length, place: place(j) });
        j += m[0].length - 1;
      }
    }
  };
  let i = 0;
  while (i < lines.length) {
    // One request: comments and blanks, the request line (and its `?`/`&` continuations), headers, a body up to `###`.
    while (i < lines.length && !/^###/.test(lines[i].trim()) && (lines[i].trim() === '' || isComment(lines[i]))) i++;
    if (i >= lines.length) break;
    if (/^###/.test(lines[i].trim())) {
      i++;
      continue;
    }
    add(i, 0, lines[i].length, () => 'url');
    i++;
    for (; i < lines.length && /^\s+[?&]/.test(lines[i]); i++) add(i, 0, lines[i].length, () => 'url');
    let json = false;
    for (; i < lines.length && lines[i].trim() !== '' && !/^###/.test(lines[i].trim()); i++) {
      if (isComment(lines[i])) continue;
      const colon = lines[i].indexOf(':');
      if (/^\s*content-type\s*:.*json/i.test(lines[i])) json = true;
      // Not in a header's name: `X-<name>: v` stays as written.
      if (colon > 0) add(i, colon + 1, lines[i].length, () => 'header');
    }
    // The body: a placeholder inside a JSON string is escaped as JSON; the rest as the body's text.
    let inString = false;
    let first = true;
    for (; i < lines.length && !/^###/.test(lines[i].trim()); i++) {
      const text = lines[i];
      if (first && /^\s*[[{]/.test(text)) json = true;
      if (text.trim()) first = false;
      for (let j = 0; j < text.length; j++) {
        const c = text[j];
        if (inString && c === '\\') {
          j++;
          continue;
        }
        if (json && c === '"') {
          inString = !inString;
          continue;
        }
        const m = c === '<' ? placeholderAt(text, j) : null;
        if (m) {
          out.push({ name: m[1], start: offsets[i] + j, end: offsets[i] + j + m[0].length, place: json && inString ? 'json-string' : 'body' });
          j += m[0].length - 1;
        }
      }
    }
  }
  // A placeholder in the method's place (`<method> /x`) would choose what the request does: not a parameter's job.
  return out;
}

// ---- Substitution ----

type Substituted = { code: string } | { error: string };

/**
 * The cell's text with each placeholder's value put in, in the form its place takes as one
 * literal, verified by reading the result back. `values` must hold every parameter the text
 * needs (the caller asks first). Never throws: a value that cannot go in safely is an error.
 */
export function substituteParameters(executor: ExecutorKind, code: string, values: Record<string, string>): Substituted {
  return substituteFound(executor, code, findPlaceholders(executor, code), values);
}

/** substituteParameters with the placeholders given (tests use it to misplace one on purpose). */
export function substituteFound(executor: ExecutorKind, code: string, found: Placeholder[], values: Record<string, string>): Substituted {
  if (found.length === 0) return { code };
  const missing = [...new Set(found.map((p) => p.name).filter((n) => !Object.hasOwn(values, n)))];
  if (missing.length) return { error: `no value for ${missing.join(', ')}` };
  try {
    if (executor === 'shell') return substituteShell(code, found, values);
    if (executor === 'redis') return substituteRedis(code, found, values);
    return substituteHttp(code, found, values);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

class Refused extends Error {}

/** `'it'\''s'`: a single-quoted word holds everything but `'` as is. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const { syntax } = sh;
let parser: ReturnType<typeof syntax.NewParser> | null = null;

function substituteShell(code: string, found: Placeholder[], values: Record<string, string>): Substituted {
  let out = '';
  let last = 0;
  const checks: Array<{ name: string; value: string; start: number; end: number; place: PlaceholderPlace }> = [];
  for (const p of found) {
    const value = values[p.name];
    out += code.slice(last, p.start);
    let written: string;
    if (p.place === 'heredoc') {
      // A here-document's body is plain text to the shell, expanded unless its delimiter is
      // quoted, and it may be a script fed to an interpreter (`bash <<EOF`, `psql <<EOF`), where
      // quoting cannot be known. Only plain names go in: letters, digits and . _ : / @ = + , % -.
      if (!/^[\w.:/@=+,%-]*$/.test(value)) throw new Refused(`the value of ${p.name} goes into a here-document, which may be a script: only letters, digits and . _ : / @ = + , % - may go there, and it holds something else`);
      written = value;
    } else {
      // A whole word starting with `-` would be read as an option (`--all` for a pod name).
      const wholeWord = (p.start === 0 || /[\s;&|(]/.test(code[p.start - 1])) && (p.end === code.length || /[\s;&|)]/.test(code[p.end]));
      if (wholeWord && value.startsWith('-')) throw new Refused(`the value of ${p.name} starts with '-': the command would read it as an option`);
      written = shellQuote(value);
    }
    const start = Buffer.byteLength(out);
    out += written;
    checks.push({ name: p.name, value, start, end: Buffer.byteLength(out), place: p.place });
    last = p.end;
  }
  out += code.slice(last);
  const problem = verifyShell(out, checks);
  if (problem) return { error: problem };
  return { code: out };
}

interface ShellPart {
  type: string;
  start: number;
  end: number;
  value: string;
  dollar: boolean;
  inHereDoc: boolean;
}

/**
 * Reads the substituted text with the shell's parser and checks that each value is there as
 * itself: its bytes exactly covered by single-quoted strings and `\'` (a word's literal pieces),
 * whose text joined is the value; in a here-document, inside one plain piece of its body. The
 * reason it is not, or null.
 */
function verifyShell(code: string, checks: Array<{ name: string; value: string; start: number; end: number; place: PlaceholderPlace }>): string | null {
  parser ??= syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  let file;
  try {
    file = parser.Parse(code, '');
  } catch (err) {
    const e = err as { Error?: () => string; message?: string };
    return `with its parameters filled in, the shell cannot read the cell (${typeof e.Error === 'function' ? e.Error() : e.message})`;
  }
  const parts: ShellPart[] = [];
  const hereDocs: Array<{ start: number; end: number }> = [];
  syntax.Walk(file, (node) => {
    if (!node) return true;
    const type = syntax.NodeType(node);
    const n = node as unknown as { Pos(): { Offset(): number }; End(): { Offset(): number }; Value?: string; Dollar?: boolean; Hdoc?: { Pos(): { Offset(): number }; End(): { Offset(): number } } | null };
    if (type === 'Redirect' && n.Hdoc) hereDocs.push({ start: n.Hdoc.Pos().Offset(), end: n.Hdoc.End().Offset() });
    if (type === 'Lit' || type === 'SglQuoted' || type === 'DblQuoted' || type === 'ParamExp' || type === 'CmdSubst' || type === 'ArithmExp' || type === 'ProcSubst' || type === 'ExtGlob' || type === 'BraceExp') {
      parts.push({ type, start: n.Pos().Offset(), end: n.End().Offset(), value: type === 'Lit' || type === 'SglQuoted' ? (n.Value ?? '') : '', dollar: n.Dollar === true, inHereDoc: false });
    }
    return true;
  });
  for (const p of parts) p.inHereDoc = hereDocs.some((h) => p.start >= h.start && p.end <= h.end);
  for (const c of checks) {
    const wrong = `the value of ${c.name} would not reach the command as one literal text`;
    if (c.place === 'heredoc') {
      const inside = parts.filter((p) => p.inHereDoc && p.start < c.end && p.end > c.start);
      if (inside.length !== 1 || inside[0].type !== 'Lit' || inside[0].start > c.start || inside[0].end < c.end) return wrong;
      continue;
    }
    // A construct around the value (`$(…)`, `"…"`) may hold it whole; anything else touching its
    // bytes must lie within them, and those pieces must be exactly the quoted value.
    const touching = parts.filter((p) => p.start < c.end && p.end > c.start);
    const around = (p: ShellPart) => CONTAINERS.has(p.type) && p.start <= c.start && p.end >= c.end;
    if (touching.some((p) => !around(p) && (p.start < c.start || p.end > c.end))) return wrong;
    const inside = touching.filter((p) => !around(p)).sort((a, b) => a.start - b.start);
    let at = c.start;
    let text = '';
    for (const p of inside) {
      if (p.start !== at) return wrong;
      if (p.type === 'SglQuoted' && !p.dollar) text += p.value;
      else if (p.type === 'Lit' && p.value === "\\'") text += "'";
      else return wrong;
      at = p.end;
    }
    if (at !== c.end || text !== c.value) return wrong;
  }
  return null;
}

/**
 * Syntax that holds words of its own. A single-quoted value directly in `"…"` would be parsed as
 * plain text, not as a single-quoted piece, so the check below refuses it.
 */
const CONTAINERS = new Set(['DblQuoted', 'CmdSubst', 'ProcSubst', 'ParamExp', 'ArithmExp', 'BraceExp', 'ExtGlob']);


/**
 * Redis: the argument a placeholder is part of (`user:<id>`) is rewritten whole as one
 * double-quoted argument. Not the command name: a value must not choose the command.
 */
function substituteRedis(code: string, found: Placeholder[], values: Record<string, string>): Substituted {
  const lines = code.split('\n');
  let lineStart = 0;
  const out: string[] = [];
  for (const line of lines) {
    const lineEnd = lineStart + line.length;
    const mine = found.filter((p) => p.start >= lineStart && p.end <= lineEnd);
    if (mine.length === 0) {
      out.push(line);
      lineStart = lineEnd + 1;
      continue;
    }
    const tokens = redisTokens(line);
    const before = splitRedisArgs(line.trim());
    let text = '';
    let last = 0;
    const expected = new Map<number, string>();
    for (const t of tokens) {
      const inToken = mine.filter((p) => p.start - lineStart >= t.start && p.end - lineStart <= t.end);
      if (inToken.length === 0) continue;
      if (t.index === 0) throw new Refused(`${inToken[0].name} is in the place of the Redis command: a value must not choose the command`);
      let arg = '';
      let at = t.start;
      for (const p of inToken) {
        arg += line.slice(at, p.start - lineStart) + values[p.name];
        at = p.end - lineStart;
      }
      arg += line.slice(at, t.end);
      expected.set(t.index, arg);
      text += line.slice(last, t.start) + redisQuote(arg);
      last = t.end;
    }
    text += line.slice(last);
    // Read back with redis-cli's own tokenizer: the same arguments, the filled ones exactly as meant.
    const after = splitRedisArgs(text.trim());
    if (after.length !== before.length || after[0] !== before[0] || after.some((a, k) => a !== (expected.get(k) ?? before[k]))) {
      return { error: 'with its parameters filled in, the Redis command would not have the same arguments' };
    }
    out.push(text);
    lineStart = lineEnd + 1;
  }
  return { code: out.join('\n') };
}

/**
 * HTTP: in the URL, the value is percent-encoded (it cannot add a path, query or fragment); in a
 * header's value it goes as is but may not hold a control character (CR/LF would add headers);
 * in a JSON string it is JSON-escaped, with `$` and `{` as `\u` escapes so that the cell's
 * `$VAR`/`{{VAR}}` substitution cannot see a variable in it; elsewhere in a JSON body only a JSON
 * number, `true`, `false` or `null` goes in (anything else could add keys); in any other body, and
 * in headers, `$` and `{{` are refused for the same reason.
 */
function substituteHttp(code: string, found: Placeholder[], values: Record<string, string>): Substituted {
  let out = '';
  let last = 0;
  const lineStartOf = (offset: number) => code.lastIndexOf('\n', offset - 1) + 1;
  for (const p of found) {
    const value = values[p.name];
    let written: string;
    switch (p.place) {
      case 'url': {
        const head = code.slice(lineStartOf(p.start), p.start).replace(/^\s*[A-Za-z]+\s+/, '');
        if (/^\s*$/.test(head)) throw new Refused(`${p.name} is in the place of the method or the URL's start: a value must not choose where the request goes`);
        // `/`, `?`, `#`, `@`, `:` and spaces are encoded too: a value stays one piece of the URL.
        written = encodeURIComponent(value);
        break;
      }
      case 'header':
        if (/[\x00-\x1f\x7f]/.test(value)) throw new Refused(`the value of ${p.name} holds a control character (a line break would add a header)`);
        if (/\$|\{\{/.test(value)) throw new Refused(`the value of ${p.name} holds $ or {{, which the request would read as a variable`);
        written = value;
        break;
      case 'json-string':
        written = JSON.stringify(value).slice(1, -1).replace(/\$/g, '\\u0024').replace(/\{/g, '\\u007b');
        break;
      default: {
        const jsonBody = isJsonBody(code, p.start);
        if (jsonBody) {
          if (!/^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(value)) throw new Refused(`${p.name} is outside a string in a JSON body: its value must be a number, true, false or null`);
        } else if (/\$|\{\{/.test(value)) throw new Refused(`the value of ${p.name} holds $ or {{, which the request would read as a variable`);
        written = value;
      }
    }
    out += code.slice(last, p.start) + written;
    last = p.end;
  }
  out += code.slice(last);
  // Read back with the REST Client parser: the same requests, methods and header names.
  const before = parseHttpRequests(code);
  const after = parseHttpRequests(out);
  const shape = (specs: typeof before) => JSON.stringify(specs.map((s) => [s.method, s.line, s.headers.map(([k]) => k.toLowerCase()), s.body === undefined]));
  if (shape(before) !== shape(after)) return { error: 'with its parameters filled in, the HTTP requests would not have the same shape' };
  return { code: out };
}

/** Whether the body a placeholder at `offset` sits in is JSON (its first non-blank character is `{` or `[`). */
function isJsonBody(code: string, offset: number): boolean {
  const block = code.slice(0, offset).split(/^###.*$/m).pop() ?? '';
  if (/^\s*content-type\s*:.*json/im.test(block)) return true;
  const blank = /\n\s*\n/.exec(block);
  return blank !== null && /^\s*[[{]/.test(block.slice(blank.index));
}
