// CSV: a header row, one row per item, exact numbers (no separators, shares as fractions). A command with
// one section prints its table (or its two, one after another: adoption, active, quality). A command with
// several sections (`report`) prints one tidy long table (issue #21 item 9),
// `section,item,measure,value`, one row per number: pandas.read_csv or a spreadsheet loads it in one call, and a
// pivot on `section` gives back each table; several tables one after another load nowhere.
// Text cells come from the log and are neutralised against formulas (untrusted.ts, docs/rules.md).

import type { Report } from '../core/report.js';
import { periodKey } from './json.js';
import { sectionTables, type Cell, type Column, type SectionTable } from './sections.js';
import { csvText } from './untrusted.js';

function field(value: Cell, column: Column | undefined): string {
  if (value === null) return '';
  const s = column?.kind === 'text' && typeof value === 'string' ? csvText(value) : String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The JSON's name of a table's section (`daily`, `weekly`, `monthly` for the periods). */
function sectionName(table: SectionTable, report: Report): string {
  return table.id === 'periods' ? periodKey(report) : table.id;
}

/** Every table as rows of `section,item,measure,value`: the item is the row's first cell, each other cell a row. */
function longTable(tables: SectionTable[], report: Report): string {
  const lines = ['section,item,measure,value'];
  for (const table of tables) {
    const section = field(sectionName(table, report), undefined);
    // a one-column table (uniques) is one number with no item
    const keyed = table.columns.length > 1;
    for (const row of table.rows) {
      const item = keyed ? field(row[0], table.columns[0]) : '';
      for (let i = keyed ? 1 : 0; i < row.length; i++) {
        lines.push(`${section},${item},${field(table.columns[i].key, undefined)},${field(row[i], table.columns[i])}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

export function renderCsv(report: Report): string {
  const tables = sectionTables(report);
  // several sections (report) are one long table; one section of two tables (adoption, active, quality) keeps
  // them as they are, one after another: the long form of 120,000 adoption rows is three times their size
  const sections = [
    report.uniques,
    report.periods,
    report.versions,
    report.commands,
    report.upgrades,
    report.retention,
    report.adoption,
    report.active,
    report.activation,
    report.churn,
    report.quality,
  ];
  if (sections.filter((section) => section !== undefined).length > 1) return longTable(tables, report);
  return tables
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
