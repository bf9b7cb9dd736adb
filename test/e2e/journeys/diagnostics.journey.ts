import { journey } from '../journey';
import { expectCellClass, findCell, openNotebook, outputFrame, runCell, runCommand } from '../workbench';

// Issue 4: "run a shipped runbook's diagnostics in code-server against the test servers and read
// the outputs". The workspace's .env points DATABASE_URL at the tier's real PostgreSQL and
// API_BASE_URL at the demo's health service, so every diagnostic cell has something real to ask.
journey('runs a shipped runbook\'s diagnostics against the real PostgreSQL and reads psql-like tables', async ({ page, shot }) => {
  const notebook = await openNotebook(page, 'database-connection-pool-exhausted.runbook.md');
  const usage = await findCell(page, notebook, 'current_setting');
  // Each code cell says what it is before anything runs.
  await expectCellClass(usage, 'diagnostic');

  await runCommand(page, 'Incident: Run Diagnostics');
  const out = outputFrame(page);
  // connection-usage: a real count against the real max_connections, drawn as a table.
  await out.locator('.output', { hasText: 'percent' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await usage.locator('.codicon-notebook-state-success').waitFor({ state: 'visible' });
  // active-connections: `SELECT count(*), state … GROUP BY state` has a state column and real rows.
  const byState = await findCell(page, notebook, 'GROUP BY state;');
  await byState.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  await out.locator('.output', { hasText: /state/ }).filter({ hasText: /active|idle/ }).first().waitFor({ state: 'visible' });
  await shot('sql-tables');

  // The HTTP diagnostic reached the health service: a status line with latency.
  const health = await findCell(page, notebook, '/health/database/stats');
  await health.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  await out.locator('.output', { hasText: /HTTP 200 OK\s+\(\d+ ms\)/ }).first().waitFor({ state: 'visible' });

  // Mitigations were skipped, not run: they say so in the status bar and have no result.
  const terminate = await findCell(page, notebook, "interval '5 minutes' AND pid");
  await expectCellClass(terminate, 'mitigation');
  if (await terminate.locator('.codicon-notebook-state-success, .codicon-notebook-state-error').count()) {
    throw new Error('Run Diagnostics ran the terminate-long-queries mitigation');
  }
  // …and the diagnostics after them (Verify) ran too.
  const verify = await findCell(page, notebook, { hasText: 'current_setting', hasNotText: 'percent' });
  await verify.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  await shot('verify');
});

journey('runs a Redis diagnostic cell and reads redis-cli-like replies', async ({ page, shot }) => {
  const notebook = await openNotebook(page, 'redis-cache-failure.runbook.md');
  const ping = await runCell(page, notebook, 'PING');
  await expectCellClass(ping, 'diagnostic');
  await ping.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  await outputFrame(page).locator('.output', { hasText: 'PONG' }).first().waitFor({ state: 'visible' });
  const keyspace = await runCell(page, notebook, 'DBSIZE');
  await expectCellClass(keyspace, 'diagnostic');
  await keyspace.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  await outputFrame(page).locator('.output', { hasText: /\(integer\) \d+/ }).first().waitFor({ state: 'visible' });
  await shot('redis-replies');
});
