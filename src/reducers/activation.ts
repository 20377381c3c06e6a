// Activation (issue #13; PostHog's funnel with a conversion window): per cohort (the period of an
// install's first event), how many installs ran `update` after their first event within `within` days of
// it, their share, and the median and 90th percentile of the time to that first `update`.
//
// "After" is in event order (instant, ties by input order): an install whose first event is an `update`
// needs a second one. So each install keeps its first event and its two earliest `update`s (10 words),
// which is exact whatever order the events arrive in. Times are whole seconds (the difference rounded
// down) shown as days; percentiles are nearest-rank (the value at rank ceil(p * n)), so they are real times.

import type { InstallState } from '../core/install-state.js';
import { periodEnds } from '../core/period-ends.js';
import type { ActivationRow, PeriodUnit } from '../core/report.js';
import type { Reducer } from './reducer.js';

const DAY = 86400;

/** The value at rank ceil(p * n) of ascending `sorted`; null for none. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/** `latest`: compute only the latest this many cohorts (null: every one, refused beyond MAX_ANALYTICS_ROWS). */
export function activationReducer(unit: PeriodUnit, within: number, state: InstallState, commandNames: readonly string[], latest: number | null = null): Reducer {
  // word offsets in each install's record
  const firstSecAt = state.claim(2, true);
  const update1SecAt = state.claim(2, true);
  const update2SecAt = state.claim(2, true);
  const firstNsAt = state.claim(1);
  const update1NsAt = state.claim(1);
  const update2NsAt = state.claim(1);
  /** bit 0: the first event is an update; bits 1-2: updates kept (0-2) */
  const flagsAt = state.claim(1);
  let updateId = -1;
  let seen = 0;
  let minDay = Infinity;
  let maxDay = -Infinity;
  return {
    add(batch) {
      if (updateId < 0) updateId = commandNames.indexOf('update');
      const { i32, f64, stride } = state;
      for (let i = 0; i < batch.size; i++) {
        const install = batch.install[i];
        const at = install * stride;
        const sec = batch.sec[i];
        const ns = batch.ns[i];
        const day = batch.day[i];
        if (day < minDay) minDay = day;
        if (day > maxDay) maxDay = day;
        const isUpdate = batch.command[i] === updateId && updateId >= 0;
        let flags = i32[at + flagsAt];
        if (install >= seen) {
          seen = install + 1;
          f64[(at + firstSecAt) >> 1] = sec;
          i32[at + firstNsAt] = ns;
          flags = isUpdate ? 1 : 0;
        } else {
          const firstSec = f64[(at + firstSecAt) >> 1];
          if (sec < firstSec || (sec === firstSec && ns < i32[at + firstNsAt])) {
            f64[(at + firstSecAt) >> 1] = sec;
            i32[at + firstNsAt] = ns;
            flags = (flags & ~1) | (isUpdate ? 1 : 0);
          }
        }
        if (isUpdate) {
          const kept = flags >> 1;
          const u1 = f64[(at + update1SecAt) >> 1];
          if (kept === 0) {
            f64[(at + update1SecAt) >> 1] = sec;
            i32[at + update1NsAt] = ns;
            flags = (flags & 1) | (1 << 1);
          } else if (sec < u1 || (sec === u1 && ns < i32[at + update1NsAt])) {
            f64[(at + update2SecAt) >> 1] = u1;
            i32[at + update2NsAt] = i32[at + update1NsAt];
            f64[(at + update1SecAt) >> 1] = sec;
            i32[at + update1NsAt] = ns;
            flags = (flags & 1) | (2 << 1);
          } else {
            const u2 = f64[(at + update2SecAt) >> 1];
            if (kept === 1 || sec < u2 || (sec === u2 && ns < i32[at + update2NsAt])) {
              f64[(at + update2SecAt) >> 1] = sec;
              i32[at + update2NsAt] = ns;
              flags = (flags & 1) | (2 << 1);
            }
          }
        }
        i32[at + flagsAt] = flags;
      }
    },
    finish({ zone, settings }) {
      if (seen === 0) return { activation: { within, rows: [] }, activationEarlier: 0 };
      const { count, shown, periodOf, label } = periodEnds(unit, minDay, maxDay, latest, { section: 'activation', settings });
      const rows: ActivationRow[] = [];
      const times: number[][] = [];
      for (let p = shown; p < count; p++) {
        rows.push({ cohort: label(p), installs: 0, converted: 0, share: 0, median: null, p90: null });
        times.push([]);
      }
      const { i32, f64, stride } = state;
      for (let install = 0; install < seen; install++) {
        const at = install * stride;
        const firstSec = f64[(at + firstSecAt) >> 1];
        const cohort = periodOf(zone.dayOf(firstSec)) - shown;
        if (cohort < 0) continue; // an earlier cohort than the rows asked for
        rows[cohort].installs++;
        const flags = i32[at + flagsAt];
        // the first update after the first event: the second earliest when the first event is one
        const which = flags & 1 ? 2 : 1;
        if (flags >> 1 < which) continue;
        const sec = f64[(at + (which === 1 ? update1SecAt : update2SecAt)) >> 1];
        const ns = i32[at + (which === 1 ? update1NsAt : update2NsAt)];
        const firstNs = i32[at + firstNsAt];
        const seconds = sec - firstSec;
        if (seconds > within * DAY || (seconds === within * DAY && ns > firstNs)) continue;
        rows[cohort].converted++;
        times[cohort].push(seconds - (ns < firstNs ? 1 : 0));
      }
      rows.forEach((row, c) => {
        const sorted = Float64Array.from(times[c]).sort();
        row.share = row.installs === 0 ? 0 : row.converted / row.installs;
        const median = nearestRank(sorted, 0.5);
        const p90 = nearestRank(sorted, 0.9);
        row.median = median === null ? null : median / DAY;
        row.p90 = p90 === null ? null : p90 / DAY;
      });
      return { activation: { within, rows }, activationEarlier: shown };
    },
  };
}
