// Small benchmarking helpers. Every figure is reported beside a baseline measured in the same
// process (markdown-it's parse, a raw execa spawn, a raw pg query…), so numbers compare across machines.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchResult {
  /** What was measured, e.g. "open (text → cells), whole corpus". */
  name: string;
  /** Our figure and its unit (ms per op, MB/s…). */
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline.value (or the inverse for throughputs, as `ratioOf` says). */
  ratio?: number;
  /** The target for the ratio, e.g. "≤ 1.5×"; `ok` says whether this run met it. */
  target?: string;
  ok?: boolean;
  notes?: string;
}

export interface Bench {
  title: string;
  run(): Promise<BenchResult[]>;
}

/** Median milliseconds per call of `fn`, after a warm-up, over at least `minRuns` runs and `minMs`. */
export async function measure(fn: () => unknown | Promise<unknown>, opts: { minRuns?: number; minMs?: number; warmup?: number } = {}): Promise<number> {
  const { minRuns = 5, minMs = 300, warmup = 2 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < minRuns || performance.now() - started < minMs) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
    if (samples.length > 10_000) break;
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/**
 * Median milliseconds per call of `ours` and of `baseline`, measured alternately (one call of each
 * per round, which goes first swapping every round, so neither always runs in the other's wake),
 * so both see the same machine: on a shared VM, back-to-back blocks drift apart. The warm-up is
 * long enough for V8 to optimise both sides fully.
 */
export async function measurePair(
  ours: () => unknown | Promise<unknown>,
  baseline: () => unknown | Promise<unknown>,
  opts: { rounds?: number; warmup?: number } = {},
): Promise<{ ours: number; baseline: number; perRound: number }> {
  const { rounds = 2000, warmup = 1000 } = opts;
  const a: number[] = [];
  const b: number[] = [];
  const time = async (fn: () => unknown | Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  for (let i = 0; i < warmup + rounds; i++) {
    let da: number, db: number;
    if (i % 2 === 0) {
      da = await time(ours);
      db = await time(baseline);
    } else {
      db = await time(baseline);
      da = await time(ours);
    }
    if (i >= warmup) {
      a.push(da);
      b.push(db);
    }
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1];
  // Each round's ratio sees one moment of the machine: a second reading, steadier when the load changes.
  const perRound = median(a.map((x, i) => x / b[i]));
  return { ours: median(a), baseline: median(b), perRound };
}

/** A result for "ours vs baseline" where lower is better; `max` is the target ratio. */
export function ratioResult(name: string, ours: number, baselineName: string, baseline: number, max: number, unit = 'ms'): BenchResult {
  const ratio = ours / baseline;
  return { name, value: ours, unit, baseline: { name: baselineName, value: baseline }, ratio, target: `≤ ${max}×`, ok: ratio <= max };
}

/**
 * Modules as they ship: `contents` (exports from the repository's sources) bundled by esbuild with
 * the production settings esbuild.js builds the extension with, so what is measured runs without
 * tsx's per-function wrappers. PostgreSQL's parser loads its WebAssembly from beside the bundle,
 * as in dist/, and is loaded before the bundle is handed back.
 */
export async function shippedBundle<T>(contents: string): Promise<T> {
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  try {
    const outfile = join(dir, 'bundle.js');
    await esbuild.build({
      stdin: { contents: `${contents}\nexport { loadParsers } from './src/core/exec/parsers';`, resolveDir: join(__dirname, '..'), loader: 'ts' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      logLevel: 'warning',
      external: ['vscode', 'pg-native'],
      outfile,
    });
    copyFileSync(require.resolve('libpg-query/wasm/libpg-query.wasm'), join(dir, 'libpg-query.wasm'));
    const mod = require(outfile);
    await mod.loadParsers();
    return mod as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
