// Which services an incident touched, read from the frontmatter of the runbooks its cells ran from.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { frontmatterOf } from '../runbook/frontmatter';
import type { IncidentState } from '../incident/state';

/** `services` per runbook path recorded on the cell runs; unreadable or missing runbooks are skipped. */
export function readRunbookServices(workspace: string, state: Pick<IncidentState, 'cellRuns'>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const path of new Set(state.cellRuns.map((r) => r.runbook))) {
    const file = isAbsolute(path) ? path : join(workspace, path);
    try {
      if (!existsSync(file)) continue;
      const services = frontmatterOf(readFileSync(file, 'utf8'))?.services ?? [];
      if (services.length) out[path] = services;
    } catch {
      // A runbook we cannot read only costs us its service names.
    }
  }
  return out;
}
