// `capture=NAME`: what a cell returned, stored as `$NAME` for the cells after it (and, on an
// incident, for its later runs). Shell: its stdout, trimmed (never stderr: that is where tools say
// what went wrong); SQL: the first row's first column, or `NAME:column`; Redis: the last command's
// reply (a list joined by line breaks); HTTP: the JSON body, or a part of it with `NAME:$.a.b[0]`.
// A capture that finds nothing fails the cell: the cells after it would run with an empty value.
//
// Values come from the executor's result, which is masked like everything it returns: a value a
// secret was masked in is refused rather than passed on as `••••`.
import type { CaptureSpec, ExecutorKind, RunbookDocument } from '../runbook/types';
import { refusedVariable } from './refusedVariables';
import { MASK } from '../secrets/mask';
import type { ExecResult } from './types';

export type Captured = { value: string } | { error: string };

/** The value a cell's `capture=` stores, from its result (which must be `ok`). */
export function captureValue(executor: ExecutorKind, spec: CaptureSpec, result: ExecResult): Captured {
  const found = extract(executor, spec, result);
  if ('error' in found) return { error: `capture=${spec.name}${spec.path ? `:${spec.path}` : ''}: ${found.error}` };
  if (found.value.includes(MASK)) return { error: `capture=${spec.name}: the value holds a secret, masked in the output (${MASK}); a masked value cannot be passed on` };
  return found;
}

function extract(executor: ExecutorKind, spec: CaptureSpec, result: ExecResult): Captured {
  const data = result.data;
  switch (executor) {
    case 'shell': {
      if (spec.path !== undefined) return { error: 'a shell cell captures its whole output: write capture=NAME' };
      if (result.stdoutOmittedBytes) return { error: 'the output is too long to capture' };
      const value = (result.stdout ?? '').trim();
      return value ? { value } : { error: 'the cell printed nothing on stdout' };
    }
    case 'sql': {
      if (data?.kind !== 'sql') return { error: 'no result' };
      const result = [...data.results].reverse().find((r) => r.columns.length > 0);
      if (!result) return { error: 'no statement returned rows' };
      if (result.rows.length === 0) return { error: 'the query returned no rows' };
      const column = spec.path === undefined ? 0 : result.columns.findIndex((c) => c.name === spec.path);
      if (column < 0) return { error: `no column ${spec.path} (columns: ${result.columns.map((c) => c.name).join(', ')})` };
      const value = result.rows[0][column];
      return value === null || value === '' ? { error: `the first row's ${result.columns[column].name} is ${value === null ? 'NULL' : 'empty'}` } : { value };
    }
    case 'redis': {
      if (spec.path !== undefined) return { error: 'a Redis cell captures its last reply: write capture=NAME' };
      if (data?.kind !== 'redis' || data.replies.length === 0) return { error: 'no reply' };
      const value = replyText(data.replies[data.replies.length - 1].reply);
      return value ? { value } : { error: 'the reply is empty (nil)' };
    }
    case 'http': {
      if (data?.kind !== 'http' || data.json === undefined) return { error: 'the response has no JSON body to capture from' };
      const path = parseJsonPath(spec.path ?? '$');
      if ('error' in path) return path;
      const value = jsonAt(data.json, path.steps);
      if (value === undefined || value === null) return { error: `nothing at ${spec.path ?? '$'} in the response` };
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return text ? { value: text } : { error: `${spec.path ?? '$'} is an empty string` };
    }
  }
}

/** A Redis reply as text: a list is its items, one per line (nested lists flattened). */
function replyText(reply: unknown): string {
  if (reply === null || reply === undefined) return '';
  if (Array.isArray(reply)) return reply.map(replyText).filter((s) => s !== '').join('\n');
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  if (typeof reply === 'object') return replyText(Object.entries(reply as object).flat());
  return String(reply);
}

export type JsonStep = string | number;

/**
 * A small JSONPath: `$`, `.key`, `['key']` / `["key"]`, `[index]`. No wildcards, filters or
 * scripts: a capture names one value, and a path that may run an expression has no place in a
 * runbook that can be hostile.
 */
export function parseJsonPath(path: string): { steps: JsonStep[] } | { error: string } {
  const bad = (why: string) => ({ error: `'${path}' is not a JSON path this reads (${why}; it reads $, .key, ['key'], [index])` });
  if (!path.startsWith('$')) return bad('it starts with $');
  const steps: JsonStep[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_$][\w$-]*)/.exec(rest))) steps.push(m[1]);
    else if ((m = /^\[(\d+)\]/.exec(rest))) steps.push(Number(m[1]));
    else if ((m = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest)) || (m = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest))) steps.push(m[1].replace(/\\(.)/g, '$1'));
    else return bad(`unexpected ${JSON.stringify(rest.slice(0, 10))}`);
    i += m[0].length;
  }
  return { steps };
}

/** The value at `steps` in `json`, or undefined. Only own keys: `__proto__` is no key of the data. */
export function jsonAt(json: unknown, steps: JsonStep[]): unknown {
  let at = json;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(at) || step >= at.length) return undefined;
      at = at[step];
    } else {
      if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, step)) return undefined;
      at = (at as Record<string, unknown>)[step];
    }
  }
  return at;
}

/** What is wrong with a runbook's `capture=` attributes before anything runs (`runbook check`). */
export function captureProblems(doc: Pick<RunbookDocument, 'cells'>): Array<{ line: number; message: string }> {
  const out: Array<{ line: number; message: string }> = [];
  for (const cell of doc.cells) {
    const spec = cell.attributes.capture;
    if (cell.kind !== 'code' || !cell.executor || !spec) continue;
    const say = (message: string) => out.push({ line: cell.line, message: `capture=${spec.name}${spec.path ? `:${spec.path}` : ''}: ${message}` });
    const why = refusedVariable(spec.name);
    if (why !== null) say(`${spec.name} may not be set by a runbook (${why})`);
    if (spec.path !== undefined && (cell.executor === 'shell' || cell.executor === 'redis')) say(`a ${cell.executor} cell captures its whole ${cell.executor === 'shell' ? 'stdout' : 'last reply'}: write capture=${spec.name}`);
    if (spec.path !== undefined && cell.executor === 'http') {
      const path = parseJsonPath(spec.path);
      if ('error' in path) say(path.error);
    }
  }
  return out;
}
