// Conditions on a JSON health response, e.g. `status == "ok"` or `memory.used_pct < 90`.
// A tiny parser on purpose: path, operator, literal — nothing is ever evaluated as code.

export type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Literal = string | number | boolean | null;

export interface Condition {
  /** The text as written, for messages. */
  source: string;
  /** Keys and array indexes from the root of the JSON body. */
  path: Array<string | number>;
  operator: Operator;
  value: Literal;
}

export interface ConditionCheck {
  condition: string;
  passed: boolean;
  /** The value found at the path (undefined when the path is missing). */
  actual: unknown;
  message?: string;
}

export class ConditionError extends Error {}

const PATTERN = /^\s*([A-Za-z_$][\w$-]*(?:\.[A-Za-z_$0-9][\w$-]*|\[\d+\])*)\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/;

/** Parses one condition; throws ConditionError saying what is wrong and what is expected. */
export function parseCondition(source: string): Condition {
  const match = PATTERN.exec(source);
  if (!match) {
    throw new ConditionError(
      `cannot read condition '${source}': expected <path> <operator> <value>, e.g. status == "ok" or memory.used_pct < 90 (operators: == != < <= > >=)`,
    );
  }
  const [, rawPath, operator, rawValue] = match;
  const value = parseLiteral(rawValue, source);
  if ((operator === '<' || operator === '<=' || operator === '>' || operator === '>=') && typeof value !== 'number') {
    throw new ConditionError(`condition '${source}': ${operator} compares numbers, but ${rawValue} is not a number`);
  }
  return { source: source.trim(), path: parsePath(rawPath), operator: operator as Operator, value };
}

function parsePath(raw: string): Array<string | number> {
  const path: Array<string | number> = [];
  for (const part of raw.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    path.push(part.startsWith('[') ? Number(part.slice(1, -1)) : part);
  }
  return path;
}

function parseLiteral(raw: string, source: string): Literal {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  const quoted = /^"((?:[^"\\]|\\.)*)"$|^'((?:[^'\\]|\\.)*)'$/.exec(raw);
  if (quoted) return (quoted[1] ?? quoted[2]).replace(/\\(.)/g, '$1');
  throw new ConditionError(
    `condition '${source}': cannot read the value ${raw}: write a number, true, false, null or a quoted string such as "ok"`,
  );
}

/** Reads the value at a condition's path in a parsed JSON body. */
export function valueAt(body: unknown, path: Array<string | number>): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Evaluates a parsed condition against a JSON body. A missing field fails with a message. */
export function evaluateCondition(condition: Condition, body: unknown): ConditionCheck {
  const actual = valueAt(body, condition.path);
  const base = { condition: condition.source, actual };
  if (actual === undefined) return { ...base, passed: false, message: `${pathText(condition.path)} is missing` };
  const { operator, value } = condition;
  if (operator === '==' || operator === '!=') {
    const equal = actual === value || (typeof value === 'number' && typeof actual === 'string' && Number(actual) === value);
    return { ...base, passed: operator === '==' ? equal : !equal };
  }
  const number = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
  if (!Number.isFinite(number)) {
    return { ...base, passed: false, message: `${pathText(condition.path)} is ${JSON.stringify(actual)}, not a number` };
  }
  const limit = value as number;
  const passed =
    operator === '<' ? number < limit : operator === '<=' ? number <= limit : operator === '>' ? number > limit : number >= limit;
  return { ...base, passed };
}

export function pathText(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
