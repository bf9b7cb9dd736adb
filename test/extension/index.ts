// The mocha loader the extension host `require()`s (extensionTestsPath): runs every
// `*.test.js` bundled beside it, writes a JSON summary to the file named by
// RUNBOOK_TEST_SUMMARY (the harness prints the counts from it), and rejects when a test fails.
// Used by both code-server (scripts/test.ts) and desktop VS Code (test/runDesktop.ts).
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface TestRecord {
  title: string;
  state: 'passed' | 'failed';
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const files = (readdirSync(__dirname, { recursive: true }) as string[]).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));

  // Proves the harness turns red: RUNBOOK_FORCE_FAIL=1 npm test must exit non-zero.
  if (process.env.RUNBOOK_FORCE_FAIL) {
    mocha.suite.addTest(
      new Mocha.Test('forced failure (RUNBOOK_FORCE_FAIL is set)', () => {
        throw new Error('failing on purpose because RUNBOOK_FORCE_FAIL is set');
      }),
    );
  }

  const records: TestRecord[] = [];
  return new Promise((resolve, reject) => {
    if (files.length === 0) return reject(new Error(`no *.test.js files next to ${__dirname}`));
    const runner = mocha.run((failures) => {
      const passes = records.filter((r) => r.state === 'passed').length;
      if (process.env.RUNBOOK_TEST_SUMMARY) {
        writeFileSync(process.env.RUNBOOK_TEST_SUMMARY, JSON.stringify({ passes, failures, tests: records }, null, 2));
      }
      if (failures > 0) reject(new Error(`${failures} of ${records.length} extension-host tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => records.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('fail', (t, err: Error) => records.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}
