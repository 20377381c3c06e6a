// How many terminal cells a string takes, for aligning table columns. Text reaching here is already
// visible (untrusted.ts): no control characters. Combining marks and joiners take none; East Asian wide
// and fullwidth characters and emoji take two; everything else one. (cli-table3 used string-width for
// this; the ranges below are the wide blocks of Unicode's EastAsianWidth W/F and the emoji planes.)

// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point of the class is tested alone, never a sequence
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]$/u;

function wide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Display width in terminal cells. Printable ASCII, the usual case, is its length. */
export function displayWidth(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x7f) width += 1;
    else if (ZERO_WIDTH.test(char)) continue;
    else width += wide(code) ? 2 : 1;
  }
  return width;
}
