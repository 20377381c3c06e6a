// Every table fits its width (issue #21 item 4; STYLE.md "Fit the screen, and say what was left out"). A
// table wider than the width gives up columns by a rule that keeps its meaning, and says so under it:
//
// - retention keeps its first weeks (W0, W1, …) and says how many more there are;
// - adoption keeps the newest releases: the version columns on the right (the older ones) are counted in
//   `other`, then `as of`, `median age` and `in use` go;
// - every other table gives up its least needed columns in a fixed order (periods: resurrecting, returning,
//   dormant, …; releases: under 10% on, peak on, …);
// - last, the widest text column is cut with `…` (a long version, quality's places).
//
// The same rule serves tables in a terminal (its width) and Markdown (120 columns): both draw a column as its
// widest cell plus 3 characters of padding and border, and 1 more for the last border. JSON and CSV keep all.

import type { Cell, Column, SectionTable } from './sections.js';
import { displayWidth } from './text-width.js';

/** Markdown tables are fitted to this many columns (a GitHub page or job summary). */
export const MARKDOWN_WIDTH = 120;

/** The narrowest a cut text column gets. */
const MIN_TEXT = 8;

/** Columns (by key) given up first to last, per table; a key not in the table is skipped. */
const DROP_ORDER: Partial<Record<SectionTable['id'], string[]>> = {
  periods: ['resurrecting', 'returning', 'dormant', 'total', 'new', 'events'],
  versions: ['events', 'installs'],
  releases: ['replaced', 'peak_date', 'days_to_90', 'peak_share'],
  active: ['date', 'wau', 'stickiness'],
  activation: ['p90_days', 'median_days', 'converted'],
  'quality-ids': ['update_only_ids', 'init_ids'],
  quality: ['unit'],
  upgrades: ['downgrade'],
};

/** Adoption's columns after the version columns, given up after they are folded into `other`. */
const ADOPTION_DROPS = ['date', 'median_age', 'in_use', 'latest3', 'active'];

export interface Fitted {
  table: SectionTable;
  /** what was left out or cut, for a line under the table; null when the table fitted as it was */
  note: string | null;
}

/** Width of a grid (or Markdown table) of these columns: widest cell + 3 each, + 1. */
export function tableWidth(table: SectionTable, format: (value: Cell, column: Column, row: Cell[]) => string): number {
  return columnWidths(table, format).reduce((sum, w) => sum + w + 3, 1);
}

function columnWidths(table: SectionTable, format: (value: Cell, column: Column, row: Cell[]) => string): number[] {
  const widths = table.columns.map((c) => displayWidth(c.heading));
  for (const row of table.rows) {
    table.columns.forEach((column, i) => {
      if (i < row.length) widths[i] = Math.max(widths[i], displayWidth(format(row[i], column, row)));
    });
  }
  return widths;
}

/** The table without the columns at `drop` (indices); the bar column follows its column or goes. */
function without(table: SectionTable, drop: Set<number>): SectionTable {
  const keep = table.columns.map((_, i) => i).filter((i) => !drop.has(i));
  const bar = table.barColumn === undefined || drop.has(table.barColumn) ? undefined : keep.indexOf(table.barColumn);
  // a row may be shorter than the columns (retention's triangle): it keeps what it has
  const rows = table.rows.map((row) => keep.filter((i) => i < row.length).map((i) => row[i]));
  return { ...table, columns: keep.map((i) => table.columns[i]), rows, barColumn: bar };
}

/** `a, b and c` */
function listed(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The table as it fits `width` (columns of the terminal, or MARKDOWN_WIDTH), and what was given up. `format`
 * is the renderer's cell text. Tables of one column, or already narrow enough, come back as they are.
 */
export function fitTable(table: SectionTable, width: number, format: (value: Cell, column: Column, row: Cell[]) => string): Fitted {
  if (tableWidth(table, format) <= width || table.columns.length === 0) return { table, note: null };
  const parts: string[] = [];
  let fitted = table;
  const fits = () => tableWidth(fitted, format) <= width;

  if (table.id === 'retention') {
    // the first weeks after each cohort, then `+N weeks`: the shape of the curve reads from its start
    const weeks = table.columns.length - 2;
    let shown = weeks;
    while (shown > 1 && !fits()) {
      shown--;
      fitted = without(table, new Set(Array.from({ length: weeks - shown }, (_, k) => 2 + shown + k)));
    }
    if (shown < weeks) parts.push(`weeks W0–W${shown - 1} of W0–W${weeks - 1} (${weeks - shown} more)`);
  } else if (table.id === 'adoption') {
    const result = foldAdoption(table, fits, (t) => (fitted = t));
    if (result.length > 0) parts.push(result);
  }
  const dropped: string[] = [];
  for (const key of table.id === 'adoption' ? ADOPTION_DROPS : (DROP_ORDER[table.id] ?? [])) {
    if (fits()) break;
    const at = fitted.columns.findIndex((c) => c.key === key);
    if (at <= 0) continue; // never the first column: it names the row
    dropped.push(fitted.columns[at].heading);
    fitted = without(fitted, new Set([at]));
  }
  if (dropped.length > 0) parts.push(`the column${dropped.length > 1 ? 's' : ''} ${listed(dropped)} left out`);
  if (!fits() && table.id === 'quality') {
    // places by file name alone: `/var/log/bazinga/telemetry.jsonl:7,8` → `telemetry.jsonl:7,8`
    const at = fitted.columns.findIndex((c) => c.key === 'samples');
    if (at >= 0) {
      fitted = {
        ...fitted,
        rows: fitted.rows.map((row) =>
          row.map((value, i) => (i === at && typeof value === 'string' ? value.replace(/(^| )[^ ]*\/(?=[^ /]*(:[\d,]+)?( |$))/g, '$1') : value)),
        ),
      };
      parts.push('paths as file names');
    }
  }
  if (!fits()) {
    const cut = cutText(fitted, width, format);
    fitted = cut.table;
    if (cut.heading !== null) parts.push(`${cut.heading} cut`);
  }
  return { table: fitted, note: `To fit ${width} columns: ${parts.join('; ')}; --format csv or json has everything.` };
}

/**
 * Adoption: version columns from the right (the oldest; item 1 orders them newest first) are counted in
 * `other` until the table fits, keeping at least one. Returns the words for the note.
 */
function foldAdoption(table: SectionTable, fits: () => boolean, set: (t: SectionTable) => void): string {
  const versionAt = table.columns.map((c, i) => (c.key.startsWith('v:') ? i : -1)).filter((i) => i >= 0);
  const otherAt = table.columns.findIndex((c) => c.key === 'other');
  if (versionAt.length <= 1 || otherAt < 0) return '';
  const folded: number[] = [];
  for (let k = versionAt.length - 1; k >= 1 && !fits(); k--) {
    folded.push(versionAt[k]);
    const drop = new Set(folded);
    const rows = table.rows.map((row) => {
      const copy = [...row];
      copy[otherAt] = (row[otherAt] as number) + folded.reduce((sum, i) => sum + ((row[i] as number) ?? 0), 0);
      return copy;
    });
    set(without({ ...table, rows }, drop));
  }
  if (folded.length === 0) return '';
  const names = folded.reverse().map((i) => table.columns[i].heading);
  return `${listed(names)} counted in other`;
}

/** The widest text column cut so that the table fits (never below MIN_TEXT); its heading, or null. */
function cutText(
  table: SectionTable,
  width: number,
  format: (value: Cell, column: Column, row: Cell[]) => string,
): { table: SectionTable; heading: string | null } {
  const widths = columnWidths(table, format);
  let widest = -1;
  table.columns.forEach((c, i) => {
    if (c.kind === 'text' && (widest < 0 || widths[i] > widths[widest])) widest = i;
  });
  if (widest < 0) return { table, heading: null };
  const excess = widths.reduce((sum, w) => sum + w + 3, 1) - width;
  const room = Math.max(MIN_TEXT, widths[widest] - excess);
  if (room >= widths[widest]) return { table, heading: null };
  // quality's places keep their line numbers: the file name is cut in its middle
  const cut = table.columns[widest].key === 'samples' ? cutMiddle : cutTo;
  const rows = table.rows.map((row) => row.map((value, i) => (i === widest && typeof value === 'string' ? cut(value, room) : value)));
  const columns = table.columns.map((c, i) => (i === widest ? { ...c, heading: cutTo(c.heading, room) } : c));
  return { table: { ...table, rows, columns }, heading: table.columns[widest].heading };
}

/** `text` in at most `cells` terminal cells, ending in `…` when cut. */
export function cutTo(text: string, cells: number): string {
  if (displayWidth(text) <= cells) return text;
  let out = '';
  for (const char of text) {
    if (displayWidth(out + char) > cells - 1) break;
    out += char;
  }
  return `${out}…`;
}

/** `text` in at most `cells` cells, its middle replaced by `…` when cut (the start and the end kept). */
export function cutMiddle(text: string, cells: number): string {
  if (displayWidth(text) <= cells) return text;
  const chars = Array.from(text);
  const tail = Math.floor((cells - 1) / 2);
  const head = cells - 1 - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** Words of `text` in lines of at most `width` cells (a word longer than that is cut into pieces). */
export function wrapWords(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (displayWidth(next) <= width) {
      line = next;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (displayWidth(line) > width) {
      let piece = '';
      for (const char of line) {
        if (displayWidth(piece + char) > width) break;
        piece += char;
      }
      lines.push(piece);
      line = line.slice(piece.length);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
