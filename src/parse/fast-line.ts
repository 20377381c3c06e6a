// The fast path for the common line shape, on bytes, without building a string or an object.
//
// Accepts only: `{` then exactly the four keys uuid, command, version, timestamp (any order, each once),
// each `"key"` `:` `"value"` with any number of spaces (0x20) around the punctuation, values of printable
// ASCII without `\` or `"`, then `}` at the very end of the line, and a valid uuid and timestamp.
// For such a line JSON.parse could only agree. Everything else — escapes, other whitespace, extra or
// duplicate keys, non-ASCII, nesting, anything invalid — returns false and goes to `parseEventLine`.

import type { RawEvent } from './event.js';
import { viewOf } from './byte-view.js';
import { parseTimestamp } from './timestamp.js';
import { parseUuid } from './uuid.js';

const QUOTE = 0x22;
const SPACE = 0x20;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const BACKSLASH = 0x5c;

/** A constant byte string of at least four bytes, compared four at a time (the last read may overlap the one before). */
class Literal {
  readonly length: number;
  private readonly offsets: number[] = [];
  private readonly words: number[] = [];

  constructor(text: string) {
    const bytes = Buffer.from(text, 'latin1');
    this.length = bytes.length;
    for (let at = 0; at < bytes.length; at += 4) {
      const offset = Math.min(at, bytes.length - 4);
      this.offsets.push(offset);
      this.words.push(bytes.readInt32LE(offset));
    }
  }

  /** Whether the bytes at `buf[i, i + length)` are this string. */
  at(buf: Uint8Array, i: number): boolean {
    if (i + this.length > buf.length) return false;
    const view = viewOf(buf);
    for (let k = 0; k < this.words.length; k++) if (view.getInt32(i + this.offsets[k], true) !== this.words[k]) return false;
    return true;
  }
}

// The four keys, told apart by length first: uuid (4), command and version (7), timestamp (9).
const UUID = 1;
const COMMAND = 2;
const VERSION = 4;
const TIMESTAMP = 8;

const UUID_KEY = new Literal('uuid');
const COMMAND_KEY = new Literal('command');
const VERSION_KEY = new Literal('version');
const TIMESTAMP_KEY = new Literal('timestamp');

function keyAt(buf: Uint8Array, start: number, end: number): number {
  switch (end - start) {
    case 4:
      return UUID_KEY.at(buf, start) ? UUID : 0;
    case 7:
      if (COMMAND_KEY.at(buf, start)) return COMMAND;
      if (VERSION_KEY.at(buf, start)) return VERSION;
      return 0;
    case 9:
      return TIMESTAMP_KEY.at(buf, start) ? TIMESTAMP : 0;
    default:
      return 0;
  }
}

// The exact bytes the reference collector writes (`json.dumps(data)`): checked at fixed offsets first.
const DUMPS_UUID = new Literal('{"uuid": "');
const DUMPS_COMMAND = new Literal('", "command": "');
const DUMPS_VERSION = new Literal('", "version": "');
const DUMPS_TIMESTAMP = new Literal('", "timestamp": "');

/** Index of the closing quote of a plain value starting at `i` (printable ASCII, no `\`), or -1. */
function plainValueEnd(buf: Uint8Array, i: number, end: number): number {
  const first = i;
  for (; i < end; i++) {
    const b = buf[i];
    if (b === QUOTE) return i > first ? i : -1;
    if (b < SPACE || b === BACKSLASH || b > 0x7e) return -1;
  }
  return -1;
}

/**
 * `{"uuid": "…", "command": "…", "version": "…", "timestamp": "…"}` exactly as json.dumps writes it:
 * a special case of `parseFastLine`'s shape, so it accepts nothing that that function would not.
 */
function parseDumpsLine(buf: Uint8Array, start: number, end: number, out: RawEvent): boolean {
  if (end - start < 116 || !DUMPS_UUID.at(buf, start) || !DUMPS_COMMAND.at(buf, start + 46)) return false;
  if (!parseUuid(buf, start + 10, start + 46, out.uuid)) return false;
  const commandStart = start + 61;
  const commandEnd = plainValueEnd(buf, commandStart, end);
  if (commandEnd < 0 || commandEnd + 15 > end || !DUMPS_VERSION.at(buf, commandEnd)) return false;
  const versionStart = commandEnd + 15;
  const versionEnd = plainValueEnd(buf, versionStart, end);
  if (versionEnd < 0 || versionEnd + 17 > end || !DUMPS_TIMESTAMP.at(buf, versionEnd)) return false;
  const timeStart = versionEnd + 17;
  const timeEnd = end - 2;
  // parseTimestamp checks every byte of [timeStart, timeEnd) against the timestamp form, so no quote or
  // escape can hide inside
  if (buf[timeEnd] !== QUOTE || buf[end - 1] !== CLOSE || timeEnd <= timeStart) return false;
  if (!parseTimestamp(buf, timeStart, timeEnd, out.time)) return false;
  out.commandBytes = buf;
  out.commandStart = commandStart;
  out.commandEnd = commandEnd;
  out.versionBytes = buf;
  out.versionStart = versionStart;
  out.versionEnd = versionEnd;
  out.commandText = null;
  out.versionText = null;
  return true;
}

/** Returns true and fills `out` when `buf[start, end)` is an event of the common shape; false otherwise. */
export function parseFastLine(buf: Uint8Array, start: number, end: number, out: RawEvent): boolean {
  return parseDumpsLine(buf, start, end, out) || parseAnySpacing(buf, start, end, out);
}

function parseAnySpacing(buf: Uint8Array, start: number, end: number, out: RawEvent): boolean {
  let i = start;
  if (end - start < 2 || buf[i] !== OPEN) return false;
  i++;
  let seen = 0;
  let uuidStart = 0;
  let uuidEnd = 0;
  let timeStart = 0;
  let timeEnd = 0;
  for (let field = 0; field < 4; field++) {
    while (i < end && buf[i] === SPACE) i++;
    if (i >= end || buf[i] !== QUOTE) return false;
    const keyStart = ++i;
    while (i < end && buf[i] !== QUOTE) i++;
    const key = keyAt(buf, keyStart, i);
    if (key === 0 || (seen & key) !== 0) return false;
    seen |= key;
    i++;
    while (i < end && buf[i] === SPACE) i++;
    if (i >= end || buf[i] !== COLON) return false;
    i++;
    while (i < end && buf[i] === SPACE) i++;
    if (i >= end || buf[i] !== QUOTE) return false;
    const valueStart = ++i;
    for (;;) {
      if (i >= end) return false;
      const b = buf[i];
      if (b === QUOTE) break;
      // control characters, backslash escapes and non-ASCII go the JSON.parse way
      if (b < SPACE || b === BACKSLASH || b > 0x7e) return false;
      i++;
    }
    const valueEnd = i;
    if (valueEnd === valueStart) return false;
    i++;
    while (i < end && buf[i] === SPACE) i++;
    if (field < 3) {
      if (i >= end || buf[i] !== COMMA) return false;
      i++;
    }
    switch (key) {
      case UUID:
        uuidStart = valueStart;
        uuidEnd = valueEnd;
        break;
      case COMMAND:
        out.commandBytes = buf;
        out.commandStart = valueStart;
        out.commandEnd = valueEnd;
        break;
      case VERSION:
        out.versionBytes = buf;
        out.versionStart = valueStart;
        out.versionEnd = valueEnd;
        break;
      default:
        timeStart = valueStart;
        timeEnd = valueEnd;
    }
  }
  if (i + 1 !== end || buf[i] !== CLOSE) return false;
  out.commandText = null;
  out.versionText = null;
  return parseUuid(buf, uuidStart, uuidEnd, out.uuid) && parseTimestamp(buf, timeStart, timeEnd, out.time);
}
