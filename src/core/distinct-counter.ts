// Events and distinct installs per small key (a version or command id): a count per key, and which keys
// each install used — bit masks in the install's record for the first keys (4 bytes an install per 32
// keys: no hashing, nothing to deduplicate at the end), and a log of (key, install) pairs for any further keys.

import { Growable } from './growable.js';
import type { InstallState } from './install-state.js';
import { PairLog } from './pair-log.js';

export class DistinctCounter {
  private readonly events = new Growable(Float64Array, 64);
  private readonly state: InstallState;
  /** install i's bits for keys 0 .. 32*words-1 are in its record's words `at .. at+words-1` */
  private readonly at: number;
  private readonly words: number;
  private readonly maskKeys: number;
  private readonly pairs = new PairLog();
  private installs = 0;

  constructor(state: InstallState, words = 1) {
    this.state = state;
    this.at = state.claim(words);
    this.words = words;
    this.maskKeys = words * 32;
  }

  /** Counts the events `keys[i]` of installs `installs[i]`, for i < size. */
  addAll(keys: Int32Array, installs: Int32Array, size: number): void {
    let events = this.events.array;
    const { i32, stride } = this.state;
    const at = this.at;
    const maskKeys = this.maskKeys;
    let top = this.installs;
    for (let i = 0; i < size; i++) {
      const key = keys[i];
      const install = installs[i];
      if (key >= events.length) events = this.events.ensure(key);
      events[key]++;
      if (install >= top) top = install + 1;
      if (key < maskKeys) i32[install * stride + at + (key >>> 5)] |= 1 << (key & 31);
      else this.pairs.push(key, install);
    }
    this.installs = top;
  }

  /** Events and distinct installs for keys 0 .. keys-1. Call once, at the end, unless `keep` (see PairLog). */
  totals(keys: number, keep = false): { events: Float64Array; installs: Float64Array } {
    const events = new Float64Array(keys);
    events.set(this.events.array.subarray(0, Math.min(keys, this.events.array.length)));
    const installs = new Float64Array(keys);
    const { i32, stride } = this.state;
    for (let install = 0; install < this.installs; install++) {
      for (let word = 0; word < this.words; word++) {
        for (let mask = i32[install * stride + this.at + word]; mask !== 0; mask &= mask - 1) {
          installs[word * 32 + (31 - Math.clz32(mask & -mask))]++;
        }
      }
    }
    this.pairs.forEachInstall(
      this.installs,
      null,
      (_install, found, start, end) => {
        for (let i = start; i < end; i++) installs[found[i]]++;
      },
      Infinity,
      keep,
    );
    return { events, installs };
  }
}
