// An append-only list of (value, install) pairs — "install 17 was active on day 20404" — in fixed-size
// chunks: appending is a sequential write (no hashing, no copying when it grows), and duplicates are
// removed once, at the end, by grouping the pairs per install (a counting sort) and sorting each group.
// Callers skip obvious repeats (an install's same day again) so the log stays near the number of distinct
// pairs. Values are kept in 16 bits, relative to the first one, while they stay within ±32,768 of it (days
// of a few decades do): 6 bytes a pair instead of 8; the log widens to 32 bits the first time one does not.

import { StateError, type SummaryReader, type SummaryWriter } from './summary.js';

const CHUNK = 1 << 18;
const HALF = 0x8000;
const EMPTY: Int32Array = new Int32Array(0);
const EMPTY16: Uint16Array = new Uint16Array(0);

export class PairLog {
  private installs: Int32Array[] = [];
  private values: (Uint16Array | Int32Array)[] = [];
  private base = NaN;
  private narrow = true;
  private fill = CHUNK;
  /** the chunks being filled (the last ones) */
  private currentInstalls = EMPTY;
  private currentNarrow = EMPTY16;
  private currentWide = EMPTY;
  size = 0;

  push(value: number, install: number): void {
    if (this.fill === CHUNK) this.addChunk();
    if (this.narrow) {
      if (this.size === 0) this.base = value - HALF;
      const stored = value - this.base;
      if (stored >= 0 && stored <= 0xffff) {
        this.currentNarrow[this.fill] = stored;
      } else {
        this.widen();
        this.currentWide[this.fill] = value;
      }
    } else {
      this.currentWide[this.fill] = value;
    }
    this.currentInstalls[this.fill++] = install;
    this.size++;
  }

  private addChunk(): void {
    this.currentInstalls = new Int32Array(CHUNK);
    this.installs.push(this.currentInstalls);
    if (this.narrow) this.values.push((this.currentNarrow = new Uint16Array(CHUNK)));
    else this.values.push((this.currentWide = new Int32Array(CHUNK)));
    this.fill = 0;
  }

  /** From 16-bit relative values to 32-bit plain ones. */
  private widen(): void {
    this.values = this.values.map((chunk) => Int32Array.from(chunk, (v) => v + this.base));
    this.currentWide = this.values[this.values.length - 1] as Int32Array;
    this.currentNarrow = EMPTY16;
    this.narrow = false;
  }

  private chunkLength(c: number): number {
    return c === this.installs.length - 1 ? this.fill : CHUNK;
  }

  /** Saves the pairs as they are kept, chunk by chunk (views: nothing is copied). Repeats may remain. */
  save(out: SummaryWriter): void {
    out.json({ size: this.size, chunks: this.installs.length, narrow: this.narrow, base: this.narrow && this.size > 0 ? this.base : 0 });
    for (let c = 0; c < this.installs.length; c++) {
      const length = this.chunkLength(c);
      out.array(this.installs[c].subarray(0, length));
      out.array(this.values[c].subarray(0, length));
    }
  }

  /**
   * Adds saved pairs; `installMap` maps their installs to this run's (null: the same ids). Every value must
   * lie in [low, high] and every install below `installs`, or the state is refused.
   */
  absorb(input: SummaryReader, installMap: Int32Array | null, installs: number, low: number, high: number): void {
    const head = input.json<{ size: number; chunks: number; narrow: boolean; base: number }>('pair log');
    if (!Number.isInteger(head.size) || !Number.isInteger(head.chunks) || !Number.isInteger(head.base) || head.chunks < 0) throw new StateError('has a broken pair log');
    const base = head.narrow ? head.base : 0;
    let seen = 0;
    for (let c = 0; c < head.chunks; c++) {
      const owners = input.i32('pair installs');
      const values = head.narrow ? input.u16('pair values', owners.length) : input.i32('pair values', owners.length);
      if (owners.length > CHUNK) throw new StateError('has a broken pair log');
      for (let i = 0; i < owners.length; i++) {
        const value = values[i] + base;
        if (owners[i] < 0 || owners[i] >= installs || value < low || value > high) throw new StateError('has a pair out of range');
      }
      seen += owners.length;
      if (installMap === null && this.narrow === head.narrow && (this.size === 0 || base === this.base) && this.fill === CHUNK) {
        // the same ids and encoding: whole chunks are copied, not pushed pair by pair
        if (this.size === 0) this.base = base;
        this.addChunk();
        this.currentInstalls.set(owners);
        if (this.narrow) this.currentNarrow.set(values);
        else this.currentWide.set(values);
        this.fill = owners.length;
        this.size += owners.length;
        continue;
      }
      for (let i = 0; i < owners.length; i++) this.push(values[i] + base, installMap === null ? owners[i] : installMap[owners[i]]);
    }
    if (seen !== head.size) throw new StateError('has a pair log of the wrong size');
  }

  forEach(visit: (value: number, install: number) => void): void {
    const base = this.narrow ? this.base : 0;
    for (let c = 0; c < this.installs.length; c++) {
      const installs = this.installs[c];
      const values = this.values[c];
      const end = this.chunkLength(c);
      for (let i = 0; i < end; i++) visit(values[i] + base, installs[i]);
    }
  }

  /**
   * Calls `visit(install, values, start, end)` for installs 0 .. installs-1 in order, where
   * `values[start, end)` are the install's distinct values, ascending (empty for an install with none).
   * `map` is applied to each value first (e.g. day → week), so distinct means distinct after mapping.
   * This empties the log (its chunks are let go as they are copied): call it once, at the end.
   */
  forEachInstall(
    installs: number,
    map: ((value: number) => number) | null,
    visit: (install: number, values: Int32Array | Uint16Array, start: number, end: number) => void,
    /** when every (mapped) value is below this, and it is at most 65,536, values are kept in 16 bits */
    valueRange = Infinity,
  ): void {
    // counting sort by install; `ends` first holds each group's start and is advanced to its end while filling
    const ends = new Int32Array(installs + 1);
    this.forEach((_value, install) => ends[install + 1]++);
    for (let i = 0; i < installs; i++) ends[i + 1] += ends[i];
    // the largest temporary of a report: narrow it when the values allow (days of a few years do)
    const values = valueRange <= 0x10000 ? new Uint16Array(this.size) : new Int32Array(this.size);
    const base = this.narrow ? this.base : 0;
    for (let c = 0; c < this.installs.length; c++) {
      const chunkInstalls = this.installs[c];
      const chunkValues = this.values[c];
      const end = this.chunkLength(c);
      for (let i = 0; i < end; i++) {
        const value = chunkValues[i] + base;
        values[ends[chunkInstalls[i]]++] = map === null ? value : map(value);
      }
      // let the garbage collector have the chunk while the rest is copied
      this.installs[c] = EMPTY;
      this.values[c] = EMPTY;
    }
    this.installs = [];
    this.values = [];
    this.currentInstalls = this.currentWide = EMPTY;
    this.currentNarrow = EMPTY16;
    this.fill = CHUNK;
    this.size = 0;
    for (let install = 0; install < installs; install++) {
      const start = install === 0 ? 0 : ends[install - 1];
      const end = ends[install];
      let unique = end;
      if (end - start > 1) {
        values.subarray(start, end).sort();
        unique = start + 1;
        for (let i = start + 1; i < end; i++) if (values[i] !== values[unique - 1]) values[unique++] = values[i];
      }
      visit(install, values, start, unique);
    }
  }
}

