// Markdown → runbook cells. markdown-it finds the blocks (its token line maps say where each
// fence and heading is); the cells are then cut from the original text, so every byte belongs
// to exactly one cell and an unchanged notebook is written back byte for byte.
import MarkdownIt from 'markdown-it';
import { parseInfo } from './attributes';
import { frontmatterEnd, isFrontmatter, parseFrontmatter } from './frontmatter';
import { executorForWord, languageForWord } from './languages';
import type { Frontmatter, Problem, RunbookCell, RunbookDocument } from './types';

// Block structure only: inline parsing (emphasis, links…) is never needed to find cells.
const md = new MarkdownIt({ html: true });
md.core.ruler.enableOnly(['normalize', 'block']);
type Token = ReturnType<typeof md.parse>[number];

/** The file's lines: `starts[i]` is where line i begins; `starts[n]` is the text's length. */
interface Lines {
  starts: number[];
  /** Line texts without their line endings. */
  texts: string[];
}

function splitLines(text: string): Lines {
  const starts: number[] = [];
  const texts: string[] = [];
  let pos = 0;
  const len = text.length;
  const hasCR = text.includes('\r');
  while (pos < len) {
    starts.push(pos);
    let nl = text.indexOf('\n', pos);
    if (hasCR) {
      const cr = text.indexOf('\r', pos);
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        texts.push(text.slice(pos, cr));
        pos = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        continue;
      }
    }
    if (nl === -1) nl = len;
    texts.push(text.slice(pos, nl));
    pos = nl + 1;
  }
  starts.push(len);
  return { starts, texts };
}

/** The most common line ending in `text` (LF when there is none). */
export function dominantEol(text: string): string {
  let crlf = 0;
  let cr = 0;
  let lf = 0;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  if (crlf === 0 && cr === 0) return '\n';
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lf++;
  lf -= crlf;
  return crlf >= lf && crlf >= cr ? '\r\n' : cr > lf ? '\r' : '\n';
}

const isBlank = (s: string) => s.trim() === '';

/** Parses a runbook's text (without BOM). Never throws: problems are returned, not raised. */
export function parseRunbook(text: string): RunbookDocument {
  const eol = dominantEol(text);
  const lines = splitLines(text);
  const n = lines.texts.length;
  const problems: Problem[] = [];
  const cells: RunbookCell[] = [];
  let frontmatter: Frontmatter | null = null;
  const slice = (from: number, to: number) => text.slice(lines.starts[from], lines.starts[to]);
  /** First line at or after `from` that is not blank (or `to`). */
  const skipBlank = (from: number, to: number) => {
    while (from < to && isBlank(lines.texts[from])) from++;
    return from;
  };

  // Frontmatter: a YAML cell of its own, so it can be seen and edited.
  let fmEnd = frontmatterEnd(lines.texts);
  if (fmEnd > 0 && !isFrontmatter(lines.texts.slice(1, fmEnd - 1).join('\n'))) fmEnd = 0;
  let cursor = 0;
  if (fmEnd > 0) {
    const gapEnd = skipBlank(fmEnd, n);
    const raw = slice(0, gapEnd);
    const contentStart = lines.starts[1] - lines.starts[0];
    const contentEnd = lines.starts[fmEnd - 1] - lines.starts[0];
    const value = lines.texts.slice(1, fmEnd - 1).join('\n');
    const parsed = parseFrontmatter(value, 2);
    frontmatter = parsed.frontmatter;
    problems.push(...parsed.problems);
    cells.push({
      kind: 'code', value, language: 'yaml', executor: null, attributes: {}, line: 1, role: 'frontmatter',
      problems: parsed.problems,
      source: { raw, value, contentStart, contentEnd, bodyEnd: lines.starts[fmEnd] - lines.starts[0], prefix: '', eol: dominantEol(raw), marker: '---' },
    });
    cursor = gapEnd;
  }
  const prefix = fmEnd > 0 ? '' : slice(0, skipBlank(0, n));
  if (fmEnd === 0) cursor = skipBlank(0, n);

  let tokens: Token[];
  try {
    // Frontmatter lines are blanked, not cut, so markdown-it's line numbers stay the file's.
    tokens = md.parse(fmEnd > 0 ? '\n'.repeat(fmEnd) + text.slice(lines.starts[fmEnd]) : text, {});
  } catch (err) {
    problems.push({ line: 1, message: `could not parse Markdown: ${(err as Error).message}`, severity: 'error' });
    tokens = [];
  }

  // Cell boundaries: fences (at any depth: lists, blockquotes) and top-level headings.
  const fences: Token[] = [];
  const headingLines: number[] = [];
  for (const t of tokens) {
    if (!t.map) continue;
    if (t.type === 'fence') fences.push(t);
    else if (t.type === 'heading_open' && t.level === 0) headingLines.push(t.map[0]);
  }

  let h = 0;
  const pushMarkup = (from: number, to: number) => {
    // Split prose at headings: each heading starts a new Markdown cell.
    while (from < to) {
      while (h < headingLines.length && headingLines[h] <= from) h++;
      const next = h < headingLines.length && headingLines[h] < to ? headingLines[h] : to;
      let bodyEnd = next;
      while (bodyEnd > from && isBlank(lines.texts[bodyEnd - 1])) bodyEnd--;
      if (bodyEnd > from) {
        const raw = slice(from, next);
        const value = lines.texts.slice(from, bodyEnd).join('\n');
        cells.push({
          kind: 'markup', value, language: 'markdown', executor: null, attributes: {}, line: from + 1, problems: [],
          source: { raw, value, bodyEnd: lines.starts[bodyEnd] - lines.starts[from], eol: dominantEol(raw) },
        });
      }
      from = next;
    }
  };

  for (const fence of fences) {
    const [start, end] = fence.map!;
    if (start < cursor) continue; // cannot happen with markdown-it's block tokens; kept as a guard
    pushMarkup(cursor, start);
    cells.push(fenceCell(fence, start, end, lines, text, n, skipBlank, problems));
    cursor = skipBlank(end, n);
  }
  pushMarkup(cursor, n);

  return { cells, frontmatter, problems, prefix, bom: false, eol };
}

function fenceCell(
  fence: Token, start: number, end: number, lines: Lines, text: string, n: number,
  skipBlank: (from: number, to: number) => number, problems: Problem[],
): RunbookCell {
  const gapEnd = skipBlank(end, n);
  const base = lines.starts[start];
  const raw = text.slice(base, lines.starts[gapEnd]);
  const marker = fence.markup;
  // markdown-it gives one content line per line between the fences: when the block has one line
  // more than that, the last one is the closing fence.
  let contentLines = 0;
  for (let i = fence.content.indexOf('\n'); i !== -1; i = fence.content.indexOf('\n', i + 1)) contentLines++;
  if (fence.content && !fence.content.endsWith('\n')) contentLines++; // the file's last line
  const closed = end - start === contentLines + 2;
  const contentFrom = start + 1;
  const contentTo = closed ? end - 1 : end;
  let value = fence.content.endsWith('\n') ? fence.content.slice(0, -1) : fence.content;
  if (contentTo === contentFrom) value = '';

  const cellProblems: Problem[] = [];
  if (!closed) {
    cellProblems.push({ line: start + 1, message: `code fence ${marker} opened here is never closed: it runs to the end of its block`, severity: 'warning' });
  }
  const info = parseInfo(fence.info);
  for (const message of info.problems) cellProblems.push({ line: start + 1, message, severity: 'warning' });
  problems.push(...cellProblems);

  return {
    kind: 'code',
    value,
    language: languageForWord(info.word),
    executor: executorForWord(info.word),
    attributes: info.attributes,
    line: start + 1,
    problems: cellProblems,
    source: {
      raw,
      value,
      contentStart: lines.starts[contentFrom] - base,
      contentEnd: lines.starts[contentTo] - base,
      bodyEnd: lines.starts[end] - base,
      prefix: contentPrefix(lines, contentFrom, contentTo, value, lines.texts[start], marker),
      eol: dominantEol(raw),
      infoWord: info.word,
      marker,
    },
  };
}

/**
 * What stands before each content line in the file (`   ` in a list item, `> ` in a quote), so
 * lines typed in the editor get the same prefix on save.
 */
function contentPrefix(lines: Lines, from: number, to: number, value: string, openLine: string, marker: string): string {
  const shown = value.split('\n');
  const counts = new Map<string, number>();
  for (let i = from, j = 0; i < to && j < shown.length; i++, j++) {
    const rawLine = lines.texts[i];
    const display = shown[j];
    if (display === '' || !rawLine.endsWith(display)) continue;
    const p = rawLine.slice(0, rawLine.length - display.length);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [p, c] of counts) if (c > bestCount) [best, bestCount] = [p, c];
  if (best !== undefined) return best;
  // No content line to learn from: what precedes the opening fence, list markers turned to spaces.
  const before = openLine.slice(0, openLine.indexOf(marker));
  return before.replace(/(^|[\s>])([-*+]|\d{1,9}[.)])(?=\s)/g, (_m, lead: string, item: string) => lead + ' '.repeat(item.length));
}
