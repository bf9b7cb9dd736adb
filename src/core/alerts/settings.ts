// The team's own words on alerts: `.runbooks/alerts.yaml` in the workspace, read by the editor and
// the CLI alike.
//
//   severity:            # the alert's `severity` label → the incident's severity
//     critical: P0
//     warning: P2
//   labels:              # runbook parameter → the alert label(s) that fill it
//     pod-name: pod
//     service: [service, app]
//
// A file that cannot be read or does not validate gives the defaults and a problem naming the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FileCache } from '../workspace/fileCache';
import { SEVERITY_IDS, type SeverityId } from '../incident/events';
import { PARAM_NAME } from '../runbook/frontmatter';

export const ALERT_SETTINGS_FILE = '.runbooks/alerts.yaml';

export interface AlertSettings {
  /** Severity label values (lower case) → severity; on top of the defaults in severity.ts. */
  severity: Record<string, SeverityId>;
  /** Parameter name → the labels that may fill it, first present wins. */
  labels: Record<string, string[]>;
}

export const NO_ALERT_SETTINGS: AlertSettings = { severity: {}, labels: {} };

const severityId = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(SEVERITY_IDS, { error: `must be one of ${SEVERITY_IDS.join(', ')}` }));
const labelNames = z
  .union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)], { error: 'must be a label name or a list of label names' })
  .transform((v) => (Array.isArray(v) ? v : [v]));

const fileSchema = z.strictObject(
  {
    severity: z
      .record(z.string(), severityId, { error: (i) => (i.code === 'invalid_type' ? 'must be a map of label value: P0|P1|P2|P3' : undefined) })
      .transform((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.trim().toLowerCase(), v])))
      .default({}),
    labels: z
      .record(z.string().regex(PARAM_NAME, 'parameter names are a letter followed by letters, digits, - or _'), labelNames, {
        error: (i) =>
          i.code === 'invalid_type' ? 'must be a map of parameter: label' : i.code === 'invalid_key' ? 'parameter names are a letter followed by letters, digits, - or _' : undefined,
      })
      .default({}),
  },
  { error: (i) => (i.code === 'unrecognized_keys' ? `unknown key ${i.keys.map((k) => `'${k}'`).join(', ')} (known: severity, labels)` : 'must be a map with severity: and labels:') },
);

/** The workspace's `.runbooks/alerts.yaml`, or the defaults when there is none. */
export function loadAlertSettings(workspaceRoot: string): { settings: AlertSettings; problems: string[] } {
  return settingsFiles.get(join(workspaceRoot, ALERT_SETTINGS_FILE));
}

const settingsFiles = new FileCache(readAlertSettings);

function readAlertSettings(path: string): { settings: AlertSettings; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: NO_ALERT_SETTINGS, problems: [] };
    return { settings: NO_ALERT_SETTINGS, problems: [`${ALERT_SETTINGS_FILE}: cannot be read (${(err as Error).message}); using the defaults`] };
  }
  return alertSettingsFromText(text);
}

/** Parses the file's text; exported for tests and for an editor that holds the text already. */
export function alertSettingsFromText(text: string): { settings: AlertSettings; problems: string[] } {
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (err) {
    return { settings: NO_ALERT_SETTINGS, problems: [`${ALERT_SETTINGS_FILE}: not valid YAML (${(err as Error).message.split('\n')[0]}); using the defaults`] };
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.join('.') : '(top level)';
      return `${ALERT_SETTINGS_FILE}: ${field}: ${issue.message}; using the defaults`;
    });
    return { settings: NO_ALERT_SETTINGS, problems };
  }
  return { settings: { severity: parsed.data.severity, labels: parsed.data.labels }, problems: [] };
}
