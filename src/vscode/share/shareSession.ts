// The window's side of a shared incident (src/core/share does the work): runs one `IncidentShare`
// over the workspace's incidents folder while sharing is configured and the workspace trusted;
// a remote event re-reads the session (so the views and the status bar follow), a local append
// publishes at once, presence follows the active incident, and the connection's state is a
// status-bar item. Every message passes through `maskText` with the URL holding the password.
import * as vscode from 'vscode';
import type { Masker } from '../../core/secrets/mask';
import { maskedShareUrl, shareConfig, withPassword, type ShareConfig } from '../../core/share/config';
import { maskText } from '../../core/share/connect';
import { IncidentShare, type PresenceEntry } from '../../core/share/share';
import type { ShareSettings } from '../config';
import { COMMAND } from '../ids';
import type { IncidentSession } from '../incident/session';
import type { SharePassword } from './password';

/** Who else is here is asked this often (presence keys live 30 s and are refreshed every 10 s). */
const PRESENCE_POLL_MS = 5_000;
/** Remote events come in bursts: one re-read for a burst. */
const RELOAD_DEBOUNCE_MS = 20;

export type ShareState =
  | { kind: 'off' } // not configured, or the workspace is not trusted
  | { kind: 'stopped' } // "Stop Sharing"
  | { kind: 'starting'; where: string }
  | { kind: 'online'; where: string }
  | { kind: 'offline'; where: string; why: string }
  | { kind: 'failed'; message: string };

export interface ShareSessionDeps {
  session: IncidentSession;
  /** The settings, read at each (re)start. */
  settings(): ShareSettings;
  password: SharePassword;
  masker(): Promise<Masker>;
  isTrusted(): boolean;
}

export class ShareSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The state or who is here changed. */
  readonly onDidChange = this.changed.event;
  private readonly item = vscode.window.createStatusBarItem('incidentRunbooks.share', vscode.StatusBarAlignment.Left, 99);
  private share?: IncidentShare;
  private config?: ShareConfig;
  private current: ShareState = { kind: 'off' };
  private presenceFor?: string;
  private here?: PresenceEntry[];
  private stoppedByUser = false;
  private queue: Promise<void> = Promise.resolve();
  private reloadTimer?: ReturnType<typeof setTimeout>;
  private presenceTimer?: ReturnType<typeof setInterval>;
  /** Messages shown already: a failure repeated by every reconnect is shown once. */
  private readonly shown = new Set<string>();
  private asked = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: ShareSessionDeps) {
    this.item.name = 'Incident Sharing';
    this.item.command = COMMAND.showSharingStatus;
    // Every append (a command, a cell run, another process seen by the watcher) changes the session.
    this.subscriptions = [deps.session.onDidChange(() => this.sessionChanged())];
  }

  get state(): ShareState {
    return this.current;
  }

  /** The server and prefix, password masked (undefined when nothing is configured). */
  get where(): string | undefined {
    return this.config && `${maskedShareUrl(this.config.url)} (prefix ${this.config.prefix})`;
  }

  /** Who follows the active incident, for the Incident view; undefined hides the row (not shared, or offline). */
  hereNow(): string | undefined {
    if (!this.here || this.current.kind !== 'online') return undefined;
    return this.here.map((p) => p.actor).join(', ') || '(nobody yet)';
  }

  /** The status-bar item's text, for the tests. */
  get statusText(): string {
    return this.current.kind === 'off' ? '' : this.item.text;
  }

  /** (Re)starts from the settings and the stored password; calls run one after another. */
  restart(opts: { byUser?: boolean } = {}): Promise<void> {
    if (opts.byUser) {
      this.stoppedByUser = false;
      // Asked again: the same failure is worth showing again (once more, however many restarts follow).
      this.asked++;
    }
    return this.enqueue(() => this.run());
  }

  /** "Stop Sharing": until "Start Sharing", a new password or a reload of the window. */
  stop(): Promise<void> {
    this.stoppedByUser = true;
    return this.enqueue(async () => {
      await this.halt();
      this.setState({ kind: 'stopped' });
    });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work).catch((err) => this.showOnce('error', `Incident sharing: ${this.clean(String((err as Error)?.message ?? err))}`));
    return this.queue;
  }

  private async run(): Promise<void> {
    await this.halt();
    if (this.stoppedByUser) return this.setState({ kind: 'stopped' });
    const settings = this.deps.settings();
    for (const p of settings.problems) this.showOnce('warning', p);
    // Nothing is shared unless configured, and never from a workspace not trusted (its settings could name any server).
    if (!settings.url || !this.deps.isTrusted()) return this.setState({ kind: 'off' });
    const config = shareConfig(withPassword(settings.url, await this.deps.password.get()), settings.prefix, process.env.RUNBOOK_SHARE_CA);
    this.config = config;
    const where = maskedShareUrl(config.url);
    const masker = await this.deps.masker();
    // Closed while reading the secrets: start nothing.
    if (this.stoppedByUser) return;
    const session = this.deps.session;
    const share: IncidentShare = new IncidentShare({
      store: session.store,
      config,
      actor: masker.mask(session.actor()),
      via: 'vscode',
      onEvent: (_id, _event, origin) => share === this.share && origin === 'remote' && this.remoteEvent(),
      onProblem: (message) => share === this.share && this.showOnce('warning', `Incident sharing: ${this.clean(message)}`),
      onStatus: (online, message) => {
        if (share !== this.share) return;
        this.setState(online ? { kind: 'online', where } : { kind: 'offline', where, why: this.clean(message) });
        void this.refreshPresence();
      },
    });
    this.share = share;
    this.presenceFor = session.active?.state.id;
    // Not the previous server's state: "connected" must be about this one.
    this.setState({ kind: 'starting', where });
    try {
      await share.start(this.presenceFor ? [this.presenceFor] : []);
    } catch (err) {
      // A refused password or an untrusted certificate: retrying will not fix it. Said once, masked.
      this.share = undefined;
      const message = this.clean((err as Error).message);
      this.setState({ kind: 'failed', message });
      const hint = /refused the credentials/.test(message) ? ' Run "Incident: Set Sharing Password" to change the password.' : '';
      this.showOnce('error', `Incident sharing stopped: ${message}.${hint}`);
      return;
    }
    this.presenceTimer = setInterval(() => void this.refreshPresence(), PRESENCE_POLL_MS);
    void this.refreshPresence();
  }

  private async halt(): Promise<void> {
    clearInterval(this.presenceTimer);
    clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
    const share = this.share;
    this.share = undefined;
    this.here = undefined;
    await share?.stop();
  }

  private remoteEvent(): void {
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      this.deps.session.reload();
    }, RELOAD_DEBOUNCE_MS);
  }

  private sessionChanged(): void {
    const share = this.share;
    if (!share) return;
    // Publish now rather than at the core's next check (a remote event re-read costs a stat here).
    share.nudge();
    const active = this.deps.session.active?.state.id;
    if (active === this.presenceFor) return;
    this.presenceFor = active;
    share.setPresence(active ? [active] : []);
    this.here = undefined;
    this.changed.fire();
    // setPresence writes our own key asynchronously: ask a moment later to find ourselves too.
    setTimeout(() => void this.refreshPresence(), 200);
  }

  private async refreshPresence(): Promise<void> {
    const share = this.share;
    const id = this.presenceFor;
    let here: PresenceEntry[] | undefined;
    if (share?.isOnline && id) here = await share.presence(id).catch(() => undefined);
    if (share !== this.share || id !== this.presenceFor) return;
    const key = (list?: PresenceEntry[]) => JSON.stringify(list?.map((p) => [p.actor, p.via]));
    if (key(here) === key(this.here)) return;
    this.here = here;
    this.render();
    this.changed.fire();
  }

  private setState(state: ShareState): void {
    this.current = state;
    this.render();
    this.changed.fire();
  }

  private render(): void {
    const s = this.current;
    const item = this.item;
    item.backgroundColor = undefined;
    switch (s.kind) {
      case 'off':
        item.hide();
        return;
      case 'stopped':
        item.text = '$(circle-slash) Not shared';
        item.tooltip = 'Sharing is stopped in this window. "Incident: Start Sharing" starts it again.';
        break;
      case 'starting':
        item.text = '$(sync~spin) Sharing…';
        item.tooltip = `Connecting to ${s.where}`;
        break;
      case 'online': {
        const here = this.hereNow();
        item.text = '$(broadcast) Shared · connected';
        item.tooltip = `Shared through ${this.where}: connected.${here ? ` Here now: ${here}.` : ''}`;
        break;
      }
      case 'offline':
        item.text = '$(debug-disconnect) Shared · offline';
        item.tooltip = `${s.why}. What is written here is kept, and published on reconnect.`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'failed':
        item.text = '$(error) Sharing stopped';
        item.tooltip = s.message;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    item.show();
  }

  /** One line for "Show Sharing Status". */
  describe(): string {
    const s = this.current;
    switch (s.kind) {
      case 'off':
        return this.deps.isTrusted()
          ? 'Incidents are not shared: set incidentRunbooks.share.url (redis://user@host or rediss://…) and run "Incident: Set Sharing Password" if the server needs one.'
          : 'Incidents are not shared in an untrusted workspace.';
      case 'stopped':
        return 'Sharing is stopped in this window.';
      case 'starting':
        return `Connecting to ${this.where}…`;
      case 'online':
        return `Shared through ${this.where}: connected.${this.hereNow() ? ` Here now: ${this.hereNow()}.` : ''}`;
      case 'offline':
        return `Shared through ${this.where}: ${s.why}. What is written here is published on reconnect.`;
      case 'failed':
        return `Sharing stopped: ${s.message}`;
    }
  }

  private clean(text: string): string {
    return this.config ? maskText(text, this.config) : text;
  }

  private showOnce(level: 'warning' | 'error', message: string): void {
    const key = `${this.asked} ${message}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    void (level === 'error' ? vscode.window.showErrorMessage(message) : vscode.window.showWarningMessage(message));
  }

  /** Leaves presence and saves the cursors (deactivate waits for it). */
  close(): Promise<void> {
    this.stoppedByUser = true;
    return this.enqueue(() => this.halt());
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    void this.close();
    this.item.dispose();
    this.changed.dispose();
  }
}
