// Rolling active installs (issue #13; PostHog, Mozilla and Statsig define them this way): per day, DAU
// (installs with an event that day), WAU (in the 7 days ending that day), MAU (in the `windowDays` days
// ending it, 28 by default), and stickiness DAU/MAU; with --by week|month, the same numbers as of each
// period's last day. L7/L28 (Statsig): how many installs were active on exactly k of the 7 / 28 days
// ending the data's last day.
//
// From the distinct (day, install) pairs of InstallActivity: an install active on days d1 < d2 < … is in
// the W-day window of every day x with d_i <= x < min(d_{i+1}, d_i + W), one range per active day, added
// to a difference array over the rows (a row's day is in a range or not), so the work follows the pairs and
// the rows produced, never the days of the span.

import type { InstallState } from '../core/install-state.js';
import { periodCalendar } from '../core/calendar.js';
import { partialPeriods } from '../core/coverage.js';
import { dayLabel, periodEnds } from '../core/period-ends.js';
import type { ActiveRow } from '../core/report.js';
import { activityReducer } from './activity-reducer.js';
import type { Reducer } from './reducer.js';

const WEEK = 7;
const L_LONG = 28;

/** `latest`: compute only the latest this many rows (null: every row, refused beyond MAX_ANALYTICS_ROWS). */
export function activeReducer(windowDays: number, state: InstallState, latest: number | null = null): Reducer {
  return activityReducer(state, (activity, { keep, settings, coverage, zone, unit }) => {
    const l7 = new Array<number>(WEEK).fill(0);
    const l28 = new Array<number>(L_LONG).fill(0);
    if (activity.empty) return { active: { windowDays, rows: [], asOf: null, l7, l28 }, activeEarlier: 0 };
    const { minDay, maxDay } = activity;
    // a row per day, or per period as of its end; refused before any work when every row is asked for and
    // there are too many
    const grid = periodEnds(unit, minDay, maxDay, latest, { section: 'active', settings });
    const { count, shown, atOrAfter } = grid;
    const rowCount = count - shown;
    // per shown row: +1 where a range of days starts covering its day, -1 where it stops (a difference array
    // over the rows, not over the days: the rows are what is produced)
    const dau = new Float64Array(rowCount + 1);
    const wau = new Float64Array(rowCount + 1);
    const mau = new Float64Array(rowCount + 1);
    /** the rows whose day is in [from, to) (absolute days, from at most the data's last day) */
    const cover = (diff: Float64Array, from: number, to: number) => {
      const a = Math.max(atOrAfter(from), shown);
      const b = atOrAfter(to);
      if (b <= a) return;
      diff[a - shown]++;
      diff[b - shown]--;
    };
    const last = maxDay - minDay;
    activity.forEachInstall(
      (day) => day,
      (_first, days, start, end) => {
        let in7 = 0;
        let in28 = 0;
        for (let i = start; i < end; i++) {
          const d = days[i];
          const next = i + 1 < end ? days[i + 1] : Infinity;
          const day = minDay + d;
          cover(dau, day, day + 1);
          cover(wau, day, minDay + Math.min(next, d + WEEK));
          cover(mau, day, minDay + Math.min(next, d + windowDays));
          if (d > last - WEEK) in7++;
          if (d > last - L_LONG) in28++;
        }
        if (in7 > 0) l7[in7 - 1]++;
        if (in28 > 0) l28[in28 - 1]++;
      },
      keep,
    );
    const rows: ActiveRow[] = [];
    const partial = partialPeriods(coverage, zone, periodCalendar(unit));
    for (let r = 0, d = 0, w = 0, m = 0; r < rowCount; r++) {
      d += dau[r];
      w += wau[r];
      m += mau[r];
      const p = shown + r;
      const day = grid.end(p);
      rows.push({
        period: unit === 'day' ? dayLabel(day) : grid.label(p),
        date: dayLabel(day),
        dau: d,
        wau: w,
        mau: m,
        stickiness: m === 0 ? 0 : d / m,
        partial: partial(grid.absolute(p)),
      });
    }
    return { active: { windowDays, rows, asOf: dayLabel(maxDay), l7, l28 }, activeEarlier: shown };
  });
}
