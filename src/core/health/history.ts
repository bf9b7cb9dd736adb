// The last hour of each health check: a ring buffer of (time, status, latency), and how it is
// drawn in the check's result document (an SVG sparkline, and a text one that shows anywhere).
import { formatMs } from '../units';
import type { HealthStatus } from './types';

export interface HealthSample {
  /** Milliseconds since the epoch. */
  at: number;
  status: HealthStatus;
  latencyMs: number;
}

export const HISTORY_MS = 60 * 60_000;
/** An hour at the fastest interval (2 s while an incident is open) fits. */
const CAPACITY = 1800;

/** Fixed memory: the oldest sample is overwritten, and samples older than the window are never returned. */
export class HealthHistory {
  private readonly buffer: Array<HealthSample | undefined>;
  private next = 0;
  private size = 0;

  constructor(private readonly windowMs = HISTORY_MS, capacity = CAPACITY) {
    this.buffer = new Array(capacity);
  }

  push(sample: HealthSample): void {
    this.buffer[this.next] = sample;
    this.next = (this.next + 1) % this.buffer.length;
    this.size = Math.min(this.size + 1, this.buffer.length);
  }

  /** Oldest first, those within the window before `now`. */
  samples(now: number): HealthSample[] {
    const out: HealthSample[] = [];
    const first = (this.next - this.size + this.buffer.length) % this.buffer.length;
    for (let k = 0; k < this.size; k++) {
      const s = this.buffer[(first + k) % this.buffer.length]!;
      if (s.at >= now - this.windowMs) out.push(s);
    }
    return out;
  }
}

const STATUS_COLOUR: Record<HealthStatus, string> = { ok: '#4caf50', degraded: '#e0a800', down: '#e5484d', unknown: '#888888' };

/**
 * The latency over the window as a line, each check a dot in its status's colour (down and
 * degraded ones stand out), the time axis fixed to the window so gaps show as gaps.
 */
export function sparklineSvg(samples: HealthSample[], opts: { now: number; windowMs?: number; width?: number; height?: number }): string {
  const { now, windowMs = HISTORY_MS, width = 480, height = 64 } = opts;
  const pad = 4;
  const max = Math.max(1, ...samples.map((s) => s.latencyMs));
  const x = (at: number) => pad + ((at - (now - windowMs)) / windowMs) * (width - 2 * pad);
  const y = (ms: number) => height - pad - (ms / max) * (height - 2 * pad);
  const pt = (s: HealthSample) => `${x(s.at).toFixed(1)},${y(s.latencyMs).toFixed(1)}`;
  const line = samples.length > 1 ? `<polyline fill="none" stroke="#3794ff" stroke-width="1.5" points="${samples.map(pt).join(' ')}"/>` : '';
  const dots = samples
    .map((s) => `<circle cx="${x(s.at).toFixed(1)}" cy="${y(s.latencyMs).toFixed(1)}" r="${s.status === 'ok' ? 1.5 : 3}" fill="${STATUS_COLOUR[s.status]}"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="latency over the last hour, up to ${formatMs(max)}"><rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="#8884"/>${line}${dots}</svg>`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** The same in text, one character per check (at most `width`, the latest): `▁▁▂▁✕✕▁`, ✕ for down, ! for degraded. */
export function sparklineText(samples: HealthSample[], width = 60): string {
  const shown = samples.slice(-width);
  const max = Math.max(1, ...shown.map((s) => s.latencyMs));
  return shown.map((s) => (s.status === 'down' ? '✕' : s.status === 'degraded' ? '!' : BARS[Math.min(7, Math.floor((s.latencyMs / max) * 8))])).join('');
}

/** `42 checks: 40 ok, 2 down · latency min 3 ms, median 12 ms, max 2.1 s` */
export function historySummary(samples: HealthSample[]): string {
  if (!samples.length) return 'no checks in the last hour';
  const counts = new Map<HealthStatus, number>();
  for (const s of samples) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const statuses = (['ok', 'degraded', 'down', 'unknown'] as const).filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${k}`);
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const median = latencies[Math.floor((latencies.length - 1) / 2)];
  return `${samples.length} check${samples.length === 1 ? '' : 's'}: ${statuses.join(', ')} · latency min ${formatMs(latencies[0])}, median ${formatMs(median)}, max ${formatMs(latencies[latencies.length - 1])}`;
}
