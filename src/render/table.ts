// Tables for people in a terminal: aligned, thousands separators, bars scaled to the largest value when
// the width allows, a sparkline under the period table, and — only when colour is on — the latest version
// and the busiest period stand out. Colour is decided by the caller; this returns a string.
//
// The grid is drawn here rather than with cli-table3: its layout checks every cell against every cell
// of the rows above it for row spans (layout-manager.js, conflictExists), quadratic in rows — 3 s for
// 2,500 days — and it and chalk took a third of a small run's start-up. This is one pass over the cells.

import type { Report } from '../core/report.js';
import { formatDays } from './analytics-sections.js';
import { bar, barWidth, sparklineWithGaps } from './chart-text.js';
import { alignsLeft, formatCount, formatRetained, formatShare, sectionTables, type Cell, type Column, type SectionTable } from './sections.js';
import { largest, shortText } from './shown.js';
import { idChurnNote, inputSummary, settingsSummary } from './summary.js';
import { displayWidth } from './text-width.js';
import { cutTo, fitTable, wrapWords } from './fit.js';
import { visible } from './untrusted.js';

export interface TableOptions {
  color: boolean;
  /** terminal columns available */
  width: number;
  /** rows of versions, commands and upgrades; 0: all */
  top?: number;
}

/** SGR sequences at the 16-colour level, each closed by its own reset so they nest. */
interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
  highlight(text: string): string;
}

const plain: Paint = { bold: (t) => t, dim: (t) => t, cyan: (t) => t, highlight: (t) => t };
const sgr = (open: string, close: string) => (t: string) => (t === '' ? '' : `\u001b[${open}m${t}\u001b[${close}m`);
const ansi: Paint = {
  bold: sgr('1', '22'),
  dim: sgr('2', '22'),
  cyan: sgr('36', '39'),
  highlight: (t) => sgr('1', '22')(sgr('33', '39')(t)),
};

function cell(value: Cell, column: Column, row: Cell[]): string {
  if (value === null) return column.missing ?? '–';
  switch (column.kind) {
    case 'days':
      return formatDays(value as number);
    case 'count':
      return formatCount(value as number);
    case 'share':
      // a share written as a floor (an open cohort's `≥12.0%`) comes as text
      return typeof value === 'string' ? visible(value) : formatShare(value as number);
    case 'flag':
      return value ? 'yes' : '';
    case 'retained':
      return formatRetained(value as number, row[1] as number);
    default:
      return visible(String(value));
  }
}

/** Characters of the box, as cli-table3 drew them. */
const BOX = {
  top: ['┌', '┬', '┐'],
  middle: ['├', '┼', '┤'],
  bottom: ['└', '┴', '┘'],
  line: '─',
  side: '│',
} as const;

interface Grid {
  headings: string[];
  /** per column: true for left-aligned */
  left: boolean[];
  rows: string[][];
  /** row index → a line spanning the whole table, before that row */
  breaks?: Map<number, string>;
  /** a row drawn in the highlight colour, or -1 */
  highlight: number;
}

/** Draws the grid: one pass to measure the columns, one to print. Linear in cells. */
function drawGrid(grid: Grid, paint: Paint): string {
  const widths = grid.headings.map((heading) => displayWidth(heading));
  const measured = grid.rows.map((row) => row.map((text) => displayWidth(text)));
  for (const row of measured) row.forEach((w, i) => (widths[i] = Math.max(widths[i], w)));
  // a break line spans every column; widen the last one if it does not fit
  let inner = widths.reduce((sum, w) => sum + w + 3, -1);
  for (const text of grid.breaks?.values() ?? []) {
    const need = displayWidth(text) + 2;
    if (need > inner) {
      widths[widths.length - 1] += need - inner;
      inner = need;
    }
  }
  const rule = ([left, mid, right]: readonly string[]) => left + widths.map((w) => BOX.line.repeat(w + 2)).join(mid) + right;
  const line = (texts: string[], sizes: number[], style: (t: string) => string) =>
    BOX.side +
    texts
      .map((text, i) => {
        const room = ' '.repeat(Math.max(0, widths[i] - sizes[i]));
        return ' ' + (grid.left[i] ? style(text) + room : room + style(text)) + ' ';
      })
      .join(BOX.side) +
    BOX.side;
  const spanning = (text: string) => `${BOX.side} ${text}${' '.repeat(Math.max(0, inner - 2 - displayWidth(text)))} ${BOX.side}`;
  const out: string[] = [rule(BOX.top), line(grid.headings, grid.headings.map(displayWidth), paint.bold), rule(BOX.middle)];
  const none = (t: string) => t;
  grid.rows.forEach((row, r) => {
    const gap = grid.breaks?.get(r);
    if (gap !== undefined) out.push(spanning(gap));
    out.push(line(row, measured[r], r === grid.highlight ? paint.highlight : none));
  });
  const trailing = grid.breaks?.get(grid.rows.length);
  if (trailing !== undefined) out.push(spanning(trailing));
  out.push(rule(BOX.bottom));
  return out.join('\n');
}

/** Display width of the table without a bar column: cell contents + padding + borders. */
function plainWidth(table: SectionTable, cells: string[][]): number {
  const widths = table.columns.map((c) => c.heading.length);
  for (const row of cells) row.forEach((text, i) => (widths[i] = Math.max(widths[i], displayWidth(text))));
  return widths.reduce((sum, w) => sum + w + 3, 1);
}

function wrap(line: string, width: number): string[] {
  const chars = Array.from(line);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  return lines;
}

export function renderTable(report: Report, options: TableOptions): string {
  const paint = options.color ? ansi : plain;
  // no line wider than the width (issue #21 item 4): prose is wrapped at spaces, tables give up columns
  // a width of 0 (or none that is a number) leaves the tables as wide as they are: the library's unbounded form
  const width = options.width > 0 ? Math.max(20, Math.floor(options.width)) : Infinity;
  const prose = (text: string, style: (t: string) => string = (t) => t) => wrapWords(text, width).map(style);
  const out: string[] = [...prose(`${inputSummary(report)}; ${settingsSummary(report)}`, paint.dim), ''];
  for (const whole of sectionTables(report, { forPeople: true, top: options.top })) {
    if (whole.id === 'uniques') {
      const churn = idChurnNote(report);
      // the id churn on the line under the headline, where it is read with it
      out.push(`${paint.bold('Unique installs:')} ${formatCount(report.uniques ?? 0)}`, ...(churn === null ? [] : prose(churn)), '');
      continue;
    }
    for (const line of prose(whole.title, paint.bold)) out.push(line);
    if (whole.rows.length === 0 && !whole.breaks) {
      out.push('No events.', '');
      continue;
    }
    const fitted = fitTable(whole, width, cell);
    const table = fitted.table;
    const cells = table.rows.map((row) => table.columns.map((c, i) => (i < row.length ? cell(row[i], c, row) : '')));
    const barCells = table.barColumn === undefined ? 0 : barWidth(Number.isFinite(width) ? width : 0, plainWidth(table, cells));
    if (barCells > 0) {
      const max = largest(table.rows.map((r) => r[table.barColumn!] as number));
      table.rows.forEach((row, r) => cells[r].push(bar(row[table.barColumn!] as number, max, barCells)));
    }
    out.push(
      drawGrid(
        {
          // headings may name versions (adoption's columns): untrusted text too
          headings: [...table.columns.map((c) => visible(c.heading)), ...(barCells > 0 ? [''] : [])],
          left: [...table.columns.map(alignsLeft), true],
          rows: cells,
          // a line in place of rows (a run of empty days) is cut to the table's inside
          breaks: table.breaks && new Map([...table.breaks].map(([at, text]) => [at, cutTo(text, width - 4)])),
          highlight: highlightRow(report, table),
        },
        paint,
      ),
    );
    if (table.key) for (const line of prose(table.key, paint.dim)) out.push(line);
    if (table.note) for (const line of prose(table.note)) out.push(line);
    if (fitted.note) for (const line of prose(fitted.note)) out.push(line);
    if (table.id === 'periods') {
      const label = `Events per ${report.settings.by}: `;
      const spark = sparklineWithGaps(
        table.rows.map((row) => row[1] as number),
        table.breaks,
      );
      const room = Number.isFinite(width) ? Math.max(10, width - label.length) : Math.max(20, spark.length);
      wrap(spark, room).forEach((part, i) => out.push((i === 0 ? label : ' '.repeat(label.length)) + paint.cyan(part)));
    }
    out.push('');
  }
  return out.join('\n');
}

/** The row that stands out with colour: the latest version, the busiest period. */
function highlightRow(report: Report, table: SectionTable): number {
  if (table.id === 'versions' && report.versions) {
    // the table's own order (SemVer), not the JSON's
    const latest = report.versions.latest === null ? null : shortText(report.versions.latest);
    return table.rows.findIndex((row) => row[0] === latest);
  }
  if (table.id === 'periods') {
    let busiest = 0;
    table.rows.forEach((row, i) => (busiest = (row[1] as number) > (table.rows[busiest][1] as number) ? i : busiest));
    return table.rows.length > 0 ? busiest : -1;
  }
  return -1;
}
