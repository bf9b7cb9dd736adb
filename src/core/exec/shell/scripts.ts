// Small languages handed to a command as an argument: a sed script, an awk program, MySQL or
// MongoDB text. Each check answers why the text may change something, or null when it only reads.
// They are conservative: what they cannot follow counts as a change.

/** sed: `w file`, `W file`, `e command`, and the `w`/`e` flags of `s///` write or run things. */
export function sedScriptChanges(script: string): string | null {
  let i = 0;
  const n = script.length;
  const skipBlanks = () => {
    while (i < n && /[\s;]/.test(script[i])) i++;
  };
  const readDelimited = (delim: string) => {
    // Reads up to the next unescaped delimiter; returns false at the end of the script.
    while (i < n && script[i] !== delim) {
      if (script[i] === '\\') i++;
      i++;
    }
    if (i >= n) return false;
    i++;
    return true;
  };
  const toEndOfLine = () => {
    while (i < n && script[i] !== '\n') i++;
  };
  while (true) {
    skipBlanks();
    if (i >= n) return null;
    // Addresses: numbers, `$`, `/re/`, `\cREc`, `first~step`, `addr,addr`, `!`.
    while (i < n) {
      const c = script[i];
      if (/[0-9$~,+!\s]/.test(c)) i++;
      else if (c === '/') {
        i++;
        if (!readDelimited('/')) return 'a sed script this cannot read';
        while (/[IM]/.test(script[i] ?? '')) i++;
      } else if (c === '\\') {
        const d = script[i + 1];
        i += 2;
        if (!d || !readDelimited(d)) return 'a sed script this cannot read';
      } else break;
    }
    const cmd = script[i++];
    if (cmd === undefined) return null;
    if (cmd === 'w' || cmd === 'W') return '`sed w` writes a file';
    if (cmd === 'e') return '`sed e` runs a command';
    if (cmd === 's' || cmd === 'y') {
      const delim = script[i++];
      if (!delim || delim === '\n' || delim === '\\') return 'a sed script this cannot read';
      if (!readDelimited(delim) || !readDelimited(delim)) return 'a sed script this cannot read';
      if (cmd === 's') {
        const flags = /^[^;\n}]*/.exec(script.slice(i))![0];
        if (/w/.test(flags)) return '`sed s///w` writes a file';
        if (/e/.test(flags)) return '`sed s///e` runs the result as a command';
        if (!/^[\sgpiImM0-9]*$/.test(flags)) return 'a sed script this cannot read';
        i += flags.length;
      }
    } else if ('aicrR'.includes(cmd)) {
      toEndOfLine(); // text to add or a file to read: nothing that runs
    } else if ('btT:'.includes(cmd)) {
      while (i < n && !/[;\n]/.test(script[i])) i++; // a label ends at `;` in GNU sed
    } else if (!'{}=dDgGhHlnNpPqQxzF'.includes(cmd)) {
      return `a sed command this cannot read (\`${cmd}\`)`;
    }
  }
}

/**
 * awk: `system()`, `cmd | getline`, and `print`/`printf` redirected with `>`, `>>` or `|` run
 * commands or write files. Strings and regular expressions are blanked first so their text
 * cannot hide or fake those.
 */
export function awkProgramChanges(program: string): string | null {
  const code = blankAwkLiterals(program);
  if (/\bsystem\s*\(/.test(code)) return '`awk` calls `system()`';
  if (/\|\s*&?\s*getline\b/.test(code)) return '`awk` reads a command\'s output with `getline`';
  if (/@\w/.test(code)) return '`awk` loads code or calls a function by name';
  for (const m of code.matchAll(/\bprintf?\b/g)) {
    let depth = 0;
    for (let j = m.index! + m[0].length; j < code.length; j++) {
      const c = code[j];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (depth <= 0 && /[;}\n]/.test(c)) break;
      else if (depth <= 0 && (c === '>' || c === '|')) return `\`awk\` ${c === '|' ? 'pipes output to a command' : 'writes to a file'}`;
    }
  }
  return null;
}

/** The program with string literals and regular expressions replaced by blanks of the same length. */
function blankAwkLiterals(program: string): string {
  let out = '';
  let lastSignificant = '';
  for (let i = 0; i < program.length; i++) {
    const c = program[i];
    // A `/` starts a regular expression where an operand is expected, not after one (division).
    const regexStart = c === '/' && (lastSignificant === '' || /[(,{;!~&|=\n]/.test(lastSignificant));
    if (c === '"' || regexStart) {
      let j = i + 1;
      while (j < program.length && program[j] !== c) j += program[j] === '\\' ? 2 : 1;
      out += c + ' '.repeat(Math.max(0, Math.min(j, program.length) - i - 1)) + c;
      i = j;
      lastSignificant = 'x';
      continue;
    }
    if (c === '#') {
      const nl = program.indexOf('\n', i);
      i = (nl < 0 ? program.length : nl) - 1;
      continue;
    }
    out += c;
    if (!/[ \t]/.test(c)) lastSignificant = c;
  }
  return out;
}

/** MySQL text (`mysql -e`): only SELECT, SHOW, DESCRIBE and EXPLAIN, nothing written to a file. */
export function mysqlChanges(sql: string): string | null {
  const statements = splitStatements(sql);
  if (statements === null) return 'SQL this cannot read';
  for (const st of statements) {
    const first = (/^\(?\s*([A-Za-z]+)/.exec(st)?.[1] ?? '').toUpperCase();
    if (!['SELECT', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'USE', 'STATUS'].includes(first)) return `\`${first || st.slice(0, 20)}\` may change data`;
    if (first === 'EXPLAIN' && /^EXPLAIN\s+ANALYZE\b/i.test(st)) return 'EXPLAIN ANALYZE runs the statement';
    if (/\bINTO\s+(OUTFILE|DUMPFILE|@)/i.test(st) || /\bFOR\s+UPDATE\b|\bLOCK\s+IN\s+SHARE\b/i.test(st)) return 'the SELECT writes or locks';
    if (/\b(GET_LOCK|RELEASE_LOCK|SLEEP|BENCHMARK|LOAD_FILE|LOAD_EXTENSION|WRITEFILE|READFILE|EDIT|SYSTEM)\s*\(/i.test(st)) return 'the SELECT calls a function with side effects';
  }
  return null;
}

/** Statements split at `;` outside quotes and comments (with quoted text blanked); null when a quote never closes. */
function splitStatements(sql: string): string[] | null {
  let text = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === '\\' ? 2 : 1;
      if (j >= sql.length) return null;
      text += c + c;
      i = j;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = (nl < 0 ? sql.length : nl) - 1;
    } else if (c === '#') {
      const nl = sql.indexOf('\n', i);
      i = (nl < 0 ? sql.length : nl) - 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      // `/*! … */` is run by MySQL: not a comment to skip.
      if (sql[i + 2] === '!' || end < 0) return null;
      i = end + 1;
    } else if (c === '\\') return null; // client commands (`\!`, `\.`) run things
    else text += c;
  }
  return text.split(';').map((s) => s.trim()).filter(Boolean);
}

/** Method calls that only read in the MongoDB shell. */
const MONGO_READS = new Set([
  'find', 'findOne', 'count', 'countDocuments', 'estimatedDocumentCount', 'aggregate', 'distinct', 'getIndexes', 'stats',
  'serverStatus', 'currentOp', 'status', 'conf', 'isMaster', 'hello', 'version', 'getCollectionNames', 'getName', 'printjson',
  'limit', 'sort', 'skip', 'toArray', 'explain', 'pretty', 'getSiblingDB', 'getCollection', 'printReplicationInfo',
  'printSecondaryReplicationInfo', 'getReplicationInfo', 'help', 'itcount', 'hostInfo', 'buildInfo', 'getProfilingStatus',
  'getCollectionInfos', 'dataSize', 'storageSize', 'totalIndexSize', 'getMongo', 'getDBNames', 'listCollections', 'print',
  'stringify', 'forEach', 'map', 'size', 'getShardDistribution', 'getUsers', 'getRoles', 'getUser', 'isWritablePrimary',
  'printShardingStatus', 'getLogComponents', 'rsStatus',
]);

/** MongoDB shell text (`mongosh --eval`): only calls of reading methods, no assignments or pipelines that write. */
export function mongoChanges(js: string): string | null {
  const code = js.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  if (/\$(out|merge|function|accumulator|where)\b/.test(code)) return 'the pipeline writes or runs code';
  if (/[^=!<>]=[^=]|=>|`|\bfunction\b|\bload\s*\(|\brequire\s*\(/.test(code)) return 'JavaScript this cannot read';
  // Every call must name a method that reads: `db["drop"]()` names none.
  for (const m of code.matchAll(/(?:([A-Za-z_$][\w$]*)\s*)?\(/g)) {
    if (!m[1] || !MONGO_READS.has(m[1])) return m[1] ? `\`${m[1]}()\` is not known to only read` : 'a call this cannot read';
  }
  return null;
}
