// How the human formats mark a period the data covers in part only (core/coverage.ts, issue #21): a `*` after
// its label and one footnote under the table; CSV and JSON carry a `partial` field instead.

import type { Column } from './section-table.js';

export const PARTIAL_NOTE = '* partial: the data starts or ends inside this period; its numbers cover only part of it.';

/** A period's label for people, marked when partial. */
export const partialLabel = (label: string, partial: boolean) => (partial ? `${label} *` : label);

/** The CSV's column for it. */
export const PARTIAL_COLUMN: Column = { key: 'partial', heading: 'partial', kind: 'flag' };

/** The footnote when any row shown is partial, joined to the table's other note. */
export function withPartialNote(note: string | undefined, rows: readonly { partial: boolean }[], forPeople: boolean): string | undefined {
  if (!forPeople || !rows.some((row) => row.partial)) return note;
  return note === undefined ? PARTIAL_NOTE : `${note} ${PARTIAL_NOTE}`;
}
