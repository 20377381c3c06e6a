// What differs between the engines the SQL is printed for: time zones, dates and periods, regular
// expressions, lists, text order. Every section is written once against this interface (sql/*.ts), so the
// DuckDB and PostgreSQL queries are the same query in two spellings.

import type { PeriodUnit } from '../core/report.js';

export type DialectName = 'duckdb' | 'postgres';
export const DIALECTS: readonly DialectName[] = ['duckdb', 'postgres'];

export interface Dialect {
  name: DialectName;
  /** the calendar date (DATE) of the timestamptz `instant` in zone `tz` (an IANA name, already checked) */
  localDay(instant: string, tz: string): string;
  /** the wall-clock time (a TIMESTAMP without zone) of the timestamptz `instant` in zone `tz` */
  wallClock(instant: string, tz: string): string;
  /** the first day (DATE) of the day, ISO week or month holding the DATE `day` */
  periodStart(day: string, unit: PeriodUnit): string;
  /** the period start `n` periods after the period start `start` (DATE) */
  shift(start: string, n: number, unit: PeriodUnit): string;
  /** the period's label as the JSON writes it: `2025-11-12`, `2025-W46`, `2025-11` */
  label(start: string, unit: PeriodUnit): string;
  /** a select-list item giving one row per period start from `lo` to `hi` (DATEs; none when they are NULL), as `p` (a TIMESTAMP) */
  series(lo: string, hi: string, unit: PeriodUnit): string;
  /** text ordered by its bytes (JavaScript's `<` for everything but characters above U+FFFF) */
  bytewise(text: string): string;
  /**
   * SELECT `version`, `is_semver` and the four capture groups of `pattern` (a regular expression for both RE2 and
   * PostgreSQL's AREs, matched against the whole version) as `major`, `minor`, `patch`, `pre` (NULL or '' when
   * a group did not take part) for each row of `versions` (a subquery with a `version` column)
   */
  semverParts(versions: string, pattern: string): string;
  /** SemVer pre-release identifiers `pre` (dot-separated) as a key that orders them by SemVer rules (see version-order.ts) */
  prereleaseKey(pre: string): string;
  /** an aggregate: the values as a list (an array), in the given order */
  listOf(value: string, orderBy: string): string;
  /** a string literal */
  text(value: string): string;
  /** microseconds since 1970-01-01 (BIGINT) of the timestamptz `instant` */
  epochMicros(instant: string): string;
  /** `a / b` for BIGINTs that `b` divides exactly */
  exactDiv(a: string, b: string): string;
}

/** A string literal in standard SQL: quotes doubled, backslashes as they are (both engines' default). */
export function sqlText(value: string): string {
  if (value.includes('\u0000')) throw new Error('a NUL character cannot be written in SQL text');
  return `'${value.replaceAll("'", "''")}'`;
}

const INTERVAL: Record<PeriodUnit, string> = { day: "INTERVAL '1 day'", week: "INTERVAL '7 days'", month: "INTERVAL '1 month'" };
const intervalOf = (n: number, unit: PeriodUnit) => {
  const days = unit === 'week' ? n * 7 : n;
  return unit === 'month' ? `INTERVAL '${n} ${n === 1 ? 'month' : 'months'}'` : `INTERVAL '${days} ${days === 1 ? 'day' : 'days'}'`;
};

/** One identifier of a pre-release as a key: numeric ones below alphanumeric ones, numbers by length then digits. */
const identifierKey = (x: string, isNumeric: string) =>
  `CASE WHEN ${isNumeric} THEN 'a' || lpad(CAST(length(${x}) AS VARCHAR), 7, '0') || ${x} ELSE 'b' || ${x} END || '!'`;

/** Days since 1970-01-01 of epoch microseconds, rounded down (DuckDB's `//` truncates towards zero). */
const UTC_DAY = (us: string) =>
  `CAST(DATE '1970-01-01' + CAST((${us} - ((${us} % 86400000000 + 86400000000) % 86400000000)) // 86400000000 AS INTEGER) AS DATE)`;

export const duckdb: Dialect = {
  name: 'duckdb',
  // UTC days by integer arithmetic: the same day as timezone('UTC', …), without a time-zone look-up per row
  // (ICU's, about a second per million events)
  localDay: (instant, tz) => (tz === 'UTC' ? UTC_DAY(`epoch_us(${instant})`) : `CAST(timezone(${sqlText(tz)}, ${instant}) AS DATE)`),
  wallClock: (instant, tz) => `timezone(${sqlText(tz)}, ${instant})`,
  periodStart: (day, unit) => (unit === 'day' ? day : `CAST(date_trunc('${unit}', ${day}) AS DATE)`),
  shift: (start, n, unit) => `CAST(${start} ${n < 0 ? '-' : '+'} ${intervalOf(Math.abs(n), unit)} AS DATE)`,
  label: (start, unit) => `strftime(${start}, '${unit === 'day' ? '%Y-%m-%d' : unit === 'week' ? '%G-W%V' : '%Y-%m'}')`,
  series: (lo, hi, unit) => `unnest(generate_series(CAST(${lo} AS TIMESTAMP), CAST(${hi} AS TIMESTAMP), ${INTERVAL[unit]})) AS p`,
  bytewise: (text) => text,
  semverParts: (versions, pattern) =>
    `SELECT version, regexp_full_match(version, ${sqlText(pattern)}) AS is_semver,\n` +
    `  parts.major AS major, parts.minor AS minor, parts.patch AS patch, parts.pre AS pre\n` +
    `FROM (SELECT version, regexp_extract(version, ${sqlText(`^(?:${pattern})$`)}, ['major', 'minor', 'patch', 'pre']) AS parts FROM ${versions}) AS m`,
  prereleaseKey: (pre) => `array_to_string(list_transform(string_split(${pre}, '.'), lambda x: ${identifierKey('x', "regexp_full_match(x, '[0-9]+')")}), '')`,
  listOf: (value, orderBy) => `list(${value} ORDER BY ${orderBy})`,
  text: sqlText,
  epochMicros: (instant) => `epoch_us(${instant})`,
  exactDiv: (a, b) => `(${a}) // (${b})`,
};

export const postgres: Dialect = {
  name: 'postgres',
  localDay: (instant, tz) => `CAST(${instant} AT TIME ZONE ${sqlText(tz)} AS DATE)`,
  wallClock: (instant, tz) => `(${instant} AT TIME ZONE ${sqlText(tz)})`,
  periodStart: (day, unit) => (unit === 'day' ? day : `CAST(date_trunc('${unit}', CAST(${day} AS TIMESTAMP)) AS DATE)`),
  shift: (start, n, unit) => `CAST(${start} ${n < 0 ? '-' : '+'} ${intervalOf(Math.abs(n), unit)} AS DATE)`,
  label: (start, unit) => `to_char(${start}, '${unit === 'day' ? 'YYYY-MM-DD' : unit === 'week' ? 'IYYY-"W"IW' : 'YYYY-MM'}')`,
  series: (lo, hi, unit) => `generate_series(CAST(${lo} AS TIMESTAMP), CAST(${hi} AS TIMESTAMP), ${INTERVAL[unit]}) AS p`,
  bytewise: (text) => `${text} COLLATE "C"`,
  semverParts: (versions, pattern) =>
    `SELECT version, parts IS NOT NULL AS is_semver, parts[1] AS major, parts[2] AS minor, parts[3] AS patch, parts[4] AS pre\n` +
    `FROM (SELECT version, regexp_match(version, ${sqlText(`^(?:${pattern})$`)}) AS parts FROM ${versions}) AS m`,
  prereleaseKey: (pre) =>
    `(SELECT string_agg(${identifierKey('x', "x ~ '^[0-9]+$'")}, '' ORDER BY n) FROM unnest(string_to_array(${pre}, '.')) WITH ORDINALITY AS ids(x, n))`,
  listOf: (value, orderBy) => `array_agg(${value} ORDER BY ${orderBy})`,
  text: sqlText,
  epochMicros: (instant) => `CAST(extract(epoch FROM ${instant}) * 1000000 AS BIGINT)`,
  exactDiv: (a, b) => `(${a}) / (${b})`,
};

export const dialectNamed = (name: DialectName): Dialect => (name === 'duckdb' ? duckdb : postgres);
