// SQL cells: a diagnostic only when every statement only reads.
import { diagnostic, mitigation, type CellClass } from '../verdict';

/** Functions that act even inside a SELECT. */
const SIDE_EFFECT_FUNCTIONS = /\b(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|set_config|nextval|setval|pg_advisory_lock|pg_advisory_xact_lock|pg_try_advisory_lock|pg_switch_wal|pg_promote|pg_create_\w+_slot|pg_drop_replication_slot|pg_stat_reset\w*|pg_wal_replay_pause|pg_wal_replay_resume|lo_unlink|lo_import|lo_export|dblink_exec|pg_file_write|pg_replication_origin_\w+|txid_current|pg_current_xact_id)\s*\(/i;

/** The statements of a SQL text with comments removed and string literals emptied. */
export function sqlStatements(code: string): string[] {
  let s = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '-' && code[i + 1] === '-') {
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl - 1;
      s += ' ';
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 1;
      s += ' ';
    } else if (c === "'") {
      let j = i + 1;
      while (j < code.length && !(code[j] === "'" && code[j + 1] !== "'")) j += code[j] === "'" ? 2 : 1;
      s += "''";
      i = j;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(code.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(code.slice(i))![0];
      const end = code.indexOf(tag, i + tag.length);
      s += "''";
      i = end < 0 ? code.length : end + tag.length - 1;
    } else s += c;
  }
  return s.split(';').map((t) => t.trim()).filter(Boolean);
}

/** Whether a SQL text, read on its own (no `mutates` attribute), holds only reads. */
export function sqlReadsOnly(code: string): boolean {
  return classifySql(code).classification === 'diagnostic';
}

export function classifySql(code: string): CellClass {
  const statements = sqlStatements(code);
  for (const st of statements) {
    const first = (/^\(*\s*([A-Za-z]+)/.exec(st)?.[1] ?? '').toUpperCase();
    const fn = SIDE_EFFECT_FUNCTIONS.exec(st);
    if (fn) return mitigation(`calls ${fn[1]}()`);
    if (first === 'SELECT' || first === 'VALUES' || first === 'TABLE') {
      if (/\bINTO\b/i.test(st) && first === 'SELECT') return mitigation('SELECT … INTO creates a table');
      if (/\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE|KEY\s+SHARE)\b/i.test(st)) return mitigation('SELECT … FOR UPDATE locks rows');
      continue;
    }
    if (first === 'WITH') {
      const w = /\b(INSERT|UPDATE|DELETE|MERGE)\b/i.exec(st);
      if (w) return mitigation(`WITH … ${w[1].toUpperCase()} changes data`);
      continue;
    }
    if (first === 'EXPLAIN') {
      if (/^EXPLAIN\s*(\([^)]*\bANALY[SZ]E\b|ANALY[SZ]E\b)/i.test(st)) return mitigation('EXPLAIN ANALYZE runs the statement');
      continue;
    }
    if (first === 'SHOW') continue;
    return mitigation(first ? `${first} is not a read` : 'not a read');
  }
  return diagnostic(statements.length ? 'reads only' : 'empty');
}

