// A SQL cell as PostgreSQL reads it: its statements, each with its exact text, split by
// PostgreSQL's own parser (libpg_query), so quoting, dollar quotes and nested comments are read
// as the server reads them. The classifier and the executor both start from here.
import { parsePostgres } from '../parsers';

/** A parse-tree node: `{ SelectStmt: {…} }` is type `SelectStmt` with body `{…}`. */
export type PgNode = Record<string, unknown>;

export interface SqlStatement {
  /** The node type, `SelectStmt`, `UpdateStmt`… */
  type: string;
  body: PgNode;
  /** The statement's text in the cell, without the `;` that ends it (leading comments included). */
  text: string;
  /** Where `text` starts in the cell, in characters. */
  start: number;
}

export type SqlReading =
  | { statements: SqlStatement[]; error?: undefined }
  /** `position`: 0-based character offset in the cell. */
  | { statements?: undefined; error: { message: string; position: number } };

// Cells are read twice (classified, then run) and run again and again in a session: the reading
// of recent texts is kept. Readings are never changed by their users.
const readings = new Map<string, SqlReading>();
const READINGS_MAX = 256;

/** The cell as PostgreSQL reads it, or null while PostgreSQL's parser is not loaded. */
export function readSql(code: string): SqlReading | null {
  const hit = readings.get(code);
  if (hit) return hit;
  const reading = parse(code);
  if (!reading) return null;
  if (readings.size >= READINGS_MAX) readings.clear();
  readings.set(code, reading);
  return reading;
}

function parse(code: string): SqlReading | null {
  // libpg_query refuses an empty text; the server answers it with an empty result.
  if (code.trim() === '') return { statements: [] };
  let tree: ReturnType<typeof parsePostgres>;
  try {
    tree = parsePostgres(code);
  } catch (err) {
    const details = (err as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    return { error: { message: details?.message ?? (err as Error).message, position: details?.cursorPosition ?? 0 } };
  }
  if (!tree) return null;
  const toChars = charOffsets(code);
  return {
    statements: (tree.stmts ?? []).map((raw) => {
      const node = raw.stmt as unknown as PgNode;
      const type = Object.keys(node)[0];
      // The parser counts bytes of UTF-8; a missing location is 0, a missing length "to the end".
      const from = raw.stmt_location ?? 0;
      const start = toChars(from);
      const end = raw.stmt_len ? toChars(from + raw.stmt_len) : code.length;
      return { type, body: node[type] as PgNode, text: code.slice(start, end), start };
    }),
  };
}

/** Maps a UTF-8 byte offset in `code` to a character offset. */
function charOffsets(code: string): (byte: number) => number {
  if (/^[\x00-\x7f]*$/.test(code)) return (byte) => byte;
  const bytes = Buffer.from(code, 'utf8');
  return (byte) => bytes.subarray(0, byte).toString('utf8').length;
}
