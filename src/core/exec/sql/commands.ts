// What each kind of statement is, in a person's words: which ones a read-only transaction refuses
// (utility.c, ClassifyUtilityCommandAsReadOnly), what the others do, and the command's own
// keywords (`DROP TABLE`, `END`) for the reason the classifier gives.
import { scanPostgres } from '../parsers';
import type { SqlStatement } from './statements';

/** What the read-only transaction refuses: utility.c's COMMAND_IS_NOT_READ_ONLY, and DML. */
export const SCHEMA_CHANGES = new Set([
  'AlterCollationStmt', 'AlterDatabaseRefreshCollStmt', 'AlterDatabaseSetStmt', 'AlterDatabaseStmt', 'AlterDefaultPrivilegesStmt',
  'AlterDomainStmt', 'AlterEnumStmt', 'AlterEventTrigStmt', 'AlterExtensionContentsStmt', 'AlterExtensionStmt', 'AlterFdwStmt',
  'AlterForeignServerStmt', 'AlterFunctionStmt', 'AlterObjectDependsStmt', 'AlterObjectSchemaStmt', 'AlterOpFamilyStmt',
  'AlterOperatorStmt', 'AlterOwnerStmt', 'AlterPolicyStmt', 'AlterPublicationStmt', 'AlterRoleSetStmt', 'AlterRoleStmt',
  'AlterSeqStmt', 'AlterStatsStmt', 'AlterSubscriptionStmt', 'AlterTSConfigurationStmt', 'AlterTSDictionaryStmt',
  'AlterTableMoveAllStmt', 'AlterTableSpaceOptionsStmt', 'AlterTableStmt', 'AlterTypeStmt', 'AlterUserMappingStmt', 'CommentStmt',
  'CompositeTypeStmt', 'CreateAmStmt', 'CreateCastStmt', 'CreateConversionStmt', 'CreateDomainStmt', 'CreateEnumStmt',
  'CreateEventTrigStmt', 'CreateExtensionStmt', 'CreateFdwStmt', 'CreateForeignServerStmt', 'CreateForeignTableStmt',
  'CreateFunctionStmt', 'CreateOpClassStmt', 'CreateOpFamilyStmt', 'CreatePLangStmt', 'CreatePolicyStmt', 'CreatePublicationStmt',
  'CreateRangeStmt', 'CreateRoleStmt', 'CreateSchemaStmt', 'CreateSeqStmt', 'CreateStatsStmt', 'CreateStmt', 'CreateSubscriptionStmt',
  'CreateTableAsStmt', 'CreateTableSpaceStmt', 'CreateTransformStmt', 'CreateTrigStmt', 'CreateUserMappingStmt', 'CreatedbStmt',
  'DefineStmt', 'DropOwnedStmt', 'DropRoleStmt', 'DropStmt', 'DropSubscriptionStmt', 'DropTableSpaceStmt', 'DropUserMappingStmt',
  'DropdbStmt', 'GrantRoleStmt', 'GrantStmt', 'ImportForeignSchemaStmt', 'IndexStmt', 'ReassignOwnedStmt', 'RefreshMatViewStmt',
  'RenameStmt', 'RuleStmt', 'SecLabelStmt', 'ViewStmt',
]);

/** Statements a read-only transaction lets run, and what they do. */
export const RUNS_READ_ONLY: Record<string, string> = {
  TransactionStmt: 'is transaction control',
  VariableSetStmt: 'changes a setting of the session',
  ConstraintsSetStmt: 'changes the transaction',
  DiscardStmt: 'resets the session',
  DoStmt: 'runs procedural code, which can commit and change settings',
  CallStmt: 'runs a procedure, which can commit and change settings',
  PrepareStmt: 'changes the session',
  ExecuteStmt: 'runs a prepared statement',
  DeallocateStmt: 'changes the session',
  DeclareCursorStmt: 'opens a cursor in the session',
  FetchStmt: 'reads from a cursor of the session',
  ClosePortalStmt: 'closes a cursor of the session',
  ListenStmt: 'makes the session listen for notifications',
  UnlistenStmt: 'changes the session',
  NotifyStmt: 'sends a notification to listening sessions',
  LockStmt: 'locks a table',
  LoadStmt: 'loads a library into the server',
  CheckPointStmt: 'forces a checkpoint',
  AlterSystemStmt: "changes the server's configuration file",
  ClusterStmt: 'rewrites a table',
  ReindexStmt: 'rebuilds indexes',
};

export function schemaObject(type: string): string {
  if (/Grant|Privileges|Owner|Reassign/.test(type)) return 'privileges';
  if (/Role|UserMapping/.test(type)) return 'roles';
  if (/db|Database/.test(type)) return 'databases';
  if (type === 'RefreshMatViewStmt') return 'a materialized view';
  return 'the schema';
}

const TRANSACTION_WORDS: Record<string, string> = {
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
};

/** BEGIN, COMMIT, END, ABORT… as written (END and ABORT parse as COMMIT and ROLLBACK). */
export function transactionWords(st: SqlStatement): string {
  return TRANSACTION_WORDS[st.body.kind as string] ?? commandWords(st.text);
}

/** Words that qualify CREATE/ALTER/DROP without naming what is created. */
const MODIFIERS = new Set(['OR', 'REPLACE', 'UNIQUE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'TRUSTED', 'PROCEDURAL', 'RECURSIVE']);
const STOP_WORDS = new Set(['IF', 'CONCURRENTLY', 'ON', 'SET', 'TO', 'AS']);

/** The command's leading keywords for a reason: `DROP TABLE`, `CREATE INDEX`, `GRANT`. */
export function commandWords(text: string): string {
  const words = scanPostgres(text)
    .tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
    .map((t) => ({ word: t.text.toUpperCase(), keyword: t.keywordKind > 0 }));
  const first = words[0]?.word ?? '';
  if (first !== 'CREATE' && first !== 'ALTER' && first !== 'DROP') return first;
  const out = [first];
  for (const w of words.slice(1)) {
    if (!w.keyword || STOP_WORDS.has(w.word) || out.length === 3) break;
    if (!MODIFIERS.has(w.word)) out.push(w.word);
  }
  return out.join(' ');
}

/** The statement an EXPLAIN explains, as text: what follows EXPLAIN and its options. */
export function explainedText(text: string): string {
  const tokens = scanPostgres(text).tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
  let i = 1; // after EXPLAIN
  if (tokens[i]?.text === '(') {
    while (i < tokens.length && tokens[i].text !== ')') i++;
    i++;
  } else while (i < tokens.length && /^(ANALYZE|ANALYSE|VERBOSE)$/i.test(tokens[i].text)) i++;
  // Token offsets count bytes of UTF-8, as the parser's do.
  return i < tokens.length ? Buffer.from(text, 'utf8').subarray(tokens[i].start).toString('utf8') : text;
}
