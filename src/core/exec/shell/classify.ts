// Shell cells: a diagnostic only when every simple command anywhere in them (pipelines, lists,
// subshells, `$(…)`, process substitutions, function and loop bodies, here-documents, what wrappers
// run) is known to only read. Anything else, or anything this cannot read, is a mitigation with a
// reason the on-call engineer sees before it runs.
import type { Node } from 'mvdan-sh';
import type { ClassifyContext } from '../rules';
import { diagnostic, mitigation, type CellClass } from '../verdict';
import { ALWAYS_CHANGES, DANGEROUS_VARIABLE, HARMLESS_TARGET, INTERPRETERS, SHELLS, SYSTEM_BIN } from './commands';
import { clientChanges, type Input } from './clients';
import { GUARDS } from './guards';
import { toolChanges } from './lookup';
import {
  hereDocText, isNil, items, nodeType, parseShell, text, PIPE, PIPE_ALL, PROC_SUBST_OUT, readWord, readWords, REDIRECT, sourceOf, wordText,
  type ShellWord, type Variables,
} from './syntax';
import { fillPlaceholders } from './placeholders';
import { unwrap } from './wrappers';

/** Shell text nested in shell text (`bash -c`, `ssh`, `eval`) deeper than this is not read. */
const MAX_DEPTH = 6;

export function classifyShell(code: string, context: ClassifyContext = {}): CellClass {
  const reader = new CellReader(context, 0);
  let reason: string | null;
  try {
    reason = reader.changes(code);
  } catch (err) {
    // A tree shape this walk does not expect must never make a cell a diagnostic.
    return mitigation(`the shell could not be read (${err instanceof Error ? err.message : String(err)})`);
  }
  if (reason !== null) return mitigation(reason);
  const names = [...new Set(reader.placeholders)];
  return diagnostic(names.length ? `reads only, once its placeholders are filled in (${names.join(', ')})` : 'reads only: every command is known to only read');
}

/** Where a command's standard input comes from, as found while walking the tree. */
type InputSource =
  | { kind: 'cell' }
  | { kind: 'redirect'; redirect: Node }
  | { kind: 'pipe'; from: Node }
  | { kind: 'unknown'; what: string };


/** What the walk finds, in the order it runs. */
type Step =
  | { kind: 'call'; args: Node[]; input: InputSource }
  | { kind: 'redirects'; redirects: Node[] }
  | { kind: 'assign'; name: string }
  | { kind: 'function'; name: string; topLevel: boolean }
  | { kind: 'nameref' }
  | { kind: 'arithmetic'; names: string[] }
  | { kind: 'unsupported'; what: string };

/** Tools that read a `<(…)` file as data only. */
const DATA_READERS = new Set(['cat', 'diff', 'cmp', 'comm', 'join', 'paste', 'grep', 'egrep', 'fgrep', 'rg', 'sort', 'uniq', 'wc',
  'head', 'tail', 'jq', 'yq', 'less', 'more', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'tee', 'echo', 'printf', 'base64',
  'xxd', 'od', 'strings', 'column', 'cut', 'tr', 'awk', 'sed', 'ls', 'stat', 'file', 'openssl', 'nl', 'tac']);
/** A variable's value that only names what to fill in. */
const PLACEHOLDER_VALUE = /^<[^<>]*>$/;
/** Redirections that open a file for writing. */
const WRITES = new Set<number>([REDIRECT.out, REDIRECT.append, REDIRECT.clobber, REDIRECT.all, REDIRECT.appendAll, REDIRECT.readWrite]);
/** Redirections that feed a command's standard input. */
const INPUTS = new Set<number>([REDIRECT.in, REDIRECT.hereDoc, REDIRECT.hereDocTabs, REDIRECT.hereString]);
/** Commands whose arguments name variables they set. */
const SETS_VARIABLES = new Set(['read', 'mapfile', 'readarray', 'getopts', 'printf']);
const SCRIPT_FLAG = /^-([a-zA-Z]*[ceE]|-eval|-exec|-print|-command|-execute)$/;
const VERSION_FLAG = /^(-V|-v|--version|-h|--help|-version)$/;

class CellReader {
  private code = '';
  private steps: Step[] = [];
  /** Values assigned in the cell, by name: a word (each of a loop's words), or null when only known at run time. */
  private assigned = new Map<string, ({ word: Node; loop?: boolean } | null)[]>();
  private functions = new Set<string>();
  private resolving = new Set<string>();
  /** `<pod>`-style placeholders read as the words they stand for. */
  placeholders: string[] = [];
  /** Where quotes were put around placeholders, and how many of them the parser saw as quoted words. */
  private quotedAt = new Set<number>();
  private quotedSeen = 0;

  constructor(private readonly context: ClassifyContext, private readonly depth: number, private readonly fill = true) {}

  /** Why the cell changes something, or null when it only reads. */
  changes(code: string): string | null {
    if (this.depth > MAX_DEPTH) return 'commands nested too deep to read';
    const filled = this.fill ? fillPlaceholders(code) : { code, names: [], quotedAt: [] };
    this.placeholders = filled.names;
    this.quotedAt = new Set(filled.quotedAt);
    const parsed = parseShell(filled.code);
    if ('error' in parsed) return `the shell cannot be read: ${parsed.error}`;
    this.code = filled.code;
    this.statements(items(parsed.file.Stmts), { kind: 'cell' }, true);
    // A quote put in that the parser did not see as `'<name>'` changed the cell's meaning: read it as written.
    if (this.quotedSeen !== this.quotedAt.size) {
      this.placeholders = [];
      return new CellReader(this.context, this.depth, false).changes(code);
    }
    for (const step of this.steps) {
      const why = this.step(step);
      if (why) return why;
    }
    return null;
  }

  // ---- The walk: every statement and every word that runs something ----

  private statements(stmts: Node[], input: InputSource, topLevel = false): void {
    for (const s of stmts) this.statement(s, input, topLevel);
  }

  private statement(stmt: Node, input: InputSource, topLevel = false): void {
    let own = input;
    const redirects = items(stmt.Redirs);
    for (const r of redirects) {
      if (INPUTS.has(r.Op)) own = { kind: 'redirect', redirect: r };
      if (!isNil(r.Word)) this.word(r.Word);
      if (!isNil(r.Hdoc)) this.word(r.Hdoc);
    }
    if (redirects.length) this.steps.push({ kind: 'redirects', redirects });
    if (!isNil(stmt.Cmd)) this.command(stmt.Cmd, own, topLevel);
  }

  private command(cmd: Node, input: InputSource, topLevel: boolean): void {
    const type = nodeType(cmd);
    switch (type) {
      case 'CallExpr': {
        for (const a of items(cmd.Assigns)) this.assignment(a);
        const args = items(cmd.Args);
        for (const w of args) this.word(w);
        if (args.length) {
          this.noteVariablesSetBy(args);
          this.steps.push({ kind: 'call', args, input });
        }
        return;
      }
      case 'BinaryCmd':
        this.statement(cmd.X, input);
        this.statement(cmd.Y, cmd.Op === PIPE || cmd.Op === PIPE_ALL ? { kind: 'pipe', from: cmd.X } : input);
        return;
      case 'Subshell':
      case 'Block':
        return this.statements(items(cmd.Stmts), input);
      case 'IfClause':
        for (let c: Node = cmd; !isNil(c); c = c.Else) {
          this.statements(items(c.Cond), input);
          this.statements(items(c.Then), input);
        }
        return;
      case 'WhileClause':
        this.statements(items(cmd.Cond), input);
        return this.statements(items(cmd.Do), input);
      case 'ForClause': {
        const loop = cmd.Loop;
        if (nodeType(loop) === 'WordIter') {
          const words = items(loop.Items);
          for (const w of words) this.word(w);
          const values = words.map((word) => ({ word, loop: true }));
          const name = text(loop.Name.Value);
          // `for x; do` walks the positional parameters: unknown.
          this.assigned.set(name, [...(this.assigned.get(name) ?? []), ...(values.length ? values : [null])]);
        } else {
          for (const x of [loop.Init, loop.Cond, loop.Post]) if (!isNil(x)) this.arithmetic(x);
        }
        return this.statements(items(cmd.Do), input);
      }
      case 'CaseClause':
        this.word(cmd.Word);
        for (const item of items(cmd.Items)) {
          for (const p of items(item.Patterns)) this.word(p);
          this.statements(items(item.Stmts), input);
        }
        return;
      case 'FuncDecl':
        this.steps.push({ kind: 'function', name: text(cmd.Name.Value), topLevel });
        return this.statement(cmd.Body, input);
      case 'ArithmCmd':
        return this.arithmetic(cmd.X);
      case 'LetClause':
        for (const x of items(cmd.Exprs)) this.arithmetic(x);
        return;
      case 'TestClause':
        return this.test(cmd.X);
      case 'DeclClause':
        for (const a of items(cmd.Args)) {
          const option = a.Naked && isNil(a.Name);
          const flag = option && !isNil(a.Value) ? sourceOf(a.Value, this.code) : '';
          if (/^-[a-zA-Z]*n/.test(flag)) this.steps.push({ kind: 'nameref' });
          // `export "$v"` sets whatever variable `$v` names, IFS and PATH included.
          if (option && !/^[-+][a-zA-Z]+$/.test(flag)) this.steps.push({ kind: 'unsupported', what: `a declaration whose names are only known when it runs (${flag})` });
          if (option) {
            if (!isNil(a.Value)) this.word(a.Value);
          } else this.assignment(a);
        }
        return;
      case 'TimeClause':
        if (!isNil(cmd.Stmt)) this.statement(cmd.Stmt, input);
        return;
      case 'CoprocClause':
        return this.statement(cmd.Stmt, { kind: 'unknown', what: 'a coprocess' });
      default:
        this.steps.push({ kind: 'unsupported', what: type });
    }
  }

  /** Commands inside a word: `$(…)`, backticks, `<(…)`, and those nested in `${…}` or `$((…))`. */
  private word(word: Node): void {
    for (const part of items(word.Parts)) this.wordPart(part);
  }

  private wordPart(part: Node): void {
    switch (nodeType(part)) {
      case 'SglQuoted':
        if (!part.Dollar && this.quotedAt.has(part.Left.Offset())) this.quotedSeen++;
        return;
      case 'DblQuoted':
        for (const p of items(part.Parts)) this.wordPart(p);
        return;
      case 'CmdSubst':
        return this.statements(items(part.Stmts), { kind: 'cell' });
      case 'ProcSubst':
        return this.statements(items(part.Stmts), part.Op === PROC_SUBST_OUT ? { kind: 'unknown', what: 'the output of the command around `>(…)`' } : { kind: 'cell' });
      case 'ParamExp':
        // `${X@P}` expands X like a prompt, running the `$(…)` it holds.
        if (!isNil(part.Exp) && /@[A-Za-z]*P[A-Za-z]*\}$/.test(sourceOf(part, this.code))) this.steps.push({ kind: 'unsupported', what: 'prompt expansion (`${X@P}`) runs code held in a variable' });
        if (!isNil(part.Exp) && !isNil(part.Exp.Word)) this.word(part.Exp.Word);
        if (!isNil(part.Repl)) for (const w of [part.Repl.Orig, part.Repl.With]) if (!isNil(w)) this.word(w);
        if (!isNil(part.Index)) this.arithmetic(part.Index);
        if (!isNil(part.Slice)) for (const x of [part.Slice.Offset, part.Slice.Length]) if (!isNil(x)) this.arithmetic(x);
        return;
      case 'ArithmExp':
        return this.arithmetic(part.X);
      case 'BraceExp':
        for (const w of items(part.Elems)) this.word(w);
    }
  }

  private arithmetic(x: Node): void {
    switch (nodeType(x)) {
      case 'BinaryArithm':
        this.arithmetic(x.X);
        return this.arithmetic(x.Y);
      case 'UnaryArithm':
      case 'ParenArithm':
        return this.arithmetic(x.X);
      case 'Word':
        this.arithmeticNames(x);
        return this.word(x);
    }
  }

  /**
   * Arithmetic evaluates a variable's value as an expression, and `a[$(cmd)]` in that value runs
   * cmd: the variables used in arithmetic are checked when the steps are read.
   */
  private arithmeticNames(word: Node): void {
    const names: string[] = [];
    for (const part of items(word.Parts)) {
      const type = nodeType(part);
      if (type === 'Lit') names.push(...(text(part.Value).match(/[A-Za-z_]\w*/g) ?? []));
      else if (type === 'ParamExp') names.push(text(part.Param.Value));
    }
    if (names.length) this.steps.push({ kind: 'arithmetic', names });
  }

  private test(x: Node): void {
    switch (nodeType(x)) {
      case 'BinaryTest':
        // `[[ $a -eq $b ]]` evaluates both sides as arithmetic.
        if (/^-(eq|ne|lt|le|gt|ge)\b/.test(this.code.slice(x.OpPos.Offset(), x.OpPos.Offset() + 4))) {
          for (const side of [x.X, x.Y]) if (nodeType(side) === 'Word') this.arithmeticNames(side);
        }
        this.test(x.X);
        return this.test(x.Y);
      case 'UnaryTest':
      case 'ParenTest':
        return this.test(x.X);
      case 'Word':
        return this.word(x);
    }
  }

  private assignment(a: Node): void {
    const name = isNil(a.Name) ? undefined : text(a.Name.Value);
    const value = isNil(a.Value) ? null : a.Value;
    if (value) this.word(value);
    if (!isNil(a.Index)) this.arithmetic(a.Index);
    if (!isNil(a.Array)) for (const e of items(a.Array.Elems)) if (!isNil(e.Value)) this.word(e.Value);
    if (!name) return;
    this.steps.push({ kind: 'assign', name });
    if (a.Append || !isNil(a.Array) || !isNil(a.Index) || !value) this.setAtRunTime(name);
    else this.assigned.set(name, [...(this.assigned.get(name) ?? []), { word: a.Value }]);
  }

  /** `read NAME`, `mapfile NAME`, `printf -v NAME`: the variable holds input, unknown here. */
  private noteVariablesSetBy(args: Node[]): void {
    const first = items(args[0].Parts);
    if (first.length !== 1 || nodeType(first[0]) !== 'Lit' || !SETS_VARIABLES.has(text(first[0].Value))) return;
    for (const w of args.slice(1)) {
      const text = sourceOf(w, this.code);
      if (/^[A-Za-z_]\w*$/.test(text)) this.setAtRunTime(text);
    }
  }

  private setAtRunTime(name: string): void {
    this.assigned.set(name, [...(this.assigned.get(name) ?? []), null]);
  }

  // ---- What each step means ----

  private step(step: Step): string | null {
    switch (step.kind) {
      case 'assign':
        return DANGEROUS_VARIABLE.test(step.name) ? `sets \`${step.name}\`, which changes what later commands run` : null;
      case 'nameref':
        return 'a name reference (`declare -n`) can set any variable';
      case 'arithmetic':
        for (const name of step.names) {
          const why = this.arithmeticValue(name, 0);
          if (why) return why;
        }
        return null;
      case 'function':
        if (step.topLevel) this.functions.add(step.name);
        return null;
      case 'unsupported':
        return `a shell construct this cannot read (${step.what})`;
      case 'redirects':
        return this.redirects(step.redirects);
      case 'call':
        return this.call(step.args, step.input);
    }
  }

  private redirects(redirects: Node[]): string | null {
    for (const r of redirects) {
      const op = r.Op as number;
      if (op === REDIRECT.dupIn || op === REDIRECT.dupOut) {
        const target = wordText(r.Word, this.vars, this.code);
        if (target !== null && /^(\d+-?|-)$/.test(target)) continue;
        if (op === REDIRECT.dupIn) return `reads from a descriptor this cannot read (<& ${sourceOf(r.Word, this.code)})`;
      } else if (!WRITES.has(op)) continue;
      const target = wordText(r.Word, this.vars, this.code);
      if (target === null || !HARMLESS_TARGET.test(target)) return `writes to a file (${sourceOf(r, this.code)})`;
    }
    return null;
  }

  private call(args: Node[], source: InputSource): string | null {
    const words = readWords(args, this.vars, this.code);
    if (!words.length) return null;
    const name = words[0].value;
    if (name !== null && this.functions.has(name)) return null; // its body is read where it is defined
    if (name === 'unset' && words.some((w) => w.value === '-f')) {
      for (const w of words.slice(1)) if (w.value) this.functions.delete(w.value);
    }
    return this.commandLine(words, this.input(source));
  }

  /** Why a command line (name and arguments) changes something, or null when it only reads. */
  private commandLine(words: ShellWord[], input: Input): string | null {
    const [first, ...args] = words;
    if (!first) return null;
    if (first.value === null || !first.exact) return `runs a command whose name is only known when it runs (\`${first.source}\`)`;
    let name = first.value;
    if (name.includes('/')) {
      if (!SYSTEM_BIN.test(name)) return `runs \`${name}\`, a program this cannot read`;
      name = name.slice(name.lastIndexOf('/') + 1);
    }
    return this.tool(name, args, input);
  }

  private tool(name: string, args: ShellWord[], input: Input): string | null {
    if (ALWAYS_CHANGES[name]) return ALWAYS_CHANGES[name];
    // `<(…)` as an argument: fine for tools that read it as data, not as configuration or code.
    const procFile = args.find((a) => !a.exact && a.value?.includes('/dev/fd/63'));
    if (procFile && !DATA_READERS.has(name)) return `\`${name}\` reads \`${procFile.source}\` as a file: it may hold configuration or code`;
    const wrapped = unwrap(name, args);
    if (wrapped) {
      if ('reads' in wrapped) return null;
      if ('reason' in wrapped) return wrapped.reason;
      if ('text' in wrapped) return this.nested(wrapped.what, wrapped.text);
      const argv = wrapped.appendsUnknown ? [...wrapped.argv, { value: null, exact: false, source: '(input)' }] : wrapped.argv;
      const why = this.commandLine(argv, wrapped.keepsStdin || wrapped.appendsUnknown ? input : null);
      return why && `\`${name}\`: ${why}`;
    }
    switch (name) {
      case 'eval':
        return this.nested('eval', joinValues(args));
      case 'trap': {
        const action = args[0];
        if (!action || /^-[lp]$/.test(action.value ?? '')) return null;
        return this.nested('trap', action.value);
      }
      case 'alias':
        for (const a of args) {
          const m = /^[^=]+=([\s\S]*)$/.exec(a.value ?? '=?');
          if (a.value === null || m) {
            const why = this.nested('alias', m ? m[1] : null);
            if (why) return why;
          }
        }
        return null;
    }
    const client = clientChanges(name, args, input);
    if (client !== undefined) return client;
    if (SHELLS.has(name)) return this.shell(name, args, input);
    if (INTERPRETERS.has(name)) return interpreterChanges(name, args, input);
    const listed = toolChanges(name, args, this.context.rules);
    if (listed) return listed;
    return GUARDS[name]?.(args, name, (inner) => this.commandLine(inner, null)) ?? null;
  }

  /** `bash -c TEXT`, `bash` fed a script on stdin, `bash script.sh`. */
  private shell(name: string, args: ShellWord[], input: Input): string | null {
    if (!input && args.length && args.every((a) => /^--(version|help)$/.test(a.value ?? ''))) return null;
    for (let i = 0; i < args.length; i++) {
      const v = args[i].value;
      if (v === null) return `\`${name}\` gets an argument this cannot read (\`${args[i].source}\`)`;
      if (v === '--' || !v.startsWith('-') && !v.startsWith('+')) break;
      if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(v)) return this.nested(`${name} -c`, args[i + 1]?.value ?? null);
      if (/^[-+]O$|^-o$/.test(v)) i++;
    }
    if (args.some((a) => a.value !== null && !a.value.startsWith('-') && a.value !== '--')) return `\`${name}\` runs a script file this cannot read`;
    if (input && 'text' in input) return this.nested(name, input.text);
    return input ? `feeds \`${name}\` input this cannot read (${input.unreadable})` : `\`${name}\` without a script opens a shell`;
  }

  /** Shell text run by a wrapper, `eval` or `bash -c`: read like a cell of its own. */
  private nested(what: string, text: string | null): string | null {
    if (text === null) return `\`${what}\` runs text this cannot read`;
    const why = new CellReader(this.context, this.depth + 1).changes(text);
    return why && `\`${what}\`: ${why}`;
  }

  // ---- Variables and input ----

  /** Why a variable used in arithmetic may run code, or null when its values are numbers or names. */
  private arithmeticValue(name: string, depth: number): string | null {
    if (depth > 4) return `arithmetic on \`${name}\`, whose value this cannot follow`;
    const values = this.assigned.get(name);
    const texts = values
      ? values.map((v) => (v === null ? null : wordText(v.word, this.vars, this.code)))
      : this.context.env?.[name] !== undefined ? [this.context.env[name]] : [];
    for (const t of texts) {
      if (t === null) return `arithmetic on \`${name}\`, which holds text only known when it runs`;
      const value = t.trim();
      if (/^-?\d+$/.test(value) || value === '') continue;
      if (!/^[A-Za-z_]\w*$/.test(value)) return `arithmetic on \`${name}\`, whose value could run code`;
      const why = this.arithmeticValue(value, depth + 1);
      if (why) return why;
    }
    return null;
  }

  /**
   * A variable the cell sets is known when every value it is given is the same literal. When the
   * values differ but none could be read as an option (`for h in a b c`), it is as harmless as a
   * variable from the environment; otherwise it is unknown.
   */
  private vars: Variables = (name) => {
    const values = this.assigned.get(name);
    if (!values) return this.context.env?.[name];
    if (this.resolving.has(name) || values.some((v) => v === null)) return null;
    this.resolving.add(name);
    const candidates = values.flatMap((v) => {
      const fields = readWord(v!.word, this.vars, this.code);
      if (v!.loop) return fields;
      return [{ value: fields.some((f) => f.value === null) ? null : fields.map((f) => f.value).join(' '), exact: fields.every((f) => f.exact) }];
    });
    this.resolving.delete(name);
    if (candidates.some((c) => c.value === null)) return null;
    // `NAMESPACE='<namespace>'`: a value to fill in, like one from the environment.
    if (candidates.every((c) => PLACEHOLDER_VALUE.test(c.value!))) return undefined;
    if (candidates.every((c) => c.exact && c.value === candidates[0].value)) return candidates[0].value;
    return candidates.every((c) => !/^-|\s/.test(c.value!)) ? undefined : null;
  };

  private input(source: InputSource): Input {
    switch (source.kind) {
      case 'cell':
        return null;
      case 'unknown':
        return { unreadable: source.what };
      case 'redirect':
        return this.redirectInput(source.redirect);
      case 'pipe':
        return this.producedText(source.from);
    }
  }

  private redirectInput(r: Node): Input {
    if (r.Op === REDIRECT.in) {
      const target = wordText(r.Word, this.vars, this.code);
      return target === '/dev/null' ? { text: '' } : { unreadable: `the file ${sourceOf(r.Word, this.code)}` };
    }
    const body = r.Op === REDIRECT.hereString ? wordText(r.Word, this.vars, this.code) : hereDocText(r, this.vars, this.code);
    if (body === null) return { unreadable: 'text built when it runs' };
    return { text: r.Op === REDIRECT.hereString ? body + '\n' : body };
  }

  /** The text a statement writes into a pipe, when it is fixed: `echo …`, `printf …`, `cat <<EOF`. */
  private producedText(stmt: Node): Input {
    const cmd = stmt.Cmd;
    // `a | b | c`: what comes out is c's output.
    if (nodeType(cmd) === 'BinaryCmd' && (cmd.Op === PIPE || cmd.Op === PIPE_ALL)) {
      const last = this.producedText(cmd.Y);
      return last && 'text' in last ? { unreadable: 'the output of a pipeline' } : last;
    }
    const words = nodeType(cmd) === 'CallExpr' ? items(cmd.Args) : [];
    if (!words.length) return { unreadable: 'the output of a compound command' };
    const [first, ...args] = readWords(words, this.vars, this.code);
    const name = first.value ?? first.source;
    const what = { unreadable: `the output of \`${name}\`` };
    if (args.some((a) => a.value === null)) return what;
    const values = args.map((a) => a.value!);
    if (name === 'echo') {
      let i = 0;
      let escapes = false;
      for (; i < values.length && /^-[neE]+$/.test(values[i]); i++) escapes ||= values[i].includes('e');
      const text = values.slice(i).join(' ');
      return escapes && text.includes('\\') ? what : { text: text + '\n' };
    }
    if (name === 'printf') return values.length === 1 && !/[%\\]/.test(values[0]) ? { text: values[0] } : what;
    if (name === 'cat' && values.length === 0) {
      const r = items(stmt.Redirs).filter((x) => INPUTS.has(x.Op)).pop();
      return r ? this.redirectInput(r) : what;
    }
    return what;
  }
}

function joinValues(words: ShellWord[]): string | null {
  return words.some((w) => w.value === null || w.computed) ? null : words.map((w) => w.value).join(' ');
}

/** `python3 -c`, `node -e`, `perl script.pl`: code this cannot read, unless only asking for a version. */
function interpreterChanges(name: string, args: ShellWord[], input: Input): string | null {
  // `-v` is verbose to some (python, ruby) and they then run their input: only with nothing fed.
  if (!input && args.length && args.every((a) => VERSION_FLAG.test(a.value ?? ''))) return null;
  if (/^python/.test(name) && args.length >= 2 && args[0].value === '-m' && args[1].value === 'json.tool' && args.length <= 3) return null;
  const flag = args.find((a) => SCRIPT_FLAG.test(a.value ?? ''));
  if (flag) return `\`${name} ${flag.value}\` runs code this cannot read`;
  if (input && !args.some((a) => a.value && !a.value.startsWith('-'))) return `feeds \`${name}\` code this cannot read`;
  return `\`${name}\` runs code this cannot read`;
}

