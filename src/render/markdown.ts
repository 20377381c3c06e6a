// Markdown for a GitHub job summary (`>> $GITHUB_STEP_SUMMARY`): a heading per section, right-aligned
// numbers with thousands separators, bars and a sparkline as text so the shape shows at a glance.
// Text from the log and from flags goes through markdownText (untrusted.ts): no raw control character,
// no HTML, nothing that ends a cell.

import type { Report } from '../core/report.js';
import { formatDays } from './analytics-sections.js';
import { bar, sparklineWithGaps } from './chart-text.js';
import { alignsLeft, formatCount, formatRetained, formatShare, sectionTables, type Cell, type Column } from './sections.js';
import { largest } from './shown.js';
import { idChurnNote, inputSummary, settingsSummary } from './summary.js';
import { markdownText } from './untrusted.js';
import { fitTable, MARKDOWN_WIDTH, tableWidth } from './fit.js';

const BAR_WIDTH = 20;

function cell(value: Cell, column: Column, row: Cell[]): string {
  if (value === null) return column.missing ?? '–';
  if (column.kind === 'days') return formatDays(value as number);
  if (column.kind === 'count') return formatCount(value as number);
  if (column.kind === 'retained') return formatRetained(value as number, row[1] as number);
  if (column.kind === 'share') return typeof value === 'string' ? markdownText(value) : formatShare(value as number);
  if (column.kind === 'flag') return value ? 'yes' : '';
  return markdownText(String(value));
}

export interface MarkdownOptions {
  /** rows of versions, commands and upgrades; 0: all */
  top?: number;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const out: string[] = ['# BAZINGA telemetry', '', `_${inputSummary(report)}; ${settingsSummary(report, markdownText)}._`, ''];
  for (const whole of sectionTables(report, { forPeople: true, top: options.top })) {
    if (whole.id === 'uniques') {
      const churn = idChurnNote(report);
      out.push(`**Unique installs: ${formatCount(report.uniques ?? 0)}**${churn === null ? '' : ` (${churn})`}`, '');
      continue;
    }
    out.push(`## ${whole.title}`, '');
    if (whole.rows.length === 0 && !whole.breaks) {
      out.push('_No events._', '');
      continue;
    }
    // the same rule as tables in a terminal, at 120 columns: columns given up by meaning, then the bar
    const fitted = fitTable(whole, MARKDOWN_WIDTH, cell);
    const table = fitted.table;
    const withBar = table.barColumn !== undefined && tableWidth(table, cell) + BAR_WIDTH + 3 <= MARKDOWN_WIDTH;
    const max = withBar ? largest(table.rows.map((r) => r[table.barColumn!] as number)) : 0;
    // headings may name versions (adoption's columns): untrusted text too
    const headings = table.columns.map((c) => markdownText(c.heading));
    if (withBar) headings.push('');
    out.push(`| ${headings.join(' | ')} |`);
    const align = table.columns.map((c) => (alignsLeft(c) ? ':---' : '---:'));
    if (withBar) align.push(':---');
    out.push(`| ${align.join(' | ')} |`);
    const breakRow = (text: string) => `| ${[markdownText(text), ...Array.from({ length: headings.length - 1 }, () => '')].join(' | ')} |`;
    table.rows.forEach((row, r) => {
      const gap = table.breaks?.get(r);
      if (gap !== undefined) out.push(breakRow(gap));
      const cells = table.columns.map((c, i) => (i < row.length ? cell(row[i], c, row) : ''));
      if (withBar) cells.push(bar(row[table.barColumn!] as number, max, BAR_WIDTH));
      out.push(`| ${cells.join(' | ')} |`);
    });
    const trailing = table.breaks?.get(table.rows.length);
    if (trailing !== undefined) out.push(breakRow(trailing));
    out.push('');
    if (table.key) out.push(`_${markdownText(table.key)}_`, '');
    if (table.note) out.push(`_${markdownText(table.note)}_`, '');
    if (fitted.note) out.push(`_${markdownText(fitted.note)}_`, '');
    if (table.id === 'periods') {
      out.push(
        `Events per ${report.settings.by}: \`${sparklineWithGaps(
          table.rows.map((row) => row[1] as number),
          table.breaks,
        )}\``,
        '',
      );
    }
  }
  return out.join('\n');
}
