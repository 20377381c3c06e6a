// Install ids: uuids of the form 8-4-4-4-12 hex digits, any case, packed into four 32-bit words so that
// case does not matter and a table of them costs 16 bytes an install instead of a 36-character string.

import { viewOf } from './byte-view.js';

const DASH = 0x2d;

/** Value of a hex digit byte, or -1. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[0x41 + c] = 10 + c;
  HEX[0x61 + c] = 10 + c;
}

/** Value of two hex digits read as one little-endian 16-bit word (first digit in the low byte), or -1. */
const PAIR = new Int16Array(0x10000).fill(-1);
for (let first = 0; first < 256; first++) {
  for (let second = 0; second < 256; second++) {
    if (HEX[first] >= 0 && HEX[second] >= 0) PAIR[first | (second << 8)] = HEX[first] * 16 + HEX[second];
  }
}

/** The byte value of the two hex digits at `i`, or -1. */
function pair(view: DataView, i: number): number {
  return PAIR[view.getUint16(i, true)];
}

/** Parses the uuid in `buf[start, end)` into `out[0..3]`; false if it is not 8-4-4-4-12 hex. */
export function parseUuid(buf: Uint8Array, start: number, end: number, out: Uint32Array): boolean {
  if (end - start !== 36) return false;
  if (buf[start + 8] !== DASH || buf[start + 13] !== DASH || buf[start + 18] !== DASH || buf[start + 23] !== DASH) {
    return false;
  }
  // hex digits at offsets 0-7 | 9-12 14-17 | 19-22 24-35, two at a time: four 32-bit words
  const v = viewOf(buf);
  const a0 = pair(v, start),
    a1 = pair(v, start + 2),
    a2 = pair(v, start + 4),
    a3 = pair(v, start + 6);
  const b0 = pair(v, start + 9),
    b1 = pair(v, start + 11),
    b2 = pair(v, start + 14),
    b3 = pair(v, start + 16);
  const c0 = pair(v, start + 19),
    c1 = pair(v, start + 21),
    c2 = pair(v, start + 24),
    c3 = pair(v, start + 26);
  const d0 = pair(v, start + 28),
    d1 = pair(v, start + 30),
    d2 = pair(v, start + 32),
    d3 = pair(v, start + 34);
  // any -1 makes the OR negative
  if ((a0 | a1 | a2 | a3 | b0 | b1 | b2 | b3 | c0 | c1 | c2 | c3 | d0 | d1 | d2 | d3) < 0) return false;
  // Uint32Array stores keep the low 32 bits, so the sign of `<< 24` does not matter
  out[0] = (a0 << 24) | (a1 << 16) | (a2 << 8) | a3;
  out[1] = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
  out[2] = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3;
  out[3] = (d0 << 24) | (d1 << 16) | (d2 << 8) | d3;
  return true;
}

/** The lowercase text form of a packed uuid. */
export function formatUuid(words: ArrayLike<number>): string {
  const hex = Array.from({ length: 4 }, (_, i) => (words[i] >>> 0).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
