// Hand-labelled tables of shell cells: each row names a Markdown file, the line of a cell's
// opening fence and whether running that cell reads or changes something. The cells are read
// from the files themselves, prepared as the run engine prepares them, and classified; the
// outcome says how many changes the classifier would run without asking and how many reads it
// would ask about, each with the classifier's reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyCell } from '../../src/core/exec/classify';
import { scriptToRun } from '../../src/core/exec/shell/script';
import { readRunbook } from '../../src/core/runbook/bytes';
import type { CellAttributes } from '../../src/core/runbook/types';

export type Label = 'read' | 'change';

export interface TableRow {
  /** Relative to the table's root (the corpus, or test/fixtures). */
  file: string;
  /** 1-based line of the cell's opening fence, as `readRunbook` reports it in `cell.line`. */
  line: number;
  label: Label;
  note: string;
  /** The row's own line in the table, for messages. */
  tableLine: number;
}

export interface TableCell extends TableRow {
  /** The cell's text as written. */
  value: string;
  /** What the run engine runs: for a cell written with `$ ` prompts, only the prompted lines. */
  prepared: string;
  infoWord: string;
  attributes: CellAttributes;
}

export interface Verdict extends TableCell {
  mitigation: boolean;
  reason: string;
}

export interface TableOutcome {
  verdicts: Verdict[];
  changes: number;
  reads: number;
  /** Changes the classifier calls diagnostics: they would run without asking. */
  missed: Verdict[];
  /** Reads the classifier calls mitigations: they would ask first. */
  flagged: Verdict[];
  /** Share of changes classified as mitigations, 0..1. */
  changesCaught: number;
  /** Share of reads classified as mitigations, 0..1. */
  readsFlagged: number;
}

/** The same text the run engine will run for this cell (prompts stripped where the cell has them). */
export function prepareShell(value: string, _infoWord: string): string {
  return scriptToRun(value);
}

/** Parses a table: a header `file line label note`, then one tab-separated row per cell. */
export function readTable(tsvPath: string): TableRow[] {
  const lines = readFileSync(tsvPath, 'utf8').split('\n');
  const header = lines[0]?.split('\t');
  if (header?.join(',') !== 'file,line,label,note') throw new Error(`${tsvPath}: header must be file, line, label, note (tab-separated), got ${JSON.stringify(lines[0])}`);
  const rows: TableRow[] = [];
  const bad: string[] = [];
  lines.slice(1).forEach((text, i) => {
    const tableLine = i + 2;
    if (text.trim() === '') return;
    const [file, line, label, ...note] = text.split('\t');
    const n = Number(line);
    if (!file || !Number.isInteger(n) || n < 1 || (label !== 'read' && label !== 'change')) {
      bad.push(`${tsvPath}:${tableLine}: ${JSON.stringify(text)}`);
      return;
    }
    rows.push({ file, line: n, label, note: note.join('\t'), tableLine });
  });
  if (bad.length) throw new Error(`malformed rows (want file, a line number, read|change, note):\n${bad.join('\n')}`);
  const seen = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.file}:${r.line}`;
    if (seen.has(key)) bad.push(`${key} is listed twice (table lines ${seen.get(key)} and ${r.tableLine})`);
    seen.set(key, r.tableLine);
  }
  if (bad.length) throw new Error(bad.join('\n'));
  return rows;
}

/** Each row's cell, read from its file. Throws, listing every row that names no shell cell. */
export function findCells(rows: TableRow[], root: string): TableCell[] {
  const docs = new Map<string, ReturnType<typeof readRunbook> | Error>();
  const problems: string[] = [];
  const cells: TableCell[] = [];
  for (const row of rows) {
    if (!docs.has(row.file)) {
      try {
        docs.set(row.file, readRunbook(readFileSync(join(root, row.file))));
      } catch (err) {
        docs.set(row.file, err as Error);
      }
    }
    const doc = docs.get(row.file)!;
    if (doc instanceof Error) {
      problems.push(`table line ${row.tableLine}: ${row.file}: ${doc.message}`);
      continue;
    }
    const cell = doc.cells.find((c) => c.kind === 'code' && c.line === row.line);
    if (!cell) {
      problems.push(`table line ${row.tableLine}: ${row.file}:${row.line} is not the opening fence of a code cell`);
      continue;
    }
    if (cell.executor !== 'shell') {
      problems.push(`table line ${row.tableLine}: ${row.file}:${row.line} is a ${cell.source?.infoWord || 'plain'} fence, not a shell cell`);
      continue;
    }
    const infoWord = cell.source?.infoWord ?? '';
    cells.push({ ...row, value: cell.value, prepared: prepareShell(cell.value, infoWord), infoWord, attributes: cell.attributes });
  }
  if (problems.length) throw new Error(`${problems.length} table row(s) point at no shell cell:\n${problems.join('\n')}`);
  return cells;
}

/** Classifies every cell as the engine would (`loadParsers()` must have run). */
export function classifyTable(cells: TableCell[]): TableOutcome {
  const verdicts = cells.map((cell): Verdict => {
    const { classification, reason } = classifyCell('shell', cell.prepared, cell.attributes);
    return { ...cell, mitigation: classification === 'mitigation', reason };
  });
  const changes = verdicts.filter((v) => v.label === 'change');
  const reads = verdicts.filter((v) => v.label === 'read');
  const missed = changes.filter((v) => !v.mitigation);
  const flagged = reads.filter((v) => v.mitigation);
  return {
    verdicts,
    changes: changes.length,
    reads: reads.length,
    missed,
    flagged,
    changesCaught: changes.length ? (changes.length - missed.length) / changes.length : 1,
    readsFlagged: reads.length ? flagged.length / reads.length : 0,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const oneLine = (code: string, max = 160) => {
  const s = code.replace(/\s*[\r\n]+\s*/g, ' ⏎ ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** A short report: counts, both percentages, every missed change and every flagged read. */
export function formatReport(title: string, o: TableOutcome): string {
  const out = [
    `${title}: ${o.verdicts.length} cells, ${o.changes} changes, ${o.reads} reads`,
    `  changes classified as mitigations: ${o.changes - o.missed.length}/${o.changes} = ${pct(o.changesCaught)} (want ≥ 99%)`,
    `  reads classified as mitigations:   ${o.flagged.length}/${o.reads} = ${pct(o.readsFlagged)} (want ≤ 10%)`,
  ];
  if (o.missed.length) {
    const prompted = o.missed.filter((v) => v.prepared === v.value && /^\s*\$ /m.test(v.value)).length;
    out.push(`  missed changes (would run without asking): ${o.missed.length}`);
    if (prompted) out.push(`    (${prompted} of them are fences other than console written with \`$ \` prompts, which run as written today)`);
    for (const v of o.missed) out.push(`    ${v.file}:${v.line}  [${v.note}]  ${oneLine(v.prepared)}`);
  }
  if (o.flagged.length) {
    out.push(`  flagged reads (would ask first): ${o.flagged.length}`);
    for (const v of o.flagged) out.push(`    ${v.file}:${v.line}  ${oneLine(v.prepared, 100)}\n      reason: ${v.reason}`);
  }
  return out.join('\n');
}

/** The bar: at least 99% of changes ask first, at most 10% of reads do. */
export const THRESHOLDS = { changesCaught: 0.99, readsFlagged: 0.1 };
