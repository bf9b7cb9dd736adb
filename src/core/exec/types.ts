// What an executor takes and gives back. Plain data, no `vscode`: the controller and the CLI
// both adapt these to their own outputs.
import type { CellAttributes } from '../runbook/types';
import type { Masker } from '../secrets/mask';

export type ExecStatus = 'ok' | 'failed' | 'timeout' | 'cancelled';
export type Classification = 'diagnostic' | 'mitigation';

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  /** Already masked. */
  text: string;
}

export interface ExecRequest {
  code: string;
  /** The resolved variables: the whole environment a shell cell sees. */
  env: Record<string, string>;
  cwd: string;
  signal: AbortSignal;
  timeoutMs: number;
  attributes: CellAttributes;
  /** Cap on the text kept for a person (head + tail); the rest is counted, not kept. */
  maxOutputBytes: number;
  /** SQL: rows shown per result (the rest are counted). */
  rowLimit?: number;
  /** Diagnostic cells run read-only where the executor can enforce it (SQL). */
  classification?: Classification;
  /** Replaces secrets; every text an executor returns or streams passes through it. */
  masker: Masker;
  onOutput?(chunk: OutputChunk): void;
}

export interface SqlResultData {
  command: string;
  rowCount: number | null;
  columns: Array<{ name: string; type: string }>;
  /** At most `rowLimit` rows, values as text (null stays null). */
  rows: Array<Array<string | null>>;
  omittedRows: number;
}

export type ExecData =
  | { kind: 'sql'; results: SqlResultData[]; notices: string[] }
  | { kind: 'redis'; replies: Array<{ command: string; reply: unknown; error?: string }> }
  | { kind: 'http'; status: number; statusText: string; latencyMs: number; headers: Record<string, string>; json?: unknown };

export interface ExecResult {
  status: ExecStatus;
  exitCode?: number;
  durationMs: number;
  /** What a person reads: masked, capped, ANSI colours kept. */
  text: string;
  data?: ExecData;
  /** Masked. */
  error?: string;
  /** Bytes of output left out between head and tail. */
  omittedBytes?: number;
  /**
   * Shell cells with `capture=`: stdout alone (not stderr), masked and capped like `text`, for
   * the capture to read.
   */
  stdout?: string;
  /** Bytes of stdout left out of `stdout` (a capture refuses a value it does not have whole). */
  stdoutOmittedBytes?: number;
}

export type Executor = (req: ExecRequest) => Promise<ExecResult>;
