// Events, active installs and the install lifecycle per day, ISO week or month, every period from the
// first to the last present.

import { periodCalendar } from '../core/calendar.js';
import { DayCounts } from '../core/day-counts.js';
import { InstallActivity } from '../core/install-activity.js';
import type { InstallState } from '../core/install-state.js';
import type { PeriodRow, PeriodUnit } from '../core/report.js';
import { StateError } from '../core/summary.js';
import type { Reducer } from './reducer.js';

export function periodsReducer(unit: PeriodUnit, state: InstallState): Reducer {
  const activity = new InstallActivity(state);
  const eventsByDay = new DayCounts();
  return {
    add(batch) {
      const { size, day } = batch;
      for (let i = 0; i < size; i++) eventsByDay.add(day[i]);
      activity.addBatch(batch);
    },
    finish({ zone, keep }) {
      if (activity.empty) return { periods: [] };
      const calendar = periodCalendar(unit);
      const first = calendar.periodOfDay(activity.minDay);
      const count = calendar.periodOfDay(activity.maxDay) - first + 1;
      const rows: PeriodRow[] = Array.from({ length: count }, (_, i) => ({
        period: calendar.label(first + i),
        events: 0,
        installs: 0,
        new: 0,
        returning: 0,
        resurrecting: 0,
        dormant: 0,
        total: 0,
      }));
      eventsByDay.forEach((day, events) => (rows[calendar.periodOfDay(day) - first].events += events));

      activity.forEachInstall(zone, calendar.periodOfDay, (firstPeriod, periods, start, end) => {
        for (let i = start; i < end; i++) {
          const p = periods[i];
          const row = rows[p];
          row.installs++;
          if (p === firstPeriod) row.new++;
          else if (i > start && periods[i - 1] === p - 1) row.returning++;
          else row.resurrecting++;
          const next = i + 1 < end ? periods[i + 1] : Infinity;
          if (next !== p + 1 && p + 1 < count) rows[p + 1].dormant++;
        }
      }, keep);
      let total = 0;
      for (const row of rows) row.total = total += row.new;
      return { periods: rows };
    },
    save(out) {
      const { first, counts } = eventsByDay.toArrays();
      out.json(first);
      out.array(counts);
      activity.save(out);
    },
    absorb(input, ids) {
      const first = input.json<number>('first day');
      const counts = input.f64('events per day');
      if (!Number.isInteger(first)) throw new StateError('has no first day');
      for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) eventsByDay.add(first + i, counts[i]);
      activity.absorb(input, ids);
    },
  };
}
