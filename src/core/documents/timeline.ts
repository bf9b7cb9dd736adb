// The incident's story for a post-mortem: one line per thing that mattered, read from the folded
// state's events. Diagnostic cell runs in a row are told as one line ("ran 4 diagnostic cells
// in …"); a mitigation is always its own line, because that is what changed the system. Each run
// with a log on disk is linked to it, so the post-mortem leads to the evidence.
import { basename } from 'node:path';
import type { CellRunRecord, IncidentEvent } from '../incident/events';
import { STATUS_LABELS } from '../incident/rules';
import { formatClock, utcDay } from './format';

export interface TimelineEntry {
  /** `03:12`, or `2026-11-27 03:12` when the incident spans more than one UTC day. */
  time: string;
  text: string;
  /** The whole output of the runs on this line, as links from the document to `runs/<event-id>.log`. */
  logs: RunLogLink[];
  hasLogs: boolean;
}

export interface RunLogLink {
  /** The cell's name, or `cell 3`. */
  name: string;
  /** Relative to the document (or to the workspace when the document's place is not known). */
  path: string;
}

/** Turns a run's `log` (relative to the incident's folder) into the link the document writes. */
export type RunLinker = (log: string) => string;

const MESSAGE_NAMES: Record<string, string> = {
  'status-page': 'Status page update',
  resolution: 'Resolution notice',
  slack: 'Slack announcement',
};

interface Draft {
  ts: string;
  text: string;
  logs: RunLogLink[];
  /** Set while this line is a group of diagnostic runs that can still grow. */
  runs?: { runbook: string; statuses: string[] };
}

/** Whether times need their date: the events (and `until`, e.g. now) fall on different UTC days. */
export function spansDays(events: readonly IncidentEvent[], until?: string): boolean {
  if (events.length === 0) return false;
  const first = utcDay(events[0].ts);
  const last = utcDay(until ?? events[events.length - 1].ts);
  return first !== last || events.some((e) => utcDay(e.ts) !== first);
}

export function buildTimeline(events: readonly IncidentEvent[], withDate: boolean, linkRun?: RunLinker): TimelineEntry[] {
  const drafts: Draft[] = [];
  let severity: string | undefined;
  let status = 'investigating';
  let commander: string | undefined;
  const push = (ts: string, text: string) => drafts.push({ ts, text, logs: [] });
  // The alert that detected the incident is told with the detection, not again when it was recorded.
  const firstAlert = events.find((e) => e.type === 'alert_received');

  for (const e of events) {
    switch (e.type) {
      case 'declared':
        severity = e.data.severity;
        commander = e.data.commander;
        if (e.data.detectedAt) push(new Date(e.data.detectedAt).toISOString(), firstAlert?.type === 'alert_received' ? `Alert ${alertText(firstAlert.data)} started firing` : 'Problem detected');
        push(e.ts, `Incident declared as ${e.data.severity}${e.data.commander ? `, ${e.data.commander} as incident commander` : ''}`);
        break;
      case 'alert_received':
        if (e === firstAlert) break;
        push(e.ts, `Alert ${alertText(e.data)}${e.data.status === 'resolved' ? ' resolved' : ' received'}`);
        break;
      case 'severity_changed': {
        if (e.data.severity === severity) break;
        const verb = severity && e.data.severity < severity ? 'raised' : 'lowered';
        push(e.ts, `Severity ${severity ? `${verb} from ${severity} ` : ''}to ${e.data.severity}${reason(e.data.reason)}`);
        severity = e.data.severity;
        break;
      }
      case 'status_changed': {
        const to = e.data.status;
        if (to === status) break;
        if (to === 'resolved') push(e.ts, `Incident resolved${reason(e.data.reason)}`);
        else if (status === 'resolved') push(e.ts, `Incident reopened, status ${STATUS_LABELS[to]}${reason(e.data.reason)}`);
        else push(e.ts, `Status changed to ${STATUS_LABELS[to]}${reason(e.data.reason)}`);
        status = to;
        break;
      }
      case 'commander_assigned':
        if (e.data.commander === commander) break;
        commander = e.data.commander;
        push(e.ts, `${e.data.commander} took over as incident commander`);
        break;
      case 'note_added':
        if (e.data.kind === 'finding') push(e.ts, `Finding: ${e.data.text}`);
        else if (e.data.kind === 'note') push(e.ts, `Note: ${e.data.text}`);
        // Action items have their own section.
        break;
      case 'cell_run':
        addRun(drafts, e.ts, e.data, linkRun);
        break;
      case 'message_generated':
        push(e.ts, `${MESSAGE_NAMES[e.data.kind] ?? `Message (${e.data.kind})`} prepared`);
        break;
      default:
        // Checklist ticks, health readings and post-mortem drafts would drown the story.
        break;
    }
  }
  return drafts.map((d) => ({ time: formatClock(d.ts, withDate), text: d.runs ? runsText(d.runs) : d.text, logs: d.logs, hasLogs: d.logs.length > 0 }));
}

/** `KubePodCrashLooping (namespace=payments, pod=api-7f9c)`: the labels that say where. */
export function alertText(a: { alertname: string; labels: Record<string, string> }): string {
  const where = Object.entries(a.labels).filter(([k]) => k !== 'alertname' && k !== 'severity');
  return `${a.alertname}${where.length ? ` (${where.map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`;
}

function addRun(drafts: Draft[], ts: string, run: CellRunRecord, linkRun?: RunLinker): void {
  const runbook = basename(run.runbook);
  const logs = run.log && linkRun ? [{ name: run.cellName || `cell ${run.cellIndex + 1}`, path: linkRun(run.log) }] : [];
  if (run.classification === 'mitigation') {
    drafts.push({ ts, text: mitigationText(run), logs });
    return;
  }
  const last = drafts[drafts.length - 1];
  if (last?.runs && last.runs.runbook === runbook) {
    last.runs.statuses.push(run.status);
    last.logs.push(...logs);
  } else drafts.push({ ts, text: '', logs, runs: { runbook, statuses: [run.status] } });
}

/** `Ran mitigation restart-redis in redis-cache-failure.runbook.md (succeeded)`. */
export function mitigationText(run: CellRunRecord): string {
  const name = run.cellName ? `\`${run.cellName}\`` : `cell ${run.cellIndex + 1}`;
  return `Ran mitigation ${name} in ${basename(run.runbook)} (${outcome(run.status)})`;
}

function runsText(runs: { runbook: string; statuses: string[] }): string {
  const n = runs.statuses.length;
  const failed = runs.statuses.filter((s) => s !== 'ok').length;
  const tail = failed === 0 ? '' : failed === n ? (n === 1 ? ' (it failed)' : ' (all failed)') : ` (${failed} failed)`;
  return `Ran ${n} diagnostic cell${n === 1 ? '' : 's'} in ${runs.runbook}${tail}`;
}

function outcome(status: string): string {
  return status === 'ok' ? 'succeeded' : status === 'failed' ? 'failed' : status === 'timeout' ? 'timed out' : status;
}

function reason(text: string | undefined): string {
  return text?.trim() ? `: ${text.trim()}` : '';
}
