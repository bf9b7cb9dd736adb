// The window's view of the workspace's incidents: which one is active (kept in workspaceState),
// its folded state, and the context keys that drive `when` clauses. Every write goes through the
// core store; the incidents are cached (src/core/incident/cache.ts) and re-read only when their
// file changed, so an append or our own write seen again by the watcher costs no full re-read.
import * as vscode from 'vscode';
import { relative, isAbsolute } from 'node:path';
import { IncidentStore, type DeclareInput, type LoadedIncident } from '../../core/incident/store';
import { IncidentCache } from '../../core/incident/cache';
import { declareFromAlert } from '../../core/alerts/declare';
import type { IncidentEvent, NewEvent } from '../../core/incident/events';
import { isOpen } from '../../core/incident/state';
import { resolveActor } from '../../core/incident/actor';
import { cellRunEvents, type CellRunReport } from '../../core/incident/recordCellRun';
import { maskDeclareInput, maskNewEvent } from '../../core/incident/typedText';
import type { Masker } from '../../core/secrets/mask';
import type { IncidentSettings } from '../config';
import { CONTEXT } from '../ids';

/** A workspaceState key, written out on purpose: renaming it would forget each window's choice. */
const ACTIVE_KEY = 'incidentRunbooks.activeIncident';

export class IncidentSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private loaded: LoadedIncident | undefined;
  private incidents: LoadedIncident[] = [];
  private readonly cache: IncidentCache;
  /** The context keys and `onDidChange` fire at least once, even for an empty folder. */
  private first = true;
  private cachedActor: string | undefined;
  /** Timeline problems already shown, so a torn line is reported once, not on every refresh. */
  private readonly reported = new Set<string>();

  constructor(
    readonly root: string,
    private readonly memento: vscode.Memento,
    public config: IncidentSettings,
  ) {
    this.cache = new IncidentCache(this.store);
  }

  get store(): IncidentStore {
    return new IncidentStore(this.root, this.config.folder);
  }

  /** The active incident, open or resolved (a resolved one stays shown until another is picked). */
  get active(): LoadedIncident | undefined {
    return this.loaded;
  }

  get all(): readonly LoadedIncident[] {
    return this.incidents;
  }

  actor(): string {
    if (this.config.actor) return this.config.actor;
    return (this.cachedActor ??= resolveActor({ cwd: this.root }));
  }

  setConfig(config: IncidentSettings): void {
    const folderChanged = config.folder !== this.config.folder;
    this.config = config;
    this.cachedActor = undefined;
    if (folderChanged) this.cache.setStore(this.store);
    this.reload();
  }

  /** Re-reads the incidents whose timeline changed on disk; fires `onDidChange` if any did. */
  reload(): void {
    this.read(() => this.cache.refresh());
  }

  /** Forgets the cache and re-reads every incident ("Refresh Incidents"). */
  reloadAll(): void {
    this.read(() => {
      this.cache.reloadAll();
      return true;
    });
  }

  private read(refresh: () => boolean): void {
    let changed: boolean;
    try {
      changed = refresh();
    } catch (err) {
      changed = true;
      this.cache.setStore(this.store);
      void vscode.window.showErrorMessage(`Incident Runbooks: cannot read ${this.store.dir}: ${err instanceof Error ? err.message : err}`);
    }
    if (changed || this.first) this.update();
  }

  private update(): void {
    this.first = false;
    this.incidents = this.cache.all();
    const wanted = this.memento.get<string>(ACTIVE_KEY);
    this.loaded = this.incidents.find((i) => i.state.id === wanted) ?? this.incidents.find((i) => isOpen(i.state));
    if (this.loaded) this.reportProblems(this.loaded);
    void vscode.commands.executeCommand('setContext', CONTEXT.hasActive, this.loaded !== undefined);
    void vscode.commands.executeCommand('setContext', CONTEXT.activeResolved, this.loaded !== undefined && !isOpen(this.loaded.state));
    void vscode.commands.executeCommand('setContext', CONTEXT.hasIncidents, this.incidents.length > 0);
    this.changed.fire();
  }

  async setActive(id: string): Promise<void> {
    await this.memento.update(ACTIVE_KEY, id);
    this.cache.refresh();
    this.update();
  }

  declare(input: DeclareInput): LoadedIncident {
    const created = this.store.declare(input, this.actor());
    this.cache.added(created);
    void this.setActive(created.state.id);
    return created;
  }

  /**
   * Declares an incident with the events that come with it (an alert's `alert_received` and
   * `params_set`), everything masked first (an alert's annotations can hold anything), and makes
   * it the active one before returning.
   */
  async declareWith(input: DeclareInput, events: readonly NewEvent[], masker: Masker): Promise<LoadedIncident> {
    const { declared } = declareFromAlert(
      {
        declare: (typed) => {
          const created = this.store.declare(maskDeclareInput(typed, masker), this.actor());
          this.cache.added(created);
          return created;
        },
        append: (id, event) => this.cache.append(id, maskNewEvent(event, masker), this.actor()),
      },
      { declare: input, events: [...events] },
    );
    const id = declared.state.id;
    await this.setActive(id);
    return this.cache.get(id) ?? declared;
  }

  /** Appends to the active incident. Throws when there is none (the `when` clauses should prevent it). */
  append(event: NewEvent): IncidentEvent {
    const id = this.loaded?.state.id;
    if (!id) throw new Error('No incident is active. Declare one or switch to one first.');
    return this.appendTo(id, event);
  }

  /**
   * Appends to the incident `id`, active or not: for writes that belong to one incident whatever
   * is active by the time they land (setActive is async; a person may switch meanwhile).
   */
  appendTo(id: string, event: NewEvent): IncidentEvent {
    const written = this.cache.append(id, event, this.actor());
    this.update();
    return written;
  }

  /** A cell run from the notebook controller: recorded on the active incident while it is open. */
  recordCellRun({ record, ...beside }: CellRunReport, logLimitBytes?: number): void {
    if (!this.loaded || !isOpen(this.loaded.state)) return;
    const runbook = isAbsolute(record.runbook) && !relative(this.root, record.runbook).startsWith('..') ? relative(this.root, record.runbook) : record.runbook;
    const id = this.loaded.state.id;
    for (const event of cellRunEvents(this.store, id, { ...record, runbook }, { ...beside, logLimitBytes })) this.cache.append(id, event, this.actor());
    this.update();
  }

  private reportProblems(incident: LoadedIncident): void {
    for (const p of [...incident.problems.map((p) => p.message), ...incident.state.problems]) {
      const key = `${incident.state.id}:${p}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      void vscode.window.showWarningMessage(`Incident ${incident.state.id}: ${p}`);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
