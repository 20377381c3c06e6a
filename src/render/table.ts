// Tables for people in a terminal: aligned, thousands separators, bars scaled to the largest value when
// the width allows, a sparkline under the period table, and — only when colour is on — the latest version
// and the busiest period stand out. Colour is decided by the caller; this returns a string.

import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../core/report.js';
import { bar, barWidth, sparkline } from './chart-text.js';
import { formatDays } from './analytics-sections.js';
import { alignsLeft, formatCount, formatRetained, formatShare, sectionTables, type Column, type SectionTable } from './sections.js';
import { inputSummary, settingsSummary } from './summary.js';

export interface TableOptions {
  color: boolean;
  /** terminal columns available */
  width: number;
}

type Cell = string | number | boolean | null;

function cell(value: Cell, column: Column, row: Cell[]): string {
  if (value === null) return column.missing ?? '–';
  switch (column.kind) {
    case 'days':
      return formatDays(value as number);
    case 'count':
      return formatCount(value as number);
    case 'share':
      return formatShare(value as number);
    case 'flag':
      return value ? 'yes' : '';
    case 'retained':
      return formatRetained(value as number, row[1] as number);
    default:
      return String(value);
  }
}

/** Display width of the table without a bar column: cell contents + padding + borders. */
function plainWidth(table: SectionTable, cells: string[][]): number {
  const widths = table.columns.map((c, i) => Math.max(c.heading.length, ...cells.map((r) => (r[i] ?? '').length)));
  return widths.reduce((sum, w) => sum + w + 3, 1);
}

function wrap(line: string, width: number): string[] {
  const chars = Array.from(line);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  return lines;
}

export function renderTable(report: Report, options: TableOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [paint.dim(`${inputSummary(report)}; ${settingsSummary(report)}`), ''];
  for (const table of sectionTables(report, { forPeople: true })) {
    if (table.id === 'uniques') {
      out.push(`${paint.bold('Unique installs:')} ${formatCount(report.uniques ?? 0)}`, '');
      continue;
    }
    out.push(paint.bold(table.title));
    if (table.note) out.push(table.note);
    if (table.rows.length === 0) {
      out.push('No events.', '');
      continue;
    }
    const cells = table.rows.map((row) => table.columns.map((c, i) => (i < row.length ? cell(row[i], c, row) : '')));
    const barCells = table.barColumn === undefined ? 0 : barWidth(options.width, plainWidth(table, cells));
    const max = barCells > 0 ? Math.max(...table.rows.map((r) => r[table.barColumn!] as number)) : 0;
    const highlight = highlightRow(report, table);

    const grid = new Table({
      head: [...table.columns.map((c) => paint.bold(c.heading)), ...(barCells > 0 ? [''] : [])],
      colAligns: [...table.columns.map((c): 'left' | 'right' => (alignsLeft(c) ? 'left' : 'right')), 'left'],
      style: { head: [], border: [], compact: true },
    });
    table.rows.forEach((row, r) => {
      let line = cells[r];
      if (barCells > 0) line = [...line, bar(row[table.barColumn!] as number, max, barCells)];
      if (r === highlight) line = line.map((text) => paint.bold.yellow(text));
      grid.push(line);
    });
    out.push(grid.toString());
    if (table.id === 'periods' && report.periods) {
      const label = `Events per ${report.settings.by}: `;
      const spark = sparkline(report.periods.map((p) => p.events));
      const room = Math.max(20, options.width - label.length);
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
    return table.rows.findIndex((row) => row[0] === report.versions!.latest);
  }
  if (table.id === 'periods' && report.periods) {
    let busiest = 0;
    report.periods.forEach((p, i) => (busiest = p.events > report.periods![busiest].events ? i : busiest));
    return busiest;
  }
  return -1;
}
