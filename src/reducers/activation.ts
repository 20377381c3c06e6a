// Activation (issue #13; PostHog's funnel with a conversion window): per cohort (the period of an
// install's first event), how many installs ran `update` after their first event within `within` days of
// it, their share, and the median and 90th percentile of the time to that first `update`.
//
// "After" is in event order (instant, ties by input order): an install whose first event is an `update`
// needs a second one. So each install keeps its first event and its two earliest `update`s (10 words),
// which is exact whatever order the events arrive in. Times are whole seconds (the difference rounded
// down) shown as days; percentiles are nearest-rank (the value at rank ceil(p * n)), so they are real times.
//
// State (docs/incremental.md): those fields are in the install records, which the state keeps anyway; a
// saved install's first event and two earliest updates are absorbed as three events that come now, which
// is exact: the earliest event and the two earliest updates of the union are among them.

import type { InstallState } from '../core/install-state.js';
import { periodEnds } from '../core/period-ends.js';
import type { ActivationRow } from '../core/report.js';
import { StateError } from '../state/summary.js';
import type { Reducer } from './reducer.js';

const DAY = 86400;

/** The value at rank ceil(p * n) of ascending `sorted`; null for none. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/** `latest`: compute only the latest this many cohorts (null: every one, refused beyond MAX_ANALYTICS_ROWS). */
export function activationReducer(within: number, state: InstallState, commandNames: readonly string[], latest: number | null = null): Reducer {
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

  /** An update at (sec, ns) of install record `at`, after every event seen so far; returns the new flags. */
  function addUpdate(at: number, flags: number, sec: number, ns: number): number {
    const { i32, f64 } = state;
    const kept = flags >> 1;
    const u1 = f64[(at + update1SecAt) >> 1];
    if (kept === 0) {
      f64[(at + update1SecAt) >> 1] = sec;
      i32[at + update1NsAt] = ns;
      return (flags & 1) | (1 << 1);
    }
    if (sec < u1 || (sec === u1 && ns < i32[at + update1NsAt])) {
      f64[(at + update2SecAt) >> 1] = u1;
      i32[at + update2NsAt] = i32[at + update1NsAt];
      f64[(at + update1SecAt) >> 1] = sec;
      i32[at + update1NsAt] = ns;
      return (flags & 1) | (2 << 1);
    }
    const u2 = f64[(at + update2SecAt) >> 1];
    if (kept === 1 || sec < u2 || (sec === u2 && ns < i32[at + update2NsAt])) {
      f64[(at + update2SecAt) >> 1] = sec;
      i32[at + update2NsAt] = ns;
      return (flags & 1) | (2 << 1);
    }
    return flags;
  }

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
        if (isUpdate) flags = addUpdate(at, flags, sec, ns);
        i32[at + flagsAt] = flags;
      }
    },
    // the per-install fields are in the records the state keeps; only the counts and the day range here
    save(out) {
      out.json({ installs: seen, minDay: seen === 0 ? null : minDay, maxDay: seen === 0 ? null : maxDay });
    },
    absorb(input, ids) {
      const head = input.json<{ installs: number; minDay: number | null; maxDay: number | null }>('activation');
      const n = head?.installs;
      if (!Number.isInteger(n) || n < 0 || n > ids.installs) throw new StateError('has activation for installs it does not have');
      if (n > 0 && (!Number.isInteger(head.minDay) || !Number.isInteger(head.maxDay) || head.minDay! > head.maxDay!))
        throw new StateError('has no day range for its activation');
      if (n === 0) return;
      minDay = Math.min(minDay, head.minDay!);
      maxDay = Math.max(maxDay, head.maxDay!);
      if (ids.identity) {
        // the records were copied whole
        seen = Math.max(seen, n);
        return;
      }
      const { i32, f64, stride } = state;
      const { records, records64 } = ids;
      for (let saved = 0; saved < n; saved++) {
        const install = ids.install[saved];
        const at = install * stride;
        const from = saved * ids.stride;
        const savedFlags = records[from + flagsAt];
        const kept = savedFlags >> 1;
        const firstSec = records64[(from + firstSecAt) >> 1];
        const firstNs = records[from + firstNsAt];
        if (kept < 0 || kept > 2 || !Number.isFinite(firstSec)) throw new StateError('has an activation record out of range');
        if (install > seen) throw new Error('activation absorb: install ids out of order');
        let flags: number;
        if (install === seen) {
          seen++;
          f64[(at + firstSecAt) >> 1] = firstSec;
          i32[at + firstNsAt] = firstNs;
          flags = savedFlags & 1;
        } else {
          flags = i32[at + flagsAt];
          const first = f64[(at + firstSecAt) >> 1];
          if (firstSec < first || (firstSec === first && firstNs < i32[at + firstNsAt])) {
            f64[(at + firstSecAt) >> 1] = firstSec;
            i32[at + firstNsAt] = firstNs;
            flags = (flags & ~1) | (savedFlags & 1);
          }
        }
        // the saved updates, earliest first, as events that come now
        if (kept >= 1) flags = addUpdate(at, flags, records64[(from + update1SecAt) >> 1], records[from + update1NsAt]);
        if (kept >= 2) flags = addUpdate(at, flags, records64[(from + update2SecAt) >> 1], records[from + update2NsAt]);
        i32[at + flagsAt] = flags;
      }
    },
    finish({ zone, settings, unit }) {
      if (seen === 0) return { activation: { within, rows: [] }, activationEarlier: 0 };
      const { count, shown, periodOf, label, end } = periodEnds(unit, minDay, maxDay, latest, { section: 'activation', settings });
      const rows: ActivationRow[] = [];
      const times: number[][] = [];
      for (let p = shown; p < count; p++) {
        rows.push({ cohort: label(p), installs: 0, converted: 0, share: 0, median: null, p90: null, open: end(p) + within > maxDay });
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
