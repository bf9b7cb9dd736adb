// Built-in (and common extension) functions that act even inside a SELECT, and that a read-only
// session does not stop: they signal other sessions, write files, change replication or server
// state, or reach the database over a connection of their own. Names are compared as the server
// compares them, after the parser has folded case and removed quotes: `"pg_terminate_backend"`,
// `PG_TERMINATE_BACKEND` and `pg_catalog.pg_terminate_backend` are one function; `"PG_Terminate_Backend"`
// is another (a user's), which the server would not resolve to the built-in either.
//
// Functions a user wrote are not in this list and count as reads: the classifier cannot see their
// bodies. Diagnostic cells run in a read-only transaction, which stops such a function's writes
// to tables, though not its calls to the functions below; that remains outside what is checked.

const EXACT: Record<string, string> = {
  pg_terminate_backend: 'ends another session',
  pg_cancel_backend: "cancels another session's query",
  pg_reload_conf: "reloads the server's configuration",
  pg_rotate_logfile: "rotates the server's log file",
  pg_rotate_logfile_old: "rotates the server's log file",
  pg_log_backend_memory_contexts: 'signals a server process',
  pg_log_standby_snapshot: 'writes to the WAL',
  pg_switch_wal: 'switches to a new WAL file',
  pg_switch_xlog: 'switches to a new WAL file',
  pg_promote: 'promotes a standby to primary',
  pg_drop_replication_slot: 'drops a replication slot',
  pg_replication_slot_advance: 'advances a replication slot',
  pg_copy_physical_replication_slot: 'creates a replication slot',
  pg_copy_logical_replication_slot: 'creates a replication slot',
  pg_logical_slot_get_changes: "consumes a replication slot's changes",
  pg_logical_slot_get_binary_changes: "consumes a replication slot's changes",
  pg_logical_emit_message: 'writes to the WAL',
  pg_sync_replication_slots: 'changes replication slots',
  pg_wal_replay_pause: 'pauses WAL replay',
  pg_wal_replay_resume: 'resumes WAL replay',
  pg_xlog_replay_pause: 'pauses WAL replay',
  pg_xlog_replay_resume: 'resumes WAL replay',
  pg_backup_start: 'starts a backup',
  pg_backup_stop: 'stops a backup',
  pg_start_backup: 'starts a backup',
  pg_stop_backup: 'stops a backup',
  pg_import_system_collations: 'adds collations to the catalog',
  pg_stat_statements_reset: 'resets statistics',
  pg_restore_relation_stats: 'changes planner statistics',
  pg_clear_relation_stats: 'changes planner statistics',
  pg_restore_attribute_stats: 'changes planner statistics',
  pg_clear_attribute_stats: 'changes planner statistics',
  set_config: 'changes a setting of the session',
  nextval: 'advances a sequence',
  setval: 'sets a sequence',
  pg_notify: 'sends a notification to listening sessions',
  loread: 'works on large objects',
  lowrite: 'writes a large object',
  // Assigning a transaction id is a write: it consumes an xid and makes the transaction one
  // that must be committed or rolled back in the WAL.
  txid_current: 'assigns a transaction id',
  pg_current_xact_id: 'assigns a transaction id',
};

const PREFIXES: Array<[string, string]> = [
  ['pg_advisory_', 'takes or releases an advisory lock'],
  ['pg_try_advisory_', 'takes an advisory lock'],
  ['lo_', 'works on large objects: creates, writes, imports or exports them'],
  // dblink and pg_background run SQL over a connection of their own, which is not read-only.
  ['dblink', 'runs SQL over another connection, which is not read-only'],
  ['pg_background_', 'runs SQL in a background worker, which is not read-only'],
  ['pg_create_', 'creates a replication slot or restore point'],
  ['pg_replication_origin_', 'changes replication origins'],
  ['pg_stat_reset', 'resets statistics'],
  ['pg_file_', 'writes files on the database host'],
  ['binary_upgrade_', "changes the catalog for pg_upgrade"],
];

/**
 * Functions that run SQL given to them as a string, and which arguments hold it. With a constant string the classifier reads
 * that SQL as it reads the cell; with anything else it cannot know what runs. (table_to_xml,
 * schema_to_xml and the like only read a named table, and stay reads.)
 */
export const RUNS_SQL_TEXT: Record<string, number[]> = {
  query_to_xml: [0],
  query_to_xmlschema: [0],
  query_to_xml_and_xmlschema: [0],
  ts_stat: [0],
  // tablefunc's crosstab(source_sql, category_sql) runs both.
  crosstab: [0, 1],
  crosstab2: [0],
  crosstab3: [0],
  crosstab4: [0],
};

/** What calling `name` does, if it is a function with side effects; null for any other. */
export function sideEffectOf(name: string): string | null {
  if (Object.hasOwn(EXACT, name)) return EXACT[name];
  for (const [prefix, what] of PREFIXES) if (name.startsWith(prefix)) return what;
  return null;
}
