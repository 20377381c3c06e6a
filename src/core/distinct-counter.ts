// Events and distinct installs per small key (a version id, a command id): a count per key and a set of
// (key, install) pairs. An install's repeats of its last key skip the set.

import { Growable } from './growable.js';
import { PairSet, type PairSetState } from './pair-set.js';

export interface DistinctCounterState {
  events: Float64Array;
  pairs: PairSetState;
}

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

  save(): DistinctCounterState {
    return { events: this.events.array, pairs: this.pairs.save() };
  }

  /** Adds another thread's counts; `keys` and `installs` map its ids to ids here. */
  merge(state: DistinctCounterState, keys: Int32Array, installs: Int32Array): void {
    for (let key = 0; key < state.events.length && key < keys.length; key++) {
      if (state.events[key] > 0) this.events.ensure(keys[key])[keys[key]] += state.events[key];
    }
    this.pairs.addSaved(state.pairs, keys, installs);
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
