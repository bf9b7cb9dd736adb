// Sharing an incident through Redis: from an append on A to the event on B's disk, against a raw
// XADD → XREAD BLOCK round trip on the same server (the least any relay does); then the memory and
// CPU of a subscriber following 10 incidents, against a raw XREAD loop over the same streams.
// Starts its own Redis; both sides run in this process, so the figures are the relay's, not a network's.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { Bench, BenchResult } from './lib';
import { startRedis } from '../test/support/services';
import { IncidentStore } from '../src/core/incident/store';
import { appendEvent, makeEvent } from '../src/core/incident/timeline';
import { shareConfig } from '../src/core/share/config';
import { IncidentShare } from '../src/core/share/share';

const EVENTS = 1000;
const TARGET = 2;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const bench: Bench = {
  title: 'Incident sharing (Redis)',
  async run(): Promise<BenchResult[]> {
    const redis = await startRedis();
    const dirs = [mkdtempSync(join(tmpdir(), 'share-bench-a-')), mkdtempSync(join(tmpdir(), 'share-bench-b-'))];
    const shares: IncidentShare[] = [];
    try {
      const config = shareConfig(redis.url, 'bench');
      const [a, b] = dirs;
      const storeA = new IncidentStore(a);
      const id = storeA.declare({ title: 'Bench', severity: 'P2' }, 'alice').state.id;

      let waiting: { id: string; resolve: () => void } | undefined;
      const onB = (_incident: string, e: { id: string }) => {
        if (waiting && e.id === waiting.id) waiting.resolve();
      };
      const sa = new IncidentShare({ store: storeA, config, actor: 'alice' });
      const sb = new IncidentShare({ store: new IncidentStore(b), config, actor: 'bob', onEvent: onB });
      shares.push(sa, sb);
      await sa.start();
      await sb.start();
      const arrived = (eventId: string) => new Promise<void>((resolve) => (waiting = { id: eventId, resolve }));

      // Raw: a blocked XREAD on one connection, an XADD on another.
      const producer = new Redis(redis.url);
      const consumer = new Redis(redis.url);
      let rawCursor = '$';
      const raw = async () => {
        const read = consumer.xread('BLOCK', 5000, 'STREAMS', 'raw', rawCursor);
        await new Promise((r) => setImmediate(r)); // the XREAD is on the wire before the XADD
        const t = performance.now();
        rawCursor = (await producer.xadd('raw', '*', 'e', 'x'.repeat(200)))!;
        await read;
        return performance.now() - t;
      };
      // The same work with none of sharing's logic: append + fsync on A, XADD → XREAD, append + fsync on B.
      let floorCursor = '$';
      const floorFiles = [join(a, 'floor.jsonl'), join(b, 'floor.jsonl')];
      const floor = async () => {
        const read = consumer.xread('BLOCK', 5000, 'STREAMS', 'floor', floorCursor);
        await new Promise((r) => setImmediate(r));
        const t = performance.now();
        const e = makeEvent({ type: 'note_added', data: { text: 'latency probe' } }, 'alice');
        appendEvent(floorFiles[0], e);
        floorCursor = (await producer.xadd('floor', '*', 'e', JSON.stringify(e)))!;
        const reply = (await read) as unknown as Array<[string, Array<[string, string[]]>]>;
        appendEvent(floorFiles[1], JSON.parse(reply[0][1][0][1][1]));
        return performance.now() - t;
      };
      // Ours, as the extension does it: the store's append, then a nudge.
      const ours = async (nudge: boolean) => {
        const t = performance.now();
        const e = storeA.append(id, { type: 'note_added', data: { text: 'latency probe' } }, 'alice');
        const done = arrived(e.id);
        if (nudge) sa.nudge();
        await done;
        return performance.now() - t;
      };
      for (let i = 0; i < 50; i++) {
        await raw();
        await floor();
        await ours(true);
      }
      const rawMs: number[] = [];
      const floorMs: number[] = [];
      const ourMs: number[] = [];
      for (let i = 0; i < EVENTS; i++) {
        // Interleaved, each going first in turn, so all three see the same moments of a shared machine.
        const order = [() => raw().then((x) => rawMs.push(x)), () => floor().then((x) => floorMs.push(x)), () => ours(true).then((x) => ourMs.push(x))];
        for (let k = 0; k < 3; k++) await order[(i + k) % 3]();
      }
      // Another process appending (the CLI): found through the file watcher, no nudge.
      const watchedMs: number[] = [];
      for (let i = 0; i < 100; i++) watchedMs.push(await ours(false));
      producer.disconnect();
      consumer.disconnect();
      await sa.stop();
      await sb.stop();

      const median = quantile(ourMs, 0.5);
      const rawMedian = quantile(rawMs, 0.5);
      const results: BenchResult[] = [
        {
          name: `append on A → on B's disk, median of ${EVENTS}`,
          value: median,
          unit: 'ms',
          baseline: { name: 'raw XADD → XREAD BLOCK round trip', value: rawMedian },
          ratio: median / rawMedian,
          target: `≤ ${TARGET}×`,
          ok: median / rawMedian <= TARGET,
          notes: "includes A's append and B's write, each with its fsync, which the raw round trip does not do",
        },
        {
          name: `append on A → on B's disk, p99 of ${EVENTS}`,
          value: quantile(ourMs, 0.99),
          unit: 'ms',
          baseline: { name: 'raw XADD → XREAD BLOCK p99', value: quantile(rawMs, 0.99) },
          ratio: quantile(ourMs, 0.99) / quantile(rawMs, 0.99),
          target: `≤ ${TARGET}×`,
          ok: quantile(ourMs, 0.99) / quantile(rawMs, 0.99) <= TARGET,
        },
        {
          name: `append on A → on B's disk against the same work done raw, median of ${EVENTS}`,
          value: median,
          unit: 'ms',
          baseline: { name: 'append + fsync, XADD → XREAD, append + fsync', value: quantile(floorMs, 0.5) },
          ratio: median / quantile(floorMs, 0.5),
          target: `≤ ${TARGET}×`,
          ok: median / quantile(floorMs, 0.5) <= TARGET,
          notes: `p99 ${quantile(ourMs, 0.99).toFixed(2)} ms against ${quantile(floorMs, 0.99).toFixed(2)} ms`,
        },
        {
          name: 'append by another process (file watcher, no nudge) → on B, median of 100',
          value: quantile(watchedMs, 0.5),
          unit: 'ms',
          notes: `p99 ${quantile(watchedMs, 0.99).toFixed(2)} ms; no target set`,
        },
      ];
      results.push(...(await subscriberCost(redis.url, storeA, config.prefix)));
      return results;
    } finally {
      await Promise.all(shares.map((s) => s.stop()));
      await redis.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  },
};

/** RSS and CPU of a subscriber process following 10 incidents while they get 20 events a second each. */
async function subscriberCost(url: string, store: IncidentStore, prefix: string): Promise<BenchResult[]> {
  const ids = Array.from({ length: 10 }, (_, i) => store.declare({ title: `Followed ${i}`, severity: 'P3' }, 'alice').state.id);
  const publisher = new IncidentShare({ store, config: shareConfig(url, prefix), actor: 'alice', incidents: ids });
  await publisher.start();
  const sub = mkdtempSync(join(tmpdir(), 'share-bench-sub-'));
  try {
    const measureOne = async (mode: 'share' | 'raw') => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'shareSubscriber.ts'), mode, url, prefix, sub, ids.join(',')], {
        cwd: join(__dirname, '..'),
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      await ready(child);
      await new Promise((r) => setTimeout(r, 1000)); // settle after start-up
      const before = usage(child.pid!);
      const seconds = 10;
      for (let t = 0; t < seconds * 20; t++) {
        for (const id of ids) store.append(id, { type: 'note_added', data: { text: `tick ${t}` } }, 'alice');
        publisher.nudge();
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 500));
      const after = usage(child.pid!);
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
      return { cpuPct: ((after.cpuMs - before.cpuMs) / (seconds * 1000 + 500)) * 100, rssMb: after.rssKb / 1024 };
    };
    const raw = await measureOne('raw');
    const ours = await measureOne('share');
    return [
      {
        name: 'subscriber following 10 incidents (200 events/s in all): CPU',
        value: ours.cpuPct,
        unit: '% of a core',
        baseline: { name: 'raw XREAD BLOCK loop, same streams, writing nothing', value: raw.cpuPct },
        ratio: ours.cpuPct / raw.cpuPct,
        notes: 'ours validates each event and appends it with an fsync; no target set',
      },
      {
        name: 'subscriber following 10 incidents: resident memory',
        value: ours.rssMb,
        unit: 'MB',
        baseline: { name: 'raw XREAD BLOCK loop (same Node + tsx)', value: raw.rssMb },
        ratio: ours.rssMb / raw.rssMb,
        notes: 'no target set',
      },
    ];
  } finally {
    await publisher.stop();
    rmSync(sub, { recursive: true, force: true });
  }
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the subscriber exited (${code}) before it was ready`)));
  });
}

/** CPU time (user + system) and resident memory of a process, from /proc (Linux). */
function usage(pid: number): { cpuMs: number; rssKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs: (ticks * 1000) / 100, rssKb: Number(rss?.[1] ?? 0) };
}

export default bench;
