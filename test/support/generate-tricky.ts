// A seeded generator of telemetry logs that mix mostly-valid events with every edge the line and event
// rules mention (issue 2, issue 4 and the lead's decisions). Same seed, same bytes.
//
// The generator also says what it meant each line to be (event, blank or invalid); the tests check the
// oracle's verdicts against that tally, so the oracle's line rules are pinned by a second, independent
// description of the same inputs.

export interface TrickyOptions {
  /** a UTF-8 BOM at the start (default: a seeded coin toss) */
  bom?: boolean;
  /** a last line without \n (default: a seeded coin toss) */
  noFinalNewline?: boolean;
  /** first UTC day of the main window (default 2025-10-20, a Monday; the window crosses 2026-W01) */
  start?: string;
  /** days in the main window (default 84) */
  days?: number;
  /** a few valid events far before the window, on 2024-02-29 (default false) */
  outliers?: boolean;
  /**
   * lines that are not valid UTF-8 (default false). Whether such a line is invalid or is decoded with
   * U+FFFD is not fixed by the decisions; the expected tally counts them as invalid.
   */
  invalidUtf8?: boolean;
  /** one valid line of ~600 KiB and two lines over 1 MiB (default false) */
  longLines?: boolean;
}

export type LineKind = 'event' | 'blank' | 'invalid';

export interface TrickyData {
  bytes: Buffer;
  /** what the generator meant the lines to be */
  expected: { lines: number; events: number; blank: number; invalid: number };
  /** every install's uuid in lowercase, the most active first */
  installs: string[];
}

export function generateTricky(seed: number, lines: number): Buffer {
  return generateTrickyData(seed, lines).bytes;
}

// ---------------------------------------------------------------------------------------------------
// Randomness

export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: a float in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((sum, [w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [w, item] of items) {
      if (r < w) return item;
      r -= w;
    }
    return items[items.length - 1]![1];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary

const HEX = '0123456789abcdef';
const UUID_SHAPE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Ordered the way installs usually move; the walk mostly climbs it. */
const VERSION_LADDER = [
  '1.0.0',
  '1.1.0',
  '1.2.0',
  '1.9.0',
  '1.10.0',
  '2.0.0-alpha',
  '2.0.0-alpha.1',
  '2.0.0-beta.2',
  '2.0.0-beta.10',
  '2.0.0-rc.1',
  '2.0.0',
  '2.0.0+build.7',
  '2.1.0',
];

/** Versions that test the order: non-SemVer, build metadata, numeric vs alphanumeric identifiers, escapes. */
const ODD_VERSIONS = [
  'dev',
  'v1.2',
  '1.2',
  '01.0.0',
  '1.0.0-01',
  '1.0.0-β',
  'версия-2',
  '🚀1.0',
  ' 1.0.0',
  '1.0.0 ',
  '1.0"quoted',
  'C:\\v\\1',
  '1.0.0+build.1',
  '1.0.0+build.2',
  '1.0.0-0A',
  '1.0.0-A0',
  '1.0.0-a.b.c',
  '1.0.0-a.b',
  '99999999999999999999.0.0',
  '2.0.0-beta.2+sha.1',
  'Dev',
];

const COMMANDS: readonly (readonly [number, string])[] = [
  [45, 'init'],
  [45, 'update'],
  [2, 'status'],
  [1, 'Init'],
  [1, 'INIT'],
  [1, 'update '],
  [1, 'up"date'],
  [1, 'a\\b'],
  [1, 'démarrer'],
  [1, '🚀'],
  [1, '0'],
];

/** Offsets (minutes) a collector might write; the main test zones and then some. */
const OFFSETS = [330, -480, -420, 765, 825, 0, 345, 840, -720, 23 * 60 + 59, -(23 * 60 + 59)];

/** Offsets (minutes) of local midnights worth landing near: UTC, Kolkata, Los Angeles (PDT/PST), Chatham (DST/standard), Kathmandu. */
const MIDNIGHT_ZONES = [0, 330, -420, -480, 825, 765, 345];

/** Nanosecond nudges around a midnight. */
const NUDGES = [-1n, 0n, 1n, -1000n, -1_000_000_000n, 1_000_000_000n, -999_999_999n, 999_000_000n, -60_000_000_000n];

const BAD_TIMESTAMPS = [
  '2025-02-29T10:00:00', // not a leap year
  '1900-02-29T00:00:00', // century, not a leap year
  '2100-02-29 12:00:00',
  '2024-02-30T00:00:00',
  '2025-04-31T00:00:00',
  '2025-13-01T00:00:00',
  '2025-00-10T00:00:00',
  '2025-11-00T00:00:00',
  '2025-11-12T24:00:00',
  '2025-11-12T23:60:00',
  '2025-11-12T23:59:60',
  '2025-12-31T23:59:60Z', // no leap seconds
  '2025-11-12t10:00:00',
  '2025-11-12T10:00:00z',
  '2025-11-12T10:00:00.1234567890',
  '2025-11-12T10:00:00.1234567890Z',
  '2025-11-12T10:00:00+24:00',
  '2025-11-12T10:00:00-24:00',
  '2025-11-12T10:00:00+05:60',
  '2025-11-12T10:00:00+0530',
  '2025-11-12T10:00:00+05',
  '2025-11-12T10:00:00+5:30',
  '2025-11-12T10:00:00.',
  '2025-11-12T10:00:00.Z',
  '2025-11-12T10:00',
  '2025-11-12',
  '25-11-12T10:00:00',
  '2025-1-12T10:00:00',
  '2025-11-12T10:00:00 ',
  ' 2025-11-12T10:00:00',
  '2025-11-12T10:00:00Z+05:30',
  '2025-11-12T10:00:00ZZ',
  '2025-11-12_10:00:00',
  '2025-11-12  10:00:00',
  '+2025-11-12T10:00:00',
  '2025-11-12T10:00:00,123',
  '2025-11-12T1O:00:00',
  '２０２５-11-12T10:00:00',
  '2025-11-12T10:00:00-08:00:00',
  '2025-11-12T10:00:00UTC',
  '2025-11-12T10:00:00 Z',
  '2025-11-12T10:00:00\n',
  '12/11/2025 10:00:00',
  '1731405645',
];

/** Extra fields that leave the line valid (a trap for scanners: nested look-alike keys, braces in strings). */
const GOOD_EXTRAS = [
  '"meta": {"uuid": "not-a-uuid", "timestamp": 1, "version": "0.0.0", "command": null}',
  '"tags": ["init", {"command": "update"}, [], {}]',
  '"n": -1.5e+300',
  '"i": 12345678901234567890',
  '"z": 0',
  '"f": false',
  '"t": true',
  '"nil": null',
  '"s": "brace } and \\" quote and \\u007d and \\\\"',
  '"deep": {"a": {"b": {"c": [1, 2, {"d": "}"}]}}}',
  '"Version": "X"',
  '"uuid ": "x"',
  '"emoji": "🚀 ünï"',
  '"empty": ""',
  '"arr":[[[[]]]]',
  '"e": 1E-7',
  '"": "empty key"',
  '"__proto__": {"version": "9.9.9"}',
];

/** Extra fields that make the line invalid JSON. */
const BAD_EXTRAS = [
  '"x": NaN',
  '"x": 01',
  '"x": .5',
  '"x": +1',
  "'x': 1",
  '"x": \'single\'',
  '"x": "raw\ttab"',
  '"x": "bad \\x escape"',
  '"x": "\\u12"',
  '"x": undefined',
  '"x": 1 /* comment */',
  '"x": Infinity',
  'x: 1',
];

// ---------------------------------------------------------------------------------------------------
// JSON text by hand

type StringStyle = 'plain' | 'ascii' | 'escapy';

function unicodeEscape(unit: number, upper: boolean): string {
  const hex = unit.toString(16).padStart(4, '0');
  return '\\u' + (upper ? hex.toUpperCase() : hex);
}

/** A JSON string literal for `s`: plain (JSON.stringify), ascii (Python's ensure_ascii) or escapy (random \u escapes). */
function jsonString(s: string, style: StringStyle, rng: Random): string {
  if (style === 'plain') return JSON.stringify(s); // well-formed: lone surrogates come out escaped
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    const ch = s[i]!;
    const isSurrogate = unit >= 0xd800 && unit <= 0xdfff;
    if (style === 'ascii') {
      if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (unit < 0x20 || unit > 0x7e) out += unit === 0x0a ? '\\n' : unicodeEscape(unit, false);
      else out += ch;
    } else {
      if (isSurrogate || unit < 0x20 || rng.chance(0.3)) out += unicodeEscape(unit, rng.chance(0.5));
      else if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (ch === '/') out += '\\/';
      else out += ch;
    }
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------------
// Time

const NS_PER_SECOND = 1_000_000_000n;
const NS_PER_DAY = 86_400n * NS_PER_SECOND;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function dayStartNs(date: string): bigint {
  return BigInt(Date.parse(`${date}T00:00:00Z`)) * 1_000_000n;
}

/** `YYYY-MM-DD?HH:MM:SS[.f][offset]` for an instant, written with an offset of `offset` minutes (null: none). */
function renderTimestamp(instant: bigint, offset: number | null, style: { digits: number; separator: string; zulu: boolean }): string {
  const wall = instant + BigInt((offset ?? 0) * 60) * NS_PER_SECOND;
  const seconds = floorDiv(wall, NS_PER_SECOND);
  const fraction = wall - seconds * NS_PER_SECOND;
  const iso = new Date(Number(seconds) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  let text = iso.slice(0, 10) + style.separator + iso.slice(11, 19);
  if (style.digits > 0) text += '.' + fraction.toString().padStart(9, '0').slice(0, style.digits);
  if (offset === null) return style.zulu ? text + 'Z' : text;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${text}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------
// The log

interface Spec {
  install: number;
  uuid: string;
  command: string;
  version: string;
  instant: bigint;
}

interface Line {
  content: Buffer;
  kind: LineKind;
  crlf: boolean;
}

export function generateTrickyData(seed: number, lineCount: number, options: TrickyOptions = {}): TrickyData {
  const rng = new Random(seed * 2654435761 + 17);
  const windowStart = dayStartNs(options.start ?? '2025-10-20');
  const windowDays = options.days ?? 84;
  const windowNs = BigInt(windowDays) * NS_PER_DAY;

  // --- installs: a uuid each, a first moment, a weight (a few are very active)
  const installCount = Math.max(3, Math.floor(lineCount / 15));
  const installs = Array.from({ length: installCount }, () => {
    let hex = '';
    for (let i = 0; i < 32; i++) hex += HEX[rng.int(16)];
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const start = windowStart + BigInt(Math.floor(rng.next() * windowDays * 0.9)) * NS_PER_DAY;
    return { uuid, start };
  });

  const randomInstant = (from: bigint): bigint => {
    const end = windowStart + windowNs;
    const span = end - from;
    let t = from + BigInt(Math.floor(rng.next() * Number(span / 1_000_000n))) * 1_000_000n;
    // the fraction: none (Python's isoformat when microseconds are 0), microseconds, or nanoseconds
    const kind = rng.int(3);
    t = floorDiv(t, NS_PER_SECOND) * NS_PER_SECOND;
    if (kind === 1) t += BigInt(rng.int(1_000_000)) * 1000n;
    if (kind === 2) t += BigInt(rng.int(1_000_000_000));
    if (rng.chance(0.15)) {
      // next to a local midnight in one of the zones that matter
      const day = from + BigInt(Math.floor(rng.next() * Number((end - from) / NS_PER_DAY))) * NS_PER_DAY;
      const midnight = floorDiv(day, NS_PER_DAY) * NS_PER_DAY;
      t = midnight - BigInt(rng.pick(MIDNIGHT_ZONES) * 60) * NS_PER_SECOND + rng.pick(NUDGES);
      if (t < from) t = from;
    }
    return t;
  };

  // --- valid events: pick installs skewed towards the first ones, then walk versions in time order
  const targetEvents = Math.max(1, Math.round(lineCount * 0.72));
  const specs: Spec[] = [];
  for (let i = 0; i < targetEvents; i++) {
    const install = Math.floor(rng.next() ** 2 * installCount);
    specs.push({
      install,
      uuid: installs[install]!.uuid,
      command: rng.weighted(COMMANDS),
      version: '',
      instant: randomInstant(installs[install]!.start),
    });
  }
  if (options.outliers) {
    // long before the window: the period tables must still cover every period in between
    const leap = dayStartNs('2024-02-29');
    for (const nudge of [0n, NS_PER_DAY - 1n, 8n * 3600n * NS_PER_SECOND - 1n]) {
      const install = rng.int(installCount);
      specs.push({ install, uuid: installs[install]!.uuid, command: 'init', version: '0.9.0', instant: leap + nudge });
    }
  }
  const perInstall = new Map<number, Spec[]>();
  for (const spec of specs) {
    const list = perInstall.get(spec.install) ?? [];
    list.push(spec);
    perInstall.set(spec.install, list);
  }
  for (const list of perInstall.values()) {
    list.sort((a, b) => (a.instant < b.instant ? -1 : a.instant > b.instant ? 1 : 0));
    let rung = rng.int(4);
    let odd: string | null = null;
    for (const spec of list) {
      if (spec.version !== '') continue; // outliers keep theirs
      const step = rng.next();
      if (step < 0.18)
        rung = Math.min(VERSION_LADDER.length - 1, rung + 1 + rng.int(2)); // upgrade
      else if (step < 0.22) rung = Math.max(0, rung - 1 - rng.int(2)); // downgrade
      if (odd !== null && rng.chance(0.5)) odd = null;
      else if (step > 0.95) odd = rng.pick(ODD_VERSIONS);
      spec.version = odd ?? VERSION_LADDER[rung]!;
    }
  }

  // --- twins: the same instant written differently, a different version, so ties are broken by line order
  const twinCount = Math.max(1, Math.floor(specs.length / 40));
  for (let i = 0; i < twinCount; i++) {
    const original = rng.pick(specs);
    original.instant = floorDiv(original.instant, NS_PER_SECOND) * NS_PER_SECOND; // exact in any digits
    specs.push({ ...original, version: rng.pick([...VERSION_LADDER, ...ODD_VERSIONS]) });
  }

  // --- mostly in time order, with some events out of place
  specs.sort((a, b) => (a.instant < b.instant ? -1 : a.instant > b.instant ? 1 : 0));
  for (let i = 0; i < specs.length; i++) {
    if (rng.chance(0.08)) {
      const j = rng.int(specs.length);
      [specs[i], specs[j]] = [specs[j]!, specs[i]!];
    }
  }

  // --- render every line
  const lines: Line[] = [];
  const push = (content: string | Buffer, kind: LineKind): void => {
    lines.push({ content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content, kind, crlf: rng.chance(0.1) });
  };

  const uuidSpelling = (uuid: string): { value: string; escape: boolean } => {
    const r = rng.next();
    if (r < 0.65) return { value: uuid, escape: false };
    if (r < 0.8) return { value: uuid.toUpperCase(), escape: false };
    if (r < 0.92) return { value: [...uuid].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c)).join(''), escape: false };
    return { value: uuid, escape: true };
  };

  const timestampText = (instant: bigint): string => {
    const r = rng.next();
    const offset = r < 0.6 ? null : rng.pick(OFFSETS);
    const digits = rng.weighted([
      [4, 0],
      [4, 6],
      [2, 9],
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
      [1, 5],
      [1, 7],
      [1, 8],
    ] as const);
    return renderTimestamp(instant, offset, { digits, separator: rng.chance(0.15) ? ' ' : 'T', zulu: rng.chance(0.3) });
  };

  /** A line for fields given as raw JSON values (already literals), in one of the collector shapes. */
  const objectText = (fields: [string, string][], shape: 'dumps' | 'compact' | 'loose'): string => {
    if (shape === 'dumps') return '{' + fields.map(([k, v]) => `${k}: ${v}`).join(', ') + '}';
    if (shape === 'compact') return '{' + fields.map(([k, v]) => `${k}:${v}`).join(',') + '}';
    const ws = (): string => rng.pick(['', ' ', '  ', '\t', ' \t ', '', '\r']);
    return '{' + ws() + fields.map(([k, v]) => `${k}${ws()}:${ws()}${v}`).join(ws() + ',' + ws()) + ws() + '}';
  };

  const keyText = (name: string): string => (rng.chance(0.04) ? jsonString(name, 'escapy', rng) : JSON.stringify(name));

  /** Renders a valid event in a random shape. */
  const validLine = (spec: Spec): string => {
    const shape = rng.weighted([
      [55, 'dumps'],
      [15, 'compact'],
      [30, 'loose'],
    ] as const);
    const style: StringStyle = shape === 'dumps' ? 'ascii' : shape === 'compact' ? 'plain' : rng.pick(['plain', 'ascii', 'escapy'] as const);
    const uuid = uuidSpelling(spec.uuid);
    let fields: [string, string][] = [
      [keyText('uuid'), jsonString(uuid.value, uuid.escape ? 'escapy' : style, rng)],
      [keyText('command'), jsonString(spec.command, style, rng)],
      [keyText('version'), jsonString(spec.version, style, rng)],
      [keyText('timestamp'), jsonString(timestampText(spec.instant), rng.chance(0.03) ? 'escapy' : style, rng)],
    ];
    if (shape === 'loose') {
      if (rng.chance(0.5)) rng.shuffle(fields);
      if (rng.chance(0.4)) {
        for (let n = 1 + rng.int(3); n > 0; n--) {
          const extra = rng.pick(GOOD_EXTRAS);
          const colon = extra.indexOf(':');
          fields.splice(rng.int(fields.length + 1), 0, [extra.slice(0, colon), extra.slice(colon + 1).trimStart()]);
        }
      }
      if (rng.chance(0.2)) {
        // an earlier duplicate key that the last occurrence overrides
        const decoy = rng.pick([
          ['"uuid"', '42'],
          ['"uuid"', '"not-a-uuid"'],
          ['"version"', '"9.9.9"'],
          ['"version"', 'null'],
          ['"command"', '["init"]'],
          ['"timestamp"', '"2025-02-29T00:00:00"'],
          ['"timestamp"', '1731405645'],
        ] as const);
        fields = [[decoy[0], decoy[1]], ...fields];
      }
    } else if (shape === 'dumps' && rng.chance(0.1)) {
      fields.push(['"extra"', rng.pick(['1', '{"a": [1, 2]}', '"x"', 'null'])]);
    }
    let text = objectText(fields, shape);
    if (rng.chance(0.05)) text = rng.pick([' ', '\t', '  \t']) + text;
    if (rng.chance(0.05)) text = text + rng.pick([' ', '\t', ' \t ']);
    return text;
  };

  /** Renders a line that breaks exactly one rule, built from a valid event. */
  const invalidLine = (spec: Spec): string | Buffer => {
    const base: [string, string][] = [
      ['"uuid"', JSON.stringify(spec.uuid)],
      ['"command"', JSON.stringify(spec.command)],
      ['"version"', JSON.stringify(spec.version)],
      ['"timestamp"', JSON.stringify(timestampText(spec.instant))],
    ];
    const replace = (key: string, value: string): [string, string][] => base.map(([k, v]) => [k, k === key ? value : v]);
    const kind = rng.int(16);
    switch (kind) {
      case 0: {
        const u = spec.uuid;
        const badUuid = rng.pick([
          u.slice(1),
          u + '0',
          u.replace(/[a-f]/, 'g'),
          `{${u}}`,
          u.replace(/-/g, ''),
          `urn:uuid:${u}`,
          ` ${u}`,
          `${u} `,
          `${u}\n`,
          u.slice(0, 9) + '-' + u.slice(10), // hyphen moved
          u.slice(0, 8) + u.slice(9, 13) + '-' + u.slice(8, 9) + u.slice(13), // groups 12-... misplaced
          u.replace(/[0-9]/, '０'),
          u.replace(/-/g, '_'),
          '00000000-0000-0000-0000-00000000000',
        ]);
        // a rare uuid without a-f letters or without digits would survive a replace: fall back to a short one
        const uuid = UUID_SHAPE.test(badUuid) ? u.slice(1) : badUuid;
        return objectText(replace('"uuid"', JSON.stringify(uuid)), rng.pick(['dumps', 'compact'] as const));
      }
      case 1:
      case 2:
        return objectText(replace('"timestamp"', JSON.stringify(rng.pick(BAD_TIMESTAMPS))), 'dumps');
      case 3: {
        const key = rng.pick(['"uuid"', '"command"', '"version"', '"timestamp"']);
        const value = rng.pick(['123', 'null', '[]', '{}', 'true', '1.1', `[${JSON.stringify(spec.version)}]`, '""']);
        return objectText(replace(key, value), 'dumps');
      }
      case 4: {
        const missing = rng.int(4);
        return objectText(
          base.filter((_, i) => i !== missing),
          'dumps',
        );
      }
      case 5: {
        // the last duplicate wins, and it is bad
        const [key, value] = rng.pick([
          ['"uuid"', '"nope"'],
          ['"version"', 'null'],
          ['"timestamp"', '""'],
          ['"command"', '7'],
        ] as const);
        return objectText([...base, [key, value]], 'dumps');
      }
      case 6:
        return rng.pick([`[${objectText(base, 'dumps')}]`, '42', '"a string"', 'null', 'true', '[]', '-0', '"{\\"uuid\\": 1}"']);
      case 7: {
        const text = objectText(base, 'dumps');
        return text.slice(0, 1 + rng.int(text.length - 1)); // cut before the closing brace
      }
      case 8: {
        const extra = rng.pick(BAD_EXTRAS);
        const fields = [...base];
        fields.splice(rng.int(5), 0, [extra, '']);
        return '{' + fields.map(([k, v]) => (v === '' ? k : `${k}: ${v}`)).join(', ') + '}';
      }
      case 9: {
        const text = objectText(base, 'compact');
        return rng.pick([
          text + ' x',
          text + text,
          text + ',',
          text.slice(0, -1) + ',}',
          text.replace(/"/g, "'"),
          '\ufeff' + text, // a BOM that is not at the start of the file
          '\v' + text, // not JSON whitespace
          '\f' + text,
          '\u00a0' + text,
          text + '\u2028',
          text.replace('"uuid"', 'uuid'), // an unquoted key
        ]);
      }
      case 10:
        return rng.pick(['{}', '{"uuid": null}', '{"a": 1}', '{', '}', '{"uuid": "x"', 'x', '\u0000']);
      case 11:
        return objectText(replace(rng.pick(['"command"', '"version"']), '""'), rng.pick(['dumps', 'compact'] as const));
      case 12:
        // a \r left inside the line: "\r\r\n" loses one \r, the other is not blank and not JSON
        return '\r';
      case 13:
        return objectText(replace('"uuid"', JSON.stringify(`{${spec.uuid}}`)), 'compact');
      case 14:
        // a raw control character inside a string is not JSON
        return objectText(replace('"command"', `"${spec.command}\u0001"`), 'compact');
      default:
        return objectText(replace('"timestamp"', JSON.stringify(rng.pick(BAD_TIMESTAMPS))), 'loose');
    }
  };

  const blankLine = (): string => rng.pick(['', '', ' ', '\t', '  \t  ', '    ', '\t\t']);

  let specIndex = 0;
  while (specIndex < specs.length || lines.length < lineCount) {
    const r = rng.next();
    if (specIndex < specs.length && (r < 0.74 || lines.length >= lineCount)) {
      push(validLine(specs[specIndex]!), 'event');
      specIndex += 1;
    } else if (r < 0.8) {
      push(blankLine(), 'blank');
    } else {
      const spec = specs[rng.int(specs.length)]!;
      const text = invalidLine(spec);
      push(text, 'invalid');
      if (text === '\r') lines[lines.length - 1]!.crlf = true;
    }
    if (rng.chance(0.01) && lines.length > 0) {
      // the very same line again (valid or not): counted twice
      const last = lines[lines.length - 1]!;
      lines.push({ ...last });
    }
  }

  if (options.invalidUtf8) {
    // decided by no rule yet: bytes that are not UTF-8, inside otherwise valid events and elsewhere
    const spec = specs[0]!;
    const valid = (version: string): string =>
      `{"uuid": "${spec.uuid}", "command": "init", "version": "${version}", "timestamp": "${renderTimestamp(spec.instant, null, { digits: 0, separator: 'T', zulu: false })}"}`;
    const withBytes = (text: string, marker: string, bytes: number[]): Buffer => {
      const [before, after] = text.split(marker) as [string, string];
      return Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bytes), Buffer.from(after, 'utf8')]);
    };
    for (const bytes of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
      lines.splice(rng.int(lines.length + 1), 0, { content: withBytes(valid('1.0.0-@'), '@', bytes), kind: 'invalid', crlf: false });
    }
    lines.splice(rng.int(lines.length + 1), 0, {
      content: withBytes(valid('1.1.0').replace('}', ', "note": "@"}'), '@', [0xfe, 0xfe]),
      kind: 'invalid',
      crlf: false,
    });
  }

  if (options.longLines) {
    const spec = specs[0]!;
    const event = (padding: string): string =>
      `{"uuid": "${spec.uuid}", "command": "update", "version": "1.2.0", "timestamp": "${renderTimestamp(spec.instant, null, { digits: 6, separator: 'T', zulu: false })}", "pad": "${padding}"}`;
    lines.splice(rng.int(lines.length + 1), 0, { content: Buffer.from(event('a'.repeat(600 * 1024))), kind: 'event', crlf: false });
    lines.splice(rng.int(lines.length + 1), 0, { content: Buffer.from(event('b'.repeat(1100 * 1024))), kind: 'invalid', crlf: false });
    lines.splice(rng.int(lines.length + 1), 0, { content: Buffer.from(' '.repeat(1100 * 1024)), kind: 'invalid', crlf: false });
  }

  // --- bytes
  const bom = options.bom ?? rng.chance(0.5);
  const noFinalNewline = options.noFinalNewline ?? rng.chance(0.5);
  const chunks: Buffer[] = [];
  if (bom) chunks.push(Buffer.from([0xef, 0xbb, 0xbf]));
  lines.forEach((line, i) => {
    chunks.push(line.content);
    const last = i === lines.length - 1;
    // an empty last line only exists when something ends it
    if (last && noFinalNewline && line.content.length > 0 && !line.crlf) return;
    chunks.push(Buffer.from(line.crlf ? '\r\n' : '\n'));
  });

  const expected = { lines: lines.length, events: 0, blank: 0, invalid: 0 };
  for (const line of lines) expected[line.kind === 'event' ? 'events' : line.kind] += 1;

  const activity = new Map<string, number>();
  for (const spec of specs) activity.set(spec.uuid, (activity.get(spec.uuid) ?? 0) + 1);
  const ranked = [...activity.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([uuid]) => uuid);

  return { bytes: Buffer.concat(chunks), expected, installs: ranked };
}
