// Which runbook answers an alert, tried in this order (the first that finds one wins):
//   1. the alert's `runbook_url`: a URL or path ending with a workspace runbook's path
//      (`https://github.com/acme/ops/blob/main/runbooks/x.runbook.md` → `runbooks/x.runbook.md`),
//      a `vscode://…/alert?runbook=…` link, or else the file name alone when one runbook has it;
//   2. a file named after the alert (`KubePodCrashLooping` → `kube-pod-crash-looping.runbook.md`,
//      `KubePodCrashLooping.runbook.md`, `kube_pod_crash_looping.md`: case, `-`, `_` and `.` ignored);
//   3. a runbook whose frontmatter `alerts:` lists the alert's name;
//   4. a runbook whose frontmatter `symptoms:` mention it.
// When several runbooks fit one step, the shallowest path wins (then the alphabetical first) and
// the others are named.
import type { Frontmatter } from '../runbook/types';
import type { Alert } from './types';

/** A workspace runbook as matching needs it. */
export interface RunbookCandidate {
  /** Relative to the workspace, with `/` separators (`runbooks/kube-pod-crash-looping.runbook.md`). */
  path: string;
  frontmatter: Frontmatter | null;
}

export type MatchedBy = 'runbook_url' | 'runbook_url-file' | 'alertname' | 'frontmatter-alerts' | 'symptoms';

export const MATCHED_BY_TEXT: Record<MatchedBy, string> = {
  runbook_url: "the alert's runbook_url",
  'runbook_url-file': "the file name in the alert's runbook_url",
  alertname: 'its file name, after the alert name',
  'frontmatter-alerts': 'its frontmatter alerts: list',
  symptoms: 'its frontmatter symptoms:',
};

export interface RunbookMatch {
  runbook: RunbookCandidate;
  matchedBy: MatchedBy;
  /** Others that fitted the same step, not chosen. */
  alsoMatched: string[];
}

export interface MatchResult {
  match?: RunbookMatch;
  /** What was tried before the match (or everything, when none matched), one line each. */
  tried: string[];
}

export function matchRunbook(alert: Pick<Alert, 'alertname' | 'runbookUrl'>, runbooks: readonly RunbookCandidate[]): MatchResult {
  const tried: string[] = [];
  const found = (matchedBy: MatchedBy, all: RunbookCandidate[]): MatchResult => {
    const [runbook, ...others] = [...all].sort(byDepthThenPath);
    return { match: { runbook, matchedBy, alsoMatched: others.map((r) => r.path) }, tried };
  };

  if (alert.runbookUrl) {
    const ref = runbookReference(alert.runbookUrl);
    if (ref) {
      const exact = longestSuffixMatches(ref, runbooks);
      if (exact.length) return found('runbook_url', exact);
      const file = ref.split('/').pop() ?? '';
      const sameName = runbooks.filter((r) => baseName(r.path) === file);
      if (sameName.length === 1) return found('runbook_url-file', sameName);
      tried.push(
        sameName.length
          ? `runbook_url ${alert.runbookUrl}: ${sameName.length} runbooks are named ${file} (${sameName.map((r) => r.path).join(', ')}) and no path fits`
          : `runbook_url ${alert.runbookUrl}: no workspace runbook at ${ref} or named ${file}`,
      );
    } else tried.push(`runbook_url ${alert.runbookUrl}: names no file`);
  } else tried.push('runbook_url: the alert has none');

  const wanted = squash(alert.alertname);
  const named = runbooks.filter((r) => squash(stem(baseName(r.path))) === wanted);
  if (named.length) return found('alertname', named);
  tried.push(`file name: no ${kebabCase(alert.alertname)}.runbook.md or ${alert.alertname}.runbook.md (case, -, _ ignored)`);

  const listing = runbooks.filter((r) => r.frontmatter?.alerts.includes(alert.alertname));
  const listingLoosely = listing.length ? listing : runbooks.filter((r) => r.frontmatter?.alerts.some((a) => squash(a) === wanted));
  if (listingLoosely.length) return found('frontmatter-alerts', listingLoosely);
  tried.push(`frontmatter alerts: no runbook lists ${alert.alertname}`);

  const lower = alert.alertname.toLowerCase();
  const bySymptom = runbooks.filter((r) => r.frontmatter?.symptoms.some((s) => s.toLowerCase().includes(lower) || squash(s).includes(wanted)));
  if (bySymptom.length) return found('symptoms', bySymptom);
  tried.push(`frontmatter symptoms: none mentions ${alert.alertname}`);
  return { tried };
}

/** `No runbook for KubePodCrashLooping among 3 runbooks: tried …`, for a person. */
export function noMatchMessage(alertname: string, count: number, tried: readonly string[]): string {
  const among = count === 0 ? 'no runbooks (*.runbook.md) in the workspace' : `none of the workspace's ${count} runbook${count === 1 ? '' : 's'} fits`;
  return `no runbook found for ${alertname}: ${among}; tried\n${tried.map((t) => `  - ${t}`).join('\n')}`;
}

/**
 * The path a `runbook_url` names: a URL's path, a `vscode://…/alert?runbook=…` link's runbook,
 * or the text itself; without query, fragment or leading `./` and `/`. Undefined when empty.
 */
export function runbookReference(url: string): string | undefined {
  let text = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return undefined;
    }
    const inner = parsed.searchParams.get('runbook');
    if (/^vscode/i.test(parsed.protocol) || (inner && parsed.pathname.endsWith('/alert'))) return inner ? runbookReference(inner) : undefined;
    text = safeDecode(parsed.pathname);
  } else text = text.replace(/[?#].*$/, '');
  const path = text.replace(/\\/g, '/').replace(/\/{2,}/g, '/').replace(/^(\.\/|\/)+/, '').replace(/\/$/, '');
  return path || undefined;
}

function longestSuffixMatches(ref: string, runbooks: readonly RunbookCandidate[]): RunbookCandidate[] {
  const fits = (r: RunbookCandidate, fold: boolean) => {
    const [a, b] = fold ? [ref.toLowerCase(), r.path.toLowerCase()] : [ref, r.path];
    return a === b || a.endsWith(`/${b}`);
  };
  let all = runbooks.filter((r) => fits(r, false));
  if (!all.length) all = runbooks.filter((r) => fits(r, true));
  const longest = Math.max(0, ...all.map((r) => r.path.length));
  return all.filter((r) => r.path.length === longest);
}

/** `KubePodCrashLooping` → `kube-pod-crash-looping`; `KubeAPIDown` → `kube-api-down`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[\s_.]+/g, '-')
    .toLowerCase();
}

/** Case, `-`, `_`, `.` and spaces ignored: `kube-pod-crash-looping` = `KubePodCrashLooping`. */
function squash(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]+/g, '');
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

function stem(file: string): string {
  return file.replace(/\.runbook\.md$/i, '').replace(/\.md$/i, '');
}

function byDepthThenPath(a: RunbookCandidate, b: RunbookCandidate): number {
  return a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
