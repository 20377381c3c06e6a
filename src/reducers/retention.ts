// Weekly retention: installs grouped by the ISO week of their first event (the cohort); active[k] counts
// the cohort's installs with any event k weeks later, up to the last week of the data. Every week from the
// first to the last is a cohort row, empty ones included, so the triangle has no gaps.

import { weekLabel, weekOfDay } from '../core/calendar.js';
import { InstallActivity } from '../core/install-activity.js';
import type { InstallState } from '../core/install-state.js';
import type { RetentionRow } from '../core/report.js';
import type { Reducer } from './reducer.js';

export function retentionReducer(state: InstallState): Reducer {
  const activity = new InstallActivity(state);
  return {
    add(batch) {
      activity.addBatch(batch);
    },
    finish({ zone, keep }) {
      if (activity.empty) return { retention: [] };
      const firstWeek = weekOfDay(activity.minDay);
      const lastWeek = weekOfDay(activity.maxDay);
      const rows: RetentionRow[] = [];
      for (let week = firstWeek; week <= lastWeek; week++) {
        rows.push({ cohort: weekLabel(week), installs: 0, active: new Array<number>(lastWeek - week + 1).fill(0) });
      }
      activity.forEachInstall(zone, weekOfDay, (cohort, weeks, start, end) => {
        const row = rows[cohort];
        row.installs++;
        for (let i = start; i < end; i++) row.active[weeks[i] - cohort]++;
      }, keep);
      return { retention: rows };
    },
    save(out) {
      activity.save(out);
    },
    absorb(input, ids) {
      activity.absorb(input, ids);
    },
  };
}
