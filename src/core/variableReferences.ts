// `$NAME` and `${NAME}` in text: the one reading of variable references that HTTP cells, health
// checks and the "which variables does this cell need" question share. `${NAME:-default}` and the
// other shell forms are not references here.
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Replaces each reference with what `value` gives for it: `whole` is the reference as written
 * (return it to leave the reference alone), `end` the offset in `text` just after it.
 */
export function replaceVariableReferences(text: string, value: (name: string, whole: string, end: number) => string): string {
  return text.replace(REFERENCE, (whole: string, braced: string | undefined, bare: string | undefined, offset: number) => value((braced ?? bare)!, whole, offset + whole.length));
}

/** The names `text` refers to, in order, repeats included. */
export function variableReferences(text: string): string[] {
  return Array.from(text.matchAll(REFERENCE), (m) => m[1] ?? m[2]);
}
