// Reading a PromQL cell: the query (comment lines dropped) and its attributes `range=1h`,
// `step=30s`, `instant=true`. Durations are Prometheus's: `500ms`, `30s`, `5m`, `1h30m`, `2d`, `1w`.

export interface PromqlCell {
  query: string;
  instant: boolean;
  /** Milliseconds; absent: the incident window (or the last hour). */
  rangeMs?: number;
  /** Milliseconds; absent: chosen from the range. */
  stepMs?: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** A Prometheus duration (`1h30m`, `15s`) or a bare number of seconds, in milliseconds. Throws on anything else. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const ms = Math.round(Number(t) * 1000);
    if (ms > 0) return ms;
  } else if (/^(\d+(ms|s|m|h|d|w|y))+$/i.test(t)) {
    let ms = 0;
    for (const [, n, unit] of t.matchAll(/(\d+)(ms|s|m|h|d|w|y)/gi)) ms += Number(n) * UNITS[unit.toLowerCase()];
    if (ms > 0) return ms;
  }
  throw new Error(`'${text}' is not a duration (write e.g. 30s, 5m, 1h, 1h30m, 2d)`);
}

/** Milliseconds as the shortest Prometheus duration: `1h30m`, `15s`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNITS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/** The query and the attributes that shape it. Throws a message naming the bad attribute. */
export function readPromqlCell(code: string, attributes: Record<string, unknown>): PromqlCell {
  // `#` starts a comment in PromQL too, but only outside strings; whole comment lines are what runbooks hold.
  const query = code
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .trim();
  if (!query) throw new Error('no query: write a PromQL expression, e.g. `rate(http_requests_total[5m])`');
  const cell: PromqlCell = { query, instant: flag(attributes.instant, 'instant') };
  if (attributes.range !== undefined) cell.rangeMs = durationAttribute(attributes.range, 'range');
  if (attributes.step !== undefined) cell.stepMs = durationAttribute(attributes.step, 'step');
  return cell;
}

function durationAttribute(value: unknown, name: string): number {
  try {
    return parseDuration(String(value));
  } catch (err) {
    throw new Error(`cell attribute ${name}=${String(value)}: ${(err as Error).message}`, { cause: err });
  }
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined || value === false || value === 'false' || value === 'no' || value === '0') return false;
  if (value === true || value === 'true' || value === 'yes' || value === '1') return true;
  throw new Error(`cell attribute ${name}=${String(value)}: must be true or false`);
}
