// A small wrapper over node:util's parseArgs that turns its errors into usage errors.
import { parseArgs as nodeParseArgs } from 'node:util';
import { UsageError } from './io';

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
  try {
    const { values, positionals } = nodeParseArgs({ args, options, allowPositionals: true, strict: true });
    return { positionals, flags: values as Record<string, string | boolean | string[] | undefined> };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
