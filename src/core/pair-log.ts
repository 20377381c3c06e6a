// An append-only list of (value, install) pairs — "install 17 was active on day 20404" — in fixed-size
// chunks: appending is a sequential write (no hashing, no copying when it grows), and duplicates are
// removed once, at the end, by grouping the pairs per install (a counting sort) and sorting each group.
// Callers skip obvious repeats (an install's same day or version again) so the log stays near the number
// of distinct pairs.

const CHUNK_PAIRS = 1 << 18; // 2 MiB a chunk
const EMPTY = new Int32Array(0);

export type PairLogState = Int32Array[];

export class PairLog {
  private readonly chunks: Int32Array[] = [];
  private current = new Int32Array(0);
  private fill = 0;
  size = 0;

  push(value: number, install: number): void {
    if (this.fill === this.current.length) {
      this.current = new Int32Array(CHUNK_PAIRS * 2);
      this.chunks.push(this.current);
      this.fill = 0;
    }
    this.current[this.fill++] = value;
    this.current[this.fill++] = install;
    this.size++;
  }

  forEach(visit: (value: number, install: number) => void): void {
    for (const chunk of this.chunks) {
      const end = chunk === this.current ? this.fill : chunk.length;
      for (let i = 0; i < end; i += 2) visit(chunk[i], chunk[i + 1]);
    }
  }

  /** The pairs as plain data, to send to another thread. */
  save(): PairLogState {
    return this.chunks.map((chunk) => (chunk === this.current ? chunk.slice(0, this.fill) : chunk));
  }

  /** Appends saved pairs, values and installs mapped through tables of new ids (null: as they are). */
  addSaved(state: PairLogState, values: Int32Array | null, installs: Int32Array): void {
    for (const chunk of state) {
      for (let i = 0; i < chunk.length; i += 2) {
        this.push(values === null ? chunk[i] : values[chunk[i]], installs[chunk[i + 1]]);
      }
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
    visit: (install: number, values: Int32Array, start: number, end: number) => void,
  ): void {
    // counting sort by install; `ends` first holds each group's start and is advanced to its end while filling
    const ends = new Int32Array(installs + 1);
    this.forEach((_value, install) => ends[install + 1]++);
    for (let i = 0; i < installs; i++) ends[i + 1] += ends[i];
    const values = new Int32Array(this.size);
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      const end = chunk === this.current ? this.fill : chunk.length;
      for (let i = 0; i < end; i += 2) values[ends[chunk[i + 1]]++] = map === null ? chunk[i] : map(chunk[i]);
      this.chunks[c] = EMPTY; // let the garbage collector have it while the rest is copied
    }
    this.chunks.length = 0;
    this.current = EMPTY;
    this.fill = 0;
    this.size = 0;
    for (let install = 0; install < installs; install++) {
      const start = install === 0 ? 0 : ends[install - 1];
      const end = ends[install];
      let unique = start;
      if (end - start > 1) {
        values.subarray(start, end).sort();
        unique = start + 1;
        for (let i = start + 1; i < end; i++) if (values[i] !== values[unique - 1]) values[unique++] = values[i];
      } else {
        unique = end;
      }
      visit(install, values, start, unique);
    }
  }
}
