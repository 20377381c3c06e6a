// Events and distinct installs per small key (a version or command id): a count per key, and which keys
// each install used — bit masks in the install's record for the first keys (4 bytes an install per 32
// keys: no hashing, nothing to deduplicate at the end), and a log of (key, install) pairs for any further keys.
// The installs of each masked key are counted as their bits are first set, so the totals need no walk over
// every install (a state's totals are read, not recounted: docs/incremental.md).

import { Growable } from './growable.js';
import type { InstallState } from './install-state.js';
import { PairLog } from './pair-log.js';
import { StateError, type IdMaps, type InstallMerge, type SummaryReader, type SummaryWriter } from '../state/summary.js';

export class DistinctCounter {
  private readonly events = new Growable(Float64Array, 64);
  private readonly state: InstallState;
  /** install i's bits for keys 0 .. 32*words-1 are in its record's words `at .. at+words-1` */
  private readonly at: number;
  private readonly words: number;
  private readonly maskKeys: number;
  private readonly pairs = new PairLog();
  private installs = 0;
  /** installs whose bit for masked key k is set */
  private readonly masked: Float64Array;

  constructor(state: InstallState, words = 1) {
    this.state = state;
    this.at = state.claim(words);
    this.words = words;
    this.maskKeys = words * 32;
    this.masked = new Float64Array(this.maskKeys);
  }

  /** Counts the events `keys[i]` of installs `installs[i]`, for i < size. */
  addAll(keys: Int32Array, installs: Int32Array, size: number): void {
    let events = this.events.array;
    const { i32, stride } = this.state;
    const at = this.at;
    const maskKeys = this.maskKeys;
    const masked = this.masked;
    let top = this.installs;
    for (let i = 0; i < size; i++) {
      const key = keys[i];
      const install = installs[i];
      if (key >= events.length) events = this.events.ensure(key);
      events[key]++;
      if (install >= top) top = install + 1;
      if (key < maskKeys) {
        const word = install * stride + at + (key >>> 5);
        const bit = 1 << (key & 31);
        if ((i32[word] & bit) === 0) {
          i32[word] |= bit;
          masked[key]++;
        }
      } else {
        this.pairs.push(key, install);
      }
    }
    this.installs = top;
  }

  /** Saves the counts and the logged pairs (the masks are in the install records, saved whole). */
  save(out: SummaryWriter): void {
    const events = this.events.array;
    let keys = events.length;
    while (keys > 0 && events[keys - 1] === 0) keys--;
    out.array(events.slice(0, keys));
    out.json(this.installs);
    out.array(this.masked);
    this.pairs.save(out, this.installs);
  }

  /**
   * Adds a saved counter; `keyMap` maps its keys (version or command ids) to this run's. Returns the merge
   * of the saved installs' masks (none when the records were copied whole), to be run over every saved install.
   */
  absorb(input: SummaryReader, keyMap: Int32Array, ids: IdMaps): InstallMerge | undefined {
    const saved = input.f64('events per key');
    if (saved.length > keyMap.length) throw new StateError('counts a key it does not name');
    for (let key = 0; key < saved.length; key++) {
      if (saved[key] === 0) continue;
      const mapped = keyMap[key];
      this.events.ensure(mapped)[mapped] += saved[key];
    }
    const installs = input.json<number>('installs counted');
    if (!Number.isInteger(installs) || installs < 0 || installs > ids.installs) throw new StateError('counts installs it does not have');
    const masked = input.f64('installs per masked key', this.maskKeys);
    const { at, words, maskKeys } = this;
    if (ids.identity) {
      // the records (the masks) were copied whole into an empty run: their counts are the saved ones
      for (let key = 0; key < maskKeys; key++) {
        if (!Number.isInteger(masked[key]) || masked[key] < 0 || masked[key] > installs || (masked[key] > 0 && key >= keyMap.length))
          throw new StateError('has broken install counts');
        this.masked[key] = masked[key];
      }
      this.installs = Math.max(this.installs, installs);
    }
    if (ids.identity) {
      this.pairs.absorb(input, null, installs, 0, keyMap.length - 1);
      return undefined;
    }
    // keys may cross the mask boundary when mapped: through a log of this run's ids (notes commute)
    const mapped = new PairLog();
    mapped.absorb(input, null, installs, 0, keyMap.length - 1);
    mapped.forEach((key, install) => this.note(keyMap[key], ids.install[install]));
    return (from, to) => {
      for (let install = from; install < Math.min(to, installs); install++) {
        const id = ids.install[install];
        if (id >= this.installs) this.installs = id + 1;
        for (let word = 0; word < words; word++) {
          for (let mask = ids.records[install * ids.stride + at + word]; mask !== 0; mask &= mask - 1) {
            const key = word * 32 + (31 - Math.clz32(mask & -mask));
            if (key >= keyMap.length) throw new StateError('masks a key it does not name');
            this.note(keyMap[key], id);
          }
        }
      }
    };
  }

  /** Install `id` used `key` (an absorbed one: `addAll` does the same inline, per event). */
  private note(key: number, id: number): void {
    if (key >= this.maskKeys) {
      this.pairs.push(key, id);
      return;
    }
    const { i32, stride } = this.state;
    const slot = id * stride + this.at + (key >>> 5);
    const bit = 1 << (key & 31);
    if ((i32[slot] & bit) === 0) {
      i32[slot] |= bit;
      this.masked[key]++;
    }
  }

  /** Events and distinct installs for keys 0 .. keys-1. Call once, at the end, unless `keep` (see PairLog). */
  totals(keys: number, keep = false): { events: Float64Array; installs: Float64Array } {
    const events = new Float64Array(keys);
    events.set(this.events.array.subarray(0, Math.min(keys, this.events.array.length)));
    const installs = new Float64Array(keys);
    installs.set(this.masked.subarray(0, Math.min(keys, this.maskKeys)));
    if (this.pairs.empty) return { events, installs };
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
