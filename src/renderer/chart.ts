// A PromQL result drawn with uPlot: one line per series over the query's window, in the theme's
// colours, a dashed line where the incident began, and a tooltip naming the nearest series and
// its value under the cursor. Instant results (one value per series) are a small table instead.
import uPlot from 'uplot';
import { formatValue, seriesName } from '../core/exec/promql/format';
import type { PromqlData } from '../core/exec/promql/result';
import { alignSeries } from './data';
import { readTheme } from './theme';

const HEIGHT = 280;
/** Legend rows drawn; a query matching hundreds of series lists the first ones and counts the rest. */
const LEGEND_MAX = 60;

export interface Rendered {
  dispose(): void;
  /** Resolves once the chart is drawn (benchmarks and tests wait for it). */
  drawn: Promise<void>;
}

export function renderPromql(data: PromqlData, element: HTMLElement): Rendered {
  const root = div('ir-promql');
  element.append(root);
  const head = div('ir-head');
  head.textContent = describe(data);
  root.append(head);
  for (const note of [data.stepNote, ...(data.warnings ?? []).map((w) => `Prometheus warning: ${w}`)]) {
    if (note) root.append(Object.assign(div('ir-note'), { textContent: note }));
  }
  if (data.resultType !== 'matrix') {
    root.append(valueTable(data));
    return { dispose: () => root.remove(), drawn: Promise.resolve() };
  }
  const aligned = alignSeries(data);
  root.dataset.series = String(data.series.length);
  root.dataset.points = String(aligned.points);
  if (!data.series.length) {
    root.append(Object.assign(div('ir-empty'), { textContent: 'No data: no series matched in this window.' }));
    return { dispose: () => root.remove(), drawn: Promise.resolve() };
  }

  const theme = readTheme(element);
  const names = data.series.map(seriesName);
  const chartBox = div('ir-chart');
  root.append(chartBox);
  const tooltip = div('ir-tooltip');
  let resolveDrawn!: () => void;
  const drawn = new Promise<void>((r) => (resolveDrawn = r));
  const axis = { stroke: theme.foreground, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
  const opts: uPlot.Options = {
    width: Math.max(320, element.clientWidth || root.clientWidth || 800),
    height: HEIGHT,
    scales: { x: { time: true } },
    legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { size: 6 } },
    series: [{}, ...names.map((label, i) => ({ label, stroke: theme.series(i), width: 1.5, points: { show: false } }))],
    axes: [axis, { ...axis, size: 56, values: (_u: uPlot, ticks: number[]) => ticks.map(formatValue) }],
    hooks: {
      draw: [(u) => drawMarker(u, data.incidentStart, theme.marker), () => resolveDrawn()],
      setCursor: [(u) => showTooltip(u, tooltip, names)],
    },
  };
  const plot = new uPlot(opts, [aligned.xs, ...aligned.ys] as uPlot.AlignedData, chartBox);
  plot.over.append(tooltip);
  root.append(legend(names, theme.series, data, (i, show) => plot.setSeries(i + 1, { show })));

  // Follow the output's width (the notebook resizes with the editor).
  const resize = new ResizeObserver(() => {
    const width = Math.max(320, root.clientWidth);
    if (Math.abs(width - plot.width) > 2) plot.setSize({ width, height: HEIGHT });
  });
  resize.observe(root);
  return {
    drawn,
    dispose() {
      resize.disconnect();
      plot.destroy();
      root.remove();
    },
  };
}

function describe(data: PromqlData): string {
  const when = (s: number) => new Date(s * 1000).toLocaleString();
  if (data.resultType !== 'matrix') return `${data.query} — at ${when(data.window.end)}`;
  const step = data.window.step ? `, step ${data.window.step}s` : '';
  return `${data.query} — ${when(data.window.start)} → ${when(data.window.end)}${step}, ${data.series.length} series`;
}

/** The dashed vertical line and its label where the incident began, if that is inside the window. */
function drawMarker(u: uPlot, at: number | undefined, colour: string): void {
  if (at === undefined) return;
  const x = u.valToPos(at, 'x', true);
  const { left, top, width, height } = u.bbox;
  if (x < left || x > left + width) return;
  const ctx = u.ctx;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1.5 * dpr;
  ctx.setLineDash([6 * dpr, 4 * dpr]);
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.font = `${11 * dpr}px sans-serif`;
  ctx.fillText('incident', x + 4 * dpr, top + 12 * dpr);
  ctx.restore();
}

/** The slot with a value nearest to `idx`, within about 24 pixels (sparse series are still hoverable). */
function nearestWithData(u: uPlot, idx: number): number | undefined {
  const xs = u.data[0];
  const perSlot = xs.length > 1 ? u.bbox.width / devicePixelRatio / (xs.length - 1) : 1;
  const span = Math.max(1, Math.ceil(24 / Math.max(perSlot, 0.01)));
  const has = (i: number) => i >= 0 && i < xs.length && u.series.some((s, k) => k > 0 && s.show && u.data[k][i] != null);
  for (let d = 0; d <= span; d++) {
    if (has(idx - d)) return idx - d;
    if (has(idx + d)) return idx + d;
  }
  return undefined;
}

/** The series nearest the cursor (vertically) at the hovered time: its value and labels. */
function showTooltip(u: uPlot, tooltip: HTMLElement, names: string[]): void {
  const hovered = u.cursor.idx;
  const top = u.cursor.top ?? -1;
  const idx = hovered === null || hovered === undefined || top < 0 ? undefined : nearestWithData(u, hovered);
  if (idx === undefined) {
    tooltip.style.display = 'none';
    return;
  }
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 1; i < u.series.length; i++) {
    if (!u.series[i].show) continue;
    const v = u.data[i][idx];
    if (v === null || v === undefined) continue;
    const d = Math.abs(u.valToPos(v, 'y') - top);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  if (best < 0) {
    tooltip.style.display = 'none';
    return;
  }
  const t = u.data[0][idx];
  tooltip.replaceChildren(
    Object.assign(document.createElement('b'), { textContent: formatValue(u.data[best][idx] ?? null) }),
    Object.assign(div('ir-tooltip-time'), { textContent: new Date(t * 1000).toLocaleString() }),
    Object.assign(div('ir-tooltip-labels'), { textContent: names[best - 1] }),
  );
  tooltip.style.borderColor = String(u.series[best].stroke instanceof Function ? '' : u.series[best].stroke);
  tooltip.style.display = 'block';
  const left = u.cursor.left ?? 0;
  const flip = left > u.over.clientWidth - 260;
  tooltip.style.left = flip ? '' : `${left + 12}px`;
  tooltip.style.right = flip ? `${u.over.clientWidth - left + 12}px` : '';
  tooltip.style.top = `${Math.min(top + 12, Math.max(0, u.over.clientHeight - 70))}px`;
}

/** Swatch, labels and last value per series; clicking one hides or shows it. */
function legend(names: string[], colour: (i: number) => string, data: PromqlData, toggle: (i: number, show: boolean) => void): HTMLElement {
  const list = div('ir-legend');
  names.slice(0, LEGEND_MAX).forEach((name, i) => {
    const item = document.createElement('button');
    item.className = 'ir-legend-item';
    item.title = 'Hide or show this series';
    const swatch = div('ir-swatch');
    swatch.style.background = colour(i);
    const values = data.series[i].values;
    const last = values.length ? formatValue(values[values.length - 1][1]) : '–';
    item.append(swatch, Object.assign(document.createElement('span'), { textContent: `${name}  ${last}` }));
    let shown = true;
    item.addEventListener('click', () => {
      shown = !shown;
      item.classList.toggle('ir-off', !shown);
      toggle(i, shown);
    });
    list.append(item);
  });
  if (names.length > LEGEND_MAX) list.append(Object.assign(div('ir-note'), { textContent: `… ${names.length - LEGEND_MAX} more series` }));
  return list;
}

function valueTable(data: PromqlData): HTMLElement {
  const table = document.createElement('table');
  table.className = 'ir-values';
  for (const s of data.series) {
    const tr = table.insertRow();
    tr.insertCell().textContent = seriesName(s);
    tr.insertCell().textContent = s.values.length ? formatValue(s.values[s.values.length - 1][1]) : '–';
  }
  if (!data.series.length) table.insertRow().insertCell().textContent = 'No data: no series matched.';
  return table;
}

function div(className: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = className;
  return d;
}
