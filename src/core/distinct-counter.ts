// Events and distinct installs per small key (a command id): a count per key, and which keys each install
// used — a 32-bit mask per install for the first 31 keys (4 bytes an install, no hashing), a set of
// (key, install) pairs for any further keys.

import { Growable } from './growable.js';
import { PairSet, type PairSetState } from './pair-set.js';

const MASK_KEYS = 31;

export interface DistinctCounterState {
  events: Float64Array;
  masks: Int32Array;
  pairs: PairSetState;
}

export class DistinctCounter {
  private readonly events = new Growable(Float64Array, 0, 64);
  private readonly masks = new Growable(Int32Array);
  private readonly pairs = new PairSet(1 << 10);

  add(key: number, install: number): void {
    this.events.ensure(key)[key]++;
    this.mark(key, install);
  }

  private mark(key: number, install: number): void {
    if (key < MASK_KEYS) this.masks.ensure(install)[install] |= 1 << key;
    else this.pairs.add(key, install);
  }

  save(): DistinctCounterState {
    return { events: this.events.array, masks: this.masks.array, pairs: this.pairs.save() };
  }

  /** Adds another thread's counts; `keys` and `installs` map its ids to ids here. */
  merge(state: DistinctCounterState, keys: Int32Array, installs: Int32Array): void {
    for (let key = 0; key < state.events.length && key < keys.length; key++) {
      if (state.events[key] > 0) this.events.ensure(keys[key])[keys[key]] += state.events[key];
    }
    for (let install = 0; install < state.masks.length && install < installs.length; install++) {
      for (let mask = state.masks[install]; mask !== 0; mask &= mask - 1) {
        this.mark(keys[31 - Math.clz32(mask & -mask)], installs[install]);
      }
    }
    this.pairs.addSaved(state.pairs, keys, installs);
  }

  /** Events and distinct installs for keys 0 .. keys-1. */
  totals(keys: number): { events: Float64Array; installs: Float64Array } {
    const events = new Float64Array(keys);
    events.set(this.events.array.subarray(0, Math.min(keys, this.events.array.length)));
    const installs = new Float64Array(keys);
    const masks = this.masks.array;
    for (let install = 0; install < masks.length; install++) {
      for (let mask = masks[install]; mask !== 0; mask &= mask - 1) installs[31 - Math.clz32(mask & -mask)]++;
    }
    this.pairs.forEach((key) => installs[key]++);
    return { events, installs };
  }
}
