// The extension's settings (`incidentRunbooks.*`), typed and validated at the boundary. Every
// setting the VS Code layer reads is read here, with the default package.json contributes
// (test/unit/vscode-config.test.ts checks the two agree). This file only imports types from
// `vscode`, so it loads, and is tested, without VS Code: activate gives it the configuration.
import type * as vscode from 'vscode';
import { z } from 'zod';
import { DEFAULT_OUTPUT_LIMIT, DEFAULT_ROW_LIMIT } from '../core/exec';
import { DEFAULT_INCIDENT_FOLDER } from '../core/incident/store';
import { DEFAULT_RUN_LOG_BYTES } from '../core/incident/runLog';
import { resolveSeverities, type SeverityTable } from '../core/incident/severities';
import { checksOrDefaults, type CheckConfig } from '../core/health';
import { DEFAULT_SHARE_PREFIX, shareConfig } from '../core/share/config';

/** The settings section, and the prefix of every command, view and context key. */
export const SECTION = 'incidentRunbooks';

interface Setting<T> {
  default: T;
  /** The `minimum` package.json declares, for numbers. */
  minimum?: number;
  schema: z.ZodType<T>;
}

const number = (dflt: number, minimum: number): Setting<number> => ({ default: dflt, minimum, schema: z.number().min(minimum) });
const text = (dflt: string): Setting<string> => ({ default: dflt, schema: z.string() });
/** Validated by the core (checks, severities), which reports each problem its own way. */
const structured = <T>(dflt: T): Setting<unknown> => ({ default: dflt, schema: z.unknown() });

/** Each setting under SECTION, with its default and how a value is checked. */
export const SETTINGS = {
  'execution.defaultTimeoutSeconds': number(60, 1),
  'execution.outputLimitBytes': number(DEFAULT_OUTPUT_LIMIT, 1024),
  'execution.rowLimit': number(DEFAULT_ROW_LIMIT, 1),
  'execution.runLogLimitBytes': number(DEFAULT_RUN_LOG_BYTES, 1024),
  'health.checks': structured([]),
  'health.intervalSeconds': number(30, 5),
  'health.incidentIntervalSeconds': number(10, 2),
  'incident.actor': text(''),
  'incident.folder': text(DEFAULT_INCIDENT_FOLDER),
  'incident.severities': structured({}),
  'notebook.maxFileSizeMB': number(20, 1),
  'share.prefix': text(DEFAULT_SHARE_PREFIX),
  'share.url': text(''),
} satisfies Record<string, Setting<unknown>>;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<K extends SettingKey> = (typeof SETTINGS)[K] extends Setting<infer T> ? T : never;
/** The groups of settings, each watched by the feature that reads it. */
export type SettingArea = 'execution' | 'health' | 'incident' | 'notebook' | 'share';

/** What the config reads from: `workspace.getConfiguration(SECTION, scope)` in VS Code. */
export type ConfigReader = Pick<vscode.WorkspaceConfiguration, 'get'>;
/** How the adapters get the settings: read at each use, so an edit counts at once. */
export type ConfigSource = (scope?: vscode.ConfigurationScope) => RunbookConfig;

export interface ExecutionSettings {
  defaultTimeoutMs: number;
  outputLimitBytes: number;
  /** Cap of each run's log in the incident's `runs/` folder. */
  runLogLimitBytes: number;
  rowLimit: number;
}

export interface IncidentSettings {
  actor: string | undefined;
  folder: string;
  severities: SeverityTable;
  /** Severity overrides that were ignored, with why: shown to the user. */
  problems: string[];
}

export interface ShareSettings {
  /** The server, with no password in it; undefined: nothing is shared. */
  url: string | undefined;
  prefix: string;
  /** Why a URL that is set is not used: shown to the user. */
  problems: string[];
}

export class RunbookConfig {
  constructor(private readonly reader: ConfigReader) {}

  /** A setting's value, or its default when unset or invalid (`problems` says which and why). */
  get<K extends SettingKey>(key: K): ValueOf<K> {
    return this.check(key).value as ValueOf<K>;
  }

  /** Settings set to a value of the wrong kind or out of range, each with the default used instead. */
  problems(area?: SettingArea): string[] {
    return (Object.keys(SETTINGS) as SettingKey[])
      .filter((key) => !area || key.startsWith(`${area}.`))
      .map((key) => this.check(key).problem)
      .filter((p): p is string => p !== undefined);
  }

  get execution(): ExecutionSettings {
    return {
      defaultTimeoutMs: this.get('execution.defaultTimeoutSeconds') * 1000,
      outputLimitBytes: this.get('execution.outputLimitBytes'),
      rowLimit: this.get('execution.rowLimit'),
      runLogLimitBytes: this.get('execution.runLogLimitBytes'),
    };
  }

  get notebookMaxBytes(): number {
    return this.get('notebook.maxFileSizeMB') * 1024 * 1024;
  }

  get incident(): IncidentSettings {
    const { severities, problems } = resolveSeverities(this.get('incident.severities'));
    return {
      actor: this.get('incident.actor').trim() || undefined,
      folder: this.get('incident.folder').trim() || DEFAULT_INCIDENT_FOLDER,
      severities,
      problems: problems.map((p) => `Incident Runbooks: ${SECTION}.incident.severities: ${p}`),
    };
  }

  /** The configured checks (or the guide's defaults when none are), and what was wrong with them. */
  get health(): { checks: CheckConfig[]; problems: string[]; intervalMs: number; incidentIntervalMs: number } {
    const { checks, problems } = checksOrDefaults(this.get('health.checks'));
    return {
      checks,
      problems: problems.map((p) => `Incident Runbooks settings: ${p}`),
      intervalMs: this.get('health.intervalSeconds') * 1000,
      incidentIntervalMs: this.get('health.incidentIntervalSeconds') * 1000,
    };
  }

  /** Where incidents are shared. A password in the URL is refused: settings are files that get committed. */
  get share(): ShareSettings {
    const url = this.get('share.url').trim();
    const prefix = this.get('share.prefix').trim() || DEFAULT_SHARE_PREFIX;
    if (!url) return { url: undefined, prefix, problems: [] };
    const refuse = (why: string) => ({ url: undefined, prefix, problems: [`Incident Runbooks: ${why}; nothing is shared.`] });
    try {
      shareConfig(url, prefix); // its messages show the URL masked
    } catch (err) {
      return refuse(`${SECTION}.share: ${(err as Error).message}`);
    }
    if (new URL(url).password) {
      return refuse(
        `${SECTION}.share.url holds a password, and settings are files that get committed. Keep only the user in it (rediss://user@host) and run "Incident: Set Sharing Password"`,
      );
    }
    return { url, prefix, problems: [] };
  }

  static affects(e: vscode.ConfigurationChangeEvent, area?: SettingArea): boolean {
    return e.affectsConfiguration(area ? `${SECTION}.${area}` : SECTION);
  }

  private check(key: SettingKey): { value: unknown; problem?: string } {
    const setting: Setting<unknown> = SETTINGS[key];
    const raw = this.reader.get<unknown>(key);
    if (raw === undefined || raw === null) return { value: setting.default };
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) return { value: parsed.data };
    const expected = setting.minimum !== undefined ? `a number of at least ${setting.minimum}` : `a ${typeof setting.default}`;
    return {
      value: setting.default,
      problem: `Incident Runbooks: ${SECTION}.${key} should be ${expected}, not ${JSON.stringify(raw)}; using ${JSON.stringify(setting.default)}.`,
    };
  }
}
