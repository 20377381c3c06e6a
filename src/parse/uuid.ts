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
  let word = 0;
  let nibbles = 0;
  let w = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b === DASH) {
      const at = i - start;
      if (at === 8 || at === 13 || at === 18 || at === 23) continue;
      return false;
    }
    const v = HEX[b];
    if (v < 0) return false;
    word = (word << 4) | v;
    if (++nibbles === 8) {
      out[w++] = word >>> 0;
      word = 0;
      nibbles = 0;
    }
  }
  return true;
}

/** The lowercase text form of a packed uuid. */
export function formatUuid(words: ArrayLike<number>): string {
  const hex = Array.from({ length: 4 }, (_, i) => (words[i] >>> 0).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
