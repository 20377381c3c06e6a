// An append-only list of (value, install) pairs — "install 17 was active on day 20404" — in fixed-size
// chunks: appending is a sequential write (no hashing, no copying when it grows), and duplicates are
// removed once, at the end, by grouping the pairs per install (a counting sort) and sorting each group.
// Callers skip obvious repeats (an install's same day again) so the log stays near the number of distinct
// pairs. Values are kept in 16 bits, relative to the first one, while they stay within ±32,768 of it (days
// of a few decades do): 6 bytes a pair instead of 8; the log widens to 32 bits the first time one does not.
//
// For states (docs/incremental.md) the log can also hold a *base*: every pair so far grouped by install,
// sorted and without repeats (offsets per install, then the values). `compact` folds the chunks into it,
// `save` writes it, and a loaded one is used as it is: a run that adds a few pairs to a large base merges them
// in per install instead of sorting every pair again.

import { StateError, type SummaryReader, type SummaryWriter } from '../state/summary.js';

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

  /** the grouped pairs (see the top): install i's values are baseValues[baseOffsets[i], baseOffsets[i+1]) + baseShift */
  private baseOffsets: Int32Array | null = null;
  private baseValues: Uint16Array | Int32Array = EMPTY;
  private baseShift = 0;

  private get baseInstalls(): number {
    return this.baseOffsets === null ? 0 : this.baseOffsets.length - 1;
  }

  /** Folds every pair into the base, for installs 0 .. installs-1 (at least). */
  compact(installs: number): void {
    const oldOffsets = this.baseOffsets;
    const oldValues = this.baseValues;
    const oldShift = this.baseShift;
    const oldInstalls = this.baseInstalls;
    if (this.size === 0 && oldOffsets !== null && oldInstalls >= installs) return;
    installs = Math.max(installs, oldInstalls);
    // the chunks' pairs grouped by install (a counting sort), values as stored
    const ends = new Int32Array(installs + 1);
    this.forEachChunked((_value, install) => ends[install + 1]++);
    for (let i = 0; i < installs; i++) ends[i + 1] += ends[i];
    const chunkBase = this.narrow ? this.base : 0;
    const fresh = this.narrow ? new Uint16Array(this.size) : new Int32Array(this.size);
    let min = Infinity;
    let max = -Infinity;
    for (let c = 0; c < this.installs.length; c++) {
      const chunkInstalls = this.installs[c];
      const chunkValues = this.values[c];
      const end = this.chunkLength(c);
      for (let i = 0; i < end; i++) {
        const stored = chunkValues[i];
        fresh[ends[chunkInstalls[i]]++] = stored;
        if (stored < min) min = stored;
        if (stored > max) max = stored;
      }
      this.installs[c] = EMPTY;
      this.values[c] = EMPTY;
    }
    min += chunkBase;
    max += chunkBase;
    for (let j = 0; j < oldValues.length; j++) {
      const value = oldValues[j] + oldShift;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    this.clearChunks();
    const total = fresh.length + oldValues.length;
    const wide = total > 0 && max - min > 0xffff;
    const shift = total === 0 || wide ? 0 : min;
    const out = wide ? new Int32Array(total) : new Uint16Array(total);
    const offsets = new Int32Array(installs + 1);
    let w = 0;
    for (let install = 0; install < installs; install++) {
      const fs = install === 0 ? 0 : ends[install - 1];
      const fe = ends[install];
      if (fe - fs > 1) fresh.subarray(fs, fe).sort();
      const os = install < oldInstalls ? oldOffsets![install] : 0;
      const oe = install < oldInstalls ? oldOffsets![install + 1] : 0;
      let i = fs;
      let j = os;
      let last = NaN;
      while (i < fe || j < oe) {
        const a = i < fe ? fresh[i] + chunkBase : Infinity;
        const b = j < oe ? oldValues[j] + oldShift : Infinity;
        let value: number;
        if (a <= b) {
          value = a;
          i++;
        } else {
          value = b;
          j++;
        }
        if (value !== last) {
          out[w++] = value - shift;
          last = value;
        }
      }
      offsets[install + 1] = w;
    }
    this.baseOffsets = offsets;
    this.baseValues = w === total ? out : out.slice(0, w);
    this.baseShift = shift;
  }

  private clearChunks(): void {
    this.installs = [];
    this.values = [];
    this.currentInstalls = this.currentWide = EMPTY;
    this.currentNarrow = EMPTY16;
    this.fill = CHUNK;
    this.size = 0;
    this.narrow = true;
    this.base = NaN;
  }

  /** No pair at all. */
  get empty(): boolean {
    return this.size === 0 && this.baseValues.length === 0;
  }

  /** Saves the pairs grouped by install (compacting the log first), for installs 0 .. installs-1. */
  save(out: SummaryWriter, installs: number): void {
    if (this.empty) {
      // nothing to group: no offsets for every install
      out.json({ installs: 0, shift: 0, wide: false });
      out.array(new Int32Array(1));
      out.array(new Uint16Array(0));
      return;
    }
    this.compact(installs);
    const wide = this.baseValues instanceof Int32Array;
    out.json({ installs: this.baseInstalls, shift: this.baseShift, wide });
    out.array(this.baseOffsets!);
    out.array(this.baseValues);
  }

  /**
   * Adds saved pairs; `installMap` maps their installs to this run's (null: the same ids). Every value must
   * lie in [low, high] and every install below `installs`, or the state is refused.
   */
  absorb(input: SummaryReader, installMap: Int32Array | null, installs: number, low: number, high: number): void {
    const head = input.json<{ installs: number; shift: number; wide: boolean }>('pair log');
    if (!Number.isInteger(head.installs) || head.installs < 0 || head.installs > installs || !Number.isInteger(head.shift))
      throw new StateError('has a broken pair log');
    // checked a slice at a time as they are read (see SummaryReader.checked)
    const offsets = input.i32Checked(
      'pair offsets',
      (o, from, to) => {
        if (o[0] !== 0) throw new StateError('has a broken pair log');
        for (let i = Math.max(from, 1); i < to; i++) if (o[i] < o[i - 1]) throw new StateError('has a broken pair log');
        return true;
      },
      head.installs + 1,
    );
    const count = offsets[head.installs];
    const shift = head.shift;
    const inRange = (v: Int32Array | Uint16Array, from: number, to: number) => {
      for (let j = from; j < to; j++) {
        const value = v[j] + shift;
        if (value < low || value > high) throw new StateError('has a pair out of range');
      }
      return true;
    };
    const values = head.wide ? input.i32Checked('pair values', inRange, count) : input.u16Checked('pair values', inRange, count);
    if (installMap === null && this.size === 0 && this.baseOffsets === null) {
      // the same ids into an empty log: the grouped pairs are taken as they are
      // the reader's arrays are fresh memory: kept as they are
      this.baseOffsets = offsets;
      this.baseValues = values;
      this.baseShift = head.shift;
      return;
    }
    for (let install = 0; install < head.installs; install++) {
      const to = installMap === null ? install : installMap[install];
      for (let j = offsets[install]; j < offsets[install + 1]; j++) this.push(values[j] + head.shift, to);
    }
  }

  /** Pairs grouped in the base. */
  get groupedPairs(): number {
    return this.baseValues.length;
  }

  /** Installs 0 .. n-1 have their pairs grouped in the base (what a state gave). */
  get groupedInstalls(): number {
    return this.baseInstalls;
  }

  /**
   * For each install with pairs in the chunks (the pairs added since the base), in ascending order: its
   * base values `base[baseStart, baseEnd) + baseShift` (sorted, distinct) and its added values
   * `added[0, addedEnd)` (sorted, distinct, maybe also in the base). The log is left as it is. False, and
   * nothing visited, when the chunks hold 32-bit values (a span of over 179 years of days).
   */
  forEachChanged(
    visit: (
      install: number,
      base: Uint16Array | Int32Array,
      baseStart: number,
      baseEnd: number,
      baseShift: number,
      added: Float64Array,
      addedEnd: number,
    ) => void,
  ): boolean {
    if (!this.narrow) return false;
    const keys = new Float64Array(this.size);
    let k = 0;
    for (let c = 0; c < this.installs.length; c++) {
      const installs = this.installs[c];
      const values = this.values[c];
      const end = this.chunkLength(c);
      for (let i = 0; i < end; i++) keys[k++] = installs[i] * 0x10000 + values[i];
    }
    keys.sort();
    const added = new Float64Array(Math.min(this.size, 0x10000));
    const offsets = this.baseOffsets;
    const grouped = this.baseInstalls;
    for (let i = 0; i < keys.length; ) {
      const install = Math.floor(keys[i] / 0x10000);
      let n = 0;
      for (; i < keys.length && Math.floor(keys[i] / 0x10000) === install; i++) {
        const value = (keys[i] % 0x10000) + this.base;
        if (n === 0 || added[n - 1] !== value) added[n++] = value;
      }
      const inBase = install < grouped;
      visit(install, this.baseValues, inBase ? offsets![install] : 0, inBase ? offsets![install + 1] : 0, this.baseShift, added, n);
    }
    return true;
  }

  /** Every pair, the base's first (grouped) then the chunks' (in the order added); repeats may remain. */
  forEach(visit: (value: number, install: number) => void): void {
    if (this.baseOffsets !== null) {
      const offsets = this.baseOffsets;
      for (let install = 0; install < offsets.length - 1; install++) {
        for (let j = offsets[install]; j < offsets[install + 1]; j++) visit(this.baseValues[j] + this.baseShift, install);
      }
    }
    this.forEachChunked(visit);
  }

  private forEachChunked(visit: (value: number, install: number) => void): void {
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
   * This empties the log (its chunks are let go as they are copied): call it once, at the end; with `keep`
   * the log stays as it is (more pairs may follow and it may be called again), at the cost of holding both.
   */
  forEachInstall(
    installs: number,
    map: ((value: number) => number) | null,
    visit: (install: number, values: Int32Array | Uint16Array, start: number, end: number) => void,
    /** when every (mapped) value is below this, and it is at most 65,536, values are kept in 16 bits */
    valueRange = Infinity,
    keep = false,
  ): void {
    if (this.baseOffsets !== null) {
      this.forEachGrouped(installs, map, visit);
      return;
    }
    // counting sort by install; `ends` first holds each group's start and is advanced to its end while filling
    const ends = new Int32Array(installs + 1);
    this.forEachChunked((_value, install) => ends[install + 1]++);
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
      if (keep) continue;
      // let the garbage collector have the chunk while the rest is copied
      this.installs[c] = EMPTY;
      this.values[c] = EMPTY;
    }
    if (!keep) this.clearChunks();
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

  /** forEachInstall over the base: its values are sorted per install already, and `map` keeps their order. */
  private forEachGrouped(
    installs: number,
    map: ((value: number) => number) | null,
    visit: (install: number, values: Int32Array | Uint16Array, start: number, end: number) => void,
  ): void {
    this.compact(installs);
    const offsets = this.baseOffsets!;
    const values = this.baseValues;
    const shift = this.baseShift;
    const grouped = this.baseInstalls;
    let longest = 0;
    for (let i = 0; i < grouped; i++) longest = Math.max(longest, offsets[i + 1] - offsets[i]);
    const scratch = new Int32Array(longest);
    for (let install = 0; install < installs; install++) {
      let k = 0;
      if (install < grouped) {
        let last = NaN;
        for (let j = offsets[install]; j < offsets[install + 1]; j++) {
          const value = values[j] + shift;
          const mapped = map === null ? value : map(value);
          if (mapped !== last) scratch[k++] = last = mapped;
        }
      }
      visit(install, scratch, 0, k);
    }
  }
}
