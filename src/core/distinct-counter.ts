// Events and distinct installs per small key (a version or command id): a count per key, and which keys
// each install used — a bit mask per install for the first keys (4 bytes an install per 32 keys: no
// hashing, nothing to deduplicate at the end), and a log of (key, install) pairs for any further keys.

import { Growable } from './growable.js';
import { PairLog } from './pair-log.js';

export class DistinctCounter {
  private readonly events = new Growable(Float64Array, 64);
  /** install i's bits for keys 0 .. 32*words-1 are masks[i*words .. i*words+words-1] */
  private readonly masks = new Growable(Int32Array);
  private readonly pairs = new PairLog();
  private readonly words: number;
  private readonly maskKeys: number;
  private installs = 0;

  constructor(words = 1) {
    this.words = words;
    this.maskKeys = words * 32;
  }

  add(key: number, install: number): void {
    this.events.ensure(key)[key]++;
    if (install >= this.installs) this.installs = install + 1;
    if (key < this.maskKeys) {
      const at = install * this.words + (key >>> 5);
      this.masks.ensure(at)[at] |= 1 << (key & 31);
    } else {
      this.pairs.push(key, install);
    }
  }

  /** Calls `visit(key, install)` for every key bit set in the masks. */
  private static forEachBit(masks: Int32Array, words: number, visit: (key: number, install: number) => void): void {
    for (let at = 0; at < masks.length; at++) {
      for (let mask = masks[at]; mask !== 0; mask &= mask - 1) {
        visit((at % words) * 32 + (31 - Math.clz32(mask & -mask)), Math.floor(at / words));
      }
    }
  }

  /** Events and distinct installs for keys 0 .. keys-1. Call once, at the end. */
  totals(keys: number): { events: Float64Array; installs: Float64Array } {
    const events = new Float64Array(keys);
    events.set(this.events.array.subarray(0, Math.min(keys, this.events.array.length)));
    const installs = new Float64Array(keys);
    DistinctCounter.forEachBit(this.masks.array, this.words, (key) => installs[key]++);
    this.pairs.forEachInstall(this.installs, null, (_install, found, start, end) => {
      for (let i = start; i < end; i++) installs[found[i]]++;
    });
    return { events, installs };
  }
}
