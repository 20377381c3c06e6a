// Per-install state in one 16-byte record an install: an instant (f64 seconds + i32 nanoseconds) and one
// i32 more. One record is one cache line touch per event, where three parallel arrays would be three.

import { nextCapacity } from './growable.js';

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

  private grow(): void {
    const buffer = new ArrayBuffer(nextCapacity(Math.max(64, this.sec.length / 2)) * 16);
    new Uint8Array(buffer).set(new Uint8Array(this.sec.buffer));
    this.sec = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
  }
}
