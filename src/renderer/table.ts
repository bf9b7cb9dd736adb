// A SQL result as a table one can sort (click a header; again to reverse), filter (a text box)
// and copy as Markdown or CSV. Only the rows in view are in the DOM, so 10,000 rows stay fast.
import type { SqlResultData } from '../core/exec/types';
import { filteredIndexes, sortedIndexes, toCsv, toMarkdown } from './data';

const ROW_HEIGHT = 22;
const VIEW_HEIGHT = 420;
/** Rows drawn above and below the visible ones, so a quick scroll does not show blanks. */
const OVERSCAN = 15;

export function renderSql(data: { results: SqlResultData[]; notices?: string[] }, element: HTMLElement): { dispose(): void } {
  const disposers = data.results.filter((r) => r.columns.length).map((r) => renderResult(r, element));
  return { dispose: () => disposers.forEach((d) => d()) };
}

function renderResult(result: SqlResultData, element: HTMLElement): () => void {
  const columns = result.columns.map((c) => c.name);
  const rows = result.rows;
  let order = rows.map((_, i) => i);
  let sort: { column: number; direction: 1 | -1 } | undefined;
  let filter = '';

  const root = el('div', 'ir-sql');
  const bar = el('div', 'ir-toolbar');
  const search = el('input', 'ir-filter');
  search.type = 'search';
  search.placeholder = 'Filter rows';
  search.setAttribute('aria-label', 'Filter rows');
  const count = el('span', 'ir-count');
  const copyMd = button('Copy as Markdown');
  const copyCsv = button('Copy as CSV');
  const status = el('span', 'ir-status');
  bar.append(search, copyMd, copyCsv, count, status);

  const scroller = el('div', 'ir-scroll');
  scroller.style.maxHeight = `${VIEW_HEIGHT}px`;
  const table = el('table', 'ir-table');
  const thead = table.createTHead();
  const headRow = thead.insertRow();
  const headers = columns.map((name, i) => {
    const th = el('th', '');
    th.textContent = name;
    th.title = `${result.columns[i].type}: click to sort`;
    th.addEventListener('click', () => {
      sort = sort?.column === i ? { column: i, direction: sort.direction === 1 ? -1 : 1 } : { column: i, direction: 1 };
      recompute();
    });
    headRow.append(th);
    return th;
  });
  const body = table.createTBody();
  scroller.append(table);
  root.append(bar, scroller);
  const fallback = el('textarea', 'ir-copy-fallback');
  fallback.readOnly = true;
  fallback.hidden = true;
  root.append(fallback);
  element.append(root);

  const recompute = () => {
    const base = sort ? sortedIndexes(rows, sort.column, sort.direction) : rows.map((_, i) => i);
    order = filteredIndexes(rows, filter, base);
    headers.forEach((th, i) => th.setAttribute('aria-sort', sort?.column === i ? (sort.direction === 1 ? 'ascending' : 'descending') : 'none'));
    const total = rows.length + result.omittedRows;
    count.textContent = `${order.length === rows.length ? rows.length : `${order.length} of ${rows.length}`} row${rows.length === 1 ? '' : 's'}${result.omittedRows ? ` (${total} in all; ${result.omittedRows} not fetched)` : ''}`;
    root.dataset.rows = String(order.length);
    scroller.scrollTop = 0;
    draw();
  };

  // Draws the rows in view between two spacer rows that keep the scrollbar true to the whole table.
  let frame = 0;
  const draw = () => {
    frame = 0;
    const height = scroller.clientHeight || VIEW_HEIGHT;
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(order.length, Math.ceil((scroller.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const out: HTMLTableRowElement[] = [spacer(first * ROW_HEIGHT)];
    for (let k = first; k < last; k++) {
      const tr = document.createElement('tr');
      for (const v of rows[order[k]]) {
        const td = document.createElement('td');
        if (v === null) {
          td.textContent = 'null';
          td.className = 'ir-null';
        } else td.textContent = v;
        tr.append(td);
      }
      out.push(tr);
    }
    out.push(spacer((order.length - last) * ROW_HEIGHT));
    body.replaceChildren(...out);
  };
  const onScroll = () => (frame ||= requestAnimationFrame(draw));
  scroller.addEventListener('scroll', onScroll);
  search.addEventListener('input', () => {
    filter = search.value;
    recompute();
  });

  const copy = async (format: 'Markdown' | 'CSV') => {
    const picked = order.map((i) => rows[i]);
    const text = format === 'CSV' ? toCsv(columns, picked) : toMarkdown(columns, picked);
    const what = `${picked.length} row${picked.length === 1 ? '' : 's'} as ${format}`;
    try {
      // The renderer API has no clipboard; the webview's own works where the page may write to it.
      await navigator.clipboard.writeText(text);
      fallback.hidden = true;
      status.textContent = `Copied ${what}.`;
    } catch {
      fallback.value = text;
      fallback.hidden = false;
      fallback.focus();
      fallback.select();
      status.textContent = `The clipboard is not available here: ${what} selected below, press Ctrl+C (⌘C) to copy.`;
    }
  };
  copyMd.addEventListener('click', () => void copy('Markdown'));
  copyCsv.addEventListener('click', () => void copy('CSV'));
  recompute();
  return () => {
    if (frame) cancelAnimationFrame(frame);
    root.remove();
  };
}

function spacer(height: number): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = 'ir-spacer';
  tr.style.height = `${height}px`;
  return tr;
}

function button(label: string): HTMLButtonElement {
  const b = el('button', 'ir-button');
  b.textContent = label;
  return b;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  return e;
}
