// The real parsers the classifier reads cells with: mvdan/sh for shell (plain JavaScript, ready at
// once) and libpg_query, PostgreSQL's own parser compiled to WebAssembly, which must be loaded
// once before the first SQL cell is classified. Whatever classifies awaits `loadParsers()` first
// (the run engine, `runCell`, the editor's cell status bar, `runbook list`), so neither activation
// nor CLI commands that classify nothing pay for it; until it has finished, SQL is unreadable and
// so classified a mitigation.
import * as pgQuery from 'libpg-query';

let loaded = false;
let loading: Promise<void> | null = null;

/** Loads PostgreSQL's parser; safe to call any number of times. */
export function loadParsers(): Promise<void> {
  loading ??= pgQuery.loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

/** PostgreSQL's parse tree of `sql`, or null while the parser is not loaded. Throws on a syntax error. */
export function parsePostgres(sql: string): pgQuery.ParseResult | null {
  return loaded ? pgQuery.parseSync(sql) : null;
}

/** PostgreSQL's tokens of `sql` (its own scanner); only call once the parser is loaded. */
export function scanPostgres(sql: string): pgQuery.ScanResult {
  return pgQuery.scanSync(sql);
}
