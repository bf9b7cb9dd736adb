// The incident a PromQL cell's window covers, for the CLI: the one --incident names, else the most
// recent open one in the workspace. The editor passes its session's incident instead.
import { isOpen, type IncidentState } from '../../incident/state';
import { DEFAULT_INCIDENT_FOLDER, IncidentStore } from '../../incident/store';
import { incidentStartOf } from './window';

/** When that incident began (ISO), or undefined when there is none (the window is then the last hour). */
export function incidentStartIn(workspace: string, opts: { folder?: string; incident?: string } = {}): string | undefined {
  try {
    const store = new IncidentStore(workspace, opts.folder ?? DEFAULT_INCIDENT_FOLDER);
    const loaded = opts.incident ? store.read(opts.incident) : store.mostRecentOpen();
    return loaded ? incidentStartOf(loaded.state) : undefined;
  } catch {
    // An unreadable incident folder must not stop a query: it runs over the last hour instead.
    return undefined;
  }
}

/** For the editor: when its active incident began, while that incident is open. */
export function openIncidentStart(state: IncidentState | undefined): string | undefined {
  return state && isOpen(state) ? incidentStartOf(state) : undefined;
}
