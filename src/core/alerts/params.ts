// Runbook parameters (`<namespace>`, `<pod-name>`) filled from an alert's labels. For each
// parameter the first of these that the alert has, with a value, wins:
//   1. the label its frontmatter names (`params: { pod-name: { label: pod } }`);
//   2. the labels `.runbooks/alerts.yaml` maps it to (`labels: { pod-name: pod }`);
//   3. a label of the same name;
//   4. the same name with `-` and `_` alike and case ignored (`pod_name`, `POD-NAME`);
//   5. for `<x>-name` (or `<x>_name`), the label `x` (`pod-name` ← `pod`).
// An empty label is no label (as in Prometheus).
import type { ParamSpec } from '../runbook/types';
import type { AlertSettings } from './settings';

export interface ParamFill {
  /** Parameter → value, in the runbook's order. */
  filled: Record<string, string>;
  /** Parameter → the label it was taken from. */
  from: Record<string, string>;
  /** Parameters no label fills, in the runbook's order. */
  missing: string[];
}

export function paramsFromLabels(
  parameters: readonly string[],
  labels: Readonly<Record<string, string>>,
  opts: { specs?: Readonly<Record<string, ParamSpec>>; settings?: Pick<AlertSettings, 'labels'> } = {},
): ParamFill {
  const present = Object.entries(labels).filter(([, v]) => v.trim() !== '');
  const exact = new Map(present);
  const loose = new Map<string, string>();
  for (const [name] of present) if (!loose.has(fold(name))) loose.set(fold(name), name);

  const fill: ParamFill = { filled: {}, from: {}, missing: [] };
  for (const param of parameters) {
    const nameless = /[-_]name$/i.test(param) ? param.slice(0, -'-name'.length) : undefined;
    const candidates = [
      opts.specs?.[param]?.label,
      ...(opts.settings?.labels[param] ?? []),
      param,
      loose.get(fold(param)),
      nameless,
      nameless === undefined ? undefined : loose.get(fold(nameless)),
    ];
    const label = candidates.find((c): c is string => c !== undefined && exact.has(c));
    if (label === undefined) fill.missing.push(param);
    else {
      fill.filled[param] = exact.get(label) as string;
      fill.from[param] = label;
    }
  }
  return fill;
}

function fold(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}
