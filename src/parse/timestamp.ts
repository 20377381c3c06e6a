// Timestamps: `YYYY-MM-DD[T| ]HH:MM:SS[.1-9 digits][Z|±HH:MM]`, a real calendar date and time.
// Without an offset the time is UTC (the client sends `datetime.utcnow().isoformat()`).
// Works on bytes so the fast path and the JSON path share one definition.

import { viewOf } from './byte-view.js';

/** An instant: whole seconds since 1970-01-01T00:00:00Z (may be negative) and nanoseconds 0..999,999,999. */
export interface Instant {
  sec: number;
  ns: number;
}

const ZERO = 0x30;
const T = 0x54;
const SPACE = 0x20;
const DOT = 0x2e;
const Z = 0x5a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;

const NS_SCALE = [0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Two ASCII digits at `i` as a number, or -1. */
function two(buf: Uint8Array, i: number): number {
  const a = buf[i] - ZERO;
  const b = buf[i + 1] - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The last `YYYY-MM-DDTHH` parsed, as its bytes (three words and one byte) and its first second (UTC). */
const lastHour = { w0: 0, w1: 0, w2: 0, b12: -1, sec: 0 };

/** Seconds since the epoch (UTC) at the start of the hour `YYYY-MM-DD[T| ]HH` at `start`, or NaN if it is not one. */
function parseHour(buf: Uint8Array, start: number): number {
  const y1 = two(buf, start);
  const y2 = two(buf, start + 2);
  const month = two(buf, start + 5);
  const day = two(buf, start + 8);
  const hour = two(buf, start + 11);
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return NaN;
  if (buf[start + 4] !== MINUS || buf[start + 7] !== MINUS) return NaN;
  const sep = buf[start + 10];
  if (sep !== T && sep !== SPACE) return NaN;
  const year = y1 * 100 + y2;
  if (day > daysInMonth(year, month)) return NaN;
  return daysFromCivil(year, month, day) * 86400 + hour * 3600;
}

/**
 * Parses the timestamp in `buf[start, end)` into `out`. Returns false (leaving `out` unspecified) when the
 * bytes are not a valid timestamp.
 */
export function parseTimestamp(buf: Uint8Array, start: number, end: number, out: Instant): boolean {
  if (end - start < 19) return false;
  // `YYYY-MM-DDTHH` (13 bytes): neighbouring lines of a log mostly share it, so the last one is remembered
  const view = viewOf(buf);
  const w0 = view.getInt32(start, true);
  const w1 = view.getInt32(start + 4, true);
  const w2 = view.getInt32(start + 8, true);
  const b12 = buf[start + 12];
  let hourStart: number;
  if (w0 === lastHour.w0 && w1 === lastHour.w1 && w2 === lastHour.w2 && b12 === lastHour.b12) {
    hourStart = lastHour.sec;
  } else {
    hourStart = parseHour(buf, start);
    if (Number.isNaN(hourStart)) return false;
    lastHour.w0 = w0;
    lastHour.w1 = w1;
    lastHour.w2 = w2;
    lastHour.b12 = b12;
    lastHour.sec = hourStart;
  }
  const minute = two(buf, start + 14);
  const second = two(buf, start + 17);
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (buf[start + 13] !== COLON || buf[start + 16] !== COLON) return false;

  let i = start + 19;
  let ns = 0;
  if (i < end && buf[i] === DOT) {
    i++;
    const first = i;
    while (i < end && i - first < 10) {
      const digit = buf[i] - ZERO;
      if (digit < 0 || digit > 9) break;
      ns = ns * 10 + digit;
      i++;
    }
    const digits = i - first;
    if (digits < 1 || digits > 9) return false;
    ns *= NS_SCALE[digits];
  }

  let offset = 0;
  if (i < end) {
    const sign = buf[i];
    if (sign === Z) {
      i++;
    } else if (sign === PLUS || sign === MINUS) {
      if (end - i !== 6 || buf[i + 3] !== COLON) return false;
      const oh = two(buf, i + 1);
      const om = two(buf, i + 4);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return false;
      offset = (sign === PLUS ? 1 : -1) * (oh * 3600 + om * 60);
      i += 6;
    } else {
      return false;
    }
  }
  if (i !== end) return false;

  out.sec = hourStart + minute * 60 + second - offset;
  out.ns = ns;
  return true;
}
