// Command-line helpers every subcommand shares: node:util's parseArgs with its errors turned into
// usage errors, and the workspace a command works in.
import { resolve } from 'node:path';
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type CliIO } from './io';

/** node:util's parseArgs (strict, positionals allowed), its errors as usage errors. */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return nodeParseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** `--workspace DIR`, relative to the current directory; the current directory without it. */
export function workspaceRoot(io: CliIO, workspace: unknown): string {
  return resolve(io.cwd, typeof workspace === 'string' && workspace ? workspace : '.');
}

export interface ArgSpec {
  boolean?: string[];
  string?: string[];
  /** Options that may be given more than once. */
  multiple?: string[];
  short?: Record<string, string>;
}

export function parseArgs(args: string[], spec: ArgSpec): { positionals: string[]; flags: Record<string, string | boolean | string[] | undefined> } {
  const options: Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string }> = {};
  for (const b of spec.boolean ?? []) options[b] = { type: 'boolean' };
  for (const s of spec.string ?? []) options[s] = { type: 'string', multiple: spec.multiple?.includes(s) ?? false };
  for (const [short, long] of Object.entries(spec.short ?? {})) if (options[long]) options[long].short = short;
  const { values, positionals } = parseOptions(args, options);
  return { positionals, flags: values as Record<string, string | boolean | string[] | undefined> };
}
