// Distinct installs, exact at any scale. A V8 Set holds at most 2^24 entries and costs ~80-100 bytes a
// string; this table keeps each uuid as four 32-bit words with its id in one 20-byte slot (one cache miss
// per look-up), and gives every install a dense id 0, 1, 2, … in order of first appearance, so reducers
// keep per-install state in typed arrays and per-bucket distinct counts on integers.

import { StateError, type DeferredBytes } from '../state/summary.js';

const STRIDE = 5; // four uuid words, then id + 1 (0 = empty slot)

/** Look-ups in a saved table left in its file (`adoptSaved`) after which it is read whole instead. */
const MATERIALIZE_AFTER = 50_000;
/** Slots read at a time by a single look-up in a saved table: a probe rarely runs past a few. */
const PROBE_WINDOW = 16;
/** Slots read at a time when many look-ups go through a saved table in slot order (`idsOf`): 1 MiB. */
const STREAM_SLOTS = 52_428;

/**
 * A saved table's slots that stayed in the state file (see `adoptSaved`): installs 0 .. size-1, in slots
 * `[0, mask]` of 20 bytes each.
 */
interface SavedSlots {
  bytes: DeferredBytes;
  mask: number;
  size: number;
}

export class InstallTable {
  private slots: Uint32Array;
  private mask: number;
  /** the next id: installs 0 .. size-1 exist */
  size = 0;
  /** uuids held in `slots` (all of them, unless a saved table stays in its file) */
  private entries = 0;
  /** a state's table left in its file: installs below its size are looked up there when not in `slots` */
  private saved: SavedSlots | null = null;
  private savedLookups = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity * 3 < expected * 4) capacity *= 2;
    this.slots = new Uint32Array(capacity * STRIDE);
    this.mask = capacity - 1;
  }

  private static hash(a: number, b: number, c: number, d: number): number {
    let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15) ^ b, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 13) ^ c, 0x27d4eb2f);
    h = Math.imul(h ^ (h >>> 16) ^ d, 0x165667b1);
    return (h ^ (h >>> 15)) >>> 0;
  }

  /** The id of this uuid, or -1 if it has not been seen. */
  find(uuid: Uint32Array): number {
    const a = uuid[0],
      b = uuid[1],
      c = uuid[2],
      d = uuid[3];
    const id = this.findHere4(a, b, c, d);
    return id >= 0 || this.saved === null ? id : this.findSaved(a, b, c, d);
  }

  /** The id of the uuid in `uuid[at .. at+3]`, adding it if new. */
  idOf(uuid: Uint32Array, at = 0): number {
    const a = uuid[at],
      b = uuid[at + 1],
      c = uuid[at + 2],
      d = uuid[at + 3];
    const slots = this.slots;
    const mask = this.mask;
    for (let i = InstallTable.hash(a, b, c, d) & mask; ; i = (i + 1) & mask) {
      const s = i * STRIDE;
      const tag = slots[s + 4];
      if (tag === 0) {
        // not here: an install of a saved table left in its file keeps its id there
        const found = this.saved === null ? -1 : this.findSaved(a, b, c, d);
        if (this.slots !== slots) {
          // the saved table was read whole meanwhile (`findSaved` looked there): a saved uuid is in it
          if (found >= 0) return found;
          const id = this.size++;
          this.insert(a, b, c, d, id);
          return id;
        }
        const id = found >= 0 ? found : this.size++;
        this.put(s, a, b, c, d, id);
        return id;
      }
      if (slots[s] === a && slots[s + 1] === b && slots[s + 2] === c && slots[s + 3] === d) return tag - 1;
    }
  }

  /** Writes a uuid and its id into the empty slot at word `s`, growing the table when it is 3/4 full. */
  private put(s: number, a: number, b: number, c: number, d: number, id: number): void {
    const slots = this.slots;
    slots[s] = a;
    slots[s + 1] = b;
    slots[s + 2] = c;
    slots[s + 3] = d;
    slots[s + 4] = id + 1;
    if (++this.entries * 4 > (this.mask + 1) * 3) this.grow();
  }

  /** Puts a uuid that is not in `slots` there, with its id. */
  private insert(a: number, b: number, c: number, d: number, id: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = InstallTable.hash(a, b, c, d) & mask;
    while (slots[i * STRIDE + 4] !== 0) i = (i + 1) & mask;
    this.put(i * STRIDE, a, b, c, d, id);
  }

  /** The table as it is (a view, for state files): loading it back is one copy, no hashing. */
  get rawSlots(): Uint32Array {
    this.materialize();
    return this.slots;
  }

  /**
   * Takes a saved table's slots (holding `size` installs) as this empty table's, keeping the array (the caller
   * gives it up); returns false, changing nothing, when they are not a table of that size. `tags`: what
   * `countTags` counted over all of them as they were read, when it was (else they are counted here).
   */
  adopt(slots: Uint32Array, size: number, tags: number | null = null): boolean {
    if (this.size !== 0 || slots.length % STRIDE !== 0) return false;
    const capacity = slots.length / STRIDE;
    if (capacity < 1024 || (capacity & (capacity - 1)) !== 0 || size * 4 > capacity * 3) return false;
    if ((tags ?? InstallTable.countTags(slots, 0, slots.length, size)) !== size) return false;
    this.slots = slots;
    this.mask = capacity - 1;
    this.size = this.entries = size;
    return true;
  }

  /**
   * Takes a saved table of `size` installs in `capacity` slots as this empty table's, leaving its slots where
   * they are (a state file: src/state/state-file.ts): a run that looks up a few installs then reads only the
   * slots they probe (`idsOf` reads them in slot order, a slice at a time), never all 20 bytes a slot in
   * fresh memory. Everything that needs the whole table (`rawSlots`, `uuids`) reads it then. Returns false,
   * changing nothing, when they are not a table of that size. Every slot read is checked (its id at most
   * `size`): a StateError otherwise.
   */
  adoptSaved(bytes: DeferredBytes, capacity: number, size: number): boolean {
    if (this.size !== 0 || this.saved !== null) return false;
    if (capacity < 1024 || (capacity & (capacity - 1)) !== 0 || size * 4 > capacity * 3 || bytes.length !== capacity * STRIDE * 4) return false;
    this.saved = { bytes, mask: capacity - 1, size };
    this.size = size;
    return true;
  }

  /** Reads saved slots `[from, from + count)` (no wrapping) into `into`, checking their ids; the installs in them. */
  private readSaved(into: Uint32Array, from: number, count: number): number {
    const saved = this.saved!;
    const view = new Uint8Array(into.buffer, into.byteOffset, count * STRIDE * 4);
    if (!saved.bytes.read(view, from * STRIDE * 4)) throw new StateError('ends before its length (changed while read?)');
    const installs = InstallTable.countTags(into, 0, count * STRIDE, saved.size);
    if (installs < 0) throw new StateError('has a broken install table');
    return installs;
  }

  private probe = new Uint32Array(PROBE_WINDOW * STRIDE);

  /** The id of a uuid in the saved table, or -1: reads the slots its probe runs over. */
  private findSaved(a: number, b: number, c: number, d: number): number {
    if (++this.savedLookups > MATERIALIZE_AFTER) {
      // many look-ups one by one: reading the table whole is cheaper now, and then it is all in memory
      this.materialize();
      return this.findHere4(a, b, c, d);
    }
    return this.findSavedFrom(a, b, c, d, InstallTable.hash(a, b, c, d) & this.saved!.mask);
  }

  /**
   * The ids of `n` uuids (`uuids[4k .. 4k+3]`) into `out`, adding the new ones in order, as `idOf` one by
   * one would. With a saved table in its file, the ones not in memory are looked up in it in slot order, a
   * slice of the file at a time, each slice read once into the same buffer.
   */
  idsOf(uuids: Uint32Array, n: number, out: Int32Array): void {
    const saved = this.saved;
    const slices = saved === null ? 0 : Math.ceil((saved.mask + 1) / STREAM_SLOTS);
    // reading a slice (1 MiB) costs about as much as 128 look-ups of a few slots each
    if (saved === null || n < slices * 128) {
      for (let k = 0; k < n; k++) out[k] = this.idOf(uuids, k * 4);
      return;
    }
    // 1. found in memory, or to look up in the saved table: grouped by the slice their probe starts in
    const { mask } = saved;
    const pending = new Int32Array(n);
    const starts = new Int32Array(slices + 1);
    const home = new Int32Array(n);
    const none = this.entries === 0;
    for (let k = 0; k < n; k++) {
      const id = none ? -1 : this.findHere(uuids, k * 4);
      out[k] = id;
      if (id >= 0) continue;
      const a = uuids[k * 4],
        b = uuids[k * 4 + 1],
        c = uuids[k * 4 + 2],
        d = uuids[k * 4 + 3];
      home[k] = InstallTable.hash(a, b, c, d) & mask;
      starts[Math.floor(home[k] / STREAM_SLOTS) + 1]++;
    }
    for (let j = 0; j < slices; j++) starts[j + 1] += starts[j];
    const fill = starts.slice(0, slices);
    for (let k = 0; k < n; k++) if (out[k] < 0) pending[fill[Math.floor(home[k] / STREAM_SLOTS)]++] = k;
    // 2. each slice read once; a probe that runs past its end reads on one by one (rare at 3/4 full)
    const found = new Int32Array(n).fill(-1);
    const block = new Uint32Array(STREAM_SLOTS * STRIDE);
    for (let j = 0; j < slices; j++) {
      if (starts[j] === starts[j + 1]) continue; // no probe starts in this slice
      const first = j * STREAM_SLOTS;
      const count = Math.min(STREAM_SLOTS, mask + 1 - first);
      const view = new Uint8Array(block.buffer, 0, count * STRIDE * 4);
      if (!saved.bytes.read(view, first * STRIDE * 4)) throw new StateError('ends before its length (changed while read?)');
      for (let p = starts[j]; p < starts[j + 1]; p++) {
        const k = pending[p];
        const a = uuids[k * 4],
          b = uuids[k * 4 + 1],
          c = uuids[k * 4 + 2],
          d = uuids[k * 4 + 3];
        let id = -2; // -2: the probe left the slice
        for (let i = home[k] - first; i < count; i++) {
          const s = i * STRIDE;
          const tag = block[s + 4];
          // every slot a probe reads is checked (the rest of the slice is not used)
          if (tag > saved.size) throw new StateError('has a broken install table');
          if (tag === 0) {
            id = -1;
            break;
          }
          if (block[s] === a && block[s + 1] === b && block[s + 2] === c && block[s + 3] === d) {
            id = tag - 1;
            break;
          }
        }
        found[k] = id === -2 ? this.findSavedFrom(a, b, c, d, (first + count) & mask) : id;
      }
    }
    // 3. in order: the saved ones keep their ids (they stay in the file only: a later look-up finds them
    // there again), the others are new (a uuid twice in `uuids` once)
    for (let k = 0; k < n; k++) {
      if (out[k] >= 0) continue;
      if (found[k] >= 0) {
        out[k] = found[k];
        continue;
      }
      const again = this.findHere(uuids, k * 4);
      if (again >= 0) out[k] = again;
      else this.insert(uuids[k * 4], uuids[k * 4 + 1], uuids[k * 4 + 2], uuids[k * 4 + 3], (out[k] = this.size++));
    }
  }

  /** The id of the uuid at `uuids[at .. at+3]` among `slots` (not the saved table), or -1. */
  private findHere(uuids: Uint32Array, at: number): number {
    return this.findHere4(uuids[at], uuids[at + 1], uuids[at + 2], uuids[at + 3]);
  }

  private findHere4(a: number, b: number, c: number, d: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = InstallTable.hash(a, b, c, d) & mask; ; i = (i + 1) & mask) {
      const s = i * STRIDE;
      const tag = slots[s + 4];
      if (tag === 0) return -1;
      if (slots[s] === a && slots[s + 1] === b && slots[s + 2] === c && slots[s + 3] === d) return tag - 1;
    }
  }

  /** A probe of the saved table from slot `i` on (its start, or where it ran past a slice `idsOf` read). */
  private findSavedFrom(a: number, b: number, c: number, d: number, i: number): number {
    const { mask } = this.saved!;
    const window = this.probe;
    for (;;) {
      const count = Math.min(PROBE_WINDOW, mask + 1 - i);
      this.readSaved(window, i, count);
      for (let k = 0; k < count; k++) {
        const s = k * STRIDE;
        const tag = window[s + 4];
        if (tag === 0) return -1;
        if (window[s] === a && window[s + 1] === b && window[s + 2] === c && window[s + 3] === d) return tag - 1;
      }
      i = (i + count) & mask;
    }
  }

  /** Reads a saved table left in its file whole, with the installs added since: an ordinary table again. */
  private materialize(): void {
    const saved = this.saved;
    if (saved === null) return;
    const capacity = saved.mask + 1;
    const slots = new Uint32Array(capacity * STRIDE);
    let installs = 0;
    for (let from = 0; from < capacity; from += STREAM_SLOTS)
      installs += this.readSaved(slots.subarray(from * STRIDE), from, Math.min(STREAM_SLOTS, capacity - from));
    if (installs !== saved.size) throw new StateError('has a broken install table');
    const added = this.slots;
    this.saved = null;
    this.slots = slots;
    this.mask = saved.mask;
    this.entries = saved.size;
    // the installs added since (ids from the saved size on); those below it are in the saved slots already
    for (let s = 0; s < added.length; s += STRIDE) {
      const tag = added[s + 4];
      if (tag > saved.size) this.insert(added[s], added[s + 1], added[s + 2], added[s + 3], tag - 1);
    }
  }

  /**
   * The installs held in the slots that end in `slots[from, to)` (their id words), or -1 when one of them
   * has an id above `size`: `adopt` checks a saved table with it, a slice at a time as it is read.
   */
  static countTags(slots: Uint32Array, from: number, to: number, size: number): number {
    let count = 0;
    // the id word of each slot is its fifth (index 4 mod 5)
    for (let s = from + ((STRIDE + 4 - (from % STRIDE)) % STRIDE); s < to; s += STRIDE) {
      const tag = slots[s];
      if (tag > size) return -1;
      // 1 for a taken slot, without a branch: taken and empty slots alternate at random, and a mispredicted
      // branch per slot made this check twice as slow (tag is at most size here, below 2^31)
      count += -tag >>> 31;
    }
    return count;
  }

  /** Every uuid of a saved table, four words each, in id order. */
  static uuidsOf(slots: Uint32Array, size: number): Uint32Array {
    const out = new Uint32Array(size * 4);
    for (let s = 0; s + STRIDE <= slots.length; s += STRIDE) {
      const tag = slots[s + 4];
      if (tag === 0 || tag > size) continue;
      // plain stores: a subarray per slot costs more than the copy
      const t = (tag - 1) * 4;
      out[t] = slots[s];
      out[t + 1] = slots[s + 1];
      out[t + 2] = slots[s + 2];
      out[t + 3] = slots[s + 3];
    }
    return out;
  }

  /** Every uuid, four words each, in id order (state files). */
  uuids(): Uint32Array {
    this.materialize();
    return InstallTable.uuidsOf(this.slots, this.size);
  }

  /** Makes room for `installs` in all without growing on the way (a state's table is added in one go). */
  reserve(installs: number): void {
    // with a saved table in its file, only the installs added to memory take slots here
    const here = this.entries + Math.max(0, installs - this.size);
    while (here * 4 > (this.mask + 1) * 3) this.grow();
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Uint32Array(capacity * STRIDE);
    const mask = capacity - 1;
    for (let s = 0; s < old.length; s += STRIDE) {
      if (old[s + 4] === 0) continue;
      const a = old[s],
        b = old[s + 1],
        c = old[s + 2],
        d = old[s + 3];
      let i = InstallTable.hash(a, b, c, d) & mask;
      while (slots[i * STRIDE + 4] !== 0) i = (i + 1) & mask;
      // five plain stores: a subarray per slot cost more than the rehash itself
      const t = i * STRIDE;
      slots[t] = a;
      slots[t + 1] = b;
      slots[t + 2] = c;
      slots[t + 3] = d;
      slots[t + 4] = old[s + 4];
    }
    this.slots = slots;
    this.mask = mask;
  }
}
