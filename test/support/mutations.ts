// A seeded mutation generator for the fuzzer (test/slow/fuzz.test.ts): realistic telemetry lines, as the real
// client's collector writes them (Python's json.dumps of a dict) and the variants other writers produce,
// mutated at the byte level (bit flips, cuts, inserted and deleted bytes, bad UTF-8, NUL, CR, BOM) and at
// the JSON level (reordered and duplicated keys, odd whitespace, escapes, non-ASCII, wrong types, huge
// numbers, nesting, odd timestamps and uuids). Same seed, same bytes.

import { Random } from './generate-tricky.js';
import { dayStartMs, isoformat, pyString, uuidOf } from './pathological-inputs.js';

const MS_PER_DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Realistic lines

const COMMANDS = ['init', 'update', 'update', 'status', 'Init', 'démarrer', 'up"date', 'a\\b', '=SUM(A1)', '-x', '🚀'];
const VERSIONS = [
  '1.0.0',
  '1.1.0',
  '1.2.0',
  '1.10.0',
  '2.0.0-beta.2',
  '2.0.0-beta.10',
  '2.0.0',
  '2.0.0+build.7',
  'dev',
  'v1.2',
  '01.0.0',
  '1.0.0-β',
  ' 1.0.0',
  '\u202egnp.exe',
  '\u001b[31mred',
  '99999999999999999999.0.0',
];
/** Offsets in minutes a writer might add; null: none (the collector's utcnow().isoformat()). */
const OFFSETS: (number | null)[] = [null, null, null, null, 0, 330, -480, 765, 23 * 60 + 59, -(23 * 60 + 59), 345];

export interface Fields {
  uuid: string;
  command: string;
  version: string;
  timestamp: string;
}

/** A timestamp string for an instant (ms) written with an offset (minutes) or none. */
function timestampText(rng: Random, ms: number, offset: number | null): string {
  const separator = rng.chance(0.9) ? 'T' : ' ';
  const local = ms + (offset ?? 0) * 60_000;
  let text = isoformat(local, rng.chance(0.5) ? rng.int(1000) : 0).replace('T', separator);
  if (rng.chance(0.05)) text += rng.pick(['.1', '.123456789'].map((f) => (text.includes('.') ? '' : f)));
  if (offset === null) return rng.chance(0.1) ? text + 'Z' : text;
  const abs = Math.abs(offset);
  return `${text}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant: mostly autumn 2027 (inside the window with today 2027-12-31), some at the window's edges and beyond. */
function instant(rng: Random): number {
  const r = rng.next();
  if (r < 0.85) return dayStartMs('2027-09-01') + rng.int(122 * MS_PER_DAY);
  const edges = ['1970-01-01', '1999-12-31', '2000-01-01', '2000-01-02', '2027-12-31', '2028-01-01', '2028-01-02', '9999-12-31', '0000-03-01'];
  return dayStartMs(rng.pick(edges)) + rng.pick([0, 1, 999, MS_PER_DAY - 1, 12 * 3_600_000, rng.int(MS_PER_DAY)]);
}

export function realisticFields(rng: Random, installs: number): Fields {
  return {
    uuid: uuidOf(rng.int(installs), 11),
    command: rng.chance(0.8) ? rng.pick(COMMANDS.slice(0, 3)) : rng.pick(COMMANDS),
    version: rng.chance(0.7) ? rng.pick(VERSIONS.slice(0, 7)) : rng.pick(VERSIONS),
    timestamp: timestampText(rng, instant(rng), rng.pick(OFFSETS)),
  };
}

type Pair = [key: string, valueJson: string];

/** The four fields as key/value-JSON pairs, in the collector's order. */
const pairsOf = (f: Fields, str: (s: string) => string = pyString): Pair[] => [
  ['uuid', str(f.uuid)],
  ['command', str(f.command)],
  ['version', str(f.version)],
  ['timestamp', str(f.timestamp)],
];

/** `{"k": v, ...}` with the given separators; keys written by `key` (default: plain JSON). */
function objectText(pairs: Pair[], comma = ', ', colon = ': ', key: (k: string) => string = (k) => JSON.stringify(k)): string {
  return '{' + pairs.map(([k, v]) => key(k) + colon + v).join(comma) + '}';
}

/** One realistic line: json.dumps (mostly), compact JSON.stringify, extra fields, ensure_ascii=False. */
export function realisticLine(rng: Random, f: Fields): Buffer {
  const style = rng.next();
  let text: string;
  if (style < 0.6) text = objectText(pairsOf(f));
  else if (style < 0.75)
    text = objectText(
      pairsOf(f, (s) => JSON.stringify(s)),
      ',',
      ':',
    );
  else if (style < 0.9) text = objectText([...pairsOf(f), ['os', '"linux"'], ['python', '"3.12.1"'], ['ci', rng.pick(['true', 'false', 'null'])]]);
  else text = objectText(pairsOf(f, (s) => JSON.stringify(s))); // ensure_ascii=False: raw UTF-8
  return Buffer.from(text, 'utf8');
}

// ---------------------------------------------------------------------------------------------------
// Mutations

const BYTE_INSERTS: number[][] = [
  [0x00],
  [0x0d],
  [0x0a],
  [0x09],
  [0x0b],
  [0x0c],
  [0x20],
  [0x22],
  [0x5c],
  [0x7f],
  [0x80],
  [0xff],
  [0xfe],
  [0xef, 0xbb, 0xbf], // BOM
  [0xc0, 0x80], // overlong NUL
  [0xc3], // truncated 2-byte sequence
  [0xe2, 0x82], // truncated 3-byte sequence
  [0xed, 0xa0, 0x80], // an encoded surrogate (not UTF-8)
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf0, 0x9f, 0x9a, 0x80], // 🚀
  [0xc3, 0xa9], // é
  [0xe2, 0x80, 0xa8], // U+2028
  [0xe2, 0x80, 0xae], // U+202E
  [0xc2, 0xa0], // NBSP (not JSON whitespace)
  [0x5c, 0x75, 0x30, 0x30, 0x30, 0x30], // \u0000
  [0x5c, 0x75, 0x64, 0x38, 0x30, 0x30], // \ud800
  [0x5c],
  [0x2c],
  [0x7b],
  [0x7d],
  [0x5b],
  [0x5d],
  [0x3a],
];

const ESCAPES = (ch: string, rng: Random): string => {
  const unit = ch.charCodeAt(0);
  const hex = unit.toString(16).padStart(4, '0');
  return '\\u' + (rng.chance(0.5) ? hex : hex.toUpperCase());
};

/** A JSON string literal with random \u escapes, `\/`, and raw non-ASCII. */
function escapedString(s: string, rng: Random): string {
  let out = '"';
  for (const ch of s) {
    if (ch.length === 2)
      out += rng.chance(0.5) ? ch : ESCAPES(ch[0]!, rng) + ESCAPES(ch[1]!, rng); // surrogate pair
    else if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch.charCodeAt(0) < 0x20 || rng.chance(0.3)) out += ESCAPES(ch, rng);
    else if (ch === '/' && rng.chance(0.5)) out += '\\/';
    else out += ch;
  }
  return out + '"';
}

const WEIRD_VALUES = [
  'null',
  'true',
  'false',
  '0',
  '-0',
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '1.0e-400',
  '""',
  '[]',
  '{}',
  '"\\u0000"',
  '"\\ud800"',
  '"\\udc00\\ud800"',
  '["a"]',
  '{"uuid": "x"}',
  '" "',
  '"\\t"',
  '5',
  '"0"',
];
const WHITESPACE = [' ', '  ', '\t', '\r', ' \t\r ', '\n', '\u000b', '\u000c', '\u00a0', '\u2028', '\ufeff', ''];

const BAD_TIMESTAMPS = [
  '2027-02-29T10:00:00',
  '2028-02-29T10:00:00',
  '0000-02-29T00:00:00',
  '1900-02-29T00:00:00',
  '2027-11-12T24:00:00',
  '2027-11-12T23:59:60',
  '2027-11-12t10:00:00',
  '2027-11-12T10:00:00z',
  '2027-11-12T10:00:00.1234567890',
  '2027-11-12T10:00:00.123456789',
  '2027-11-12T10:00:00+24:00',
  '2027-11-12T10:00:00+23:59',
  '2027-11-12T10:00:00-00:00',
  '2027-11-12T10:00:00+05:60',
  '2027-11-12T10:00:00+0530',
  '2027-11-12T10:00:00.',
  '2027-11-12T10:00',
  '2027-11-12',
  '10000-01-01T00:00:00',
  '-001-01-01T00:00:00',
  '2027-11-12T10:00:00 ',
  '２０２７-11-12T10:00:00',
  '1970-01-01 00:00:00',
  '9999-12-31T23:59:59.999999999-23:59',
  '0000-01-01T00:00:00+23:59',
  '2000-01-01T00:00:00+00:01',
  '2028-01-01T23:59:59-00:01',
];

function uuidVariant(uuid: string, rng: Random): string {
  switch (rng.int(8)) {
    case 0:
      return uuid.toUpperCase();
    case 1:
      return uuid.replace(/-/g, '');
    case 2:
      return uuid + '0';
    case 3:
      return uuid.slice(1);
    case 4:
      return `{${uuid}}`;
    case 5:
      return uuid.replace(/[0-9a-f]/, 'g');
    case 6:
      return uuid.replace(/-/, '_');
    default:
      return [...uuid].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c)).join('');
  }
}

function nested(depth: number, rng: Random): string {
  const open = Array.from({ length: depth }, () => (rng.chance(0.5) ? '[' : '{"k":'));
  return (
    open.join('') +
    '1' +
    open
      .reverse()
      .map((o) => (o === '[' ? ']' : '}'))
      .join('')
  );
}

/** A mutation of one line's bytes; `fields` are the line's intended fields (for the JSON-level ones). */
type Mutation = (line: Buffer, rng: Random, fields: Fields) => Buffer;

const at = (line: Buffer, rng: Random) => rng.int(line.length + 1);
const splice = (line: Buffer, start: number, remove: number, insert: Buffer | number[] = []) =>
  Buffer.concat([line.subarray(0, start), Buffer.from(insert), line.subarray(start + remove)]);

/** Re-serialises the fields with a JSON-level change to the pairs, keys or separators. */
const jsonLevel =
  (change: (pairs: Pair[], rng: Random, fields: Fields) => string): Mutation =>
  (_line, rng, fields) =>
    Buffer.from(change(pairsOf(fields), rng, fields), 'utf8');

export const MUTATIONS: Record<string, Mutation> = {
  flipBit: (line, rng) => {
    if (line.length === 0) return line;
    const copy = Buffer.from(line);
    copy[rng.int(copy.length)]! ^= 1 << rng.int(8);
    return copy;
  },
  setByte: (line, rng) => (line.length === 0 ? line : splice(line, rng.int(line.length), 1, rng.pick(BYTE_INSERTS).slice(0, 1))),
  cut: (line, rng) => line.subarray(0, at(line, rng)),
  insertBytes: (line, rng) => splice(line, at(line, rng), 0, rng.pick(BYTE_INSERTS)),
  deleteSpan: (line, rng) => {
    const start = at(line, rng);
    return splice(line, start, 1 + rng.int(Math.max(1, Math.min(8, line.length - start))));
  },
  duplicateSpan: (line, rng) => {
    const start = at(line, rng);
    const end = Math.min(line.length, start + 1 + rng.int(24));
    return splice(line, end, 0, line.subarray(start, end));
  },
  reorderKeys: jsonLevel((pairs, rng) => objectText(rng.shuffle(pairs))),
  duplicateKey: jsonLevel((pairs, rng) => {
    const [key] = rng.pick(pairs);
    const other = rng.chance(0.5) ? rng.pick(WEIRD_VALUES) : pyString(realisticFields(rng, 5)[key as keyof Fields]);
    const duplicate: Pair = [key, other];
    // an earlier duplicate is overridden by the real value; a later one overrides it
    return objectText(rng.chance(0.5) ? [duplicate, ...pairs] : [...pairs, duplicate]);
  }),
  oddWhitespace: jsonLevel((pairs, rng) => {
    const ws = () => rng.pick(WHITESPACE);
    return ws() + '{' + ws() + pairs.map(([k, v]) => JSON.stringify(k) + ws() + ':' + ws() + v + ws()).join(',' + ws()) + '}' + ws();
  }),
  escapes: jsonLevel((_pairs, rng, f) =>
    objectText(
      pairsOf(f, (s) => escapedString(s, rng)),
      ', ',
      ': ',
      (k) => (rng.chance(0.3) ? escapedString(k, rng) : JSON.stringify(k)),
    ),
  ),
  nonAscii: jsonLevel((_pairs, rng, f) => {
    const extra = rng.pick(['é', '🚀', '版本', '\u202e', '\u0301', '\u2028', '\ufeff', '\u0000', '\u001b]0;x\u0007', '\ud800', 'Ω']);
    const field = rng.pick(['command', 'version'] as const);
    return objectText(pairsOf({ ...f, [field]: f[field] + extra }, (s) => (rng.chance(0.5) ? JSON.stringify(s) : pyString(s))));
  }),
  wrongType: jsonLevel((pairs, rng) => {
    const i = rng.int(pairs.length);
    pairs[i] = [pairs[i]![0], rng.pick(WEIRD_VALUES)];
    return objectText(pairs);
  }),
  hugeNumber: jsonLevel((pairs, rng) =>
    objectText([...pairs, ['n', rng.pick(['1e400', '-1e400', '123456789012345678901234567890', '1.0e-400', '-0', '0.000', '1E+2', '9'.repeat(400)])]]),
  ),
  nestedValue: jsonLevel((pairs, rng) => {
    const depth = rng.chance(0.05) ? 20_000 : 1 + rng.int(200);
    const list = [...pairs];
    list.splice(rng.int(list.length + 1), 0, ['nest', nested(depth, rng)]);
    return objectText(list);
  }),
  timestamp: jsonLevel((pairs, rng) => {
    pairs[3] = ['timestamp', JSON.stringify(rng.pick(BAD_TIMESTAMPS))];
    return objectText(pairs);
  }),
  uuid: jsonLevel((pairs, rng, f) => {
    pairs[0] = ['uuid', JSON.stringify(uuidVariant(f.uuid, rng))];
    return objectText(pairs);
  }),
  notAnObject: (_line, rng) => Buffer.from(rng.pick(['', ' \t ', '\t', '\u000b', '[]', 'null', '"x"', '{}', '{', '}', '1', 'true', '[{"uuid": 1}]', '\r'])),
};

const BYTE_LEVEL = new Set(['flipBit', 'setByte', 'cut', 'insertBytes', 'deleteSpan', 'duplicateSpan']);

export interface FuzzLine {
  bytes: Buffer;
  /** the mutations applied, in order (for the failure message) */
  mutations: string[];
}

/** `count` lines: realistic ones, a `mutated` share of them changed by one to three mutations. */
export function fuzzLines(seed: number, count: number, mutated = 0.5): FuzzLine[] {
  const rng = new Random(seed * 7919 + 3);
  const names = Object.keys(MUTATIONS);
  const installs = Math.max(2, Math.floor(count / 6));
  const lines: FuzzLine[] = [];
  for (let i = 0; i < count; i++) {
    const fields = realisticFields(rng, installs);
    let bytes = realisticLine(rng, fields);
    const mutations: string[] = [];
    if (rng.chance(mutated)) {
      const n = 1 + rng.int(3);
      for (let k = 0; k < n; k++) mutations.push(rng.pick(names));
      // JSON-level mutations rebuild the line from its fields, so they go first and byte-level ones after
      mutations.sort((a, b) => Number(BYTE_LEVEL.has(a)) - Number(BYTE_LEVEL.has(b)));
      for (const name of mutations) bytes = MUTATIONS[name]!(bytes, rng, fields);
    }
    lines.push({ bytes, mutations });
  }
  return lines;
}

/** Joins lines into a file: \n or \r\n endings, maybe a BOM first, maybe no final newline. */
export function fuzzFile(seed: number, lines: Buffer[]): Buffer {
  const rng = new Random(seed * 104729 + 5);
  const parts: Buffer[] = [];
  if (rng.chance(0.2)) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  const crlf = rng.chance(0.3);
  lines.forEach((line, i) => {
    parts.push(line);
    const last = i === lines.length - 1;
    if (!last || rng.chance(0.7)) parts.push(Buffer.from(crlf || rng.chance(0.05) ? '\r\n' : '\n'));
  });
  return Buffer.concat(parts);
}

/** A line's bytes for a failure message: printable ASCII as is, everything else as \xNN. */
export function showBytes(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : b === 0x5c ? '\\\\' : `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}
