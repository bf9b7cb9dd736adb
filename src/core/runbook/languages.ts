// Which fence runs where: the info string's first word picks the cell's language and executor.
import type { ExecutorKind } from './types';

const EXECUTORS: Record<string, ExecutorKind> = {
  bash: 'shell', sh: 'shell', shell: 'shell', zsh: 'shell', console: 'shell', shellsession: 'shell', shellscript: 'shell',
  sql: 'sql', postgres: 'sql', postgresql: 'sql', psql: 'sql',
  redis: 'redis',
  http: 'http', rest: 'http',
  promql: 'promql', prometheus: 'promql',
};

/** VS Code language ids for info words whose id differs from the word. */
const LANGUAGE_IDS: Record<string, string> = {
  bash: 'shellscript', sh: 'shellscript', shell: 'shellscript', zsh: 'shellscript', console: 'shellscript',
  postgres: 'sql', postgresql: 'sql', psql: 'sql', rest: 'http', prometheus: 'promql',
  js: 'javascript', javascript: 'javascript', jsx: 'javascriptreact', ts: 'typescript', tsx: 'typescriptreact',
  py: 'python', python: 'python', python3: 'python', rb: 'ruby', ruby: 'ruby', go: 'go', golang: 'go', rs: 'rust', rust: 'rust',
  yml: 'yaml', yaml: 'yaml', json: 'json', jsonc: 'jsonc', json5: 'json', toml: 'toml', ini: 'ini', xml: 'xml', html: 'html',
  css: 'css', md: 'markdown', markdown: 'markdown', dockerfile: 'dockerfile', docker: 'dockerfile', makefile: 'makefile',
  ps1: 'powershell', powershell: 'powershell', pwsh: 'powershell', java: 'java', kotlin: 'kotlin', c: 'c', cpp: 'cpp',
  'c++': 'cpp', cs: 'csharp', csharp: 'csharp', php: 'php', lua: 'lua', perl: 'perl', hcl: 'hcl', terraform: 'terraform',
  tf: 'terraform', diff: 'diff', patch: 'diff', graphql: 'graphql', promql: 'promql', logql: 'plaintext', mermaid: 'mermaid',
  text: 'plaintext', txt: 'plaintext', plaintext: 'plaintext', plain: 'plaintext', nginx: 'nginx', proto: 'proto3',
  jsonnet: 'jsonnet', shellsession: 'shellscript',
};

/** The executor for an info-string word, or null for fences that are shown but not run. */
export function executorForWord(word: string): ExecutorKind | null {
  return EXECUTORS[word.toLowerCase()] ?? null;
}

/** The VS Code language id shown for a fence's info word (`plaintext` when there is none). */
export function languageForWord(word: string): string {
  if (!word) return 'plaintext';
  const lower = word.toLowerCase();
  return LANGUAGE_IDS[lower] ?? (/^[a-z0-9][a-z0-9_+-]*$/.test(lower) ? lower : 'plaintext');
}

/** The executor for a VS Code language id (a cell whose language the user changed in the editor). */
export function executorForLanguage(languageId: string): ExecutorKind | null {
  switch (languageId) {
    case 'shellscript': return 'shell';
    case 'sql': return 'sql';
    case 'redis': return 'redis';
    case 'http': return 'http';
    case 'promql': return 'promql';
    default: return null;
  }
}

/** The info word written for a new fence of this language id. */
export function wordForLanguage(languageId: string): string {
  switch (languageId) {
    case 'shellscript': return 'sh';
    case 'plaintext': return '';
    default: return languageId;
  }
}
