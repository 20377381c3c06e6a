// The accessible fallback of every chart: a real <table> with the exact numbers, folded in a
// <details> under the chart (open it, or read it with a screen reader or in a text browser).
// Rows carry `data-key` and number cells `data-field`/`data-value`, the same attributes as the
// chart's marks, so a test can check that every mark shows the number its table row holds.
import { escapeHtml } from './escape.js';
import { formatCount } from './format.js';

export interface Column {
  heading: string;
  /** numbers are right-aligned */
  numeric?: boolean;
  /** the field a chart's marks name in `data-field` for this column's numbers */
  field?: string;
}

export interface Cell {
  text: string;
  /** the exact number behind the text, for `data-value` */
  value?: number | string;
  className?: string;
}

export interface Row {
  /** the row's key in the data (a period, a version, a command, `from→to`, a cohort) */
  key: string;
  cells: (Cell | string)[];
}

/** A line across the whole table in place of rows left out (a run of empty periods); no key, no numbers. */
export interface GapRow {
  gap: string;
}

export interface FallbackTable {
  caption: string;
  columns: Column[];
  rows: (Row | GapRow)[];
}

function renderCell(cell: Cell | string, column: Column | undefined, isHeading: boolean): string {
  const { text, value, className } = typeof cell === 'string' ? { text: cell, value: undefined, className: undefined } : cell;
  const classes = [column?.numeric ? 'num' : '', className ?? ''].filter(Boolean).join(' ');
  let attributes = classes ? ` class="${classes}"` : '';
  if (column?.field) attributes += ` data-field="${escapeHtml(column.field)}"`;
  if (value !== undefined) attributes += ` data-value="${escapeHtml(String(value))}"`;
  return isHeading ? `<th scope="row"${attributes}>${escapeHtml(text)}</th>` : `<td${attributes}>${escapeHtml(text)}</td>`;
}

export function renderTable(table: FallbackTable): string {
  const head = table.columns.map((column) => `<th scope="col"${column.numeric ? ' class="num"' : ''}>${escapeHtml(column.heading)}</th>`).join('');
  const body = table.rows
    .map((row) => {
      if ('gap' in row) return `<tr class="gap"><td colspan="${table.columns.length}">${escapeHtml(row.gap)}</td></tr>`;
      const cells = row.cells.map((cell, index) => renderCell(cell, table.columns[index], index === 0));
      return `<tr data-key="${escapeHtml(row.key)}">${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table><caption>${escapeHtml(table.caption)}</caption>` + `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** The table folded under a chart. */
export function numbersDetails(table: FallbackTable, summary = 'Show the numbers'): string {
  return `<details class="numbers"><summary>${escapeHtml(summary)}</summary>` + `<div class="table-scroll">${renderTable(table)}</div></details>`;
}

/** A count cell: grouped digits on the page, the exact count in `data-value`. */
export function countCell(count: number, text?: string): Cell {
  return { text: text ?? formatCount(count), value: count };
}
