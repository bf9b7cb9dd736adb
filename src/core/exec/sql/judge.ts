// One statement, judged from PostgreSQL's parse tree: a read, or a change with the reason a
// person reads. A change also says whether a read-only transaction stops it: the server refuses
// writes to tables and the schema in one, but not transaction control, session settings, VACUUM,
// NOTIFY, COPY … TO PROGRAM or functions that signal, lock or write files (see utility.c,
// ClassifyUtilityCommandAsReadOnly). Cells that run read-only are refused those before running.
import { RUNS_READ_ONLY, SCHEMA_CHANGES, commandWords, explainedText, schemaObject, transactionWords } from './commands';
import { RUNS_SQL_TEXT, sideEffectOf } from './functions';
import { readSql, type PgNode, type SqlStatement } from './statements';

export interface Change {
  reason: string;
  /** Whether a read-only transaction refuses it (so running it read-only changes nothing). */
  readOnlyStops: boolean;
}

/** How deep SQL inside a string (query_to_xml('…')) is read before the classifier gives up. */
const MAX_NESTING = 3;

/** What `st` changes, or null when it only reads. */
export function judgeStatement(st: SqlStatement, nesting = 0): Change | null {
  const found = inspect(st.type === 'ExplainStmt' && !explainRuns(st.body) ? {} : st.body);
  const change = statementChange(st, found, nesting);
  const call = callChange(found.calls, nesting);
  if (!call) return change;
  // A function the read-only transaction would not stop makes the whole statement unstoppable.
  return { reason: change?.reason ?? call.reason, readOnlyStops: (change?.readOnlyStops ?? true) && call.readOnlyStops };
}

/** The names of the functions a statement calls, anywhere in it. */
export function calledFunctions(st: SqlStatement): string[] {
  return inspect(st.body).calls.map((c) => c.name);
}

/** What the parse tree of a statement holds, wherever it is (subqueries, CTEs, FROM, arguments). */
interface Found {
  calls: Array<{ name: string; args: unknown[] }>;
  /** Data-modifying statements nested in this one (WITH d AS (DELETE …)). */
  writes: string[];
  /** Row-locking clauses: FOR UPDATE, FOR SHARE… */
  locks: string[];
}

const DML: Record<string, string> = { InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE', MergeStmt: 'MERGE' };

function inspect(tree: unknown): Found {
  const found: Found = { calls: [], writes: [], locks: [] };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'FuncCall') {
        const call = v as { funcname?: Array<{ String?: { sval?: string } }>; args?: unknown[] };
        // The last part of the name: `pg_catalog.set_config` is set_config.
        const name = call.funcname?.at(-1)?.String?.sval ?? '';
        found.calls.push({ name, args: call.args ?? [] });
      } else if (Object.hasOwn(DML, key)) found.writes.push(DML[key]);
      else if (key === 'LockingClause') found.locks.push((v as { strength?: string }).strength ?? '');
      visit(v);
    }
  };
  visit(tree);
  return found;
}

/** EXPLAIN runs its statement only with ANALYZE (spelt either way, on unless given false/off/0). */
function explainRuns(body: PgNode): boolean {
  const options = (body.options as Array<{ DefElem?: { defname?: string; arg?: Record<string, { sval?: string; ival?: number }> } }>) ?? [];
  const analyze = options.find((o) => o.DefElem?.defname === 'analyze')?.DefElem;
  if (!analyze) return false;
  const arg = analyze.arg;
  if (!arg) return true;
  if (arg.Integer) return (arg.Integer.ival ?? 0) !== 0;
  const word = arg.String?.sval?.toLowerCase();
  return !(word === 'false' || word === 'off' || word === 'no' || word === '0');
}

const LOCKS: Record<string, string> = {
  LCS_FORUPDATE: 'FOR UPDATE',
  LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE',
  LCS_FORSHARE: 'FOR SHARE',
  LCS_FORKEYSHARE: 'FOR KEY SHARE',
};

function statementChange(st: SqlStatement, found: Found, nesting: number): Change | null {
  const body = st.body;
  switch (st.type) {
    case 'SelectStmt':
      if (body.intoClause) return stopped('SELECT … INTO creates a table');
      if (found.writes.length) return stopped(`WITH … ${found.writes[0]} changes data`);
      if (found.locks.length) return stopped(`SELECT … ${LOCKS[found.locks[0]] ?? 'FOR UPDATE'} locks rows`);
      return null;
    case 'VariableShowStmt':
      return null;
    case 'ExplainStmt': {
      if (!explainRuns(body)) return null;
      const inner = innerStatement(body.query, explainedText(st.text));
      const change = inner && judgeStatement(inner, nesting);
      return change && { reason: `EXPLAIN ANALYZE runs the statement: ${change.reason}`, readOnlyStops: change.readOnlyStops };
    }
    case 'CopyStmt':
      if (body.is_program) return unstopped('COPY … PROGRAM runs a shell command on the database host');
      if (body.is_from) return stopped('COPY … FROM loads rows into a table');
      if (body.filename) return unstopped('COPY … TO a file writes a file on the database host');
      if (found.writes.length) return stopped(`COPY (… ${found.writes[0]} …) changes data`);
      return null; // COPY … TO STDOUT: rows to the client
    default:
      return otherChange(st);
  }
}

function innerStatement(query: unknown, text: string): SqlStatement | null {
  if (!query || typeof query !== 'object') return null;
  const type = Object.keys(query)[0];
  return { type, body: (query as PgNode)[type] as PgNode, text, start: 0 };
}

const stopped = (reason: string): Change => ({ reason, readOnlyStops: true });
const unstopped = (reason: string): Change => ({ reason, readOnlyStops: false });

function otherChange(st: SqlStatement): Change {
  if (Object.hasOwn(DML, st.type)) return stopped(`${DML[st.type]} changes data`);
  if (st.type === 'TruncateStmt') return stopped('TRUNCATE deletes every row');
  if (st.type === 'VacuumStmt') return unstopped(st.body.is_vacuumcmd ? 'VACUUM cleans up tables on disk' : "ANALYZE updates the planner's statistics");
  if (st.type === 'TransactionStmt') return unstopped(`${transactionWords(st)} is transaction control`);
  if (SCHEMA_CHANGES.has(st.type)) return stopped(`${commandWords(st.text)} changes ${schemaObject(st.type)}`);
  const what = Object.hasOwn(RUNS_READ_ONLY, st.type) ? RUNS_READ_ONLY[st.type] : undefined;
  // A statement this list does not know is not assumed to be stopped by read-only.
  return unstopped(`${commandWords(st.text)} ${what ?? 'is not a read'}`);
}

/** The first function call with side effects among `calls`, as a change. */
function callChange(calls: Found['calls'], nesting: number): Change | null {
  for (const { name, args } of calls) {
    const what = sideEffectOf(name);
    if (what) return unstopped(`${name}() ${what}`);
    const sqlArgs = Object.hasOwn(RUNS_SQL_TEXT, name) ? RUNS_SQL_TEXT[name] : undefined;
    if (!sqlArgs) continue;
    for (const i of sqlArgs) {
      const change = sqlTextChange(name, args[i], nesting);
      if (change) return change;
    }
  }
  return null;
}

/** SQL given to a function as a string: read like the cell when it is a constant. */
function sqlTextChange(name: string, arg: unknown, nesting: number): Change | null {
  const text = (arg as { A_Const?: { sval?: { sval?: string } } } | undefined)?.A_Const?.sval?.sval;
  if (text === undefined) return unstopped(`${name}() runs SQL that is only known when it runs`);
  const reading = nesting < MAX_NESTING ? readSql(text) : null;
  if (!reading?.statements) return unstopped(`${name}() runs SQL that could not be read`);
  for (const inner of reading.statements) {
    const change = judgeStatement(inner, nesting + 1);
    if (change) return { reason: `${name}() runs SQL: ${change.reason}`, readOnlyStops: change.readOnlyStops };
  }
  return null;
}
