// What a CLI command gets: its arguments and where to write. Commands return their exit code.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when a person can answer a question on the terminal. */
  interactive: boolean;
  /** Asks the person a question (only used when `interactive`); undefined is no answer. */
  ask?(question: string, options?: AskOptions): Promise<string | undefined>;
}

export interface AskOptions {
  /** Do not echo what is typed. */
  secret?: boolean;
  /** Cancelling the run withdraws the question (no answer). */
  signal?: AbortSignal;
}

export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Thrown for a bad command line: printed as `runbook: <message>` with exit code 2. */
export class UsageError extends Error {}
