// The periods from the data's first day to its last, each with the day its "as of" numbers are taken on:
// the period's last day, or the data's last day for a period that the data ends inside (issue #13's
// adoption and active tables, and churn's and activation's period of a day).
//
// All by arithmetic on the calendar, nothing per day: with `--window ..` one stamp in year 9999 makes a
// span of 3.65M days, and a section's work must follow its events and the rows it produces, not the days
// in between. A section asked for the latest rows alone (the human formats) computes those; one asked for
// every row refuses a span of more than MAX_ANALYTICS_ROWS periods before it computes anything.

import { dayLabel, periodCalendar } from './calendar.js';
import type { PeriodUnit, ReportSettings } from './report.js';
import { SettingError, type PeriodSection } from './setting-error.js';
import { windowLabel } from './window.js';

/**
 * The most rows of the period section JSON takes: 1M rows are ~200 MB of JSON, and a JS string holds at most
 * ~512 MB. 0001..9999 by day, possible only with `--window ..`, is 3.65M.
 */
export const MAX_PERIOD_ROWS = 1_000_000;

/**
 * The most rows adoption, active, activation and churn give whole (JSON and CSV): about 550 years of days. An
 * adoption row is ~3 times a period row (a count and a share per top version); measured on 2 shared cores,
 * 521,673 weekly rows of it took 3.8 s and 700 MB, 120,000 monthly ones 1.1 s and 220 MB.
 */
export const MAX_ANALYTICS_ROWS = 200_000;

export interface PeriodEnds {
  /** periods from the data's first to its last */
  count: number;
  /** the first period computed (0, or `count - latest` when only the latest are asked for) */
  shown: number;
  /** the label of period p (0 = the first period of the data) */
  label(p: number): string;
  /** period p as an absolute period number of its calendar (what `partialPeriods` takes) */
  absolute(p: number): number;
  /** the last day of period p that is at most the data's last day */
  end(p: number): number;
  /** the period (0 = the first) of a day of the data, or of a later day */
  periodOf(day: number): number;
  /** the first period whose end is on or after `day` (a day on or after the data's first): `count` when none is */
  atOrAfter(day: number): number;
}

/**
 * The periods of the data's days `firstDay`..`lastDay`. `latest`: the rows wanted are the latest this many
 * (null: every row, refused with a SettingError on the window beyond `limit` rows, MAX_ANALYTICS_ROWS unless given, `section`
 * naming whose).
 */
export function periodEnds(
  unit: PeriodUnit,
  firstDay: number,
  lastDay: number,
  latest: number | null = null,
  refusal: { section: PeriodSection; settings: ReportSettings; limit?: number } | null = null,
): PeriodEnds {
  const calendar = periodCalendar(unit);
  const first = calendar.periodOfDay(firstDay);
  const count = calendar.periodOfDay(lastDay) - first + 1;
  if (latest === null && refusal !== null && count > (refusal.limit ?? MAX_ANALYTICS_ROWS)) {
    throw new SettingError('window', windowLabel(refusal.settings.window), 'too-many-periods', null, {
      section: refusal.section,
      unit,
      count,
      first: calendar.label(first),
      last: calendar.label(first + count - 1),
      limit: refusal.limit ?? MAX_ANALYTICS_ROWS,
    });
  }
  const periodOf = (day: number) => calendar.periodOfDay(day) - first;
  return {
    count,
    shown: latest === null ? 0 : Math.max(0, count - latest),
    label: (p) => calendar.label(first + p),
    absolute: (p) => first + p,
    end: (p) => Math.min(calendar.lastDay(first + p), lastDay),
    periodOf,
    // a day of period p is at most p's end (p's last day, or the data's last day for the last period)
    atOrAfter: (day) => (day > lastDay ? count : periodOf(day)),
  };
}

export { dayLabel };
