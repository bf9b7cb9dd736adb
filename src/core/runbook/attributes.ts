// Cell attributes in a fence's info string, in both of Runme's syntaxes:
//   ```sh {"name":"restart","mutates":"true"}        (JSON)
//   ```sh { name=restart mutates=true timeout=30s }   (key=value)
// Known keys are validated; unknown keys are kept as written; a bad value is reported, not fatal.
import { z } from 'zod';
import type { CellAttributes } from './types';

export interface ParsedInfo {
  /** The info string's first word (`bash`, `sql`…), '' when there is none. */
  word: string;
  attributes: CellAttributes;
  problems: string[];
}

const boolish = z
  .union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', '1', '0'])], { error: 'must be true or false' })
  .transform((v) => v === true || v === 'true' || v === 'yes' || v === '1');

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i;
const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const m = DURATION.exec(String(v).trim());
  if (!m || Number(m[1]) <= 0) {
    ctx.addIssue({ code: 'custom', message: `'${v}' is not a duration (write 30, 30s, 5m, 1h or 500ms)` });
    return z.NEVER;
  }
  const unit = (m[2] ?? 's').toLowerCase();
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h']);
});
const text = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1, 'must not be empty'));

/** `NAME`, `NAME:column` (SQL), `NAME:$.path` (HTTP JSON). */
const capture = z.union([z.string(), z.object({ name: z.string(), path: z.string().optional() })]).transform((v, ctx) => {
  const [name, ...rest] = typeof v === 'string' ? v.split(':') : [v.name, ...(v.path === undefined ? [] : [v.path])];
  const path = rest.length ? rest.join(':') : undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    ctx.addIssue({ code: 'custom', message: `'${name}' is not a variable name (letters, digits and _, not starting with a digit)` });
    return z.NEVER;
  }
  if (path !== undefined && path.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'nothing after the colon: write NAME, NAME:column or NAME:$.path' });
    return z.NEVER;
  }
  return path === undefined ? { name } : { name, path };
});

const KNOWN: Record<string, z.ZodType> = {
  capture,
  name: text,
  timeout: duration,
  mutates: boolish,
  confirm: boolish,
  db: text,
  cwd: text,
};

/** Splits an info string into its first word and its `{…}` attributes. */
export function parseInfo(info: string): ParsedInfo {
  const trimmed = info.trim();
  const wordMatch = /^[^\s{]+/.exec(trimmed);
  const word = wordMatch ? wordMatch[0] : '';
  const rest = trimmed.slice(word.length).trim();
  if (!rest.startsWith('{')) return { word, attributes: {}, problems: [] };
  const close = rest.lastIndexOf('}');
  if (close < 0) return { word, attributes: {}, problems: [`cell attributes '${rest}' have no closing '}'`] };
  const raw = rest.slice(0, close + 1);
  const problems: string[] = [];
  let given: Record<string, unknown>;
  if (/^\{\s*"/.test(raw) || /^\{\s*\}$/.test(raw)) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      given = parsed as Record<string, unknown>;
    } catch (err) {
      return { word, attributes: {}, problems: [`cell attributes ${raw} are not valid JSON: ${(err as Error).message}`] };
    }
  } else {
    given = parseKeyValues(raw.slice(1, -1), problems);
  }
  return { word, attributes: validate(given, problems), problems };
}

/** `name=x background=true label="two words"`: whitespace-separated pairs, values optionally quoted. */
function parseKeyValues(body: string, problems: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pair = /\s*([^\s=]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']*))?/y;
  let pos = 0;
  while (pos < body.length) {
    if (/^\s*$/.test(body.slice(pos))) break;
    pair.lastIndex = pos;
    const m = pair.exec(body);
    if (!m || m[0].length === 0) {
      problems.push(`cannot read cell attributes near '${body.slice(pos).trim()}'`);
      break;
    }
    pos = pair.lastIndex;
    const [, key, value] = m;
    if (value === undefined) {
      out[key] = 'true'; // a bare key is a flag
    } else if (value.startsWith('"')) {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value.slice(1, -1);
      }
    } else if (value.startsWith("'")) {
      out[key] = value.slice(1, -1);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function validate(given: Record<string, unknown>, problems: string[]): CellAttributes {
  const out: CellAttributes = {};
  for (const [key, value] of Object.entries(given)) {
    const schema = KNOWN[key];
    if (!schema) {
      out[key] = value; // Runme's and others' attributes are kept as written
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) out[key] = result.data;
    else problems.push(`cell attribute ${key}=${JSON.stringify(value)}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  }
  return out;
}
