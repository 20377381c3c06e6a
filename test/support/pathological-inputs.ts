// Generators of the pathological inputs of issue 9 item 4: logs that are valid (or mostly valid) but absurd
// in one dimension each (distinct values, time span, line length, installs), the way a log written by
// machines nobody controls can be. Each generator is seeded and streams its lines to a file in a scratch
// directory, so a 1M-line input never exists as one string in the test process.
//
// Lines are in the shape the real client's collector writes them (Python's `json.dumps` of a dict:
// `{"uuid": "…", "command": "…", "version": "…", "timestamp": "…"}`, with `datetime.utcnow().isoformat()`
// timestamps: microseconds, left out when zero).

import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from './generate-tricky.js';

/** "Today" for every run of the suite (BAZINGA_STATS_TODAY): the default window is 2000-01-01..2028-01-01. */
export const SUITE_TODAY = '2027-12-31';
/** The default window with SUITE_TODAY, as the contract words it in stderr. */
export const DEFAULT_WINDOW = { since: '2000-01-01', until: '2028-01-01' } as const;

export interface PathologicalInput {
  /** a short name, used in test names and messages */
  name: string;
  /** the generated file */
  path: string;
  /** how many lines the generator wrote (a check on the oracle's line count) */
  lines: number;
}

// ---------------------------------------------------------------------------------------------------
// Lines in the collector's shape

/** printable ASCII without `"` or `\`: written as is */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Python's `json.dumps(s)` (ensure_ascii): `"`, `\\`, control characters and non-ASCII as escapes. */
export function pyString(s: string): string {
  if (PLAIN.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (unit === 0x08) out += '\\b';
    else if (unit === 0x0c) out += '\\f';
    else if (unit < 0x20 || unit > 0x7e) out += '\\u' + unit.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export interface EventFields {
  uuid: string;
  command: string;
  version: string;
  timestamp: string;
}

/** One event as `json.dumps({"uuid": …, "command": …, "version": …, "timestamp": …})` writes it. */
export function collectorLine(e: EventFields, extra = ''): string {
  return `{"uuid": ${pyString(e.uuid)}, "command": ${pyString(e.command)}, "version": ${pyString(e.version)}, "timestamp": ${pyString(e.timestamp)}${extra}}`;
}

const HEX2 = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** the low `width` hex digits of a 32-bit value (width 1-8) */
const hex = (v: number, width: number) => (HEX2[v >>> 24]! + HEX2[(v >>> 16) & 255]! + HEX2[(v >>> 8) & 255]! + HEX2[v & 255]!).slice(8 - width);

/** A uuid4-looking uuid that is a pure function of (n, salt): distinct n give distinct uuids. */
export function uuidOf(n: number, salt = 0): string {
  const mixed = Math.imul(n ^ 0x5bd1e995, 0x27d4eb2d) ^ salt;
  return `${hex(n, 8)}-${hex(mixed >>> 16, 4)}-4${hex(mixed, 3)}-${hex(8 + ((n >>> 2) & 3), 1)}${hex(salt, 3)}-${hex(Math.imul(n, 0x9e3779b1), 8)}${hex(salt >>> 12, 4)}`;
}

const MS_PER_DAY = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const dayLabels = new Map<number, string>();

/** `datetime.utcnow().isoformat()` of a millisecond instant plus some microseconds: `YYYY-MM-DDTHH:MM:SS[.ffffff]`. */
export function isoformat(ms: number, micros = 0): string {
  const day = Math.floor(ms / MS_PER_DAY);
  let date = dayLabels.get(day);
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10); // only for years 0000-9999 (the generators stay there)
    dayLabels.set(day, date);
  }
  const inDay = ms - day * MS_PER_DAY;
  const seconds = Math.floor(inDay / 1000);
  const fraction = (inDay - seconds * 1000) * 1000 + micros;
  const time = `${PAD2[Math.floor(seconds / 3600)]}:${PAD2[Math.floor(seconds / 60) % 60]}:${PAD2[seconds % 60]}`;
  return `${date}T${time}${fraction === 0 ? '' : '.' + String(fraction).padStart(6, '0')}`;
}

/** Milliseconds of 00:00 UTC on a YYYY-MM-DD date (any year 0000-9999, unlike `Date.parse` of short years). */
export function dayStartMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d);
  return at.getTime();
}

// ---------------------------------------------------------------------------------------------------
// Writing

/** Buffers lines and writes them in large blocks. */
class LineWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  lines = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  /** a whole line; `end` is its terminator ("\n", "\r\n" or "" for a last line without one) */
  line(text: string, end = '\n'): void {
    this.pending.push(text, end);
    this.pendingChars += text.length + end.length;
    this.lines += 1;
    if (this.pendingChars > 4_000_000) this.flush();
  }
  bytes(buffer: Buffer): void {
    this.flush();
    writeSync(this.fd, buffer);
    this.lines += 1;
  }
  private flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function generate(dir: string, name: string, write: (out: LineWriter, rng: Random) => void, seed: number): PathologicalInput {
  const path = join(dir, `${name}.jsonl`);
  const out = new LineWriter(path);
  write(out, new Random(seed));
  out.close();
  return { name, path, lines: out.lines };
}

const COMMANDS = ['init', 'update', 'update', 'update', 'status'];
const hex32 = (rng: Random) => rng.int(0x100000000).toString(16).padStart(8, '0');

/** A moment in the `days` days from `start`, as isoformat, from the rng. */
function momentIn(rng: Random, startMs: number, days: number): string {
  return isoformat(startMs + rng.int(days) * MS_PER_DAY + rng.int(MS_PER_DAY), rng.chance(0.9) ? rng.int(1000) : 0);
}

// ---------------------------------------------------------------------------------------------------
// The inputs

/**
 * 200,000 events, each with its own version (a client that puts a build hash in `version`): half SemVer
 * with build metadata (equal precedence, ordered by string), half not SemVer at all. 20,000 installs with
 * 10 events each, so `upgrades` has ~180,000 distinct moves.
 */
export function distinctVersions(dir: string): PathologicalInput {
  return generate(
    dir,
    'versions-200k',
    (out, rng) => {
      const start = dayStartMs('2027-09-01');
      for (let i = 0; i < 200_000; i++) {
        const version = i % 2 === 0 ? `2.${i % 7}.0+g${hex32(rng)}.${i}` : `dev-${hex32(rng)}-${i}`;
        out.line(collectorLine({ uuid: uuidOf(i % 20_000, 1), command: rng.pick(COMMANDS), version, timestamp: momentIn(rng, start, 120) }));
      }
    },
    200,
  );
}

/** 100,000 distinct commands among 20,000 ordinary events, 5,000 installs. */
export function distinctCommands(dir: string): PathologicalInput {
  return generate(
    dir,
    'commands-100k',
    (out, rng) => {
      const start = dayStartMs('2027-10-01');
      for (let i = 0; i < 120_000; i++) {
        const command = i % 6 === 5 ? rng.pick(COMMANDS) : `plugin:${hex32(rng)}:${i}`;
        out.line(
          collectorLine({ uuid: uuidOf(rng.int(5_000), 2), command, version: rng.pick(['1.0.0', '1.1.0', '2.0.0']), timestamp: momentIn(rng, start, 90) }),
        );
      }
    },
    100,
  );
}

/**
 * One event per year from 0001 to 9999 (9,999 lines, in year order), from 50 installs in turn. With the
 * default window only 2000-2027 are inside; with `--window ..` every one counts.
 */
export function everyYear(dir: string): PathologicalInput {
  return generate(
    dir,
    'years-0001-9999',
    (out, rng) => {
      for (let year = 1; year <= 9999; year++) {
        const date = `${String(year).padStart(4, '0')}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
        const ms = dayStartMs(date) + rng.int(MS_PER_DAY);
        out.line(collectorLine({ uuid: uuidOf(year % 50, 3), command: rng.pick(COMMANDS), version: `1.${year % 13}.0`, timestamp: isoformat(ms) }));
      }
    },
    9999,
  );
}

/**
 * Ordinary data (20,000 events, 2,000 installs, 90 days of 2027) with dead-clock and hostile stamps mixed
 * in: 1970-01-01T00:00:00 (dead battery), 2000-01-01T00:00:00 (reset: inside the window, on its first day),
 * 1999-12-31T23:59:59.999999 (just outside), 9999-12-31T23:59:59 (typo or hostile; for installs that also
 * have ordinary events, so it would otherwise be their latest and set "current"), and the window's last
 * day and the day after it.
 */
export function clockOutliers(dir: string): PathologicalInput {
  return generate(
    dir,
    'clock-outliers',
    (out, rng) => {
      const start = dayStartMs('2027-09-15');
      const odd = [
        '1970-01-01T00:00:00',
        '1970-01-01T00:00:00',
        '9999-12-31T23:59:59',
        '9999-01-01T00:00:00',
        '2000-01-01T00:00:00',
        '1999-12-31T23:59:59.999999',
        `${DEFAULT_WINDOW.until}T23:59:59.999999`,
        '2028-01-02T00:00:00',
        '1970-01-01T00:00:00+05:30',
        '9999-12-31T23:59:59-23:59',
      ];
      for (let i = 0; i < 20_000; i++) {
        const uuid = uuidOf(rng.int(2_000), 4);
        const timestamp = i % 97 === 3 ? odd[((i / 97) | 0) % odd.length]! : momentIn(rng, start, 90);
        out.line(collectorLine({ uuid, command: rng.pick(COMMANDS), version: rng.pick(['1.0.0', '1.1.0', '1.2.0', '2.0.0-rc.1']), timestamp }));
      }
    },
    1970,
  );
}

export const MIB = 1024 * 1024;

/** A valid event line of exactly `bytes` bytes (without its terminator): the collector's line with a padded extra field. */
export function eventLineOfLength(bytes: number, fields: EventFields, pad = 'x'): string {
  const head = collectorLine(fields, ', "payload": "');
  const body = head.slice(0, -1); // drop the closing brace: the payload field is still open
  const filler = bytes - body.length - 2; // `"}` close the payload and the object
  if (filler < 0) throw new Error(`a line of ${bytes} bytes is too short for these fields`);
  return body + pad.repeat(filler) + '"}';
}

/**
 * Lines at the 1 MiB limit among 3,000 ordinary ones: a valid event of exactly 1 MiB, one of 1 MiB + 1
 * (invalid), one of exactly 1 MiB ending in \r\n (valid: the \r is not counted), one of 1 MiB + 1 whose
 * extra byte is a trailing space (invalid), a 4 MiB line (invalid), and a last line of exactly 1 MiB
 * without a final newline (valid). Reads come in 1 MiB chunks, so each of these straddles chunk ends.
 */
export function longLines(dir: string): PathologicalInput {
  return generate(
    dir,
    'line-1mib',
    (out, rng) => {
      const start = dayStartMs('2027-11-01');
      const event = (i: number): EventFields => ({
        uuid: uuidOf(i % 300, 5),
        command: rng.pick(COMMANDS),
        version: rng.pick(['1.0.0', '1.1.0']),
        timestamp: momentIn(rng, start, 30),
      });
      const specials: [number, () => void][] = [
        [500, () => out.line(eventLineOfLength(MIB, event(1)))],
        [1000, () => out.line(eventLineOfLength(MIB + 1, event(2)))],
        [1500, () => out.line(eventLineOfLength(MIB, event(3)), '\r\n')],
        [2000, () => out.line(eventLineOfLength(MIB, event(4)) + ' ')],
        [2500, () => out.line(eventLineOfLength(4 * MIB, event(5)))],
      ];
      for (let i = 0; i < 3_000; i++) {
        const special = specials.find(([at]) => at === i);
        if (special) special[1]();
        else out.line(collectorLine(event(i)));
      }
      out.line(eventLineOfLength(MIB, event(6)), '');
    },
    1024,
  );
}

/**
 * A 10,000-day span of real-looking data: 2000-01-01 (the window's first day) to 2027-05-19, 1,500
 * installs, each active for a stretch of a few days to many years and seen on scattered days in it, the
 * first and last day taken by install 0 so the span is exactly 10,000 days.
 */
export function tenThousandDays(dir: string): PathologicalInput {
  return generate(
    dir,
    'span-10000-days',
    (out, rng) => {
      const start = dayStartMs('2000-01-01');
      const days = 10_000;
      const versions = ['0.9.0', '1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0', '3.0.0-beta.1', '3.0.0'];
      out.line(collectorLine({ uuid: uuidOf(0, 6), command: 'init', version: '0.9.0', timestamp: isoformat(start) }));
      for (let install = 1; install < 1_500; install++) {
        const first = rng.int(days);
        const length = 1 + Math.floor(Math.exp(rng.next() * Math.log(days - first)));
        const count = 1 + rng.int(60);
        for (let k = 0; k < count; k++) {
          const day = first + (k === 0 ? 0 : rng.int(length));
          const version = versions[Math.min(versions.length - 1, Math.floor((day / days) * versions.length) + (rng.chance(0.1) ? 1 : 0))]!;
          out.line(
            collectorLine({
              uuid: uuidOf(install, 6),
              command: k === 0 ? 'init' : rng.pick(COMMANDS),
              version,
              timestamp: isoformat(start + day * MS_PER_DAY + rng.int(MS_PER_DAY), rng.int(1000)),
            }),
          );
        }
      }
      out.line(
        collectorLine({ uuid: uuidOf(0, 6), command: 'update', version: '3.0.0', timestamp: isoformat(start + (days - 1) * MS_PER_DAY + MS_PER_DAY - 1) }),
      );
    },
    10_000,
  );
}

/**
 * 1,000,000 installs with one event each, over the four weeks before SUITE_TODAY (the install table is
 * what grows here; a longer span would only make the oracle's period loop, installs x periods, slower).
 */
export function millionInstalls(dir: string): PathologicalInput {
  return generate(
    dir,
    'installs-1m',
    (out, rng) => {
      const start = dayStartMs(SUITE_TODAY) - 27 * MS_PER_DAY;
      for (let i = 0; i < 1_000_000; i++) {
        out.line(
          collectorLine({
            uuid: uuidOf(i, 7),
            command: i % 3 === 0 ? 'update' : 'init',
            version: rng.pick(['1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0']),
            timestamp: momentIn(rng, start, 28),
          }),
        );
      }
    },
    1_000_000,
  );
}
