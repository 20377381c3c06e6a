// The test oracle: a slow, deliberately plain implementation of the rules in issues 2 and 4 and of the
// lead engineer's decisions (the JSON contract, orders and definitions). It shares no code with src/ so
// that the differential test (test/slow/differential.test.ts) compares two independent readings of the rules.
//
// Clarity over speed: whole files in memory, one JSON.parse per line, BigInt nanoseconds for instants,
// Intl.DateTimeFormat for the calendar date in a zone, Maps and Sets of strings.
//
// Where the written rules leave a choice open, the choice made here is marked "UNDECIDED:" and is
// listed in the oracle's report to the lead.

export type OracleCommand =
  | 'report'
  | 'uniques'
  | 'daily'
  | 'versions'
  | 'commands'
  | 'upgrades'
  | 'retention'
  | 'adoption'
  | 'active'
  | 'activation'
  | 'churn'
  | 'quality';
export type PeriodUnit = 'day' | 'week' | 'month';

export interface OracleFile {
  /** only used for messages; the report depends on the number and order of files, not their names */
  name: string;
  /** the file's bytes, already decompressed when the CLI is given a gzip file */
  bytes: Buffer;
}

export interface OracleOptions {
  command: OracleCommand;
  /** IANA zone in which days, weeks and months are cut; default UTC */
  tz?: string;
  /** period of the period section (daily/report); default day */
  by?: PeriodUnit;
  /** YYYY-MM-DD or Nd, inclusive, in tz */
  since?: string;
  until?: string;
  /** --command NAME (repeatable): exact names, OR'ed */
  commandFilter?: string[];
  /** --version V (repeatable): exact or prefix with trailing '*', OR'ed */
  versionFilter?: string[];
  /** the lines of the --exclude-installs file (blank lines and lines starting with # are ignored) */
  excludeInstalls?: string[];
  /**
   * what "today" is for relative Nd dates and the default window (the CLI's BAZINGA_STATS_TODAY); default:
   * today in tz by the clock
   */
  today?: string;
  /**
   * The time window (issue 9): `FROM..TO` with each end YYYY-MM-DD or empty, `..` for none; default
   * `2000-01-01..` the day after today. An event whose day in tz is outside it is counted as `outside` and
   * is seen by nothing else (not filters, not any section).
   */
  window?: string;
  /**
   * UNDECIDED: what a line that is not valid UTF-8 is. 'invalid' (default): the line is invalid, as
   * RFC 8259 requires JSON text to be UTF-8. 'replace': decode with U+FFFD replacement like
   * Buffer.toString('utf8') and judge the resulting text.
   */
  invalidUtf8?: 'invalid' | 'replace';
  /**
   * UNDECIDED: retention rows for weeks in which no install was first seen. 'include' (default): one row
   * per week from the first week of the data to the last, `installs: 0` and all-zero `active` where no
   * install started, so the table is a full triangle (as periods keep their zero rows). 'omit': only
   * weeks that have a cohort.
   */
  emptyCohorts?: 'include' | 'omit';
  /** issue #13: adoption's --active-days (14), active's --window-days (28), activation's --within (30),
   * churn's --quiet-days (90), quality's --max-daily (100) */
  activeDays?: number;
  windowDays?: number;
  within?: number;
  quietDays?: number;
  maxDaily?: number;
}

export interface InputCounts {
  files: number;
  lines: number;
  events: number;
  blank: number;
  invalid: number;
  outside: number;
  filtered: number;
}

export interface OraclePeriodRow {
  date?: string;
  period?: string;
  events: number;
  installs: number;
  new: number;
  returning: number;
  resurrecting: number;
  dormant: number;
  total: number;
  partial: boolean;
}

export interface OracleVersionRow {
  version: string;
  events: number;
  installs: number;
  current: number;
  share: number;
}

export interface OracleCommandRow {
  command: string;
  events: number;
  installs: number;
}

export interface OracleUpgradeRow {
  from: string;
  to: string;
  installs: number;
  downgrade: boolean;
}

export interface OracleRetentionRow {
  cohort: string;
  installs: number;
  active: number[];
}

/** Exactly the object the CLI prints with --format json (key order included). */
export interface OracleReport {
  schema: 2;
  input: InputCounts;
  uniques?: number;
  idChurn?: { updateOnlyIds: number; updateOnlyShare: number; installsByInit: number; signature: boolean };
  daily?: OraclePeriodRow[];
  weekly?: OraclePeriodRow[];
  monthly?: OraclePeriodRow[];
  latest?: string | null;
  versions?: OracleVersionRow[];
  commands?: OracleCommandRow[];
  upgrades?: OracleUpgradeRow[];
  retention?: OracleRetentionRow[];
  adoption?: unknown;
  active?: unknown;
  activation?: unknown;
  churn?: unknown;
  quality?: unknown;
}

// ---------------------------------------------------------------------------------------------------
// Lines

/** "A line longer than 1 MiB is invalid." UNDECIDED: counted in bytes, after the trailing \r is dropped. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Splits one file into lines: a UTF-8 BOM at the very start of the file is skipped, lines end at \n,
 * one trailing \r is dropped from each line, and a last line without \n still counts (a file ending
 * in \n has no extra empty line after it).
 */
export function splitLines(bytes: Buffer): Buffer[] {
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const lines: Buffer[] = [];
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    let line = bytes.subarray(start, end);
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    lines.push(line);
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// Events

export interface ParsedEvent {
  /** lowercase uuid: the install */
  install: string;
  command: string;
  version: string;
  /** nanoseconds since 1970-01-01T00:00:00Z */
  instant: bigint;
}

export type LineVerdict = { kind: 'blank' } | { kind: 'invalid'; reason: string } | { kind: 'event'; event: ParsedEvent };

export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// `\d` without the u flag is ASCII 0-9 only; `$` without the m flag is the very end of the string.
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function judgeLine(line: Buffer, invalidUtf8: 'invalid' | 'replace' = 'invalid'): LineVerdict {
  if (line.length > MAX_LINE_BYTES) return { kind: 'invalid', reason: 'line longer than 1 MiB' };

  let text: string;
  if (invalidUtf8 === 'invalid') {
    try {
      text = strictDecoder.decode(line);
    } catch {
      return { kind: 'invalid', reason: 'not UTF-8' };
    }
  } else {
    text = lenientDecoder.decode(line);
  }

  // UNDECIDED (but the plain reading): an empty line is blank, it consists only of spaces/tabs.
  if (/^[ \t]*$/.test(text)) return { kind: 'blank' };

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  for (const field of ['uuid', 'command', 'version', 'timestamp']) {
    const fieldValue = Object.hasOwn(record, field) ? record[field] : undefined;
    if (typeof fieldValue !== 'string' || fieldValue.length === 0) {
      return { kind: 'invalid', reason: `${field} is not a non-empty string` };
    }
  }
  const uuid = record.uuid as string;
  const timestamp = record.timestamp as string;
  if (!UUID_RE.test(uuid)) return { kind: 'invalid', reason: 'bad uuid' };
  const instant = parseTimestamp(timestamp);
  if (instant === null) return { kind: 'invalid', reason: 'bad timestamp' };
  return {
    kind: 'event',
    event: { install: uuid.toLowerCase(), command: record.command as string, version: record.version as string, instant },
  };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar (year 0 exists). */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Count whole years, then whole months, then days: slow and obvious.
  let days = 0;
  if (year >= 1970) {
    for (let y = 1970; y < year; y++) days += isLeapYear(y) ? 366 : 365;
  } else {
    for (let y = year; y < 1970; y++) days -= isLeapYear(y) ? 366 : 365;
  }
  for (let m = 1; m < month; m++) days += daysInMonth(year, m);
  return days + (day - 1);
}

/** Inverse of daysFromCivil. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  let year = 1970;
  let rest = days;
  while (rest < 0) {
    year -= 1;
    rest += isLeapYear(year) ? 366 : 365;
  }
  while (rest >= (isLeapYear(year) ? 366 : 365)) {
    rest -= isLeapYear(year) ? 366 : 365;
    year += 1;
  }
  let month = 1;
  while (rest >= daysInMonth(year, month)) {
    rest -= daysInMonth(year, month);
    month += 1;
  }
  return { year, month, day: rest + 1 };
}

/** The instant a timestamp names, in nanoseconds since the epoch, or null when it is not a valid timestamp. */
export function parseTimestamp(timestamp: string): bigint | null {
  const m = TIMESTAMP_RE.exec(timestamp);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const fraction = m[7] ?? '';
  const offset = m[8] ?? 'Z'; // no offset: UTC
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetSeconds = 0;
  if (offset !== 'Z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const offsetHours = Number(offset.slice(1, 3));
    const offsetMinutes = Number(offset.slice(4, 6));
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
  }
  // local wall time minus the offset is UTC
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return BigInt(seconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
}

// ---------------------------------------------------------------------------------------------------
// Calendar in a zone

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The date (and with `time`, the wall-clock time) of an instant in `tz`, with its era: one formatter a zone. */
function formatterFor(tz: string, time = false): Intl.DateTimeFormat {
  const key = `${tz} ${time}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    const clock = time ? ({ hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' } as const) : {};
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: tz, era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', ...clock });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Floor division for BigInt (BigInt's `/` truncates toward zero, wrong for instants before 1970). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * The calendar date of an instant in a zone, as a day number (days since 1970-01-01).
 * Offsets are whole seconds, so the millisecond the instant falls in has the same date.
 */
export function localDay(instant: bigint, tz: string): number {
  const ms = Number(floorDiv(instant, 1_000_000n));
  const parts = formatterFor(tz).formatToParts(new Date(ms));
  const part = (type: string): string => {
    const found = parts.find((p) => p.type === type);
    if (found === undefined) throw new Error(`Intl gave no ${type} for ${ms} in ${tz}`);
    return found.value;
  };
  const eraYear = Number(part('year'));
  const year = part('era') === 'BC' ? 1 - eraYear : eraYear; // 1 BC is year 0
  return daysFromCivil(year, Number(part('month')), Number(part('day')));
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function dayLabel(day: number): string {
  const { year, month, day: d } = civilFromDays(day);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(d, 2)}`;
}

/** 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The day number of the Monday that starts the ISO week of `day`. */
export function isoWeekMonday(day: number): number {
  return day - weekday(day);
}

/** `2025-W46`: ISO week-year (the year of the week's Thursday) and week number. */
export function isoWeekLabel(day: number): string {
  const thursday = isoWeekMonday(day) + 3;
  const weekYear = civilFromDays(thursday).year;
  const week = Math.floor((thursday - daysFromCivil(weekYear, 1, 1)) / 7) + 1;
  return `${pad(weekYear, 4)}-W${pad(week, 2)}`;
}

/** Month number: year * 12 + (month - 1), so consecutive months are consecutive integers. */
function monthIndex(day: number): number {
  const { year, month } = civilFromDays(day);
  return year * 12 + (month - 1);
}

function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  return `${pad(year, 4)}-${pad(index - year * 12 + 1, 2)}`;
}

/** Period key of a day: an integer that grows by exactly one from each period to the next. */
function periodOf(day: number, by: PeriodUnit): number {
  if (by === 'day') return day;
  if (by === 'week') return (isoWeekMonday(day) - 4) / 7; // Mondays are 4 + 7k (1970-01-05 was one)
  return monthIndex(day);
}

function periodLabel(key: number, by: PeriodUnit): string {
  if (by === 'day') return dayLabel(key);
  if (by === 'week') return isoWeekLabel(key * 7 + 4);
  return monthLabel(key);
}

// ---------------------------------------------------------------------------------------------------
// Partial periods (issue #21): the data runs from its first counted event to its last, as wall-clock time
// in the zone; a period is whole when the data starts within the first hour of its first day and ends within
// the last hour of its last day (or runs past both).

/** Seconds since 1970-01-01T00:00 of the wall-clock time in `tz` at `instant` (nanoseconds). */
function wallClockSeconds(instant: bigint, tz: string): number {
  const formatter = formatterFor(tz, true);
  const ms = Number(floorDiv(instant, 1_000_000n));
  const parts = formatter.formatToParts(new Date(ms));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const eraYear = part('year');
  const year = parts.find((p) => p.type === 'era')!.value === 'BC' ? 1 - eraYear : eraYear;
  return daysFromCivil(year, part('month'), part('day')) * 86400 + part('hour') * 3600 + part('minute') * 60 + part('second');
}

/** The first and last day of period `key`. */
function periodDays(key: number, by: PeriodUnit): [number, number] {
  if (by === 'day') return [key, key];
  if (by === 'week') return [key * 7 + 4, key * 7 + 10];
  const year = Math.floor(key / 12);
  const month = key - year * 12 + 1;
  return [daysFromCivil(year, month, 1), daysFromCivil(year, month, daysInMonth(year, month))];
}

/** Whether period `key` is covered in part only by `events` (the counted ones). */
function partialTest(events: PlacedEvent[], tz: string, by: PeriodUnit): (key: number) => boolean {
  if (events.length === 0) return () => false;
  let first = events[0]!.instant;
  let last = first;
  for (const e of events) {
    if (e.instant < first) first = e.instant;
    if (e.instant > last) last = e.instant;
  }
  const start = wallClockSeconds(first, tz);
  const end = wallClockSeconds(last, tz);
  return (key) => {
    const [a, b] = periodDays(key, by);
    return start >= a * 86400 + 3600 || end < (b + 1) * 86400 - 3600;
  };
}

// ---------------------------------------------------------------------------------------------------
// Versions

interface SemVer {
  major: bigint;
  minor: bigint;
  patch: bigint;
  prerelease: string[];
}

// The regular expression from semver.org (SemVer 2.0.0), ASCII digits only.
const SEMVER_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function parseSemVer(version: string): SemVer | null {
  const m = SEMVER_RE.exec(version);
  if (m === null) return null;
  return {
    major: BigInt(m[1]!),
    minor: BigInt(m[2]!),
    patch: BigInt(m[3]!),
    prerelease: m[4] === undefined ? [] : m[4].split('.'),
  };
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer 2.0 precedence (build metadata ignored). */
export function comparePrecedence(a: SemVer, b: SemVer): number {
  const core = compareBig(a.major, b.major) || compareBig(a.minor, b.minor) || compareBig(a.patch, b.patch);
  if (core !== 0) return core;
  // a release is above its pre-releases
  if (a.prerelease.length === 0 && b.prerelease.length === 0) return 0;
  if (a.prerelease.length === 0) return 1;
  if (b.prerelease.length === 0) return -1;
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i]!;
    const y = b.prerelease[i]!;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    let c: number;
    if (xNumeric && yNumeric) c = compareBig(BigInt(x), BigInt(y));
    else if (xNumeric)
      c = -1; // numeric identifiers are below alphanumeric ones
    else if (yNumeric) c = 1;
    else c = compareString(x, y); // ASCII order
    if (c !== 0) return c;
  }
  // all shared identifiers equal: the longer list is higher
  return Math.sign(a.prerelease.length - b.prerelease.length);
}

/**
 * The total "version order": SemVer strings by precedence, all non-SemVer strings below all SemVer
 * ones, and ties (equal precedence, or two non-SemVer strings) by plain string comparison.
 */
export function compareVersions(a: string, b: string): number {
  const sa = parseSemVer(a);
  const sb = parseSemVer(b);
  if (sa !== null && sb !== null) {
    const c = comparePrecedence(sa, sb);
    if (c !== 0) return c;
  } else if (sa !== null) {
    return 1;
  } else if (sb !== null) {
    return -1;
  }
  return compareString(a, b);
}

// ---------------------------------------------------------------------------------------------------
// Filters

function parseDateArgument(value: string, tz: string, today: string | undefined): number {
  const relative = /^(\d+)d$/.exec(value);
  if (relative !== null) {
    const todayDay = today !== undefined ? parseDateArgument(today, tz, undefined) : localDay(BigInt(Date.now()) * 1_000_000n, tz);
    // `Nd` is the date N-1 days before today, so `--since 30d` covers the last 30 days ending today
    return todayDay - (Number(relative[1]) - 1);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) throw new Error(`bad date ${value}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new Error(`bad date ${value}`);
  return daysFromCivil(year, month, day);
}

/** The window as inclusive day numbers, null for an open end. */
function windowDays(window: string | undefined, tz: string, today: string | undefined): { since: number | null; until: number | null } {
  if (window === undefined) {
    const todayDay = today !== undefined ? parseDateArgument(today, tz, undefined) : localDay(BigInt(Date.now()) * 1_000_000n, tz);
    return { since: daysFromCivil(2000, 1, 1), until: todayDay + 1 };
  }
  const m = /^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$/.exec(window);
  if (m === null) throw new Error(`bad window ${window}`);
  return {
    since: m[1] === undefined ? null : parseDateArgument(m[1], tz, undefined),
    until: m[2] === undefined ? null : parseDateArgument(m[2], tz, undefined),
  };
}

/** The uuids of an --exclude-installs file's lines, lowercase. UNDECIDED: lines are trimmed first. */
export function excludedInstalls(lines: string[]): Set<string> {
  const result = new Set<string>();
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    result.add(line.toLowerCase());
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// The report

/** An event that passed the filters, with its place in the input and its calendar day in tz. */
export interface PlacedEvent extends ParsedEvent {
  /** position in the whole input: files in argument order, lines in order */
  order: number;
  day: number;
  /** where it is: the file's name and the line number (from 1) */
  file: string;
  line: number;
}

/** a before b: by instant, ties by input order */
function earlier(a: PlacedEvent, b: PlacedEvent): boolean {
  return a.instant < b.instant || (a.instant === b.instant && a.order < b.order);
}

function sortChronologically(events: PlacedEvent[]): PlacedEvent[] {
  return [...events].sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
}

/** The input as read, judged, windowed and filtered: what every command's sections are computed from. */
export interface OracleInput {
  input: InputCounts;
  events: PlacedEvent[];
  /** per install: its events in time order (ties by input order) */
  history: Map<string, PlacedEvent[]>;
}

/** Any command's report: reads the input, then computes the command's sections. */
export function oracleReport(files: OracleFile[], options: OracleOptions): OracleReport {
  return oracleSections(oracleRead(files, options), options);
}

/**
 * Reads and judges every line once (`options.command` is not used here), so that several commands with the
 * same reading options can be computed from one read of a large input with `oracleSections`.
 */
export function oracleRead(files: OracleFile[], options: Omit<OracleOptions, 'command'>): OracleInput {
  const tz = options.tz ?? 'UTC';
  const invalidUtf8 = options.invalidUtf8 ?? 'invalid';

  // --- read and judge every line
  const input: InputCounts = { files: files.length, lines: 0, events: 0, blank: 0, invalid: 0, outside: 0, filtered: 0 };
  const window = windowDays(options.window, tz, options.today);
  const all: PlacedEvent[] = [];
  let order = 0;
  for (const file of files) {
    let lineNumber = 0;
    for (const line of splitLines(file.bytes)) {
      lineNumber += 1;
      input.lines += 1;
      const verdict = judgeLine(line, invalidUtf8);
      if (verdict.kind === 'blank') input.blank += 1;
      else if (verdict.kind === 'invalid') input.invalid += 1;
      else {
        input.events += 1;
        const day = localDay(verdict.event.instant, tz);
        if ((window.since !== null && day < window.since) || (window.until !== null && day > window.until)) input.outside += 1;
        else all.push({ ...verdict.event, order, day, file: file.name, line: lineNumber });
      }
      order += 1;
    }
  }

  // --- filters (AND'ed across kinds, OR'ed within a kind)
  const since = options.since !== undefined ? parseDateArgument(options.since, tz, options.today) : null;
  const until = options.until !== undefined ? parseDateArgument(options.until, tz, options.today) : null;
  const commandFilter = options.commandFilter ?? [];
  const versionFilter = options.versionFilter ?? [];
  const excluded = excludedInstalls(options.excludeInstalls ?? []);
  const versionMatches = (version: string): boolean => versionFilter.some((v) => (v.endsWith('*') ? version.startsWith(v.slice(0, -1)) : version === v));
  const events = all.filter((e) => {
    if (since !== null && e.day < since) return false;
    if (until !== null && e.day > until) return false;
    if (commandFilter.length > 0 && !commandFilter.includes(e.command)) return false;
    if (versionFilter.length > 0 && !versionMatches(e.version)) return false;
    if (excluded.has(e.install)) return false;
    return true;
  });
  input.filtered = all.length - events.length;

  // --- per install: events in time order (ties by input order)
  const byInstall = new Map<string, PlacedEvent[]>();
  for (const e of events) {
    const list = byInstall.get(e.install) ?? [];
    list.push(e);
    byInstall.set(e.install, list);
  }
  const history = new Map<string, PlacedEvent[]>();
  for (const [install, list] of byInstall) history.set(install, sortChronologically(list));
  return { input, events, history };
}

/** The report of `options.command` from an input read with the same options. */
export function oracleSections(read: OracleInput, options: OracleOptions): OracleReport {
  const tz = options.tz ?? 'UTC';
  const by = options.by ?? 'day';
  const { events, history } = read;
  const uniques = history.size;

  const report: OracleReport = { schema: 2, input: { ...read.input } };
  const command = options.command;

  if (command === 'report' || command === 'uniques') {
    report.uniques = uniques;
    // the id churn: ids whose every event is an update, ids that sent init; said beside the headline above 20%
    // of update-only ids, unless a --command or --release filter chose the events
    let updateOnlyIds = 0;
    let installsByInit = 0;
    for (const list of history.values()) {
      if (list.every((e) => e.command === 'update')) updateOnlyIds += 1;
      if (list.some((e) => e.command === 'init')) installsByInit += 1;
    }
    const updateOnlyShare = uniques === 0 ? 0 : updateOnlyIds / uniques;
    const signature = updateOnlyShare > 0.2 && (options.commandFilter ?? []).length === 0 && (options.versionFilter ?? []).length === 0;
    report.idChurn = { updateOnlyIds, updateOnlyShare, installsByInit, signature };
  }

  if (command === 'report' || command === 'daily') {
    const rows = periodRows(events, history, by, tz);
    if (by === 'day') report.daily = rows;
    else if (by === 'week') report.weekly = rows;
    else report.monthly = rows;
  }

  if (command === 'report' || command === 'versions') {
    const { latest, rows } = versionRows(events, history, uniques);
    report.latest = latest;
    report.versions = rows;
  }

  if (command === 'report' || command === 'commands') report.commands = commandRows(events);
  if (command === 'upgrades') report.upgrades = upgradeRows(history);
  if (command === 'retention') report.retention = retentionRows(events, history, options.emptyCohorts ?? 'include');
  if (command === 'adoption') report.adoption = adoptionSection(events, history, by, options.activeDays ?? 14, tz);
  if (command === 'active') report.active = activeSection(events, history, by, options.windowDays ?? 28, tz);
  if (command === 'activation') report.activation = activationSection(events, history, by, options.within ?? 30);
  if (command === 'churn') report.churn = churnSection(events, history, by, options.quietDays ?? 90, tz);
  if (command === 'quality') {
    const today = options.today !== undefined ? parseDateArgument(options.today, tz, undefined) : localDay(BigInt(Date.now()) * 1_000_000n, tz);
    report.quality = qualitySection(events, history, options.maxDaily ?? 100, today);
  }
  return report;
}

function periodRows(events: PlacedEvent[], history: Map<string, PlacedEvent[]>, by: PeriodUnit, tz: string): OraclePeriodRow[] {
  if (events.length === 0) return [];
  const partial = partialTest(events, tz, by);
  const keys = events.map((e) => periodOf(e.day, by));
  const first = keys.reduce((a, b) => Math.min(a, b));
  const last = keys.reduce((a, b) => Math.max(a, b));

  const eventCount = new Map<number, number>();
  const active = new Map<number, Set<string>>();
  for (const e of events) {
    const key = periodOf(e.day, by);
    eventCount.set(key, (eventCount.get(key) ?? 0) + 1);
    const set = active.get(key) ?? new Set<string>();
    set.add(e.install);
    active.set(key, set);
  }
  // the period of each install's earliest event
  const firstPeriod = new Map<string, number>();
  for (const [install, list] of history) firstPeriod.set(install, periodOf(list[0]!.day, by));

  const rows: OraclePeriodRow[] = [];
  for (let p = first; p <= last; p++) {
    const now = active.get(p) ?? new Set<string>();
    const before = p === first ? new Set<string>() : (active.get(p - 1) ?? new Set<string>());
    let newCount = 0;
    let total = 0;
    for (const f of firstPeriod.values()) {
      if (f === p) newCount += 1;
      if (f <= p) total += 1;
    }
    let returning = 0;
    let resurrecting = 0;
    for (const install of now) {
      if (before.has(install)) returning += 1;
      else if (firstPeriod.get(install)! < p) resurrecting += 1;
    }
    let dormant = 0;
    for (const install of before) if (!now.has(install)) dormant += 1;

    const label = periodLabel(p, by);
    const head: Pick<OraclePeriodRow, 'date' | 'period'> = by === 'day' ? { date: label } : { period: label };
    rows.push({
      ...head,
      events: eventCount.get(p) ?? 0,
      installs: now.size,
      new: newCount,
      returning,
      resurrecting,
      dormant,
      total,
      partial: partial(p),
    });
  }
  return rows;
}

function versionRows(events: PlacedEvent[], history: Map<string, PlacedEvent[]>, uniques: number): { latest: string | null; rows: OracleVersionRow[] } {
  const eventCount = new Map<string, number>();
  const installs = new Map<string, Set<string>>();
  for (const e of events) {
    eventCount.set(e.version, (eventCount.get(e.version) ?? 0) + 1);
    const set = installs.get(e.version) ?? new Set<string>();
    set.add(e.install);
    installs.set(e.version, set);
  }
  // current: the version of each install's latest event (ties: the later line)
  const current = new Map<string, number>();
  for (const list of history.values()) {
    const latestEvent = list[list.length - 1]!;
    current.set(latestEvent.version, (current.get(latestEvent.version) ?? 0) + 1);
  }
  const versions = [...eventCount.keys()];
  let latest: string | null = null;
  for (const v of versions) if (latest === null || compareVersions(v, latest) > 0) latest = v;

  const rows = versions.map((version) => ({
    version,
    events: eventCount.get(version)!,
    installs: installs.get(version)!.size,
    current: current.get(version) ?? 0,
    share: uniques === 0 ? 0 : (current.get(version) ?? 0) / uniques,
  }));
  rows.sort((a, b) => b.events - a.events || compareVersions(b.version, a.version));
  return { latest, rows };
}

function commandRows(events: PlacedEvent[]): OracleCommandRow[] {
  const eventCount = new Map<string, number>();
  const installs = new Map<string, Set<string>>();
  for (const e of events) {
    eventCount.set(e.command, (eventCount.get(e.command) ?? 0) + 1);
    const set = installs.get(e.command) ?? new Set<string>();
    set.add(e.install);
    installs.set(e.command, set);
  }
  const rows = [...eventCount.keys()].map((command) => ({
    command,
    events: eventCount.get(command)!,
    installs: installs.get(command)!.size,
  }));
  rows.sort((a, b) => b.events - a.events || compareString(a.command, b.command));
  return rows;
}

function upgradeRows(history: Map<string, PlacedEvent[]>): OracleUpgradeRow[] {
  const moves = new Map<string, { from: string; to: string; installs: Set<string> }>();
  for (const [install, list] of history) {
    for (let i = 1; i < list.length; i++) {
      const from = list[i - 1]!.version;
      const to = list[i]!.version;
      if (from === to) continue;
      const key = JSON.stringify([from, to]);
      const move = moves.get(key) ?? { from, to, installs: new Set<string>() };
      move.installs.add(install);
      moves.set(key, move);
    }
  }
  const rows = [...moves.values()].map((m) => ({
    from: m.from,
    to: m.to,
    installs: m.installs.size,
    downgrade: compareVersions(m.to, m.from) < 0,
  }));
  rows.sort((a, b) => b.installs - a.installs || compareVersions(a.from, b.from) || compareVersions(a.to, b.to));
  return rows;
}

function retentionRows(events: PlacedEvent[], history: Map<string, PlacedEvent[]>, emptyCohorts: 'include' | 'omit'): OracleRetentionRow[] {
  if (events.length === 0) return [];
  const weeks = events.map((e) => isoWeekMonday(e.day));
  const firstWeek = weeks.reduce((a, b) => Math.min(a, b));
  const lastWeek = weeks.reduce((a, b) => Math.max(a, b));
  // cohort (Monday of the ISO week of the first event) → installs
  const cohorts = new Map<number, string[]>();
  for (const [install, list] of history) {
    const cohort = isoWeekMonday(list[0]!.day);
    const members = cohorts.get(cohort) ?? [];
    members.push(install);
    cohorts.set(cohort, members);
  }
  const rows: OracleRetentionRow[] = [];
  for (let cohort = firstWeek; cohort <= lastWeek; cohort += 7) {
    const members = cohorts.get(cohort) ?? [];
    if (members.length === 0 && emptyCohorts === 'omit') continue;
    const active: number[] = [];
    for (let week = cohort; week <= lastWeek; week += 7) {
      let count = 0;
      for (const install of members) {
        if (history.get(install)!.some((e) => isoWeekMonday(e.day) === week)) count += 1;
      }
      active.push(count);
    }
    rows.push({ cohort: isoWeekLabel(cohort), installs: members.length, active });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------
// Issue #13: adoption, active, activation, churn, quality — each by its definition, day by day.

function dayRange(events: PlacedEvent[]): { minDay: number; maxDay: number } {
  const days = events.map((e) => e.day);
  return { minDay: days.reduce((a, b) => Math.min(a, b)), maxDay: days.reduce((a, b) => Math.max(a, b)) };
}

/** Every period from the first day's to the last day's, with the last day of each that is in the data. */
function periodsWithEnds(minDay: number, maxDay: number, by: PeriodUnit): { label: string; end: number; key: number }[] {
  // the last day of the data in each period: walk the days once, each day overwrites its period's end
  const first = periodOf(minDay, by);
  const ends: number[] = [];
  for (let day = minDay; day <= maxDay; day++) ends[periodOf(day, by) - first] = day;
  return ends.map((end, i) => ({ label: periodLabel(first + i, by), end, key: first + i }));
}

/** Day -> the installs with an event that day. */
function installsByDay(history: Map<string, PlacedEvent[]>): Map<number, Set<string>> {
  const byDay = new Map<number, Set<string>>();
  for (const [install, list] of history) {
    for (const e of list) {
      const set = byDay.get(e.day) ?? new Set<string>();
      set.add(install);
      byDay.set(e.day, set);
    }
  }
  return byDay;
}

/** The installs with an event on some day from `from` to `to`, both included: the union of those days' sets. */
function installsActiveIn(byDay: Map<number, Set<string>>, from: number, to: number): Set<string> {
  const active = new Set<string>();
  for (let day = from; day <= to; day++) for (const install of byDay.get(day) ?? []) active.add(install);
  return active;
}

/** The value at rank ceil(p * n) of the ascending list. */
function nearestRank(sorted: number[], p: number): number | null {
  return sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const LATEST_VERSIONS = 3;

/**
 * Issue #21: a release starts on the first day on which at least 3 installs (or the most any version had on
 * one day, when fewer) ended the day on it (their latest event that day carried it), and they were at least 0.5% of
 * the installs with an event that day. Version -> day; a version that never does is absent.
 */
function releaseStarts(history: Map<string, PlacedEvent[]>): Map<string, number> {
  const on = new Map<number, Map<string, number>>();
  const ran = new Map<number, number>();
  for (const list of history.values()) {
    const lastOfDay = new Map<number, string>();
    for (const e of list) lastOfDay.set(e.day, e.version);
    for (const [day, version] of lastOfDay) {
      ran.set(day, (ran.get(day) ?? 0) + 1);
      if (!on.has(day)) on.set(day, new Map());
      on.get(day)!.set(version, (on.get(day)!.get(version) ?? 0) + 1);
    }
  }
  let most = 0;
  for (const counts of on.values()) for (const n of counts.values()) most = Math.max(most, n);
  const starts = new Map<string, number>();
  for (const day of [...on.keys()].sort((a, b) => a - b)) {
    for (const [version, n] of on.get(day)!) {
      if (!starts.has(version) && n >= Math.min(3, most) && n / ran.get(day)! >= 0.005) starts.set(version, day);
    }
  }
  return starts;
}

function adoptionSection(events: PlacedEvent[], history: Map<string, PlacedEvent[]>, by: PeriodUnit, activeDays: number, tz: string) {
  if (events.length === 0) return { activeDays, top: [], periods: [], releases: [], versionCap: 100, versions: [] };
  const { minDay, maxDay } = dayRange(events);
  const firstSeen = new Map<string, number>();
  for (const e of events) firstSeen.set(e.version, Math.min(firstSeen.get(e.version) ?? Infinity, e.day));
  const byDay = installsByDay(history);
  /** active installs on day D, each on the version of its latest event up to D */
  const countsOn = (day: number): { total: number; counts: Map<string, number> } => {
    const counts = new Map<string, number>();
    let total = 0;
    for (const install of installsActiveIn(byDay, day - activeDays + 1, day)) {
      const upTo = history.get(install)!.filter((e) => e.day <= day);
      const version = upTo[upTo.length - 1]!.version;
      counts.set(version, (counts.get(version) ?? 0) + 1);
      total += 1;
    }
    return { total, counts };
  };
  const daily = new Map<number, { total: number; counts: Map<string, number> }>();
  /** per version, the days (ascending) on which some active install is on it: its share is 0 on every other day */
  const daysOn = new Map<string, number[]>();
  for (let day = minDay; day <= maxDay; day++) {
    const counts = countsOn(day);
    daily.set(day, counts);
    for (const version of counts.counts.keys()) {
      if (!daysOn.has(version)) daysOn.set(version, []);
      daysOn.get(version)!.push(day);
    }
  }
  const share = (version: string, day: number) => {
    const { total, counts } = daily.get(day)!;
    return total === 0 ? 0 : (counts.get(version) ?? 0) / total;
  };
  const starts = releaseStarts(history);
  const byNewest = [...firstSeen.keys()].sort((a, b) => compareVersions(b, a));
  const releases = byNewest.map((version) => {
    const start = starts.get(version);
    let peakShare = 0;
    let peakDay: number | null = null;
    let days50: number | null = null;
    let days90: number | null = null;
    // a share of 0 is never a new peak nor 50% or 90%: the days with a share are enough
    for (const day of daysOn.get(version) ?? []) {
      const s = share(version, day);
      if (s > peakShare) {
        peakShare = s;
        peakDay = day;
      }
      if (start !== undefined && day >= start && days50 === null && s >= 0.5) days50 = day - start;
      if (start !== undefined && day >= start && days90 === null && s >= 0.9) days90 = day - start;
    }
    let replaced: string | null = null;
    if (peakDay !== null) {
      for (let day = peakDay + 1; day <= maxDay && replaced === null; day++) if (share(version, day) < 0.1) replaced = dayLabel(day);
    }
    return {
      version,
      firstSeen: start === undefined ? null : dayLabel(start),
      peakShare,
      peakDate: peakDay === null ? null : dayLabel(peakDay),
      days50,
      days90,
      replaced,
    };
  });
  const periods = periodsWithEnds(minDay, maxDay, by);
  // the columns (issue #21): among the versions in use on any day, the 3 highest by SemVer, then the most
  // active installs on any day up to 5 (ties newest first), all newest first; the same whatever --by
  const peak = new Map<string, number>();
  for (const { counts } of daily.values()) for (const [version, n] of counts) peak.set(version, Math.max(peak.get(version) ?? 0, n));
  const inUse = [...peak.keys()].sort((a, b) => compareVersions(b, a));
  const newest = inUse.slice(0, 3);
  const mostUsed = inUse
    .slice(3)
    .sort((a, b) => peak.get(b)! - peak.get(a)! || compareVersions(b, a))
    .slice(0, 2);
  const top = [...newest, ...mostUsed].sort((a, b) => compareVersions(b, a));
  // issue #21: the long form, every version in use on each row's day, most installs first (ties newest first),
  // at most 100 a row and the rest in one entry with a null version
  const versions: { period: string; version: string | null; installs: number; share: number }[] = [];
  const partial = partialTest(events, tz, by);
  const rows = periods.map(({ label, end, key }) => {
    const { total, counts } = daily.get(end)!;
    const inUse = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareVersions(b[0], a[0]));
    for (const [version, n] of inUse.slice(0, 100)) versions.push({ period: label, version, installs: n, share: n / total });
    if (inUse.length > 100) {
      const rest = inUse.slice(100).reduce((sum, [, n]) => sum + n, 0);
      versions.push({ period: label, version: null, installs: rest, share: rest / total });
    }
    // the 3 highest versions started by the period's end
    const known: string[] = [];
    for (let i = 0; i < byNewest.length && known.length < LATEST_VERSIONS; i++) if ((starts.get(byNewest[i]!) ?? Infinity) <= end) known.push(byNewest[i]!);
    const installs = top.map((v) => counts.get(v) ?? 0);
    const onLatest = known.reduce((sum, v) => sum + (counts.get(v) ?? 0), 0);
    const ages: number[] = [];
    // a version not started by then (or no version started) is 0 days old
    const age = (version: string) => {
      const start = starts.get(version);
      return known.length === 0 || start === undefined || start > end ? 0 : Math.max(0, starts.get(known[0]!)! - start);
    };
    for (const [version, n] of counts) for (let i = 0; i < n; i++) ages.push(age(version));
    ages.sort((a, b) => a - b);
    return {
      period: label,
      date: dayLabel(end),
      active: total,
      installs,
      shares: installs.map((n) => (total === 0 ? 0 : n / total)),
      other: total - installs.reduce((a, b) => a + b, 0),
      latest3: total === 0 ? 0 : onLatest / total,
      inUse: counts.size,
      medianAge: nearestRank(ages, 0.5),
      partial: partial(key),
    };
  });
  return { activeDays, top, periods: rows, releases, versionCap: 100, versions };
}

function activeSection(events: PlacedEvent[], history: Map<string, PlacedEvent[]>, by: PeriodUnit, windowDays: number, tz: string) {
  const l7 = new Array<number>(7).fill(0);
  const l28 = new Array<number>(28).fill(0);
  if (events.length === 0) return { windowDays, rows: [], asOf: null, l7, l28 };
  const { minDay, maxDay } = dayRange(events);
  const byDay = installsByDay(history);
  const activeIn = (from: number, to: number) => installsActiveIn(byDay, from, to).size;
  const partial = partialTest(events, tz, by);
  const row = (period: string, day: number, key: number) => {
    const dau = activeIn(day, day);
    const mau = activeIn(day - windowDays + 1, day);
    return { period, date: dayLabel(day), dau, wau: activeIn(day - 6, day), mau, stickiness: mau === 0 ? 0 : dau / mau, partial: partial(key) };
  };
  const rows = [];
  if (by === 'day') for (let day = minDay; day <= maxDay; day++) rows.push(row(dayLabel(day), day, day));
  else for (const { label, end, key } of periodsWithEnds(minDay, maxDay, by)) rows.push(row(label, end, key));
  for (const list of history.values()) {
    const days = new Set(list.map((e) => e.day));
    const k7 = [...days].filter((d) => d > maxDay - 7).length;
    const k28 = [...days].filter((d) => d > maxDay - 28).length;
    if (k7 > 0) l7[k7 - 1]! += 1;
    if (k28 > 0) l28[k28 - 1]! += 1;
  }
  return { windowDays, rows, asOf: dayLabel(maxDay), l7, l28 };
}

function activationSection(events: PlacedEvent[], history: Map<string, PlacedEvent[]>, by: PeriodUnit, within: number) {
  if (events.length === 0) return { within, rows: [] };
  const { minDay, maxDay } = dayRange(events);
  // open (issue #21): the cohort's last day + within is after the data's last day
  const rows = periodsWithEnds(minDay, maxDay, by).map(({ label, end }) => ({
    cohort: label,
    installs: 0,
    converted: 0,
    share: 0,
    median: null as number | null,
    p90: null as number | null,
    open: end + within > maxDay,
    seconds: [] as number[],
  }));
  const first = periodOf(minDay, by);
  for (const list of history.values()) {
    const row = rows[periodOf(list[0]!.day, by) - first]!;
    row.installs += 1;
    const update = list.slice(1).find((e) => e.command === 'update');
    if (update === undefined) continue;
    const ns = update.instant - list[0]!.instant;
    if (ns > BigInt(within) * 86_400_000_000_000n) continue;
    row.converted += 1;
    row.seconds.push(Number(ns / 1_000_000_000n));
  }
  return {
    within,
    rows: rows.map(({ seconds, ...row }) => {
      seconds.sort((a, b) => a - b);
      const median = nearestRank(seconds, 0.5);
      const p90 = nearestRank(seconds, 0.9);
      const { open, ...rest } = row;
      return {
        ...rest,
        share: row.installs === 0 ? 0 : row.converted / row.installs,
        median: median === null ? null : median / 86400,
        p90: p90 === null ? null : p90 / 86400,
        open,
      };
    }),
  };
}

function churnSection(events: PlacedEvent[], history: Map<string, PlacedEvent[]>, by: PeriodUnit, quietDays: number, tz: string) {
  if (events.length === 0) return { quietDays, rows: [] };
  const { minDay, maxDay } = dayRange(events);
  const partial = partialTest(events, tz, by);
  const rows = periodsWithEnds(minDay, maxDay, by).map(({ label, key }) => ({ period: label, churned: 0, returned: 0, gone: 0, partial: partial(key) }));
  const first = periodOf(minDay, by);
  for (const list of history.values()) {
    const days = new Set(list.map((e) => e.day));
    let last: number | null = null;
    let churned = false;
    // at the end of each day: churned when its last event so far is more than quietDays days back
    for (let day = minDay; day <= maxDay; day++) {
      if (days.has(day)) last = day;
      const now = last !== null && day - last > quietDays;
      if (now && !churned) rows[periodOf(day, by) - first]!.churned += 1;
      if (!now && churned) rows[periodOf(day, by) - first]!.returned += 1;
      churned = now;
    }
  }
  let gone = 0;
  for (const row of rows) row.gone = gone += row.churned - row.returned;
  return { quietDays, rows };
}

function qualitySection(events: PlacedEvent[], history: Map<string, PlacedEvent[]>, maxDaily: number, today: number) {
  const found = new Map<string, PlacedEvent[]>();
  const flag = (reason: string, e: PlacedEvent) => {
    if (!found.has(reason)) found.set(reason, []);
    found.get(reason)!.push(e);
  };
  let initIds = 0;
  let updateOnly = 0;
  const installsOnDay = new Map<number, Set<string>>();
  for (const [install, list] of history) {
    const inInputOrder = [...list].sort((a, b) => a.order - b.order);
    const inits = list.filter((e) => e.command === 'init');
    if (inits.length > 0) initIds += 1;
    else flag('no-init', inInputOrder[0]!);
    if (list.every((e) => e.command === 'update')) {
      updateOnly += 1;
      flag('update-only', inInputOrder[0]!);
    }
    if (inits.length > 0) for (const e of list) if (e.instant < inits[0]!.instant) flag('before-init', e);
    for (const e of list) {
      if (list.some((o) => o.order < e.order && o.command === e.command && o.version === e.version && o.instant === e.instant)) flag('duplicate', e);
    }
    const perDay = new Map<number, PlacedEvent[]>();
    for (const e of list) {
      if (!perDay.has(e.day)) perDay.set(e.day, []);
      perDay.get(e.day)!.push(e);
    }
    const busy = [...perDay.values()].filter((es) => es.length > maxDaily).flat();
    if (busy.length > 0)
      flag(
        'busy-day',
        busy.reduce((a, b) => (b.order < a.order ? b : a)),
      );
    const downs = list.filter((e, i) => i > 0 && compareVersions(e.version, list[i - 1]!.version) < 0);
    if (downs.length > 0)
      flag(
        'downgrade',
        downs.reduce((a, b) => (b.order < a.order ? b : a)),
      );
    for (const day of perDay.keys()) installsOnDay.set(day, (installsOnDay.get(day) ?? new Set()).add(install));
  }
  const starts = releaseStarts(history);
  for (const e of events) if (starts.has(e.version) && e.day < starts.get(e.version)!) flag('before-start', e);
  const busyDays = [...installsOnDay.entries()].filter(([, set]) => set.size >= 2).map(([day]) => day);
  const allDays = [...installsOnDay.keys()];
  const latest = (days: number[]) => days.reduce((a, b) => Math.max(a, b));
  const dataEnd = busyDays.length > 0 ? latest(busyDays) : allDays.length > 0 ? latest(allDays) : null;
  for (const e of events) {
    if (dataEnd !== null && e.day > dataEnd + 1) flag('after-data-end', e);
    if (e.day > today) flag('after-today', e);
  }
  const units: [string, string][] = [
    ['update-only', 'ids'],
    ['no-init', 'installs'],
    ['duplicate', 'events'],
    ['after-data-end', 'events'],
    ['after-today', 'events'],
    ['before-init', 'events'],
    ['before-start', 'events'],
    ['busy-day', 'installs'],
    ['downgrade', 'installs'],
  ];
  const ids = history.size;
  const share = ids === 0 ? 0 : updateOnly / ids;
  const percent = `${(share * 100).toFixed(1)}%`;
  const summary =
    ids === 0
      ? 'No events.'
      : share > 0.5
        ? `${updateOnly} of ${ids} ids (${percent}) sent only update and never init: the signature of the client's id churn ` +
          `(each run after the second writes a fresh id, which then sends one update). Unique installs count ids, not machines; ` +
          `the ${initIds} ids that sent init are a rough count of real installs.`
        : `${updateOnly} of ${ids} ids (${percent}) sent only update and never init; ${initIds} ids sent init.`;
  return {
    ids,
    initIds,
    updateOnlyIds: updateOnly,
    updateOnlyShare: share,
    summary,
    maxDaily,
    dataEnd: dataEnd === null ? null : dayLabel(dataEnd),
    today: dayLabel(today),
    reasons: units.map(([reason, unit]) => {
      const list = found.get(reason) ?? [];
      return {
        reason,
        unit,
        count: list.length,
        samples: [...list]
          .sort((a, b) => a.order - b.order)
          .slice(0, 5)
          .map((e) => `${e.file}:${e.line}`),
      };
    }),
  };
}
