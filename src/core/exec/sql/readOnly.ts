// What a cell that runs read-only may run. Its statements go to the server one by one, read-only
// (run.ts), and the server refuses writes to tables and the schema by itself. What a read-only
// transaction does not stop (COMMIT, SET, DISCARD, DO, CALL, VACUUM, NOTIFY, COPY … PROGRAM, and
// functions that signal, lock or write files) is refused here, before anything runs. A cell
// marked `mutates: false` gets no exemption: the mark skips the question, never these checks.
import { judgeStatement } from './judge';
import { readSql, type SqlReading, type SqlStatement } from './statements';
import { positionLine, readOnlyHint } from './errors';

export type ReadOnlyPlan = { statements: SqlStatement[]; refused?: undefined } | { statements?: undefined; refused: string };

// A cell is run again and again during an incident: its plan is kept (plans are never changed).
const plans = { diagnostic: new Map<string, ReadOnlyPlan>(), forced: new Map<string, ReadOnlyPlan>() };
const PLANS_MAX = 256;

/**
 * The statements to run read-only, or the error that stops the cell (nothing has run); null while
 * PostgreSQL's parser is not loaded.
 */
export function planReadOnly(code: string, forced: boolean): ReadOnlyPlan | null {
  const kept = forced ? plans.forced : plans.diagnostic;
  const hit = kept.get(code);
  if (hit) return hit;
  const reading = readSql(code);
  if (!reading) return null;
  const plan = judge(code, reading, forced);
  if (kept.size >= PLANS_MAX) kept.clear();
  kept.set(code, plan);
  return plan;
}

function judge(code: string, reading: SqlReading, forced: boolean): ReadOnlyPlan {
  if (reading.error) return { refused: `ERROR:  ${reading.error.message}\n${positionLine(code, reading.error.position + 1)}` };
  for (const st of reading.statements) {
    const change = judgeStatement(st);
    if (change && !change.readOnlyStops)
      return { refused: `ERROR:  refused: ${change.reason}, which a read-only session does not stop; nothing was run\nHINT:  ${readOnlyHint(forced)}` };
  }
  return { statements: reading.statements };
}
