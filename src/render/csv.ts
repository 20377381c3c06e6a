// CSV: a header row, one row per item, exact numbers (no separators, shares as fractions). A command with
// one section prints one table; `report` prints its sections one after another, separated by a blank line.
// Text cells come from the log and are neutralised against formulas (untrusted.ts, docs/rules.md).

import type { Report } from '../core/report.js';
import { sectionTables, type Cell, type Column } from './sections.js';
import { csvText } from './untrusted.js';

function field(value: Cell, column: Column | undefined): string {
  if (value === null) return '';
  const s = column?.kind === 'text' && typeof value === 'string' ? csvText(value) : String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(report: Report): string {
  return sectionTables(report)
    .map((table) => {
      const lines = [table.columns.map((c) => field(c.key, undefined)).join(',')];
      for (const row of table.rows) {
        // retention rows are a triangle: pad them so every row has every column
        const cells = row.map((value, i) => field(value, table.columns[i]));
        while (cells.length < table.columns.length) cells.push('');
        lines.push(cells.join(','));
      }
      return lines.join('\n') + '\n';
    })
    .join('\n');
}
