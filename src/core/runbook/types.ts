// The runbook document model: what a `*.runbook.md` file becomes when opened, and what the
// serializer needs to write it back byte for byte. Plain data, no `vscode`.

/** The executors a code fence can run on; `null` for fences that are shown but not runnable. */
export type ExecutorKind = 'shell' | 'sql' | 'redis' | 'http' | 'promql';

/** A problem found while reading a runbook: reported, never fatal. `line` is 1-based. */
export interface Problem {
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * Attributes from a fence's info string (`sh {"name":"x"}` or `sh { name=x mutates=true }`).
 * Known keys are typed; unknown keys (Runme's `interactive`, `background`, …) are kept as given.
 */
export interface CellAttributes {
  name?: string;
  /** Milliseconds. Written as `30`, `30s`, `5m`, `1h` or `500ms` (a bare number means seconds). */
  timeout?: number;
  mutates?: boolean;
  confirm?: boolean;
  /** Name of the variable holding the connection string (default DATABASE_URL / REDIS_URL). */
  db?: string;
  cwd?: string;
  /**
   * `capture=NAME` stores what the cell returned as `$NAME` for later cells; `capture=NAME:column`
   * (SQL) or `capture=NAME:$.path` (HTTP JSON) picks a part of it.
   */
  capture?: CaptureSpec;
  [key: string]: unknown;
}

export interface CaptureSpec {
  /** The variable later cells read (`$NAME`). */
  name: string;
  /** SQL: a column name; HTTP: a JSON path starting with `$`. Absent: the whole value. */
  path?: string;
}

/**
 * A parameter a runbook declares in its frontmatter `params:` (an undeclared `<name>` placeholder
 * in a cell is a parameter too, with nothing known about it).
 */
export interface ParamSpec {
  description?: string;
  /** Used when nothing else sets the parameter. */
  default?: string;
  /** The values to pick from. */
  options?: string[];
  /** A diagnostic command whose output lines are the options; run only if it classifies as a diagnostic. */
  from?: string;
  /** The alert label that fills it, when not the parameter's own name. */
  label?: string;
}

/** Frontmatter fields the product understands; other keys are kept in `extra`. */
export interface Frontmatter {
  title?: string;
  services: string[];
  symptoms: string[];
  severity?: 'P0' | 'P1' | 'P2' | 'P3';
  tags: string[];
  /** Default variables for this runbook's cells (lowest priority, see the execution docs). */
  env: Record<string, string>;
  /** Declared parameters, by name (`namespace`, `pod-name`). */
  params: Record<string, ParamSpec>;
  /** Alert names (`alertname`) this runbook answers. */
  alerts: string[];
  extra: Record<string, unknown>;
}

/** Where a cell came from, so an unchanged cell is written back from its original text. */
export interface CellSource {
  /** The cell's original text, including its trailing blank lines (`gap`). */
  raw: string;
  /** The value shown in the editor when the file was read; differs from it ⇒ the cell changed. */
  value: string;
  /** For fences: where content starts / the closing fence starts / the trailing gap starts in `raw`. */
  contentStart?: number;
  contentEnd?: number;
  bodyEnd: number;
  /** The fence's container prefix for content lines (`   `, `> `), restored on save. */
  prefix?: string;
  /** The line ending this cell uses most (`\n`, `\r\n` or `\r`). */
  eol: string;
  /** The info string's first word as written (`bash`, `psql`…), so a language change can replace it. */
  infoWord?: string;
  /** The fence run as written (three or more backticks or tildes; `---` for frontmatter). */
  marker?: string;
}

export interface RunbookCell {
  kind: 'markup' | 'code';
  /** What the editor shows: fence content without container prefixes, `\n` line endings. */
  value: string;
  /** VS Code language id (`shellscript`, `sql`, `redis`, `http`, `yaml`, `plaintext`…). */
  language: string;
  executor: ExecutorKind | null;
  attributes: CellAttributes;
  /** 1-based line of the cell's first line in the file. */
  line: number;
  /**
   * `frontmatter` for the YAML block at the top of the file; `notice` for a message the reader
   * added (the file is not UTF-8, too large…), which is shown but never written.
   */
  role?: 'frontmatter' | 'notice';
  problems: Problem[];
  /** Absent for cells created in the editor. */
  source?: CellSource;
}

export interface RunbookDocument {
  cells: RunbookCell[];
  frontmatter: Frontmatter | null;
  problems: Problem[];
  /** Text before the first cell that belongs to no cell (blank lines). */
  prefix: string;
  /** The file started with a UTF-8 byte order mark. */
  bom: boolean;
  /** The most common line ending in the file, used for cells created in the editor. */
  eol: string;
  /** Set when the file could not be shown faithfully (not UTF-8, too large). */
  verbatim?: Verbatim;
}

/** A file kept as its original bytes, written back unchanged unless its cells are edited. */
export interface Verbatim {
  bytes: Uint8Array;
  reason: 'too-large' | 'not-utf8';
  /** How many cells (besides the notice) were shown, to tell an edit from an unchanged notebook. */
  cellCount: number;
}
