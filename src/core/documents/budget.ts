// A rendered document's size and render time are bounded. Mustache renders synchronously and
// builds sections as strings inside strings, so a team's template with `{{#timeline}}` nested in
// `{{#timeline}}` (n² copies of the timeline, n³ with three) grew to 3.9 GB over 30 s before
// anything could stop it.
//
// Why a budget the writer spends while rendering, rather than an estimate before it: every byte of
// output is first a leaf (a text token, a value, a marker), so counting leaves is exact, stops the
// render the moment it passes the cap (memory stays about the cap), and never refuses a template
// that would have fit. An estimate from the parsed tokens has to guess list lengths and value
// sizes, refusing some legitimate long timelines and missing templates that are large for other
// reasons. The time budget is checked at the same leaves and at every section, so a template that
// loops without printing (nested sections over lists that print nothing) is stopped too.

/** A few MB: the longest real post-mortem is a fraction of this. */
export const MAX_RENDERED_CHARS = 4 * 1024 * 1024;
export const MAX_RENDER_MS = 3000;

export interface RenderLimits {
  maxChars?: number;
  maxMs?: number;
}

export class TemplateLimitError extends Error {
  override name = 'TemplateLimitError';
}

export class RenderBudget {
  private chars = 0;
  private readonly deadline: number;
  private readonly maxChars: number;
  private readonly maxMs: number;

  constructor(
    private readonly templateName: string,
    { maxChars = MAX_RENDERED_CHARS, maxMs = MAX_RENDER_MS }: RenderLimits = {},
  ) {
    this.maxChars = maxChars;
    this.maxMs = maxMs;
    this.deadline = performance.now() + maxMs;
  }

  /** Counts text about to be written into the document; throws once the document is too large or too slow. */
  spend(text: string): string {
    this.chars += text.length;
    if (this.chars > this.maxChars) {
      throw new TemplateLimitError(
        `${this.templateName} renders to more than ${mb(this.maxChars)} (the limit for a document); ` +
          'does it nest a list inside itself, such as {{#timeline}} inside {{#timeline}}?',
      );
    }
    this.tick();
    return text;
  }

  tick(): void {
    if (performance.now() > this.deadline) {
      throw new TemplateLimitError(`${this.templateName} took more than ${this.maxMs / 1000} s to render (the limit for a document); does it nest sections over long lists?`);
    }
  }
}

function mb(chars: number): string {
  return `${(chars / 1024 / 1024).toFixed(chars % (1024 * 1024) === 0 ? 0 : 1)} MB`;
}
