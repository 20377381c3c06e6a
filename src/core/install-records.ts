// Per-install state in one 16-byte record an install: an instant (f64 seconds + i32 nanoseconds) and one
// i32 more. One record is one cache line touch per event, where three parallel arrays would be three.

import { nextCapacity } from './growable.js';

export interface InstallRecordsState {
  sec: Float64Array;
  size: number;
}

export class InstallRecords {
  /** seconds of install `id` at `sec[id * 2]` */
  sec: Float64Array;
  /** nanoseconds at `i32[id * 4 + 2]`, the extra field at `i32[id * 4 + 3]` */
  i32: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    const buffer = new ArrayBuffer(capacity * 16);
    this.sec = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  /** Adds the record for the next id (ids arrive dense and in order). */
  push(sec: number, ns: number, extra: number): void {
    const id = this.size++;
    if (id * 2 >= this.sec.length) this.grow();
    this.sec[id * 2] = sec;
    this.i32[id * 4 + 2] = ns;
    this.i32[id * 4 + 3] = extra;
  }

  /** The records as plain data, to send to another thread. */
  save(): InstallRecordsState {
    return { sec: this.sec.slice(0, this.size * 2), size: this.size };
  }

  /** Records saved by `save`, as views (for reading while merging). */
  static load(state: InstallRecordsState): InstallRecords {
    const records = new InstallRecords(0);
    records.sec = state.sec;
    records.i32 = new Int32Array(state.sec.buffer, state.sec.byteOffset, state.size * 4);
    records.size = state.size;
    return records;
  }

  private grow(): void {
    const buffer = new ArrayBuffer(nextCapacity(Math.max(64, this.sec.length / 2)) * 16);
    new Uint8Array(buffer).set(new Uint8Array(this.sec.buffer));
    this.sec = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
  }
}
