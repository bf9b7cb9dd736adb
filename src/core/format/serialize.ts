// Runbook cells → Markdown. An unchanged cell is written from its original text; a changed cell
// keeps its fence, info string, container prefix and line endings, and reuses every line the
// edit did not touch; a new cell gets a plain fence. So `git diff` after an edit shows the edit.
import { languageForWord, wordForLanguage } from './languages';
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
  let out = doc.prefix;
  const cells = doc.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const last = i === cells.length - 1;
    let text: string;
    if (cell.source && isUnchanged(cell, cell.source)) text = cell.source.raw;
    else if (cell.source) text = rewriteCell(cell, cell.source);
    else text = newCell(cell, eol, last);
    if (!text) continue;
    if (out.length > 0 && !endsWithEol(out)) out += eol; // a cell moved up from the end of the file
    if (!cell.source && out.length > 0 && !endsWithBlankLine(out)) out += eol; // new cells stand apart
    out += text;
  }
  return doc.bom ? '\uFEFF' + out : out;
}

function isUnchanged(cell: CellToWrite, source: CellSource): boolean {
  if (cell.value !== source.value) return false;
  if (cell.kind === 'markup') return source.contentStart === undefined;
  if (source.contentStart === undefined) return false; // was prose, is code now
  return cell.role === 'frontmatter' || cell.language === languageForWord(source.infoWord ?? '');
}

const endsWithEol = (s: string) => {
  const c = s.charCodeAt(s.length - 1);
  return c === 10 || c === 13;
};
const endsWithBlankLine = (s: string) => /(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)$/.test(s) || /^[ \t]*(?:\r\n|\r|\n)$/.test(s);

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
    if (cell.language !== languageForWord(source.infoWord ?? '')) open = replaceInfoWord(open, source, cell.language);
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

function fenceLengthFor(lines: string[], ch: string): number {
  let longest = 2;
  const re = ch === '`' ? /^\s*(`{3,})/ : /^\s*(~{3,})/;
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

function newCell(cell: CellToWrite, eol: string, last: boolean): string {
  const after = last ? '' : eol;
  if (cell.kind === 'markup') {
    if (cell.value === '') return '';
    return cell.value.split('\n').join(eol) + eol + after;
  }
  const lines = cell.value === '' ? [] : cell.value.split('\n');
  const fence = '`'.repeat(Math.max(3, fenceLengthFor(lines, '`')));
  const body = lines.map((l) => l + eol).join('');
  return fence + wordForLanguage(cell.language) + eol + body + fence + eol + after;
}
