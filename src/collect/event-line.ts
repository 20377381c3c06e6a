// A posted body → the line written to the log, or the reason it is refused.
//
// The body is judged by the reports' own code (parse/line.ts): it is an event exactly when, as a line of
// the log, the reports would count it as one, and a refusal carries the reason they would print. The line
// written is then the four fields in json.dumps' shape (`{"uuid": "…", "command": "…", "version": "…",
// "timestamp": "…"}`: ", " and ": " separators, that key order, non-ASCII as \uXXXX), which the reports'
// fastest path reads; other fields are dropped unless named in `keepFields`.

import { newRawEvent } from '../parse/event.js';
import { BLANK, parseLine } from '../parse/line.js';

export type Judged = { line: Buffer } | { error: string };

const FIELDS = ['uuid', 'command', 'version', 'timestamp'] as const;

/** `keepFields`: extra top-level fields written after the four, in the order given, when present. */
export function eventLine(body: Buffer, keepFields: readonly string[] = []): Judged {
  const reason = parseLine(body, 0, body.length, newRawEvent());
  if (reason === BLANK) return { error: 'empty body' };
  if (reason !== null) return { error: reason };
  // an event: parseLine has checked that this is a JSON object with the four fields as valid strings
  const record = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  let text = '{';
  for (const field of FIELDS) text += `${text.length > 1 ? ', ' : ''}"${field}": ${dumpsString(record[field] as string)}`;
  for (const field of keepFields) {
    if (Object.hasOwn(record, field)) text += `, ${dumpsString(field)}: ${dumpsValue(record[field])}`;
  }
  text += '}\n';
  const line = Buffer.from(text, 'latin1'); // only ASCII: dumpsString escapes everything else
  // belt and braces: what we write must be what the reports read as an event
  if (parseLine(line, 0, line.length - 1, newRawEvent()) !== null) return { error: 'the event cannot be written as a valid line' };
  return { line };
}

/** A string as Python's json.dumps writes it (ensure_ascii): `"` `\` and controls escaped, non-ASCII as \uXXXX. */
export function dumpsString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) out += value[i];
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += '\\u' + c.toString(16).padStart(4, '0'); // UTF-16 units: a pair stays a pair, as Python writes it
  }
  return out + '"';
}

/** A kept extra field's JSON value with json.dumps' separators. Numbers as JavaScript prints them. */
function dumpsValue(value: unknown): string {
  if (typeof value === 'string') return dumpsString(value);
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(dumpsValue).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${dumpsString(k)}: ${dumpsValue(v)}`).join(', ')}}`;
}
