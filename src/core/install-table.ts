// Distinct installs, exact at any scale. A V8 Set holds at most 2^24 entries and costs ~80-100 bytes a
// string; this table keeps each uuid as four 32-bit words with its id in one 20-byte slot (one cache miss
// per look-up), and gives every install a dense id 0, 1, 2, … in order of first appearance, so reducers
// keep per-install state in typed arrays and per-bucket distinct counts on integers.

const STRIDE = 5; // four uuid words, then id + 1 (0 = empty slot)

export class InstallTable {
  private slots: Uint32Array;
  private mask: number;
  size = 0;

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
    const a = uuid[0], b = uuid[1], c = uuid[2], d = uuid[3];
    const slots = this.slots;
    const mask = this.mask;
    for (let i = InstallTable.hash(a, b, c, d) & mask; ; i = (i + 1) & mask) {
      const s = i * STRIDE;
      const tag = slots[s + 4];
      if (tag === 0) return -1;
      if (slots[s] === a && slots[s + 1] === b && slots[s + 2] === c && slots[s + 3] === d) return tag - 1;
    }
  }

  /** The id of the uuid in `uuid[at .. at+3]`, adding it if new. */
  idOf(uuid: Uint32Array, at = 0): number {
    const a = uuid[at], b = uuid[at + 1], c = uuid[at + 2], d = uuid[at + 3];
    const slots = this.slots;
    const mask = this.mask;
    for (let i = InstallTable.hash(a, b, c, d) & mask; ; i = (i + 1) & mask) {
      const s = i * STRIDE;
      const tag = slots[s + 4];
      if (tag === 0) {
        const id = this.size++;
        slots[s] = a;
        slots[s + 1] = b;
        slots[s + 2] = c;
        slots[s + 3] = d;
        slots[s + 4] = id + 1;
        if (this.size * 4 > (mask + 1) * 3) this.grow();
        return id;
      }
      if (slots[s] === a && slots[s + 1] === b && slots[s + 2] === c && slots[s + 3] === d) return tag - 1;
    }
  }

  /** The table as it is (a view, for state files): loading it back is one copy, no hashing. */
  get rawSlots(): Uint32Array {
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
    this.size = size;
    return true;
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
    return InstallTable.uuidsOf(this.slots, this.size);
  }

  /** Makes room for `installs` in all without growing on the way (a state's table is added in one go). */
  reserve(installs: number): void {
    while (installs * 4 > (this.mask + 1) * 3) this.grow();
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Uint32Array(capacity * STRIDE);
    const mask = capacity - 1;
    for (let s = 0; s < old.length; s += STRIDE) {
      if (old[s + 4] === 0) continue;
      const a = old[s], b = old[s + 1], c = old[s + 2], d = old[s + 3];
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
