// Exported events as CSV text (RFC 4180, a header of the column names): what PostgreSQL's `COPY events FROM
// … (FORMAT csv, HEADER true)` loads. Pure: rows in, text out.
//
// Unlike the report's CSV, a cell is never prefixed against spreadsheet formulas: this file is data for an
// engine, and a changed version string would change its numbers. Open it in a database, not a spreadsheet.

import { dayLabel } from '../core/calendar.js';
import { EXPORT_COLUMNS } from './columns.js';
import type { EventRows, ExportNames } from './event-rows.js';

export const CSV_HEADER = `${EXPORT_COLUMNS.map((c) => c.name).join(',')}\n`;

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A text cell: quoted when it holds a comma, a quote, a line break, or is empty (an empty unquoted cell is NULL to COPY). */
export function csvCell(text: string): string {
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function uuidText(bytes: Uint8Array, at: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += HEX[bytes[at + i]];
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

const MICROS_PER_DAY = 86_400_000_000;

/** `2025-11-12T10:30:45.123456Z` for microseconds since the epoch (years 0000-9999); `days` caches day labels. */
export function instantText(micros: bigint, days: Map<number, string> = new Map()): string {
  let day: number;
  let us: number;
  const m = Number(micros);
  if (Number.isSafeInteger(m)) {
    day = Math.floor(m / MICROS_PER_DAY);
    us = m - day * MICROS_PER_DAY;
  } else {
    // a clock in 9999: beyond a double's exact integers
    const perDay = BigInt(MICROS_PER_DAY);
    let d = micros / perDay;
    let rest = micros % perDay;
    if (rest < 0n) {
      rest += perDay;
      d -= 1n;
    }
    day = Number(d);
    us = Number(rest);
  }
  let label = days.get(day);
  if (label === undefined) days.set(day, (label = dayLabel(day)));
  const seconds = Math.floor(us / 1e6);
  const fraction = us - seconds * 1e6;
  return `${label}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${String(fraction).padStart(6, '0')}Z`;
}

/** The rows as CSV lines, without the header. */
export function csvRows(rows: EventRows, names: ExportNames): string {
  const commands = new Map<number, string>();
  const versions = new Map<number, string>();
  const inputs = new Map<number, string>();
  const cell = (cache: Map<number, string>, id: number, name: (id: number) => string) => {
    let text = cache.get(id);
    if (text === undefined) cache.set(id, (text = csvCell(name(id))));
    return text;
  };
  const days = new Map<number, string>();
  const parts: string[] = [];
  for (let i = 0; i < rows.size; i++) {
    parts.push(
      `${uuidText(rows.uuid, i * 16)},${instantText(rows.micros[i], days)},${rows.nanos[i]},${cell(commands, rows.command[i], names.command)},` +
        `${cell(versions, rows.version[i], names.version)},${cell(inputs, rows.input[i], names.input)},${rows.line[i]},${rows.seq[i]}\n`,
    );
  }
  return parts.join('');
}
