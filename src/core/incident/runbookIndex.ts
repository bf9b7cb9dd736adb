// The workspace's runbooks as the incident views need them: title, services, symptoms. Built from
// each file's frontmatter by the same parser the notebook uses.
import { frontmatterOf } from '../runbook/frontmatter';

export interface RunbookEntry {
  /** As given by the caller (a path or URI string). */
  path: string;
  title: string;
  services: string[];
  symptoms: string[];
  severity?: string;
}

export const NO_SERVICE = '(no service)';

export function indexRunbook(path: string, text: string): RunbookEntry {
  const fm = frontmatterOf(text);
  const fallback = path.split(/[\\/]/).pop()?.replace(/\.runbook\.md$/, '') ?? path;
  return { path, title: fm?.title?.trim() || fallback, services: fm?.services ?? [], symptoms: fm?.symptoms ?? [], severity: fm?.severity };
}

/** Service → runbooks, services sorted; a runbook with several services appears under each (once, even if listed twice). */
export function groupByService(entries: readonly RunbookEntry[]): Map<string, RunbookEntry[]> {
  const groups = new Map<string, RunbookEntry[]>();
  for (const entry of entries) {
    for (const service of new Set(entry.services.length ? entry.services : [NO_SERVICE])) {
      const list = groups.get(service) ?? [];
      list.push(entry);
      groups.set(service, list);
    }
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a === NO_SERVICE ? 1 : b === NO_SERVICE ? -1 : a.localeCompare(b))));
}

/** One pick per (symptom, runbook), for "Find Runbook by Symptom". */
export function symptomChoices(entries: readonly RunbookEntry[]): Array<{ symptom: string; runbook: RunbookEntry }> {
  const out: Array<{ symptom: string; runbook: RunbookEntry }> = [];
  for (const runbook of entries) for (const symptom of runbook.symptoms) out.push({ symptom, runbook });
  return out.sort((a, b) => a.symptom.localeCompare(b.symptom));
}
