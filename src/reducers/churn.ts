// Churn (issue #13): an install whose last event is more than `quietDays` days behind at the end of a day
// is churned on the first such day (its last active day + quietDays + 1, when it has no event that day),
// if that day is in the data; an
// install churned that has an event again has returned, in the period of that event, and can churn again.
// Per period, from the data's first period to its last: installs that became churned, installs that
// returned, and installs churned and not back at the period's end.
//
// From the distinct active days of each install (InstallActivity): every gap of more than quietDays days
// between two active days is a churn and a return; the time after the last active day is a churn when it
// passes the threshold before the data's last day. Each lands in its period by calendar arithmetic, so the
// work follows the pairs and the rows, not the days of the span.

import type { InstallState } from '../core/install-state.js';
import { periodCalendar } from '../core/calendar.js';
import { partialPeriods } from '../core/coverage.js';
import { periodEnds } from '../core/period-ends.js';
import type { ChurnRow } from '../core/report.js';
import { activityReducer } from './activity-reducer.js';
import type { Reducer } from './reducer.js';

/** `latest`: compute only the latest this many rows (null: every row, refused beyond MAX_ANALYTICS_ROWS). */
export function churnReducer(quietDays: number, state: InstallState, latest: number | null = null): Reducer {
  return activityReducer(state, (activity, { keep, settings, coverage, zone, unit }) => {
    if (activity.empty) return { churn: { quietDays, rows: [] }, churnEarlier: 0 };
    const { minDay, maxDay } = activity;
    const { count, shown, periodOf, label, absolute } = periodEnds(unit, minDay, maxDay, latest, { section: 'churn', settings });
    const partial = partialPeriods(coverage, zone, periodCalendar(unit));
    const rows: ChurnRow[] = [];
    for (let p = shown; p < count; p++) rows.push({ period: label(p), churned: 0, returned: 0, gone: 0, partial: partial(absolute(p)) });
    /** churned minus returned in the periods before the first row: where `gone` starts */
    let goneBefore = 0;
    const churn = (p: number, n: number) => {
      if (p < shown) goneBefore += n;
      else if (n > 0) rows[p - shown].churned++;
      else rows[p - shown].returned++;
    };
    const lastDay = maxDay - minDay;
    activity.forEachInstall(
      (day) => day,
      (_first, days, start, end) => {
        for (let i = start; i < end; i++) {
          const churnDay = days[i] + quietDays + 1;
          if (churnDay > lastDay) break; // the threshold passes after the data's end
          if (i + 1 < end && days[i + 1] <= churnDay) continue; // back by then: its last event is recent again
          churn(periodOf(minDay + churnDay), 1);
          if (i + 1 < end) churn(periodOf(minDay + days[i + 1]), -1);
        }
      },
      keep,
    );
    let gone = goneBefore;
    for (const row of rows) row.gone = gone += row.churned - row.returned;
    return { churn: { quietDays, rows }, churnEarlier: shown };
  });
}
