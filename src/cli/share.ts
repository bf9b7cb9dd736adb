// `runbook incident watch` and `runbook incident sync`: an incident shared through Redis
// (src/core/share). `sync` catches up once and exits; `watch` follows like `tail -f` until Ctrl-C.
// The server is named with its password masked in every line printed.
import { UsageError, type CliIO } from './io';
import type { IncidentStore } from '../core/incident/store';
import type { IncidentEvent } from '../core/incident/events';
import { isOpen } from '../core/incident/state';
import { STATUS_LABELS } from '../core/incident/rules';
import type { Masker } from '../core/secrets/mask';
import { maskedShareUrl, shareConfigFromEnv, type ShareConfig } from '../core/share/config';
import { maskText } from '../core/share/connect';
import { IncidentShare } from '../core/share/share';
import { printableLine as line } from './printable';

export interface ShareCliContext {
  store: IncidentStore;
  io: CliIO;
  actor: () => string;
  masker: Masker;
  /** --incident, --share, --json */
  incident?: string;
  share?: string;
  json?: boolean;
}

/** SIGPIPE: the reader of the output went away (stdio.ts). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGPIPE'] as const;
const RECENT = 10;

export async function shareSubcommand(sub: 'watch' | 'sync', ctx: ShareCliContext): Promise<number> {
  const config = configure(ctx);
  if (ctx.incident && !ctx.store.exists(ctx.incident) && sub === 'watch') {
    // Not here yet is fine: it may be on the server. Its id must still be one.
    ctx.store.timelinePath(ctx.incident);
  }
  return sub === 'sync' ? sync(ctx, config) : watch(ctx, config);
}

/**
 * After `runbook incident note` (or any other write) with sharing configured: publish at once, so
 * nobody waits for a sync. Offline is no failure: the write is on disk, and the next `sync`, a
 * running `watch` or the editor publishes it. With --incident only that incident is read.
 */
export async function publishAfterWrite(ctx: Omit<ShareCliContext, 'json'>): Promise<void> {
  let config: ShareConfig | undefined;
  try {
    config = shareConfigFromEnv(ctx.io.env, ctx.share);
  } catch (err) {
    ctx.io.stderr(`warning: not shared: ${line((err as Error).message)}\n`);
    return;
  }
  if (!config) return;
  const share = newShare({ ...ctx }, config, false);
  try {
    await share.syncOnce({ receive: false });
  } catch (err) {
    ctx.io.stderr(`warning: written here but not shared yet (${line(maskText((err as Error).message, config))}); \`runbook incident sync\` or a running \`watch\` will publish it\n`);
  }
}

function configure(ctx: ShareCliContext): ShareConfig {
  let config: ShareConfig | undefined;
  try {
    config = shareConfigFromEnv(ctx.io.env, ctx.share);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!config) throw new UsageError('nothing is shared: set RUNBOOK_SHARE_URL=redis://… (or rediss://…), or pass --share URL');
  return config;
}

function newShare(ctx: ShareCliContext, config: ShareConfig, events: boolean): IncidentShare {
  const { io } = ctx;
  const clean = (text: string) => line(maskText(ctx.masker.mask(text), config));
  return new IncidentShare({
    store: ctx.store,
    config,
    actor: ctx.masker.mask(ctx.actor()),
    incidents: ctx.incident ? [ctx.incident] : undefined,
    via: 'cli',
    onEvent: events ? (id, e) => io.stdout(ctx.json ? JSON.stringify({ incident: id, ...e }) + '\n' : formatEvent(id, e, !ctx.incident)) : undefined,
    onProblem: (message) => io.stderr(`warning: ${clean(message)}\n`),
    onStatus: (_online, message) => io.stderr(`${clean(message)}\n`),
  });
}

async function sync(ctx: ShareCliContext, config: ShareConfig): Promise<number> {
  const share = newShare(ctx, config, false);
  let counts;
  try {
    counts = await share.syncOnce();
  } catch (err) {
    throw new Error(maskText((err as Error).message, config), { cause: err });
  }
  if (ctx.json) {
    ctx.io.stdout(JSON.stringify({ server: maskedShareUrl(config.url), prefix: config.prefix, ...counts }, null, 2) + '\n');
    return 0;
  }
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  ctx.io.stdout(
    `synced with ${maskedShareUrl(config.url)} (prefix ${config.prefix}): published ${n(counts.published, 'event')}, received ${n(counts.received, 'event')}` +
      `${counts.skipped ? `, ${counts.skipped} already here` : ''}${counts.rejected ? `, ${counts.rejected} refused` : ''}\n`,
  );
  for (const id of counts.newIncidents) ctx.io.stdout(`new incident from the server: ${line(id)}\n`);
  return 0;
}

async function watch(ctx: ShareCliContext, config: ShareConfig): Promise<number> {
  const { io, store } = ctx;
  const share = newShare(ctx, config, true);
  // The tail first, as `tail -f` does: the last events of what is followed, oldest first.
  const shown = ctx.incident ? (store.exists(ctx.incident) ? [store.read(ctx.incident)] : []) : store.list().filter((i) => isOpen(i.state));
  if (!ctx.json) {
    for (const { state } of shown) for (const e of state.events.slice(-RECENT)) io.stdout(formatEvent(state.id, e, !ctx.incident));
    io.stderr(`following ${ctx.incident ? line(ctx.incident) : 'every shared incident'} on ${maskedShareUrl(config.url)} (prefix ${config.prefix}) as ${line(ctx.masker.mask(ctx.actor()))}; Ctrl-C to stop\n`);
  }
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = () => stop();
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    // Presence where this person is: the incident named, else the open ones.
    const here = ctx.incident ? [ctx.incident] : shown.map((i) => i.state.id);
    try {
      await share.start(here);
    } catch (err) {
      throw new Error(maskText((err as Error).message, config), { cause: err });
    }
    if (!ctx.json) showPresence(share, here, io, stopped);
    await stopped;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    await share.stop();
  }
  return 0;
}

/** Who else follows the incidents, at the start and whenever that changes (checked every 10 s). */
function showPresence(share: IncidentShare, ids: string[], io: CliIO, stopped: Promise<void>): void {
  const last = new Map<string, string>();
  const check = async () => {
    if (!share.isOnline) return;
    for (const id of ids) {
      const people = (await share.presence(id).catch(() => undefined))?.map((p) => `${p.actor}${p.via ? ` (${p.via})` : ''}`).join(', ');
      if (people === undefined || last.get(id) === people) continue;
      last.set(id, people);
      io.stderr(`here on ${line(id)}: ${line(people || '(nobody yet)')}\n`);
    }
  };
  void check();
  const timer = setInterval(() => void check(), 10_000);
  void stopped.then(() => clearInterval(timer));
}

/** One readable line per event: `10:42:07  <incident>  alice  note: pool at 100/100`. */
export function formatEvent(incident: string, e: IncidentEvent, withIncident: boolean): string {
  const time = e.ts.slice(11, 19);
  return `${time}  ${withIncident ? `${line(incident)}  ` : ''}${line(e.actor)}  ${line(describe(e))}\n`;
}

function describe(e: IncidentEvent): string {
  switch (e.type) {
    case 'declared':
      return `declared ${e.data.severity}: ${e.data.title}${e.data.commander ? ` (commander ${e.data.commander})` : ''}`;
    case 'severity_changed':
      return `severity ${e.data.severity}${why(e.data.reason)}`;
    case 'status_changed':
      return `status ${STATUS_LABELS[e.data.status]}${why(e.data.reason)}`;
    case 'commander_assigned':
      return `commander ${e.data.commander}`;
    case 'tags_changed':
      return `tags ${e.data.tags.join(', ') || '(none)'}`;
    case 'note_added':
      return `${e.data.kind}: ${e.data.text}${e.data.owner ? ` (owner ${e.data.owner})` : ''}${e.data.due ? ` (due ${e.data.due})` : ''}`;
    case 'checklist_toggled':
      return `${e.data.done ? 'ticked' : 'unticked'} ${e.data.item}`;
    case 'cell_run':
      return `ran ${e.data.cellName ?? `cell ${e.data.cellIndex}`} of ${e.data.runbook}: ${e.data.status}${e.data.exitCode != null ? ` (exit ${e.data.exitCode})` : ''}`;
    case 'health_changed':
      return `health ${e.data.check}: ${e.data.status}`;
    case 'message_generated':
      return `${e.data.kind} message written`;
    case 'postmortem_generated':
      return `post-mortem written${e.data.path ? `: ${e.data.path}` : ''}`;
    case 'alert_received':
      return `alert ${e.data.alertname}${e.data.status ? ` (${e.data.status})` : ''}`;
    case 'params_set':
      return `parameters ${Object.entries(e.data.params).map(([k, v]) => `${k}=${v}`).join(' ')}`;
    case 'variable_captured':
      return `captured ${e.data.name}`;
  }
}

function why(reason: string | undefined): string {
  return reason ? ` (${reason})` : '';
}
