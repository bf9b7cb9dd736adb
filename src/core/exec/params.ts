// Runbook parameters: the `<namespace>` and `<pod-name>` a runbook's author left for the reader to
// fill in. An unquoted `<name>` in a shell, Redis or HTTP cell is a parameter (`name`: a letter,
// then letters, digits, `-` or `_`); bash would read it as a redirection and never run it as meant.
// The file's bytes are never changed: values go in at run time only.
import type { ExecutorKind, RunbookDocument } from '../runbook/types';

/** The executors whose cells may hold placeholders (SQL has `<` and `>` of its own). */
export const PARAMETER_EXECUTORS: ReadonlySet<ExecutorKind> = new Set(['shell', 'redis', 'http']);

const PLACEHOLDER = /<([A-Za-z][A-Za-z0-9_-]*)>/y;

/** The parameters a cell needs, in order of first appearance, each once. */
export function cellParameters(executor: ExecutorKind, code: string): string[] {
  if (!PARAMETER_EXECUTORS.has(executor) || !code.includes('<')) return [];
  const names: string[] = [];
  let wordStart = true;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') {
      i++;
      wordStart = false;
      continue;
    }
    if ((c === "'" || c === '"') && executor !== 'http') {
      const end = code.indexOf(c, i + 1);
      i = end < 0 ? code.length : end;
      wordStart = false;
      continue;
    }
    if (c === '#' && wordStart && executor === 'shell') {
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl;
      wordStart = true;
      continue;
    }
    if (c === '<' && code[i - 1] !== '<' && code[i + 1] !== '<') {
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(code);
      if (m) {
        if (!names.includes(m[1])) names.push(m[1]);
        i += m[0].length - 1;
        wordStart = false;
        continue;
      }
    }
    wordStart = /[\s;&|()]/.test(c);
  }
  return names;
}

/** Every parameter of a runbook: those its frontmatter declares, then the placeholders of its cells. */
export function runbookParameters(doc: Pick<RunbookDocument, 'cells' | 'frontmatter'>): string[] {
  const names = new Set(Object.keys(doc.frontmatter?.params ?? {}));
  for (const cell of doc.cells) {
    if (cell.kind !== 'code' || !cell.executor || cell.role) continue;
    for (const name of cellParameters(cell.executor, cell.value)) names.add(name);
  }
  return [...names];
}
