// SQL cells: a diagnostic only when PostgreSQL's own parser reads every statement as a read
// (SELECT without INTO or FOR UPDATE, VALUES, TABLE, SHOW, EXPLAIN without ANALYZE, COPY … TO
// STDOUT) that calls no function with side effects. Anything else, and anything the parser cannot
// read, is a mitigation: the classifier reads exactly what the server will, quoting included.
import { diagnostic, mitigation, type CellClass } from '../verdict';
import { judgeStatement } from './judge';
import { readSql } from './statements';

export function classifySql(code: string): CellClass {
  const reading = readSql(code);
  if (!reading) return mitigation("PostgreSQL's parser is not loaded");
  if (reading.error) return mitigation(unreadable(code, reading.error.message));
  for (const st of reading.statements) {
    const change = judgeStatement(st);
    if (change) return mitigation(change.reason);
  }
  return diagnostic(reading.statements.length ? 'reads only' : 'empty');
}

/** Why the parser could not read the cell; psql's backslash commands named as such. */
function unreadable(code: string, message: string): string {
  const meta = /^[ \t]*(\\[A-Za-z?!]\S*)/m.exec(code);
  if (meta) return `\`${meta[1]}\` is a psql command, not SQL: cells run SQL over a connection, not through psql`;
  return `could not be read by PostgreSQL's parser: ${message}`;
}
