// Install ids: uuids of the form 8-4-4-4-12 hex digits, any case, packed into four 32-bit words so that
// case does not matter and a table of them costs 16 bytes an install instead of a 36-character string.

const DASH = 0x2d;

/** Value of a hex digit byte, or -1. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[0x41 + c] = 10 + c;
  HEX[0x61 + c] = 10 + c;
}

/** Parses the uuid in `buf[start, end)` into `out[0..3]`; false if it is not 8-4-4-4-12 hex. */
export function parseUuid(buf: Uint8Array, start: number, end: number, out: Uint32Array): boolean {
  if (end - start !== 36) return false;
  if (buf[start + 8] !== DASH || buf[start + 13] !== DASH || buf[start + 18] !== DASH || buf[start + 23] !== DASH) {
    return false;
  }
  // hex digits at offsets 0-7 | 9-12 14-17 | 19-22 24-35: four 32-bit words, or -1 for a bad digit
  const w0 = hex8(buf, start);
  const a = hex4(buf, start + 9);
  const b = hex4(buf, start + 14);
  const c = hex4(buf, start + 19);
  const d = hex4(buf, start + 24);
  const w3 = hex8(buf, start + 28);
  if (w0 < 0 || w3 < 0 || (a | b | c | d) < 0) return false;
  out[0] = w0;
  out[1] = a * 0x10000 + b;
  out[2] = c * 0x10000 + d;
  out[3] = w3;
  return true;
}

/** Four hex digits as a number 0..0xffff, or a negative number. */
function hex4(buf: Uint8Array, i: number): number {
  const a = HEX[buf[i]], b = HEX[buf[i + 1]], c = HEX[buf[i + 2]], d = HEX[buf[i + 3]];
  // any -1 makes the OR negative
  return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
}

/** Eight hex digits as an unsigned 32-bit number (a double), or -1. */
function hex8(buf: Uint8Array, i: number): number {
  const high = hex4(buf, i);
  const low = hex4(buf, i + 4);
  return high < 0 || low < 0 ? -1 : high * 0x10000 + low;
}

/** The lowercase text form of a packed uuid. */
export function formatUuid(words: ArrayLike<number>): string {
  const hex = Array.from({ length: 4 }, (_, i) => (words[i] >>> 0).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
