// Which checks may run. In an untrusted workspace none does: the repository chose their hosts,
// headers and commands, and `$VAR`s from our environment would be sent there.
import type { CheckConfig } from './config';

export const UNTRUSTED_REASON = 'this workspace is not trusted';

export function checksForTrust(checks: readonly CheckConfig[], trusted: boolean): { run: CheckConfig[]; blocked: CheckConfig[] } {
  return trusted ? { run: [...checks], blocked: [] } : { run: [], blocked: [...checks] };
}
