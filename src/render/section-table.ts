// The shape every section takes as rows and columns (sections.ts and analytics-sections.ts build them; the CSV,
// Markdown and table renderers show them).

/** `retained`: a count shown to people as a percentage of the row's `installs` (column 1) */
export type CellKind = 'text' | 'count' | 'share' | 'flag' | 'retained' | 'days';

/** Words (names, yes/no) align left, numbers right. */
export const alignsLeft = (column: Column) => column.kind === 'text' || column.kind === 'flag';

export interface Column {
  /** CSV header and Markdown/table heading */
  key: string;
  heading: string;
  kind: CellKind;
  /** what people see for a null cell (default '–') */
  missing?: string;
}

/** A cell; null is a number that does not exist (an empty CSV cell; `Column.missing` for people). */
export type Cell = string | number | boolean | null;

export interface SectionTable {
  id:
    | 'uniques'
    | 'periods'
    | 'versions'
    | 'commands'
    | 'upgrades'
    | 'retention'
    | 'adoption'
    | 'releases'
    | 'active'
    | 'active-days'
    | 'activation'
    | 'churn'
    | 'quality-ids'
    | 'adoption-versions'
    | 'quality';
  title: string;
  columns: Column[];
  rows: Cell[][];
  /** the column a bar chart is drawn for, if any */
  barColumn?: number;
  /**
   * For people only: lines shown in place of rows left out, by the index of the row they come before
   * (`rows.length` for the end), e.g. a run of empty days. Never set for CSV.
   */
  breaks?: Map<number, string>;
  /** For people only: a line under the table saying what it leaves out. */
  note?: string;
  /** For people only: the one-line key to its non-obvious columns (render/table-keys.ts), above the note. */
  key?: string;
}
