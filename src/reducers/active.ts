// Rolling active installs (issue #13; PostHog, Mozilla and Statsig define them this way): per day, DAU
// (installs with an event that day), WAU (in the 7 days ending that day), MAU (in the `windowDays` days
// ending it, 28 by default), and stickiness DAU/MAU; with --by week|month, the same numbers as of each
// period's last day. L7/L28 (Statsig): how many installs were active on exactly k of the 7 / 28 days
// ending the data's last day.
//
// From the distinct (day, install) pairs of InstallActivity: an install active on days d1 < d2 < … is in
// the W-day window of every day x with d_i <= x < min(d_{i+1}, d_i + W), one range per active day, added
// to a difference array over the days.

import { InstallActivity } from '../core/install-activity.js';
import type { InstallState } from '../core/install-state.js';
import { dayLabel, periodEnds } from '../core/period-ends.js';
import type { ActiveRow, PeriodUnit } from '../core/report.js';
import type { Reducer } from './reducer.js';

const WEEK = 7;
const L_LONG = 28;

export function activeReducer(unit: PeriodUnit, windowDays: number, state: InstallState): Reducer {
  const activity = new InstallActivity(state);
  return {
    add(batch) {
      activity.addBatch(batch);
    },
    // the active days are the whole summary (docs/incremental.md)
    save(out) {
      activity.save(out);
    },
    absorb(input, ids) {
      activity.absorb(input, ids);
    },
    finish({ zone, keep }) {
      const l7 = new Array<number>(WEEK).fill(0);
      const l28 = new Array<number>(L_LONG).fill(0);
      if (activity.empty) return { active: { windowDays, rows: [], asOf: null, l7, l28 } };
      const { minDay, maxDay } = activity;
      const span = maxDay - minDay + 1;
      const dau = new Float64Array(span);
      const wau = new Float64Array(span + 1);
      const mau = new Float64Array(span + 1);
      const last = span - 1;
      activity.forEachInstall(zone, (day) => day, (_first, days, start, end) => {
        let in7 = 0;
        let in28 = 0;
        for (let i = start; i < end; i++) {
          const d = days[i];
          const next = i + 1 < end ? days[i + 1] : span;
          dau[d]++;
          wau[d]++;
          wau[Math.min(next, d + WEEK)]--;
          mau[d]++;
          mau[Math.min(next, d + windowDays)]--;
          if (d > last - WEEK) in7++;
          if (d > last - L_LONG) in28++;
        }
        if (in7 > 0) l7[in7 - 1]++;
        if (in28 > 0) l28[in28 - 1]++;
      }, keep);
      for (let d = 1; d < span; d++) {
        wau[d] += wau[d - 1];
        mau[d] += mau[d - 1];
      }
      const row = (period: string, day: number): ActiveRow => {
        const d = day - minDay;
        return { period, date: dayLabel(day), dau: dau[d], wau: wau[d], mau: mau[d], stickiness: mau[d] === 0 ? 0 : dau[d] / mau[d] };
      };
      const rows: ActiveRow[] = [];
      if (unit === 'day') {
        for (let day = minDay; day <= maxDay; day++) rows.push(row(dayLabel(day), day));
      } else {
        const { labels, ends } = periodEnds(unit, minDay, maxDay);
        labels.forEach((label, p) => rows.push(row(label, ends[p])));
      }
      return { active: { windowDays, rows, asOf: dayLabel(maxDay), l7, l28 } };
    },
  };
}
