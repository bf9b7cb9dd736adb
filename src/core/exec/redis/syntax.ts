// redis-cli's way of reading a command line (quotes, `\n`/`\xHH` escapes) and of printing replies
// (`(integer) 1`, `(nil)`, numbered lists), so a Redis cell reads like a redis-cli session.

/** Splits one line into arguments like redis-cli's `sdssplitargs`. Throws on an unclosed quote. */
export function splitRedisArgs(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i])) i++;
    if (i >= n) break;
    let cur = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new Error('unbalanced quotes in command line');
        const c = line[i];
        if (c === '\\' && i + 1 < n) {
          const e = line[i + 1];
          if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
            cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          cur += ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[e] ?? e;
          i += 2;
          continue;
        }
        if (c === '"') {
          i++;
          break;
        }
        cur += c;
        i++;
      }
    } else if (line[i] === "'") {
      i++;
      for (;;) {
        if (i >= n) throw new Error('unbalanced quotes in command line');
        const c = line[i];
        if (c === '\\' && line[i + 1] === "'") {
          cur += "'";
          i += 2;
          continue;
        }
        if (c === "'") {
          i++;
          break;
        }
        cur += c;
        i++;
      }
    } else {
      while (i < n && !/\s/.test(line[i])) cur += line[i++];
      args.push(cur);
      continue;
    }
    // A closing quote must be followed by a space or the end, as in redis-cli.
    if (i < n && !/\s/.test(line[i])) throw new Error('unbalanced quotes in command line');
    args.push(cur);
  }
  return args;
}

/** The commands of a Redis cell: one per non-empty line; `#` and `//` lines are comments. */
export function redisCommands(code: string): Array<{ line: number; args: string[]; text: string }> {
  const out: Array<{ line: number; args: string[]; text: string }> = [];
  code.split('\n').forEach((raw, i) => {
    const text = raw.trim();
    if (!text || text.startsWith('#') || text.startsWith('//')) return;
    try {
      const args = splitRedisArgs(text);
      if (args.length) out.push({ line: i + 1, args, text });
    } catch (err) {
      throw new Error(`line ${i + 1}: ${(err as Error).message}: ${text}`, { cause: err });
    }
  });
  return out;
}

/** Status replies ioredis hands back as plain strings; printed bare, like redis-cli. */
const STATUS = new Set(['OK', 'PONG', 'QUEUED']);

export function formatRedisReply(reply: unknown, indent = 0): string {
  if (reply === null || reply === undefined) return '(nil)';
  if (typeof reply === 'number' || typeof reply === 'bigint') return `(integer) ${reply}`;
  if (reply instanceof Error) return `(error) ${reply.message}`;
  if (Buffer.isBuffer(reply)) return redisQuote(reply.toString('latin1'));
  if (typeof reply === 'string') {
    if (STATUS.has(reply)) return reply;
    // Multi-line bulk strings (INFO, CLIENT LIST, LATENCY DOCTOR) read best as they are.
    if (reply.includes('\n')) return reply.replace(/\r\n/g, '\n').replace(/\n$/, '');
    return redisQuote(reply);
  }
  if (Array.isArray(reply)) {
    if (reply.length === 0) return '(empty array)';
    const w = String(reply.length).length;
    return reply
      .map((item, i) => {
        const prefix = `${String(i + 1).padStart(w)}) `;
        const body = formatRedisReply(item, indent + prefix.length);
        return (i === 0 ? '' : ' '.repeat(indent)) + prefix + body;
      })
      .join('\n');
  }
  if (typeof reply === 'object') return formatRedisReply(Object.entries(reply as object).flat(), indent);
  return String(reply);
}

/**
 * Quotes like redis-cli: printable text as is, the rest escaped. Read back by `splitRedisArgs`,
 * every character comes back as itself, as one argument (parameters rely on it).
 */
export function redisQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}
