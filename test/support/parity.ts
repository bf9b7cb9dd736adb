// One runbook and the outcomes expected of it, run once through `runbook run` (integration tier)
// and once in the extension host: the editor and the CLI must ask the same questions and end
// each cell the same way. Each scenario runs in a folder of its own (cells run there).
export const PARITY_RUNBOOK = [
  '# Parity',
  '',
  '```sh {name=hello}',
  'echo hello',
  '```',
  '',
  'A diagnostic that needs a variable nobody sets:',
  '',
  '```sh {name=needs-target}',
  'echo "target=$PARITY_TARGET"',
  '```',
  '',
  '```sh {name=mitigate}',
  'touch mitigated.txt',
  '```',
  '',
  '```sh {name=broken}',
  'ls /nonexistent-parity-dir',
  '```',
  '',
  '```sh {name=after}',
  'echo after',
  '```',
  '',
].join('\n');

/** A file the mitigation creates: present only when it was confirmed. */
export const MITIGATION_FILE = 'mitigated.txt';

export interface ParityScenario {
  id: string;
  title: string;
  mode: 'all' | 'diagnostics';
  /** What the person answers: a variable's value (absent: no answer), and every confirmation. */
  answers: { variables: Record<string, string>; confirm: boolean };
  /** Questions asked, in order: `variable NAME` or `confirm CELL`. */
  asked: string[];
  /** Each runnable cell's status, by name. */
  statuses: Record<string, 'ok' | 'failed' | 'skipped'>;
  mitigated: boolean;
}

export const PARITY_SCENARIOS: ParityScenario[] = [
  {
    id: 'no-answer',
    title: 'nobody gives the variable: the cell fails naming it, the run stops',
    mode: 'all',
    answers: { variables: {}, confirm: true },
    asked: ['variable PARITY_TARGET'],
    statuses: { hello: 'ok', 'needs-target': 'failed', mitigate: 'skipped', broken: 'skipped', after: 'skipped' },
    mitigated: false,
  },
  {
    id: 'refused',
    title: 'the variable is given, the mitigation refused: skipped, the run stops',
    mode: 'all',
    answers: { variables: { PARITY_TARGET: 'web-1' }, confirm: false },
    asked: ['variable PARITY_TARGET', 'confirm mitigate'],
    statuses: { hello: 'ok', 'needs-target': 'ok', mitigate: 'skipped', broken: 'skipped', after: 'skipped' },
    mitigated: false,
  },
  {
    id: 'diagnostics',
    title: 'diagnostics only: the mitigation is skipped unasked, the failing cell stops the run',
    mode: 'diagnostics',
    answers: { variables: { PARITY_TARGET: 'web-1' }, confirm: true },
    asked: ['variable PARITY_TARGET'],
    statuses: { hello: 'ok', 'needs-target': 'ok', mitigate: 'skipped', broken: 'failed', after: 'skipped' },
    mitigated: false,
  },
  {
    id: 'confirmed',
    title: 'everything answered and confirmed: the failing cell stops the run',
    mode: 'all',
    answers: { variables: { PARITY_TARGET: 'web-1' }, confirm: true },
    asked: ['variable PARITY_TARGET', 'confirm mitigate'],
    statuses: { hello: 'ok', 'needs-target': 'ok', mitigate: 'ok', broken: 'failed', after: 'skipped' },
    mitigated: true,
  },
];

/** Reasons every host must give for the cells that did not run, by scenario id and cell name. */
export const PARITY_REASONS: Record<string, Record<string, RegExp>> = {
  'no-answer': { 'needs-target': /^needs PARITY_TARGET, which no frontmatter env/, after: /the run stopped at cell \d+ \(needs-target\): variables were missing/ },
  refused: { mitigate: /^mitigation \(.+\) not confirmed$/, after: /the run stopped at cell \d+ \(mitigate\): a mitigation was not confirmed/ },
  diagnostics: { mitigate: /a diagnostics run skips mitigations/, after: /the run stopped at cell \d+ \(broken\): it failed/ },
  confirmed: { after: /the run stopped at cell \d+ \(broken\): it failed/ },
};
