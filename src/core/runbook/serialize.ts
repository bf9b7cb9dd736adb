// Runbook cells → Markdown. An unchanged cell is written from its original text; a changed cell
// keeps its fence, info string, container prefix and line endings, and reuses every line the
// edit did not touch; a new cell gets a plain fence. So `git diff` after an edit shows the edit.
import { executorForWord, languageForWord, wordForLanguage } from './languages';
import type { CellSource, RunbookCell, RunbookDocument } from './types';

/** The parts of a cell the serializer reads: what the editor hands back on save. */
export type CellToWrite = Pick<RunbookCell, 'kind' | 'value' | 'language' | 'role' | 'source'>;

export interface DocumentToWrite {
  cells: CellToWrite[];
  prefix: string;
  bom: boolean;
  eol: string;
}

export function serializeRunbook(doc: DocumentToWrite | RunbookDocument): string {
  const { eol } = doc;
  const out = new Output(doc.prefix);
  // Frontmatter only counts at the top of a file: a cell inserted above it, or the block moved
  // down, would turn it into a rule and a heading.
  const fm = doc.cells.findIndex((c) => c.role === 'frontmatter');
  const cells = fm > 0 ? [doc.cells[fm], ...doc.cells.slice(0, fm), ...doc.cells.slice(fm + 1)] : doc.cells;
  const around = neighbourSources(cells);
  /** The fence just written has no closing line (the file left it open). */
  let unclosed: { prefix: string; marker: string } | null = null;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const last = i === cells.length - 1;
    // A cell whose kind changed (prose ↔ code) is written as a new one: its old text is no template.
    const source = cell.source && (cell.kind === 'code') === (cell.source.contentStart !== undefined) ? cell.source : undefined;
    let text: string;
    if (source && isUnchanged(cell, source)) text = source.raw;
    else if (source) text = rewriteCell(cell, source);
    else text = newCell(cell, eol, last, containerPrefix(around.before[i], around.after[i]));
    if (!text) continue;
    if (out.length > 0 && !out.endsWithEol()) out.add(eol); // a cell moved up from the end of the file
    if (unclosed && !source) {
      // A new cell after a fence the file left open would be swallowed by it on the next read.
      out.add(closingLine(unclosed.prefix, unclosed.marker) + eol);
    }
    if (!source && out.length > 0 && !out.endsWithBlankLine()) out.add(eol); // new cells stand apart
    out.add(text);
    unclosed = source && source.marker && cell.role !== 'frontmatter' && source.contentEnd === source.bodyEnd ? { prefix: source.prefix ?? '', marker: source.marker } : null;
  }
  const text = out.toString();
  return doc.bom ? '\uFEFF' + text : text;
}

/**
 * The file being written, as parts joined once at the end. Asking a growing `+=` string for its
 * last character flattens it in V8 (a copy of everything so far), which made a save quadratic in
 * the number of cells; here only the trailing whitespace is kept flat, for the two questions the
 * serializer asks about the end of what it wrote.
 */
class Output {
  private readonly parts: string[] = [];
  length = 0;
  /** The text after the last character that is not a space, tab or line break. */
  private tail = '';
  /** No such character yet: `tail` is everything written so far. */
  private blankSoFar = true;

  constructor(first: string) {
    this.add(first);
  }

  add(text: string): void {
    if (!text) return;
    this.parts.push(text);
    this.length += text.length;
    const lastInk = lastNonBlank(text);
    if (lastInk < 0) this.tail += text;
    else {
      this.tail = text.slice(lastInk + 1);
      this.blankSoFar = false;
    }
  }

  endsWithEol(): boolean {
    return endsWithEol(this.tail);
  }

  endsWithBlankLine(): boolean {
    // Both patterns only match spaces, tabs and line breaks, so the blank tail is all they can see.
    return /(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)$/.test(this.tail) || (this.blankSoFar && /^[ \t]*(?:\r\n|\r|\n)$/.test(this.tail));
  }

  toString(): string {
    return this.parts.join('');
  }
}

function lastNonBlank(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
  }
  return -1;
}

/** For each cell, the source of the nearest cell before and after it that has one: two passes, not a scan per new cell. */
function neighbourSources(cells: CellToWrite[]): { before: Array<CellSource | undefined>; after: Array<CellSource | undefined> } {
  const before: Array<CellSource | undefined> = new Array(cells.length);
  const after: Array<CellSource | undefined> = new Array(cells.length);
  let seen: CellSource | undefined;
  for (let i = 0; i < cells.length; i++) {
    before[i] = seen;
    seen = cells[i].source ?? seen;
  }
  seen = undefined;
  for (let i = cells.length - 1; i >= 0; i--) {
    after[i] = seen;
    seen = cells[i].source ?? seen;
  }
  return { before, after };
}

function closingLine(prefix: string, marker: string): string {
  return prefix.replace(/[^\s>]/g, ' ') + marker;
}

/**
 * The container a new cell joins: when the cells on both sides of it sit in the same list item
 * or blockquote, the new one goes there too, so it does not end the list and leave the cells
 * after it stranded as indented text.
 */
function containerPrefix(before: CellSource | undefined, after: CellSource | undefined): string {
  const prefix = before?.prefix;
  if (!prefix || !after) return '';
  const firstLine = after.raw.split(/\r\n|\r|\n/, 1)[0];
  const inside = prefix.trim() === '' ? /^\s*/.exec(firstLine)![0].replace(/\t/g, '    ').length >= prefix.replace(/\t/g, '    ').length : firstLine.startsWith(prefix.trimEnd());
  return inside ? prefix : '';
}

function isUnchanged(cell: CellToWrite, source: CellSource): boolean {
  if (cell.value !== source.value) return false;
  return cell.kind === 'markup' || cell.role === 'frontmatter' || keepsLanguage(cell, source);
}

/** Whether the cell's language is still the one its info word gave it. */
function keepsLanguage(cell: CellToWrite, source: CellSource): boolean {
  const word = source.infoWord ?? '';
  // VS Code may hand back 'plaintext' for a language it does not know (promql, mermaid…).
  return cell.language === languageForWord(word) || (cell.language === 'plaintext' && executorForWord(word) === null);
}

const endsWithEol = (s: string) => {
  const c = s.charCodeAt(s.length - 1);
  return c === 10 || c === 13;
};

/** Splits text into lines that keep their endings. */
function linesWithEol(s: string): string[] {
  return s.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function stripEol(line: string): string {
  return line.replace(/(?:\r\n|\r|\n)$/, '');
}

function rewriteCell(cell: CellToWrite, source: CellSource): string {
  const gap = source.raw.slice(source.bodyEnd);
  if (cell.kind === 'markup' || source.contentStart === undefined) {
    if (cell.value === '') return '';
    // Prose: reuse untouched lines; new lines get the cell's line ending.
    const bodyRaw = source.raw.slice(0, source.bodyEnd);
    const body = mergeLines(linesWithEol(bodyRaw), source.value.split('\n'), cell.value.split('\n'), '', source.eol, endsWithEol(bodyRaw));
    return body + gap;
  }
  let open = source.raw.slice(0, source.contentStart);
  let close = source.raw.slice(source.contentEnd, source.bodyEnd);
  const contentRaw = source.raw.slice(source.contentStart, source.contentEnd);
  const oldRawLines = linesWithEol(contentRaw);
  const oldShown = oldRawLines.length === 0 ? [] : source.value.split('\n');
  const newShown = cell.value === '' ? [] : cell.value.split('\n');
  const closed = close.length > 0;
  let content = mergeLines(oldRawLines, oldShown, newShown, source.prefix ?? '', source.eol, closed || endsWithEol(contentRaw));

  if (cell.role !== 'frontmatter' && source.marker) {
    // A typed line that would close the fence early gets a longer fence around it.
    const needed = fenceLengthFor(newShown, source.marker[0]);
    if (needed > source.marker.length) {
      const longer = source.marker[0].repeat(needed);
      open = open.replace(source.marker, longer);
      close = close.replace(source.marker, longer);
    }
    if (!keepsLanguage(cell, source)) open = replaceInfoWord(open, source, cell.language);
  }
  if (!closed && content && !endsWithEol(content) && gap) content += source.eol;
  return open + content + close + gap;
}

/**
 * Lines the edit left alone keep their original bytes (prefix, trailing spaces, line ending):
 * the common head and tail of old and new are reused, and only the lines between are written anew.
 */
function mergeLines(oldRaw: string[], oldShown: string[], newShown: string[], prefix: string, eol: string, finalEol: boolean): string {
  if (oldRaw.length !== oldShown.length) {
    // Cannot pair raw and shown lines (should not happen): write all lines anew.
    oldRaw = [];
    oldShown = [];
  }
  let head = 0;
  while (head < oldShown.length && head < newShown.length && oldShown[head] === newShown[head]) head++;
  let tail = 0;
  while (
    tail < oldShown.length - head && tail < newShown.length - head &&
    oldShown[oldShown.length - 1 - tail] === newShown[newShown.length - 1 - tail]
  ) tail++;
  const emptyPrefix = prefix.trimEnd();
  const out: string[] = [];
  for (let i = 0; i < newShown.length; i++) {
    if (i < head) out.push(oldRaw[i]);
    else if (i >= newShown.length - tail) out.push(oldRaw[oldRaw.length - (newShown.length - i)]);
    else out.push((newShown[i] === '' ? emptyPrefix : prefix) + newShown[i] + eol);
  }
  // Every line but the last ends with a line ending; the last one only if the cell's did.
  for (let i = 0; i < out.length; i++) {
    const wantsEol = i < out.length - 1 || finalEol;
    const has = endsWithEol(out[i]);
    if (wantsEol && !has) out[i] += eol;
    else if (!wantsEol && has) out[i] = stripEol(out[i]);
  }
  return out.join('');
}

/** A fence long enough that no line of `lines` can close it (a line with an info string never does). */
function fenceLengthFor(lines: string[], ch: string): number {
  let longest = 2;
  const re = ch === '`' ? /^[ \t]*(`{3,})[ \t]*$/ : /^[ \t]*(~{3,})[ \t]*$/;
  for (const line of lines) {
    const m = re.exec(line);
    if (m) longest = Math.max(longest, m[1].length);
  }
  return longest + 1;
}

function replaceInfoWord(open: string, source: CellSource, language: string): string {
  const marker = source.marker!;
  const at = open.indexOf(marker) + marker.length;
  const word = wordForLanguage(language);
  const rest = open.slice(at);
  if (source.infoWord) return open.slice(0, at) + rest.replace(source.infoWord, word);
  const sep = word && /^[^\s\r\n]/.test(rest) ? ' ' : '';
  return open.slice(0, at) + word + sep + rest;
}

function newCell(cell: CellToWrite, eol: string, last: boolean, prefix = ''): string {
  const after = last ? '' : prefix.trimEnd() + eol;
  const line = (l: string) => (l === '' ? prefix.trimEnd() : prefix + l) + eol;
  if (cell.kind === 'markup') {
    if (cell.value === '') return '';
    return cell.value.split('\n').map(line).join('') + after;
  }
  const lines = cell.value === '' ? [] : cell.value.split('\n');
  const fence = '`'.repeat(Math.max(3, fenceLengthFor(lines, '`')));
  return line(fence + wordForLanguage(cell.language)) + lines.map(line).join('') + line(fence) + after;
}
