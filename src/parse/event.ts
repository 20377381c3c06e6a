// One line → an event, a blank line, or the reason it is invalid. This is the plain, obviously-correct
// path (JSON.parse); `fast-line.ts` accepts the common shape without it and sends everything else here.

import { parseTimestamp, type Instant } from './timestamp.js';
import { parseUuid } from './uuid.js';
import { wtf8 } from './wtf8.js';

/** The four fields of a valid event, as bytes/words ready for interning. Reused between lines. */
export interface RawEvent {
  /** the uuid packed into four words (lowercase and uppercase give the same words) */
  uuid: Uint32Array;
  time: Instant;
  /** UTF-8 bytes of `command` are `commandBytes[commandStart, commandEnd)` */
  commandBytes: Uint8Array;
  commandStart: number;
  commandEnd: number;
  versionBytes: Uint8Array;
  versionStart: number;
  versionEnd: number;
  /** the values as strings when the JSON path read them (null on the fast path: bytes are ASCII there) */
  commandText: string | null;
  versionText: string | null;
}

export function newRawEvent(): RawEvent {
  const empty = new Uint8Array(0);
  return {
    uuid: new Uint32Array(4),
    time: { sec: 0, ns: 0 },
    commandBytes: empty,
    commandStart: 0,
    commandEnd: 0,
    versionBytes: empty,
    versionStart: 0,
    versionEnd: 0,
    commandText: null,
    versionText: null,
  };
}

const FIELDS = ['uuid', 'command', 'version', 'timestamp'] as const;

const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * False when JSON.parse must throw on `line` for what its ends show: nothing but JSON white space, a first
 * character that starts no JSON value, or an object, array or string that is not closed at the end. True
 * means only that JSON.parse has to decide.
 */
export function couldBeJson(line: string): boolean {
  let first = 0;
  let last = line.length - 1;
  while (first <= last && isJsonSpace(line.charCodeAt(first))) first++;
  while (last > first && isJsonSpace(line.charCodeAt(last))) last--;
  if (first > last) return false;
  const start = line.charCodeAt(first);
  const end = line.charCodeAt(last);
  if (start === 0x7b /* { */) return end === 0x7d /* } */ && last > first;
  if (start === 0x5b /* [ */) return end === 0x5d /* ] */ && last > first;
  if (start === 0x22 /* " */) return end === 0x22 && last > first;
  // a number (-, 0-9) or true, false, null
  return start === 0x2d || (start >= 0x30 && start <= 0x39) || start === 0x74 || start === 0x66 || start === 0x6e;
}

/** A line of only spaces and tabs (or nothing) is blank: counted, not an error. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/**
 * Parses one line's text (without its `\n` and trailing `\r`) with JSON.parse semantics: a JSON object whose
 * uuid, command, version and timestamp are non-empty strings, uuid 8-4-4-4-12 hex, timestamp valid.
 * Fills `out` and returns null for an event; otherwise returns the reason the line is invalid.
 * Blank lines must be recognised by the caller first (`isBlank`).
 */
export function parseEventLine(line: string, out: RawEvent): string | null {
  // a line that cannot be JSON by its ends (garbage, a write cut short) is judged without JSON.parse, whose
  // throw costs ~10 µs: a log of broken lines would otherwise be read 20-70 times slower than a good one
  if (!couldBeJson(line)) return 'not valid JSON';
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  for (const field of FIELDS) {
    const v = Object.hasOwn(record, field) ? record[field] : undefined;
    if (v === undefined) return `no "${field}" field`;
    if (typeof v !== 'string') return `"${field}" is not a string`;
    if (v.length === 0) return `"${field}" is empty`;
  }
  const uuid = Buffer.from(record.uuid as string, 'utf8');
  if (!parseUuid(uuid, 0, uuid.length, out.uuid)) return `"uuid" is not 8-4-4-4-12 hex digits`;
  const timestamp = Buffer.from(record.timestamp as string, 'utf8');
  if (!parseTimestamp(timestamp, 0, timestamp.length, out.time)) {
    return `"timestamp" is not a real YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM] time`;
  }
  const command = wtf8(record.command as string);
  out.commandText = record.command as string;
  out.commandBytes = command;
  out.commandStart = 0;
  out.commandEnd = command.length;
  const version = wtf8(record.version as string);
  out.versionText = record.version as string;
  out.versionBytes = version;
  out.versionStart = 0;
  out.versionEnd = version.length;
  return null;
}
