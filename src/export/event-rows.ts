// Exported events in columns, a row group at a time: what the CSV and Parquet writers take. Filled from the
// Analyzer's EventListener hook (src/export/export.ts), so the rows are exactly the events a report counts.

import type { EventBatch } from '../core/event-batch.js';
import { Growable } from '../core/growable.js';
import { ROW_GROUP_ROWS } from './columns.js';

const MICROS_SAFE_SECONDS = Math.floor(Number.MAX_SAFE_INTEGER / 1e6) - 1;
const TWO_32 = 2 ** 32;

/**
 * Stores a whole number below 2^53 in `int64[i]` through `words`, a 32-bit view of the same memory (little-endian,
 * as every platform Node runs on): no BigInt is made for it.
 */
export function setInt64(words: Int32Array, i: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  words[i * 2] = value - high * TWO_32;
  words[i * 2 + 1] = high;
}

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
  /** per install id of the run: the generation of rows it was last numbered in, and its number there */
  private readonly numberedIn = new Growable(Int32Array, 1 << 16);
  private readonly numberOf = new Growable(Int32Array, 1 << 16);
  private generation = 1;
  /** microseconds since 1970-01-01T00:00:00Z */
  readonly micros: BigInt64Array;
  private readonly microWords: Int32Array;
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
    this.microWords = new Int32Array(this.micros.buffer);
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
    this.generation++;
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /**
   * Adds the batch's events from `from` on, numbered in input order from `seq`, as long as there is room;
   * returns the index after the last one added (the caller writes and clears the rows when `full`).
   */
  addBatch(batch: EventBatch, from: number, seq: number): number {
    const u = this.uuid;
    const words = batch.uuid;
    let b = from;
    for (; b < batch.size && this.size < this.capacity; b++) {
      const i = this.size++;
      const id = batch.install[b];
      const numberedIn = this.numberedIn.ensure(id);
      const numberOf = this.numberOf.ensure(id);
      if (numberedIn[id] !== this.generation) {
        numberedIn[id] = this.generation;
        numberOf[id] = this.firstRow.length;
        this.firstRow.push(i);
      }
      this.install[i] = numberOf[id];
      for (let w = 0; w < 4; w++) {
        const word = words[b * 4 + w];
        const at = i * 16 + w * 4;
        u[at] = word >>> 24;
        u[at + 1] = (word >>> 16) & 0xff;
        u[at + 2] = (word >>> 8) & 0xff;
        u[at + 3] = word & 0xff;
      }
      const sec = batch.sec[b];
      const ns = batch.ns[b];
      const us = Math.floor(ns / 1000);
      // no BigInt up to year ~2255; BigInt arithmetic beyond (a clock in 9999)
      if (Math.abs(sec) < MICROS_SAFE_SECONDS) setInt64(this.microWords, i, sec * 1e6 + us);
      else this.micros[i] = BigInt(sec) * 1_000_000n + BigInt(us);
      this.nanos[i] = ns - us * 1000;
      this.command[i] = batch.command[b];
      this.version[i] = batch.version[b];
      this.input[i] = batch.input[b];
      this.line[i] = batch.line[b];
      this.seq[i] = seq + (b - from);
    }
    return b;
  }
}

/** The names behind the ids of EventRows (the run's interners: they grow as it reads). */
export interface ExportNames {
  command(id: number): string;
  version(id: number): string;
  input(id: number): string;
}
