import { journey } from '../journey';
import { eventually, findCell, openNotebook, outputFrame, runCell } from '../workbench';

// Issue 14: a shipped runbook's PromQL cell, run against the real Prometheus scraping the demo's
// health service, is drawn by our renderer as a uPlot chart in the output webview; a SQL result
// is a table that sorts when its header is clicked.
journey('charts a PromQL cell with uPlot and sorts a SQL table by its header', async ({ page, shot }) => {
  const notebook = await openNotebook(page, 'database-connection-pool-exhausted.runbook.md');
  const out = outputFrame(page);

  // Prometheus scrapes for the first time a few seconds after it starts, and rate() needs two
  // scrapes: run the cell again until the chart has points.
  const chart = out.locator('.ir-promql[data-points]').first();
  const points = await eventually('the request-rate chart to have points', async () => {
    const cell = await runCell(page, notebook, 'rate(http_requests_total[1m])');
    await cell.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
    await chart.waitFor({ state: 'attached', timeout: 15_000 });
    const n = Number(await chart.getAttribute('data-points'));
    if (n > 0) return n;
    await page.waitForTimeout(2000);
    return undefined;
  }, 60_000);
  // uPlot draws on a canvas; the legend names the series (sum by route: e.g. /metrics, /health).
  await chart.locator('canvas').first().waitFor({ state: 'visible' });
  const series = Number(await chart.getAttribute('data-series'));
  if (!(series >= 1 && points >= series)) throw new Error(`chart has ${series} series and ${points} points`);
  await chart.locator('.ir-legend-item', { hasText: '/metrics' }).first().waitFor({ state: 'visible' });

  // Hovering the plot shows the nearest point's value and labels. The notebook scrolls itself (a
  // Playwright hover would scroll the webview under the workbench's overlays), so the cell is
  // brought to the top and the pointer's moves are sent to the plot as the browser would.
  await findCell(page, notebook, 'rate(http_requests_total[1m])');
  await page.mouse.wheel(0, 250); // the chart below the cell into view, for the screenshot
  await page.waitForTimeout(500);
  await chart.locator('.u-over').evaluate((over) => {
    const r = over.getBoundingClientRect();
    // Near the right edge: the newest points (a fresh Prometheus has only the last minutes).
    const at = { clientX: r.right - 4, clientY: r.top + r.height / 2, bubbles: true };
    over.dispatchEvent(new MouseEvent('mouseenter', at));
    over.dispatchEvent(new MouseEvent('mousemove', at));
  });
  await chart.locator('.ir-tooltip', { hasText: 'route=' }).waitFor({ state: 'visible', timeout: 10_000 });
  await shot('chart');

  // The SQL table: `count` per state of pg_stat_activity; a click on the header sorts by it, a
  // second click reverses the order.
  const sqlCell = await runCell(page, notebook, 'GROUP BY state;');
  await sqlCell.locator('.codicon-notebook-state-success').waitFor({ state: 'visible', timeout: 30_000 });
  const table = out.locator('.ir-sql', { has: out.locator('th', { hasText: /^state$/ }) }).first();
  await table.waitFor({ state: 'visible', timeout: 15_000 });
  const counts = async () => (await table.locator('tbody tr:not(.ir-spacer) td:first-child').allTextContents()).map(Number);
  const header = table.locator('th', { hasText: /^count$/ });
  await findCell(page, notebook, 'GROUP BY state;');
  await header.dispatchEvent('click');
  const ascending = await eventually('the table sorted by count', async () => {
    const c = await counts();
    return (await header.getAttribute('aria-sort')) === 'ascending' && c.length >= 2 ? c : undefined;
  });
  await header.dispatchEvent('click');
  const descending = await eventually('the order reversed', async () => ((await header.getAttribute('aria-sort')) === 'descending' ? counts() : undefined));
  const sorted = (xs: number[], dir: 1 | -1) => xs.every((x, i) => i === 0 || (x - xs[i - 1]) * dir >= 0);
  if (!sorted(ascending, 1) || !sorted(descending, -1) || ascending.join() === descending.join()) {
    throw new Error(`clicking the header did not sort the rows: ascending ${ascending.join(', ')}, descending ${descending.join(', ')}`);
  }
  await shot('sql-sorted');
});
