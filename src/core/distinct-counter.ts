// Events and distinct installs per small key (a version id, a command id): a count per key and a set of
// (key, install) pairs. An install's repeats of its last key skip the set.

import { Growable } from './growable.js';
import { PairSet } from './pair-set.js';

export class DistinctCounter {
  private readonly events = new Growable(Float64Array, 0, 64);
  private readonly pairs = new PairSet(1 << 12);
  private readonly lastKey = new Growable(Int32Array, -1);

  add(key: number, install: number): void {
    this.events.ensure(key)[key]++;
    const lastKey = this.lastKey.ensure(install);
    if (lastKey[install] !== key) {
      lastKey[install] = key;
      this.pairs.add(key, install);
    }
  }

  /** Events and distinct installs for keys 0 .. keys-1. */
  totals(keys: number): { events: Float64Array; installs: Float64Array } {
    const events = new Float64Array(keys);
    events.set(this.events.array.subarray(0, Math.min(keys, this.events.array.length)));
    const installs = new Float64Array(keys);
    this.pairs.forEach((key) => installs[key]++);
    return { events, installs };
  }
}
