// The periods from the data's first day to its last, each with the day its "as of" numbers are taken on:
// the period's last day, or the data's last day for a period that the data ends inside (issue #13's
// adoption and active tables, and churn's period of a day).

import { dayLabel, periodCalendar } from './calendar.js';
import type { PeriodUnit } from './report.js';

export interface PeriodEnds {
  /** period labels, first to last */
  labels: string[];
  /** ends[p]: the last day of period p that is at most the data's last day */
  ends: Int32Array;
  /** periodOf[day - firstDay]: the period index (0 = the first period) of each day */
  periodOf: Int32Array;
}

export function periodEnds(unit: PeriodUnit, firstDay: number, lastDay: number): PeriodEnds {
  const calendar = periodCalendar(unit);
  const first = calendar.periodOfDay(firstDay);
  const count = calendar.periodOfDay(lastDay) - first + 1;
  const labels = Array.from({ length: count }, (_, p) => calendar.label(first + p));
  const ends = new Int32Array(count);
  const periodOf = new Int32Array(lastDay - firstDay + 1);
  for (let day = firstDay; day <= lastDay; day++) {
    const p = calendar.periodOfDay(day) - first;
    periodOf[day - firstDay] = p;
    ends[p] = day; // the last day of the period seen wins
  }
  return { labels, ends, periodOf };
}

export { dayLabel };
