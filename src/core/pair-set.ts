// A set of (a, b) pairs of non-negative integers below 2^31: "install 17 was active on day 20404",
// "install 17 ran version 3". Distinct counts per bucket come from the pairs, so no per-bucket Set of
// strings is ever built. 8 bytes a pair in two typed arrays, open addressing, grows at 3/4 full.

export interface PairSetState {
  as: Int32Array;
  bs: Int32Array;
}

export class PairSet {
  private as: Int32Array;
  private bs: Int32Array; // b + 1, 0 = empty slot
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.as = new Int32Array(capacity);
    this.bs = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    return (h ^ (h >>> 15)) >>> 0;
  }

  /** Adds the pair; true if it was not there before. */
  add(a: number, b: number): boolean {
    const as = this.as;
    const bs = this.bs;
    const mask = this.mask;
    const tag = b + 1;
    for (let i = PairSet.hash(a, b) & mask; ; i = (i + 1) & mask) {
      const t = bs[i];
      if (t === 0) {
        as[i] = a;
        bs[i] = tag;
        if (++this.size * 4 > as.length * 3) this.grow();
        return true;
      }
      if (t === tag && as[i] === a) return false;
    }
  }

  /** Calls `visit(a, b)` for every pair, in no particular order. */
  forEach(visit: (a: number, b: number) => void): void {
    const as = this.as;
    const bs = this.bs;
    for (let i = 0; i < bs.length; i++) if (bs[i] !== 0) visit(as[i], bs[i] - 1);
  }

  /** The set as plain data, to send to another thread. */
  save(): PairSetState {
    return { as: this.as, bs: this.bs };
  }

  /** Adds every pair of a saved set, each side mapped through a table of new ids (null: as it is). */
  addSaved(state: PairSetState, mapA: Int32Array | null, mapB: Int32Array | null): void {
    const { as, bs } = state;
    // Grow first, to at least the other table's size: its slots come in hash order, and poured into a
    // smaller table (a narrower mask) they would pile up in long probe runs (seen: 1 s for 1M pairs).
    let other = 0;
    for (let i = 0; i < bs.length; i++) if (bs[i] !== 0) other++;
    while (this.as.length < bs.length || (this.size + other) * 4 > this.as.length * 3) this.grow();
    for (let i = 0; i < bs.length; i++) {
      if (bs[i] === 0) continue;
      const a = as[i];
      const b = bs[i] - 1;
      this.add(mapA === null ? a : mapA[a], mapB === null ? b : mapB[b]);
    }
  }

  private grow(): void {
    const oldAs = this.as;
    const oldBs = this.bs;
    const capacity = oldAs.length * 2;
    this.as = new Int32Array(capacity);
    this.bs = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < oldBs.length; i++) if (oldBs[i] !== 0) this.add(oldAs[i], oldBs[i] - 1);
  }
}
