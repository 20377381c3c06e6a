// Distinct installs, exact at any scale. A V8 Set holds at most 2^24 entries and costs ~80-100 bytes a
// string; this table keeps each uuid as four 32-bit words (16 bytes) plus a 4-byte slot, and gives every
// install a dense id 0, 1, 2, … in order of first appearance, so reducers can keep per-install state in
// typed arrays and per-bucket distinct counts on integers.

const EMPTY = 0;

export class InstallTable {
  /** uuid words by id: install `id` is `words[4*id .. 4*id+3]` */
  private words: Uint32Array;
  /** open-addressing slots holding id + 1, 0 = empty */
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.words = new Uint32Array(Math.max(64, expected) * 4);
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
    const words = this.words;
    for (let i = InstallTable.hash(a, b, c, d) & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i];
      if (slot === EMPTY) return -1;
      const w = (slot - 1) * 4;
      if (words[w] === a && words[w + 1] === b && words[w + 2] === c && words[w + 3] === d) return slot - 1;
    }
  }

  /** The id of this uuid, adding it if new. */
  idOf(uuid: Uint32Array): number {
    const a = uuid[0], b = uuid[1], c = uuid[2], d = uuid[3];
    const words = this.words;
    const slots = this.slots;
    const mask = this.mask;
    let i = InstallTable.hash(a, b, c, d) & mask;
    for (;;) {
      const slot = slots[i];
      if (slot === EMPTY) break;
      const w = (slot - 1) * 4;
      if (words[w] === a && words[w + 1] === b && words[w + 2] === c && words[w + 3] === d) return slot - 1;
      i = (i + 1) & mask;
    }
    const id = this.size++;
    if (id * 4 + 4 > words.length) this.growWords();
    const all = this.words;
    all[id * 4] = a;
    all[id * 4 + 1] = b;
    all[id * 4 + 2] = c;
    all[id * 4 + 3] = d;
    slots[i] = id + 1;
    if (this.size * 4 > slots.length * 3) this.rehash();
    return id;
  }

  /** The uuid words of install `id`. */
  uuidOf(id: number): Uint32Array {
    return this.words.subarray(id * 4, id * 4 + 4);
  }

  private growWords(): void {
    const grown = new Uint32Array(Math.ceil(this.words.length * 1.5 / 4) * 4 + 64);
    grown.set(this.words);
    this.words = grown;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const words = this.words;
    for (let id = 0; id < this.size; id++) {
      const w = id * 4;
      let i = InstallTable.hash(words[w], words[w + 1], words[w + 2], words[w + 3]) & mask;
      while (slots[i] !== EMPTY) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
