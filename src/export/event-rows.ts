// Exported events in columns, a row group at a time: what the CSV and Parquet writers take. Filled from the
// Analyzer's EventListener hook (src/export/export.ts), so the rows are exactly the events a report counts.

import { InstallTable } from '../core/install-table.js';
import { ROW_GROUP_ROWS } from './columns.js';

const MICROS_SAFE_SECONDS = Math.floor(Number.MAX_SAFE_INTEGER / 1e6) - 1;

export class EventRows {
  size = 0;
  readonly capacity: number;
  /** the uuid's 16 bytes, big-endian as written */
  readonly uuid: Uint8Array;
  /**
   * the install's number in these rows (0, 1, 2, … by first row), and the row it first appears in: a writer
   * gives the same install the same value object, which a dictionary encoder then finds by identity
   */
  readonly install: Int32Array;
  firstRow: number[] = [];
  private installs = new InstallTable(1 << 16);
  /** microseconds since 1970-01-01T00:00:00Z */
  readonly micros: BigInt64Array;
  /** nanoseconds past the microsecond, 0-999 */
  readonly nanos: Int16Array;
  /** interned ids: names in `ExportNames` */
  readonly command: Int32Array;
  readonly version: Int32Array;
  readonly input: Int32Array;
  readonly line: Float64Array;
  readonly seq: Float64Array;

  constructor(capacity = ROW_GROUP_ROWS) {
    this.capacity = capacity;
    this.uuid = new Uint8Array(capacity * 16);
    this.install = new Int32Array(capacity);
    this.micros = new BigInt64Array(capacity);
    this.nanos = new Int16Array(capacity);
    this.command = new Int32Array(capacity);
    this.version = new Int32Array(capacity);
    this.input = new Int32Array(capacity);
    this.line = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
  }

  /** Empties the rows (after they were written). */
  clear(): void {
    this.size = 0;
    this.firstRow = [];
    this.installs = new InstallTable(1 << 16);
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** Adds an event (its uuid is `words[at, at + 4)`); the caller empties the rows when `full`. */
  add(words: Uint32Array, at: number, sec: number, ns: number, version: number, command: number, input: number, line: number, seq: number): void {
    const i = this.size++;
    const id = this.installs.idOf(words, at);
    this.install[i] = id;
    if (id === this.firstRow.length) this.firstRow.push(i);
    const u = this.uuid;
    for (let w = 0; w < 4; w++) {
      const word = words[at + w];
      const b = i * 16 + w * 4;
      u[b] = word >>> 24;
      u[b + 1] = (word >>> 16) & 0xff;
      u[b + 2] = (word >>> 8) & 0xff;
      u[b + 3] = word & 0xff;
    }
    const us = Math.floor(ns / 1000);
    // exact in a double up to year ~2255; BigInt arithmetic beyond (a clock in 9999)
    this.micros[i] = Math.abs(sec) < MICROS_SAFE_SECONDS ? BigInt(sec * 1e6 + us) : BigInt(sec) * 1_000_000n + BigInt(us);
    this.nanos[i] = ns - us * 1000;
    this.command[i] = command;
    this.version[i] = version;
    this.input[i] = input;
    this.line[i] = line;
    this.seq[i] = seq;
  }
}

/** The names behind the ids of EventRows (the run's interners: they grow as it reads). */
export interface ExportNames {
  command(id: number): string;
  version(id: number): string;
  input(id: number): string;
}
