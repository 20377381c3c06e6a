// Markdown for a GitHub job summary (`>> $GITHUB_STEP_SUMMARY`): a heading per section, right-aligned
// numbers with thousands separators, bars and a sparkline as text so the shape shows at a glance.

import type { Report } from '../core/report.js';
import { bar, sparkline } from './chart-text.js';
import { formatDays } from './analytics-sections.js';
import { alignsLeft, formatCount, formatRetained, formatShare, sectionTables, type Cell, type Column } from './sections.js';
import { inputSummary, settingsSummary } from './summary.js';

const BAR_WIDTH = 20;

/** Makes user data (versions, commands) safe inside a table cell. */
function escapeCell(s: string): string {
  return s.replace(/([\\`*_{}[\]<>|#!~])/g, '\\$1').replace(/\r?\n/g, ' ');
}

function cell(value: Cell, column: Column, row: Cell[]): string {
  if (value === null) return column.missing ?? '–';
  if (column.kind === 'days') return formatDays(value as number);
  if (column.kind === 'count') return formatCount(value as number);
  if (column.kind === 'retained') return formatRetained(value as number, row[1] as number);
  if (column.kind === 'share') return formatShare(value as number);
  if (column.kind === 'flag') return value ? 'yes' : '';
  return escapeCell(String(value));
}

export function renderMarkdown(report: Report): string {
  const out: string[] = ['# BAZINGA telemetry', '', `_${inputSummary(report)}; ${settingsSummary(report)}._`, ''];
  for (const table of sectionTables(report, { forPeople: true })) {
    if (table.id === 'uniques') {
      out.push(`**Unique installs: ${formatCount(report.uniques ?? 0)}**`, '');
      continue;
    }
    out.push(`## ${escapeCell(table.title)}`, '');
    if (table.note) out.push(escapeCell(table.note), '');
    if (table.rows.length === 0) {
      out.push('_No events._', '');
      continue;
    }
    const withBar = table.barColumn !== undefined;
    const max = withBar ? Math.max(...table.rows.map((r) => r[table.barColumn!] as number)) : 0;
    const headings = table.columns.map((c) => escapeCell(c.heading));
    if (withBar) headings.push('');
    out.push(`| ${headings.join(' | ')} |`);
    const align = table.columns.map((c) => (alignsLeft(c) ? ':---' : '---:'));
    if (withBar) align.push(':---');
    out.push(`| ${align.join(' | ')} |`);
    for (const row of table.rows) {
      const cells = table.columns.map((c, i) => (i < row.length ? cell(row[i], c, row) : ''));
      if (withBar) cells.push(bar(row[table.barColumn!] as number, max, BAR_WIDTH));
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
    if (table.id === 'periods' && report.periods) {
      out.push(`Events per ${report.settings.by}: \`${sparkline(report.periods.map((p) => p.events))}\``, '');
    }
  }
  return out.join('\n');
}
