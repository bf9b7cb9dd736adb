// What a CLI command gets: its arguments and where to write. Commands return their exit code.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when a person can answer a question on the terminal. */
  interactive: boolean;
}

export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Thrown for a bad command line: printed as `runbook: <message>` with exit code 2. */
export class UsageError extends Error {}
