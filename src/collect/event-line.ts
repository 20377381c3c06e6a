// A posted body → the line written to the log, or the reason it is refused.
//
// The body is judged by the reports' own code (parse/line.ts): it is an event exactly when, as a line of
// the log, the reports would count it as one, and a refusal carries the reason they would print. The line
// written is then the four fields in json.dumps' shape (`{"uuid": "…", "command": "…", "version": "…",
// "timestamp": "…"}`: ", " and ": " separators, that key order, non-ASCII as \uXXXX), which the reports'
// fastest path reads; other fields are dropped unless named in `keepFields`.
//
// Then the collector's own schema (limits.ts, docs/collecting.md), stricter than what the reports accept:
// `command` a lowercase word, `version` at most 64 characters of SemVer-shaped text, the uuid in lowercase, and
// every kept string I-JSON (RFC 7493: no lone surrogate). A refusal names the field. A leading byte-order mark
// is skipped. A kept field is written as its JSON text was sent (numbers exact), with json.dumps' separators
// and non-ASCII escaped, and refused when nested deeper than MAX_KEPT_DEPTH.

import { newRawEvent } from '../parse/event.js';
import { BLANK, parseLine } from '../parse/line.js';
import { COMMAND_PATTERN, MAX_KEPT_DEPTH, MAX_VERSION_CHARS, VERSION_PATTERN } from './limits.js';

export type Judged = { line: Buffer; command: string; version: string } | { error: string };

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const FIELDS = ['uuid', 'command', 'version', 'timestamp'] as const;

/** `keepFields`: extra top-level fields written after the four, in the order given, when present. */
export function eventLine(posted: Buffer, keepFields: readonly string[] = []): Judged {
  const body = posted.subarray(0, 3).equals(BOM) ? posted.subarray(3) : posted;
  const reason = parseLine(body, 0, body.length, newRawEvent());
  if (reason === BLANK) return { error: 'empty body' };
  if (reason !== null) return { error: reason };
  // an event: parseLine has checked that this is a JSON object with the four fields as valid strings
  const json = body.toString('utf8');
  const record = JSON.parse(json) as Record<string, string>;
  const refused = schemaError(record);
  if (refused !== null) return { error: refused };
  const values: Record<string, string> = { ...record, uuid: record.uuid.toLowerCase() };
  let text = '{';
  for (const field of FIELDS) text += `${text.length > 1 ? ', ' : ''}"${field}": ${dumpsString(values[field])}`;
  if (keepFields.length > 0) {
    const kept = keptValues(json, keepFields);
    for (const field of keepFields) {
      const value = kept.get(field);
      if (value === undefined) continue;
      if ('error' in value) return { error: `${field}: ${value.error}` };
      text += `, ${dumpsString(field)}: ${value.text}`;
    }
  }
  text += '}\n';
  const line = Buffer.from(text, 'latin1'); // only ASCII: dumpsString and keptValues escape everything else
  // belt and braces: what we write must be what the reports read as an event
  if (parseLine(line, 0, line.length - 1, newRawEvent()) !== null) return { error: 'the event cannot be written as a valid line' };
  return { line, command: values.command, version: values.version };
}

/** The collector's schema over an event the reports accept: the reason naming the field, or null. */
export function schemaError(record: Record<string, string>): string | null {
  if (!COMMAND_PATTERN.test(record.command)) {
    return 'command: not a lowercase word (a letter, then up to 31 letters, digits, "_" or "-")';
  }
  if (record.version.length > MAX_VERSION_CHARS) return `version: more than ${MAX_VERSION_CHARS} characters`;
  if (!VERSION_PATTERN.test(record.version)) return 'version: only letters, digits, ".", "-" and "+" are allowed';
  return null;
}

/** A UTF-16 unit of a pair without its partner: not I-JSON (RFC 7493 2.1), and strict readers reject it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Kept = { text: string } | { error: string };

/**
 * The top-level members of the JSON object `json` named in `names`: each value's text as sent, whitespace
 * outside strings replaced by json.dumps' separators, non-ASCII in strings as \uXXXX. `json` is a valid JSON
 * object (JSON.parse took it), so the scan only has to find where values end. No recursion: depth is a count.
 */
function keptValues(json: string, names: readonly string[]): Map<string, Kept> {
  const kept = new Map<string, Kept>();
  let i = skipSpace(json, json.indexOf('{') + 1);
  while (json[i] !== '}') {
    const keyEnd = stringEnd(json, i);
    const key = JSON.parse(json.slice(i, keyEnd)) as string;
    i = skipSpace(json, skipSpace(json, keyEnd) + 1); // past the ':'
    const wanted = names.includes(key);
    let out = '';
    let depth = 0;
    let error: string | null = null;
    for (;;) {
      const c = json[i];
      if (c === '"') {
        const end = stringEnd(json, i);
        if (wanted && error === null) {
          const token = json.slice(i, end);
          if (LONE_SURROGATE.test(JSON.parse(token) as string)) error = 'a lone surrogate is not I-JSON (RFC 7493)';
          out += asciiOnly(token);
        }
        i = end;
      } else if (c === '{' || c === '[') {
        depth++;
        if (depth > MAX_KEPT_DEPTH && error === null) error = `nested deeper than ${MAX_KEPT_DEPTH} levels`;
        out += c;
        i++;
      } else if (c === '}' || c === ']') {
        depth--;
        out += c;
        i++;
      } else if (c === ',' || c === ':') {
        if (depth === 0) break; // a ',' ends the member (a ':' cannot appear at depth 0 here)
        out += c === ',' ? ', ' : ': ';
        i++;
      } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        i++;
        continue;
      } else {
        // a number or a literal, as sent
        let end = i;
        while (end < json.length && !' \t\n\r,:]}'.includes(json[end])) end++;
        out += json.slice(i, end);
        i = end;
      }
      if (depth === 0) break;
    }
    if (wanted) kept.set(key, error === null ? { text: out } : { error });
    i = skipSpace(json, i);
    if (json[i] === ',') i = skipSpace(json, i + 1);
  }
  return kept;
}

function skipSpace(json: string, i: number): number {
  while (json[i] === ' ' || json[i] === '\t' || json[i] === '\n' || json[i] === '\r') i++;
  return i;
}

/** The index just past the string token that starts at `json[i]` (a `"`). */
function stringEnd(json: string, i: number): number {
  for (let j = i + 1; ; j++) {
    if (json[j] === '\\') j++;
    else if (json[j] === '"') return j + 1;
  }
}

/** A string token with every non-ASCII UTF-16 unit written as \uXXXX (the same value, in plain ASCII). */
function asciiOnly(token: string): string {
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    out += c > 0x7e ? '\\u' + c.toString(16).padStart(4, '0') : token[i];
  }
  return out;
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
