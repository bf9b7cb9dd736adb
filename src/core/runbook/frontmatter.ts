// YAML frontmatter at the top of a runbook: found by its `---` fences, parsed with the yaml
// library, validated with zod. The text itself is never rewritten (comments and order survive).
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { refusedMessage, refusedVariable } from '../exec/refusedVariables';
import type { Frontmatter, Problem } from './types';

const stringList = z
  .union([z.string(), z.array(z.union([z.string(), z.number(), z.boolean()]))])
  .transform((v) => (Array.isArray(v) ? v.map(String) : [v]));

/** A parameter's name as a placeholder writes it: `<namespace>`, `<pod-name>`. */
export const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const paramSpec = z.union([
  // `namespace: The Kubernetes namespace` is a description alone.
  z.string().transform((description) => ({ description })),
  z.strictObject(
    {
      description: scalar.optional(),
      default: scalar.optional(),
      options: z.array(scalar).optional(),
      from: z.string().trim().min(1, 'must be a command').optional(),
      label: z.string().trim().min(1).optional(),
    },
    { error: (i) => (i.code === 'unrecognized_keys' ? `unknown key ${i.keys.map((k) => `'${k}'`).join(', ')} (known: description, default, options, from, label)` : 'must be a description or a map of description, default, options, from, label') },
  ),
]);
const params = z
  .record(z.string(), z.union([paramSpec, z.null().transform(() => ({}))]), {
    error: (i) => (i.code === 'invalid_type' ? 'must be a map of name: {description, default, options, from, label}' : undefined),
  })
  .superRefine((r, ctx) => {
    for (const [name, spec] of Object.entries(r) as Array<[string, { options?: unknown; from?: unknown }]>) {
      if (!PARAM_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'parameter names are a letter followed by letters, digits, - or _ (as in <pod-name>)' });
      if (spec.options && spec.from) ctx.addIssue({ code: 'custom', path: [name], message: 'give options or from, not both' });
    }
  });

const schema = z.looseObject({
  title: z.union([z.string(), z.number()]).transform(String).optional(),
  services: stringList.optional(),
  symptoms: stringList.optional(),
  severity: z.enum(['P0', 'P1', 'P2', 'P3'], { error: 'must be one of P0, P1, P2, P3' }).optional(),
  tags: stringList.optional(),
  env: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]), { error: 'must be a map of NAME: value' })
    .transform((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])))
    .optional(),
  params: params.optional(),
  alerts: stringList.optional(),
});

const KNOWN_KEYS = new Set(['title', 'services', 'symptoms', 'severity', 'tags', 'env', 'params', 'alerts']);

/**
 * Where the frontmatter block ends, as a line index one past its closing fence, or 0 when the
 * text has none. `lines` are the file's lines without their endings.
 */
export function frontmatterEnd(lines: readonly string[]): number {
  if (lines.length < 2 || lines[0].trimEnd() !== '---') return 0;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i].trimEnd();
    if (l === '---' || l === '...') return i + 1;
  }
  return 0; // an opening `---` with no close is a thematic break, not frontmatter
}

/**
 * Whether a `---` … `---` block at the top is frontmatter rather than a rule, some prose and
 * another rule: no code fences in it, and YAML that is a map (or broken YAML, reported as such).
 */
export function isFrontmatter(yamlText: string): boolean {
  if (/^[ \t]*(```|~~~)/m.test(yamlText)) return false;
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) return true;
  return doc.contents === null || isMap(doc.contents);
}

/** Parses the YAML between the fences; `firstLine` is the 1-based line of the first YAML line. */
export function parseFrontmatter(yamlText: string, firstLine: number): { frontmatter: Frontmatter; problems: Problem[] } {
  const problems: Problem[] = [];
  const empty: Frontmatter = { services: [], symptoms: [], tags: [], env: {}, params: {}, alerts: [], extra: {} };
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: false, lineCounter });
  for (const err of doc.errors) {
    const line = err.linePos?.[0]?.line ?? 1;
    problems.push({ line: firstLine + line - 1, message: `frontmatter: ${err.message.split('\n')[0]}`, severity: 'error' });
  }
  if (doc.errors.length) return { frontmatter: empty, problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    problems.push({ line: firstLine, message: `frontmatter: ${(err as Error).message}`, severity: 'error' });
    return { frontmatter: empty, problems };
  }
  if (data === null || data === undefined) return { frontmatter: empty, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ line: firstLine, message: 'frontmatter: expected a map of keys (title:, services:, symptoms:…)', severity: 'error' });
    return { frontmatter: empty, problems };
  }
  const record = data as Record<string, unknown>;
  const fm: Frontmatter = { ...empty, extra: {} };
  for (const [key, value] of Object.entries(record)) if (!KNOWN_KEYS.has(key)) fm.extra[key] = value;
  // Validate each known key on its own, so one bad field does not hide the others.
  for (const key of KNOWN_KEYS) {
    if (!(key in record)) continue;
    const result = schema.shape[key as keyof typeof schema.shape].safeParse(record[key]);
    if (!result.success && key === 'params' && record.params && typeof record.params === 'object' && !Array.isArray(record.params)) {
      // One bad parameter must not lose the others: each is read on its own.
      fm.params = {};
      for (const [name, spec] of Object.entries(record.params as Record<string, unknown>)) {
        const one = params.safeParse({ [name]: spec });
        if (one.success) Object.assign(fm.params, one.data);
        else {
          const issue = one.error.issues[0];
          problems.push({ line: firstLine + keyLine(yamlText, key), message: `frontmatter params.${issue?.path.join('.') || name}: ${issue?.message ?? 'invalid'}`, severity: 'warning' });
        }
      }
      continue;
    }
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? `${key}.${issue.path.join('.')}` : key;
      problems.push({ line: firstLine + keyLine(yamlText, key), message: `frontmatter ${where}: ${issue?.message ?? 'invalid'}`, severity: 'warning' });
      continue;
    }
    if (result.data !== undefined) (fm as unknown as Record<string, unknown>)[key] = result.data;
  }
  problems.push(...refusedEnvProblems(doc, lineCounter, firstLine));
  return { frontmatter: fm, problems };
}

/**
 * `env` entries a runbook may not set (BASH_ENV, LD_PRELOAD…), each a problem on its own line.
 * The entry stays in `env` as written: the run engine ignores it when it resolves variables, so
 * this is the report, not the guard.
 */
function refusedEnvProblems(doc: ReturnType<typeof parseDocument>, lines: LineCounter, firstLine: number): Problem[] {
  const env = doc.get('env', true);
  if (!isMap(env)) return [];
  const problems: Problem[] = [];
  for (const pair of env.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const why = refusedVariable(name);
    if (why === null) continue;
    const offset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
    problems.push({ line: firstLine + lines.linePos(offset).line - 1, message: refusedMessage('frontmatter', name, why), severity: 'warning' });
  }
  return problems;
}

function keyLine(yamlText: string, key: string): number {
  const idx = yamlText.split(/\r\n|\r|\n/).findIndex((l) => l.startsWith(key + ':'));
  return idx < 0 ? 0 : idx;
}

/**
 * A runbook's frontmatter alone, without reading the Markdown after it: what indexes need
 * (services, symptoms). Null when the file has none. The same rules as the notebook's.
 */
export function frontmatterOf(text: string): Frontmatter | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const end = frontmatterEnd(lines);
  if (end === 0) return null;
  const yamlText = lines.slice(1, end - 1).join('\n');
  return isFrontmatter(yamlText) ? parseFrontmatter(yamlText, 2).frontmatter : null;
}
