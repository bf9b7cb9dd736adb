// Renders a mustache template so that nothing silently disappears. Mustache prints an unknown or
// empty `{{name}}` as nothing; a status page that says "issues with ." is worse than one that
// says "issues with ⟨missing: services⟩". So before rendering, every tag is checked against the
// variables' shape (unknown names → a warning with the line), and while rendering, a name with no
// value prints a visible marker (and a warning). The output is masked last.
import Mustache from 'mustache';
import { Masker } from '../secrets/mask';
import type { Shape } from './shape';
import { RenderBudget, type RenderLimits } from './budget';

export interface Rendered {
  text: string;
  /** One line each, naming the template, the tag and its line. */
  warnings: string[];
}

export function missingMarker(name: string): string {
  return `⟨missing: ${name}⟩`;
}

/** A parsed mustache token: `[type, value, start, end, children?, closeStart?]`. */
type Token = [string, string, number, number, Token[]?, number?];

export interface RenderOptions {
  /** For messages: `status-page.md (built-in)`, `.runbooks/templates/slack.md`. */
  templateName: string;
  masker?: Masker;
  /** Size and time caps (defaults in budget.ts); past either, rendering throws a TemplateLimitError naming the template. */
  limits?: RenderLimits;
}

/** Throws on a template mustache cannot parse (an unclosed section), and past the size or time cap. */
export function renderTemplate(source: string, view: object, shape: Shape, { templateName, masker = new Masker(), limits }: RenderOptions): Rendered {
  const warnings: string[] = [];
  const writer = new CheckingWriter(source, templateName, warnings, new RenderBudget(templateName, limits));
  const tokens = writer.parse(source) as Token[];
  checkTokens(tokens, [shape], source, templateName, writer.unknown, warnings);
  const text = writer.render(source, view, undefined, { escape: (v: unknown) => String(v) });
  return { text: masker.mask(text), warnings: warnings.map((w) => masker.mask(w)) };
}

/** The line (1-based) of an offset in the template. */
function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

function checkTokens(tokens: Token[], stack: Shape[], source: string, templateName: string, unknown: Set<number>, warnings: string[]): void {
  for (const token of tokens) {
    const [type, name, start] = token;
    if (type === 'text' || type === '!' || type === '=') continue;
    if (type === '>') {
      unknown.add(start);
      warnings.push(`${templateName} line ${lineOf(source, start)}: partials ({{> ${name}}}) are not supported; shown as ${missingMarker(name)}`);
      continue;
    }
    const found = resolve(name, stack);
    if (found === undefined) {
      unknown.add(start);
      const shown = type === '^' ? 'treated as empty' : `shown as ${missingMarker(name)}`;
      warnings.push(`${templateName} line ${lineOf(source, start)}: unknown variable '${name}'; ${shown}. Known here: ${knownNames(stack).join(', ')}`);
      continue;
    }
    if (type === '#' || type === '^') {
      // Inside `{{#list}}` names refer to the item first, then to everything outside.
      const inner = type === '#' ? (Array.isArray(found) ? found[0] : found) : undefined;
      checkTokens(token[4] ?? [], inner === undefined ? stack : [...stack, inner], source, templateName, unknown, warnings);
    }
  }
}

function resolve(name: string, stack: Shape[]): Shape | undefined {
  if (name === '.') return stack[stack.length - 1];
  const [head, ...rest] = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i];
    if (frame === true || Array.isArray(frame) || !Object.hasOwn(frame, head)) continue;
    let shape: Shape | undefined = (frame as Record<string, Shape>)[head];
    for (const part of rest) {
      if (shape === true || shape === undefined || Array.isArray(shape) || !Object.hasOwn(shape, part)) return undefined;
      shape = (shape as Record<string, Shape>)[part];
    }
    return shape;
  }
  return undefined;
}

function knownNames(stack: Shape[]): string[] {
  const names = new Set<string>();
  for (const frame of stack) if (frame !== true && !Array.isArray(frame)) for (const k of Object.keys(frame)) names.add(k);
  return [...names];
}

/** Mustache's writer, printing a marker where it would print nothing. */
class CheckingWriter extends Mustache.Writer {
  /** Start offsets of tags the check found unknown (already warned about). */
  readonly unknown = new Set<number>();
  private readonly empty = new Set<string>();

  constructor(
    private readonly source: string,
    private readonly templateName: string,
    private readonly warnings: string[],
    private readonly budget: RenderBudget,
  ) {
    super();
  }

  // Every byte of the document is first one of these leaves: counted here, before it is joined.
  override rawValue(token: string[]): string {
    return this.budget.spend(super.rawValue(token));
  }

  override escapedValue(token: string[], context: Mustache.Context): string {
    return this.value(token, context);
  }

  override unescapedValue(token: string[], context: Mustache.Context): string {
    return this.value(token, context);
  }

  override renderSection(token: string[], context: Mustache.Context, partials?: Mustache.PartialsOrLookupFn, originalTemplate?: string, config?: Mustache.RenderOptions): string {
    this.budget.tick();
    if (this.unknown.has(Number(token[2]))) return this.budget.spend(missingMarker(token[1]));
    return super.renderSection(token, context, partials, originalTemplate, config);
  }

  override renderPartial(token: string[]): string {
    return this.budget.spend(missingMarker(token[1]));
  }

  private value(token: string[], context: Mustache.Context): string {
    return this.budget.spend(this.lookupValue(token, context));
  }

  private lookupValue(token: string[], context: Mustache.Context): string {
    const [, name, start] = token;
    if (this.unknown.has(Number(start))) return missingMarker(name);
    const value: unknown = context.lookup(name);
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      const key = `${name}@${start}`;
      if (!this.empty.has(key)) {
        this.empty.add(key);
        this.warnings.push(`${this.templateName} line ${lineOf(this.source, Number(start))}: '${name}' has no value for this incident; shown as ${missingMarker(name)}`);
      }
      return missingMarker(name);
    }
    return String(value);
  }
}
