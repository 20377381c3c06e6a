// What stretch of time the counted events cover, and so which periods of a report they cover only in part
// (issue #21: unfinished periods must not read as drops). docs/analytics.md, "Partial periods", has the rule
// and worked examples; the oracle (test/oracle) and the SQL (src/sql/coverage.ts) apply it apart.
//
// The data covers the time from its first counted event to its last, read as wall-clock time in the report's
// zone. A period (a day, ISO week or month of that zone) is whole when the data starts within the first hour
// of the period's first day and ends within the last hour of its last day, or runs past both; otherwise it is
// partial. The hour of slack keeps a log that starts at 00:00:07 or ends at 23:59:58 whole; a log read at noon
// has a partial today, and a UTC log read with `--tz Europe/Berlin` a partial first and last day.

import type { PeriodCalendar } from './calendar.js';
import type { PeriodUnit } from './report.js';
import type { ZoneDays } from './zone-days.js';

const DAY = 86400;
/** the slack at either end, in seconds */
export const COVERAGE_SLACK = 3600;

/** The first and last counted instants, whole seconds since the epoch (UTC). */
export interface CoverageSpan {
  first: number;
  last: number;
}

/** Tracks the span of the events it is shown. */
export class Coverage {
  first = Infinity;
  last = -Infinity;

  add(sec: Float64Array, size: number): void {
    let { first, last } = this;
    for (let i = 0; i < size; i++) {
      const s = sec[i];
      if (s < first) first = s;
      if (s > last) last = s;
    }
    this.first = first;
    this.last = last;
  }

  /** Takes in another span (a state's). */
  join(span: CoverageSpan | null): void {
    if (span === null) return;
    if (span.first < this.first) this.first = span.first;
    if (span.last > this.last) this.last = span.last;
  }

  /** The span, or null before any event. */
  get span(): CoverageSpan | null {
    return this.first > this.last ? null : { first: this.first, last: this.last };
  }
}

/**
 * A test of whether a period (an absolute period number of `calendar`, days cut in `zone`) is covered in part
 * only; always false without a span. The span's ends are turned into wall-clock time once, so the test is
 * arithmetic (a section over a span of centuries asks it for every row).
 */
export function partialPeriods(span: CoverageSpan | null, zone: ZoneDays, calendar: PeriodCalendar): (period: number) => boolean {
  if (span === null) return () => false;
  const start = span.first + zone.offsetAt(span.first);
  const end = span.last + zone.offsetAt(span.last);
  return (period) => start >= (calendar.lastDay(period - 1) + 1) * DAY + COVERAGE_SLACK || end < (calendar.lastDay(period) + 1) * DAY - COVERAGE_SLACK;
}

/** Up to this many days the report picks days, up to `WEEKS_UP_TO` weeks, beyond it months (`--by` not given). */
export const DAYS_UP_TO = 92;
export const WEEKS_UP_TO = 731;

/**
 * The period a report for people takes when `--by` is not given (issue #21 item 8): days for a span of up to
 * about 3 months, ISO weeks up to 2 years, months beyond; days without events.
 */
export function pickPeriod(span: CoverageSpan | null, zone: ZoneDays): { unit: PeriodUnit; days: number } {
  if (span === null) return { unit: 'day', days: 0 };
  const days = zone.dayOf(span.last) - zone.dayOf(span.first) + 1;
  return { unit: days <= DAYS_UP_TO ? 'day' : days <= WEEKS_UP_TO ? 'week' : 'month', days };
}

/** A span as a state keeps it: whole seconds, first ≤ last. */
export const isCoverageSpan = (value: unknown): value is CoverageSpan =>
  value !== null &&
  typeof value === 'object' &&
  Number.isSafeInteger((value as CoverageSpan).first) &&
  Number.isSafeInteger((value as CoverageSpan).last) &&
  (value as CoverageSpan).first <= (value as CoverageSpan).last;
