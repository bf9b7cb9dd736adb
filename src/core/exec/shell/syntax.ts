// mvdan/sh (the parser behind shfmt, compiled to JavaScript) reads a shell cell. This file turns
// its words into the values the classifier compares, and knows which values it cannot know.
//
// The tree is read through GopherJS's own objects (`__internal_object__`), not the wrappers the
// package hands out: each wrapper property access converts a whole subtree through reflection and
// costs tens of microseconds, which made a three-line cell take milliseconds. Internally a Go
// slice is `{$array, $offset, $length}`, a nil pointer is its type's `nil`, strings are UTF-8 bytes.
import sh, { type Node, type Parser } from 'mvdan-sh';

const { syntax } = sh;

/** One field of a command line as the classifier sees it. */
export interface ShellWord {
  /**
   * The text after quote removal, with known variables put in; null when it depends on what runs
   * (a command's output, a variable the cell sets from one).
   */
  value: string | null;
  /**
   * The value is exactly what runs. False when it holds a variable from the environment (kept as
   * `$NAME`), a glob, or an arithmetic result: fine as an argument, never as a command name.
   */
  exact: boolean;
  /**
   * Part of the value is a command's output, in double quotes after a literal start
   * (`"Bearer $(oc whoami -t)"`): it cannot be an option, but it is no text to read as code.
   */
  computed?: boolean;
  /** As written, for messages. */
  source: string;
}

/**
 * What a variable holds when the cell runs: a string when known, null when the cell sets it at
 * run time, undefined when it comes from the environment the cell does not control.
 */
export type Variables = (name: string) => string | null | undefined;

// The parser is built once: building it costs more than parsing a cell.
let parser: Parser | null = null;

/** The cell's syntax tree (GopherJS's internal objects), or the parser's message. */
export function parseShell(code: string): { file: Node } | { error: string } {
  parser ??= syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  try {
    return { file: parser.Parse(code, '').__internal_object__ };
  } catch (err) {
    return { error: goErrorMessage(err) };
  }
}

/** The elements of a Go slice. */
export function items(slice: Node): Node[] {
  return slice.$array.slice(slice.$offset, slice.$offset + slice.$length);
}

/** A nil pointer or nil interface. */
export function isNil(node: Node): boolean {
  return node === null || node === undefined || typeof node.constructor?.string !== 'string' || node === node.constructor.nil;
}

/** `CallExpr`, `Lit`, `DblQuoted`…; empty for nil. */
export function nodeType(node: Node): string {
  return isNil(node) ? '' : (node.constructor.string as string).replace(/^\*syntax\./, '');
}

/** A Go string (UTF-8 bytes, one per character) as text. */
export function text(goString: string): string {
  return /[\x80-\xff]/.test(goString) ? Buffer.from(goString, 'latin1').toString('utf8') : goString;
}

/** GopherJS throws Go error values: the message is behind `.Error()`. */
function goErrorMessage(err: unknown): string {
  const e = err as { Error?: () => string; message?: string } | null;
  if (e && typeof e.Error === 'function') return e.Error();
  if (e && typeof e.message === 'string') return e.message;
  return String(err);
}

/** Special parameters the cell sets itself (`set -- rm x; "$@"`): unknown, not from outside. */
const POSITIONAL = /^([1-9]|@|\*)$/;
/** An unquoted `{a,b}` or `{1..3}`: bash turns it into several words. */
const BRACE_EXPANSION = /\{[^{}]*(,|\.\.)[^{}]*\}/;
/** Pattern characters: `*`, `?`, or a bracket expression (a lone `[` is the test command). */
const GLOB = /[*?]|\[[^\]]*\]/;

/** A word's fields: usually one; an unquoted variable holding spaces splits into several. */
export function readWord(word: Node, vars: Variables, code: string): ShellWord[] {
  return new WordReader(word, vars, code).read();
}

/** A word's text as fields, built part by part (a class, not closures: this runs for every word). */
class WordReader {
  private fields: ShellWord[] = [];
  private value: string | null = '';
  private exact = true;
  private started = false;
  private computed = false;

  constructor(private readonly word: Node, private readonly vars: Variables, private readonly code: string) {}

  read(): ShellWord[] {
    for (const part of items(this.word.Parts)) {
      const type = nodeType(part);
      if (type === 'Lit') {
        const raw = text(part.Value);
        const unquoted = unescapeUnquoted(raw);
        if (BRACE_EXPANSION.test(raw)) this.append(null, false);
        else this.append(unquoted, !GLOB.test(unquoted));
      } else if (type === 'SglQuoted') {
        this.append(part.Dollar ? decodeAnsiC(text(part.Value)) : text(part.Value), true);
      } else if (type === 'DblQuoted') {
        this.append('', true);
        for (const inner of items(part.Parts)) {
          if (nodeType(inner) === 'Lit') this.append(unescapeDoubleQuoted(text(inner.Value)), true);
          else this.quotedExpansion(expansion(inner, this.vars, this.code));
        }
      } else {
        const r = expansion(part, this.vars, this.code);
        if (r.split && r.value !== null) this.splitAppend(r.value);
        else this.append(r.value, r.exact);
      }
    }
    if (this.started) this.push();
    return this.fields;
  }

  private append(value: string | null, exact: boolean): void {
    this.started = true;
    this.value = this.value === null || value === null ? null : this.value + value;
    this.exact &&= exact;
  }

  /** In double quotes, an output after a literal start cannot be an option: kept as `…`. */
  private quotedExpansion(r: { value: string | null; exact: boolean }): void {
    if (r.value === null && this.value && !this.value.startsWith('-')) {
      this.append('…', false);
      this.computed = true;
    } else this.append(r.value, r.exact);
  }

  /** An unquoted expansion is split on blanks (the cell cannot change IFS: that is a mitigation). */
  private splitAppend(value: string): void {
    const pieces = value.split(/[ \t\n]+/);
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) {
        if (this.started && this.value !== '') this.push();
        this.value = '';
        this.exact = true;
        this.started = false;
        this.computed = false;
      }
      if (pieces[i]) this.append(pieces[i], !GLOB.test(pieces[i]));
    }
  }

  private push(): void {
    this.fields.push(new Field(this.value, this.exact, this.computed, this.word, this.code));
  }
}

/** A field whose source text is built only when a message needs it. */
class Field implements ShellWord {
  private text: string | undefined;
  readonly computed?: boolean;

  constructor(readonly value: string | null, readonly exact: boolean, computed: boolean, private readonly word: Node, private readonly code: string) {
    if (computed) this.computed = true;
  }

  get source(): string {
    return (this.text ??= sourceOf(this.word, this.code));
  }
}

/** All the fields of several words. */
export function readWords(words: Node[], vars: Variables, code: string): ShellWord[] {
  const out: ShellWord[] = [];
  for (const w of words) out.push(...readWord(w, vars, code));
  return out;
}

/** A word read as one string (a redirection target, a here-string): null when not known. */
export function wordText(word: Node, vars: Variables, code: string): string | null {
  const fields = readWord(word, vars, code);
  if (fields.some((f) => f.value === null || f.computed)) return null;
  return fields.map((f) => f.value).join(' ');
}

/**
 * A here-document's body: taken as written when its delimiter is quoted (`<<'EOF'`), otherwise
 * expanded like double-quoted text. Null when an expansion is not known.
 */
export function hereDocText(redirect: Node, vars: Variables, code: string): string | null {
  const body = redirect.Hdoc as Node;
  if (isNil(body)) return '';
  const quoted = items(redirect.Word.Parts).some((p) => nodeType(p) !== 'Lit' || (p.Value as string).includes('\\'));
  let out = '';
  for (const part of items(body.Parts)) {
    if (nodeType(part) === 'Lit') out += quoted ? text(part.Value) : unescapeDoubleQuoted(text(part.Value));
    else {
      const r = expansion(part, vars, code);
      if (r.value === null) return null;
      out += r.value;
    }
  }
  return out;
}

/** `$X`, `${X…}`, `$(…)`, `$((…))`, `<(…)`: what the classifier knows of its value. */
function expansion(part: Node, vars: Variables, code: string): { value: string | null; exact: boolean; split?: boolean } {
  const type = nodeType(part);
  if (type === 'ParamExp') {
    const name = text(part.Param.Value);
    if (part.Length) return { value: '0', exact: false };
    const plain = isNil(part.Exp) && !part.Excl && isNil(part.Index) && isNil(part.Slice) && isNil(part.Repl) && !part.Names;
    if (POSITIONAL.test(name)) return { value: null, exact: false };
    if (!plain) return { value: null, exact: false };
    const known = /^[A-Za-z_]\w*$/.test(name) ? vars(name) : undefined;
    if (known === null) return { value: null, exact: false };
    if (known === undefined) return { value: '$' + name, exact: false };
    return { value: known, exact: !GLOB.test(known), split: true };
  }
  if (type === 'ArithmExp') return { value: '0', exact: false };
  if (type === 'ProcSubst') return { value: '/dev/fd/63', exact: false };
  if (type === 'ExtGlob') return { value: sourceOf(part, code), exact: false };
  return { value: null, exact: false };
}

/** The text of a node as written. */
export function sourceOf(node: Node, code: string): string {
  const start = node.Pos().Offset() as number;
  const end = node.End().Offset() as number;
  // Offsets count UTF-8 bytes.
  return /^[\x00-\x7f]*$/.test(code) ? code.slice(start, end) : Buffer.from(code).subarray(start, end).toString();
}

function unescapeUnquoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([\s\S])/g, '$1');
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1');
}

const ANSI_C: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** The text of `$'…'` (`$'\x72\x6d'` is `rm`). */
function decodeAnsiC(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (all, esc: string) => {
    if (ANSI_C[esc] !== undefined) return ANSI_C[esc];
    if (/^[0-7]/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (esc[0] === 'c') return String.fromCharCode(esc.charCodeAt(1) & 31);
    return all;
  });
}

// Redirection operators (mvdan/sh's token numbers).
export const REDIRECT = {
  out: 54, append: 55, in: 56, readWrite: 57, dupIn: 58, dupOut: 59, clobber: 60,
  hereDoc: 61, hereDocTabs: 62, hereString: 63, all: 64, appendAll: 65,
} as const;
// Binary command operators.
export const PIPE = 12;
export const PIPE_ALL = 13;
// Process substitution: `>(…)` receives the output of the command around it.
export const PROC_SUBST_OUT = 67;
