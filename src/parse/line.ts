// One line of the log → an event, a blank line, or the reason it is invalid: the single judgement shared by
// the reports (core/analyzer.ts, per line of a file) and the collector (collect/, per posted body), so the
// two can never disagree on what is valid.
//
// The fast path (fast-line.ts) takes the common shape on bytes; everything else is decoded as strict
// UTF-8 and judged with JSON.parse (event.ts).

import { isBlank, parseEventLine, type RawEvent } from './event.js';
import { parseFastLine } from './fast-line.js';

/** Returned for a line of only spaces and tabs: counted apart, neither an event nor invalid. */
export const BLANK = 'blank line';

/** Strict: bad bytes throw; a U+FEFF inside the input stays (only a BOM at the start of a file is skipped). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Judges `buf[start, end)` (without its `\n` and trailing `\r`): null when it is an event (its fields are
 * then in `out`), `BLANK` when it is blank, otherwise the reason it is invalid.
 */
export function parseLine(buf: Uint8Array, start: number, end: number, out: RawEvent): string | null {
  if (parseFastLine(buf, start, end, out)) return null;
  let text: string;
  try {
    text = UTF8.decode(buf.subarray(start, end));
  } catch {
    // JSON text is UTF-8 (RFC 8259); a corrupt line must not merge versions through U+FFFD
    return 'not valid UTF-8';
  }
  if (isBlank(text)) return BLANK;
  return parseEventLine(text, out);
}
