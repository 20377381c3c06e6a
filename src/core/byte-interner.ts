// Versions and commands: few distinct values, seen on every line. Interning their UTF-8 bytes straight
// from the read buffer gives each a small integer id without creating a string per line.

import { wtf8 } from '../parse/wtf8.js';

/** The value every new one beyond `limit` is counted as. */
export const OVERFLOW_NAME = 'other';
const OVERFLOW_BYTES = new TextEncoder().encode(OVERFLOW_NAME);

export class ByteInterner {
  /**
   * The most distinct values kept apart; a new value beyond it gets the id of OVERFLOW_NAME (which may take
   * one slot more), so strangers posting junk cannot grow the table. Infinity: no limit (the reports).
   */
  limit = Infinity;
  /** lookups of a new value answered with OVERFLOW_NAME's id because the table was full */
  overflowed = 0;
  private readonly values: Uint8Array[] = [];
  readonly names: string[] = [];
  private slots = new Int32Array(64); // id + 1, 0 = empty
  private hashes: number[] = [];
  /** the id returned last, or -1 */
  private last = -1;

  get size(): number {
    return this.values.length;
  }

  /** The id of the value in `buf[start, end)`; `name` is its text when known (else the bytes are decoded). */
  idOf(buf: Uint8Array, start: number, end: number, name: string | null = null): number {
    // neighbouring lines often repeat a value (`update`): compare with the last one before hashing
    if (this.last >= 0 && sameBytes(this.values[this.last], buf, start, end)) return this.last;
    return (this.last = this.lookUp(buf, start, end, name));
  }

  private lookUp(buf: Uint8Array, start: number, end: number, name: string | null, full = this.values.length >= this.limit): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h >>>= 0;
    const mask = this.slots.length - 1;
    let i = h & mask;
    for (;;) {
      const slot = this.slots[i];
      if (slot === 0) break;
      if (this.hashes[slot - 1] === h && sameBytes(this.values[slot - 1], buf, start, end)) return slot - 1;
      i = (i + 1) & mask;
    }
    if (full) {
      this.overflowed++;
      return this.lookUp(OVERFLOW_BYTES, 0, OVERFLOW_BYTES.length, OVERFLOW_NAME, false);
    }
    const id = this.values.length;
    // a copy: Buffer's slice is a view, and the read buffer is reused
    const bytes = Uint8Array.prototype.slice.call(buf, start, end);
    this.values.push(bytes);
    this.hashes.push(h);
    this.names.push(name ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
    this.slots[i] = id + 1;
    if (this.values.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The bytes of value `id` (state files). */
  bytesOf(id: number): Uint8Array {
    return this.values[id];
  }

  /** The id of a string value, adding it if new. */
  idOfString(value: string): number {
    const bytes = wtf8(value);
    return this.idOf(bytes, 0, bytes.length, value);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    this.hashes.forEach((h, id) => {
      let i = h & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    });
    this.slots = slots;
  }
}

function sameBytes(value: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (value.length !== end - start) return false;
  for (let i = 0; i < value.length; i++) if (value[i] !== buf[start + i]) return false;
  return true;
}
