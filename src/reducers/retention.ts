// Weekly retention: installs grouped by the ISO week of their first event (the cohort); active[k] counts
// the cohort's installs with any event k weeks later, up to the last week of the data. Every week from the
// first to the last is a cohort row, empty ones included, so the triangle has no gaps.
//
// The triangle grows with the square of the span: one stamp in year 9999 with no window would make
// billions of cells. So it is bounded two ways: a caller that shows only the latest cohorts (the human
// formats show 52) asks for those alone, and a whole triangle over more than MAX_RETENTION_WEEKS weeks is
// refused with a setting error on the window, the setting that lets such a span in.

import { weekLabel, weekOfDay } from '../core/calendar.js';
import type { InstallState } from '../core/install-state.js';
import type { RetentionRow } from '../core/report.js';
import { SettingError } from '../core/setting-error.js';
import { windowLabel } from '../core/window.js';
import { activityReducer } from './activity-reducer.js';
import type { Reducer } from './reducer.js';

/**
 * The most weeks from the first cohort to the last week a whole triangle may span: about 57 years, at most
 * 4.5M cells (a JSON of ~15 MB). The default window (from 2000-01-01) stays under it until the 2050s.
 */
export const MAX_RETENTION_WEEKS = 3000;

/** `latest`: compute only the latest this many cohorts (null: all of them, the whole triangle). */
export function retentionReducer(state: InstallState, latest: number | null = null): Reducer {
  return activityReducer(state, (activity, { keep, settings }) => {
    if (activity.empty) return { retention: [], retentionEarlier: 0 };
    const firstWeek = weekOfDay(activity.minDay);
    const lastWeek = weekOfDay(activity.maxDay);
    const weeks = lastWeek - firstWeek + 1;
    if (latest === null && weeks > MAX_RETENTION_WEEKS) {
      throw new SettingError('window', windowLabel(settings.window), 'too-long-for-retention', `${weekLabel(firstWeek)}..${weekLabel(lastWeek)}`);
    }
    // cohorts before `shownWeek` are counted, not computed
    const shownWeek = latest === null ? firstWeek : Math.max(firstWeek, lastWeek - latest + 1);
    const rows: RetentionRow[] = [];
    for (let week = shownWeek; week <= lastWeek; week++) {
      rows.push({ cohort: weekLabel(week), installs: 0, active: new Array<number>(lastWeek - week + 1).fill(0) });
    }
    const skip = shownWeek - firstWeek;
    activity.forEachInstall(
      weekOfDay,
      (cohort, weeks, start, end) => {
        if (cohort < skip) return;
        const row = rows[cohort - skip];
        row.installs++;
        for (let i = start; i < end; i++) row.active[weeks[i] - cohort]++;
      },
      keep,
    );
    return { retention: rows, retentionEarlier: skip };
  });
}
