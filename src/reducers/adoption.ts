// Release adoption (issue #13; Replicated's definition for installed software): an install is active on a
// day when it had an event in the `activeDays` days ending that day (14 by default), and it is on the
// version of its latest event so far. Per period, as of its last day (the data's last day for the last
// period): active installs, how many are on each of the top versions and on the rest, the share on the 3
// highest versions started so far, versions in use, and the median relative age (days from the start of
// the install's version to the start of the newest version, 0 when the install's is the newer one or has
// not started). Per release, on every day: its start (first seen: the first day in real use, issue #21, see
// core/release-starts.ts; strays before it do not count), days from it to 50% and 90% of active installs,
// peak share, and the first day after the peak under 10% ("replaced").
//
// From DayVersionLog (one record per (day, install)): an install on version v_i on active day d_i is
// active on v_i for the days [d_i, min(d_{i+1}, d_i + activeDays)); those ranges, per version, give each
// version's daily count without a (version × day) grid. The ranges' ends, sorted, cut the days into steps on
// which every count is constant: the releases are measured step by step and the rows are read at their days,
// so the work follows the pairs and the rows produced, never the days of the span (`--window ..` and one
// stamp in year 9999 make 3.65M of them).

import { DayVersionLog } from '../core/day-version-log.js';
import type { InstallState } from '../core/install-state.js';
import { periodCalendar } from '../core/calendar.js';
import { partialPeriods } from '../core/coverage.js';
import { ReleaseStarts } from '../core/release-starts.js';
import { dayLabel, periodEnds } from '../core/period-ends.js';
import type { AdoptionPeriodRow, AdoptionReport, AdoptionVersionRow, ReleaseRow } from '../core/report.js';
import { compareVersions } from '../core/version-order.js';
import type { Reducer } from './reducer.js';

/** versions with their own column per period; the rest are "other" */
export const TOP_VERSIONS = 5;
/** of those, the highest by SemVer among the versions in use always have one (a release in its first month) */
export const NEWEST_COLUMNS = 3;
const LATEST = 3;
/**
 * JSON's and CSV's long form (`adoption.versions`) lists at most this many versions per period, the rest summed:
 * 200,000 distinct versions over 120 days would otherwise be millions of entries
 */
export const VERSIONS_PER_PERIOD = 100;
/** the most days of daily shares kept for the HTML chart by week or month (AdoptionReport.daily): ten years */
export const ADOPTION_DAYS = 3660;

/** `latestRows`: compute only the latest this many rows (null: every row, refused beyond MAX_ANALYTICS_ROWS). */
export function adoptionReducer(activeDays: number, state: InstallState, latestRows: number | null = null): Reducer {
  const log = new DayVersionLog(state);
  return {
    add(batch) {
      log.addBatch(batch);
    },
    // the (day, install) records are the whole summary (docs/incremental.md)
    save(out) {
      log.save(out);
    },
    absorb(input, ids) {
      log.absorb(input, ids);
    },
    finish({ versionNames, keep, settings, coverage, zone, unit }) {
      const top: string[] = [];
      if (log.seen === 0)
        return { adoption: { activeDays, top, periods: [], releases: [], versionCap: VERSIONS_PER_PERIOD, versions: [] }, adoptionEarlier: 0 };
      const { minDay, maxDay } = log;
      // refused before any work when every row is asked for and there are too many
      const grid = periodEnds(unit, minDay, maxDay, latestRows, { section: 'adoption', settings });
      const { count: periodCount, shown } = grid;
      const partial = partialPeriods(coverage, zone, periodCalendar(unit));
      const span = maxDay - minDay + 1;
      const versionsSeen = log.versionCount;
      /** the first day of any event: which versions occur at all */
      const first = Float64Array.from({ length: versionsSeen }, (_, v) => log.firstDay(v));
      const startFinder = new ReleaseStarts(versionsSeen);

      // ranges [from, to) of days (relative to minDay) on which one install is active on one version; an install's
      // records each start at most one range, so the log's size bounds them
      const rangeVersion = new Int32Array(log.size);
      const rangeFrom = new Int32Array(log.size);
      const rangeTo = new Int32Array(log.size);
      let ranges = 0;
      log.forEachInstall((_install, days, versions, count) => {
        let version = -1;
        let from = 0;
        let to = 0;
        for (let i = 0; i < count; i++) {
          startFinder.add(days[i], versions[i]);
          const d = days[i] - minDay;
          const next = i + 1 < count ? days[i + 1] - minDay : span;
          const end = Math.min(next, d + activeDays, span);
          if (versions[i] === version && d === to) {
            to = end; // the same version on the next active day: one range
          } else {
            if (version >= 0) {
              rangeVersion[ranges] = version;
              rangeFrom[ranges] = from;
              rangeTo[ranges++] = to;
            }
            version = versions[i];
            from = d;
            to = end;
          }
        }
        if (version >= 0) {
          rangeVersion[ranges] = version;
          rangeFrom[ranges] = from;
          rangeTo[ranges++] = to;
        }
      }, keep);
      /** each version's start, its first day in real use (core/release-starts.ts); Infinity: none */
      const start = startFinder.starts();

      // the ranges' ends (+1 at from, -1 at to): edge e < ranges starts range e, edge ranges + e ends it. Sorted by
      // day, then grouped by version (a stable counting sort)
      const edgeCount = ranges * 2;
      const edgeDay = (e: number) => (e < ranges ? rangeFrom[e] : rangeTo[e - ranges]);
      const edgeVersion = (e: number) => rangeVersion[e < ranges ? e : e - ranges];
      const byDay = new Int32Array(edgeCount);
      if (span <= 4 * edgeCount) {
        // days of a few years: a counting sort over the days
        const dayStarts = new Int32Array(span + 2);
        for (let e = 0; e < edgeCount; e++) dayStarts[edgeDay(e) + 1]++;
        for (let d = 0; d <= span; d++) dayStarts[d + 1] += dayStarts[d];
        for (let e = 0; e < edgeCount; e++) byDay[dayStarts[edgeDay(e)]++] = e;
      } else {
        // far more days than edges (`--window ..` and a stamp in year 9999): one typed sort of day * edges + e
        // (below 2^53: days < 2^22, edges < 2^31), no array over the days
        const keys = new Float64Array(edgeCount);
        for (let e = 0; e < edgeCount; e++) keys[e] = edgeDay(e) * edgeCount + e;
        keys.sort();
        for (let k = 0; k < edgeCount; k++) byDay[k] = keys[k] % edgeCount;
      }

      // active installs as steps: active[k] on the days [stepDay[k], stepDay[k + 1]) (the last step to the span)
      const stepDay = new Int32Array(edgeCount + 1);
      const stepActive = new Float64Array(edgeCount + 1);
      let steps = 0;
      for (let k = 0, sum = 0; k < edgeCount; ) {
        const day = edgeDay(byDay[k]);
        while (k < edgeCount && edgeDay(byDay[k]) === day) sum += byDay[k++] < ranges ? 1 : -1;
        if (day >= span) break;
        stepDay[steps] = day;
        stepActive[steps++] = sum;
      }
      stepDay[steps] = span;
      /** the step holding day d (0 <= d < span) */
      const stepOf = (d: number) => {
        let lo = 0;
        let hi = steps - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (stepDay[mid] <= d) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      };
      const activeOn = (d: number) => stepActive[stepOf(d)];

      const starts = new Int32Array(versionsSeen + 1);
      for (let e = 0; e < edgeCount; e++) starts[edgeVersion(e) + 1]++;
      for (let v = 0; v < versionsSeen; v++) starts[v + 1] += starts[v];
      const fill = starts.slice(0, versionsSeen);
      const edges = new Int32Array(edgeCount);
      for (let k = 0; k < edgeCount; k++) {
        const e = byDay[k];
        edges[fill[edgeVersion(e)]++] = e;
      }

      const rowCount = periodCount - shown;
      /** per row: the versions with active installs on its day, and how many */
      const periodVersions: number[][] = Array.from({ length: rowCount }, () => []);
      const periodCounts: number[][] = Array.from({ length: rowCount }, () => []);
      const peakCount = new Float64Array(versionsSeen);
      const releases: ReleaseRow[] = [];
      // for people by week or month, each version's runs, to give the top columns' daily shares (the HTML chart)
      const wantDaily = latestRows !== null && unit !== 'day';
      const runsOf: number[][] = [];

      for (let v = 0; v < versionsSeen; v++) {
        if (first[v] === Infinity) continue;
        let count = 0;
        let peakShare = 0;
        let peakDay = -1;
        let reach50 = -1;
        let reach90 = -1;
        /** days to 50% and 90% count from the start, and only days from it on */
        const startDay = start[v] - minDay;
        /** runs of days with a count above 0: [from, to, count] */
        const runs: number[] = [];
        const end = starts[v + 1];
        for (let k = starts[v]; k < end; ) {
          const day = edgeDay(edges[k]);
          while (k < end && edgeDay(edges[k]) === day) count += edges[k++] < ranges ? 1 : -1;
          const nextDay = k < end ? edgeDay(edges[k]) : span;
          if (count === 0 || day >= span) continue;
          runs.push(day, nextDay, count);
          // the share is constant on each step of the active installs inside the run: its first day stands for it
          for (let j = stepOf(day), d = day; d < nextDay; d = stepDay[++j]) {
            const share = count / stepActive[j];
            if (share > peakShare) {
              peakShare = share;
              peakDay = d;
            }
            if (Math.min(stepDay[j + 1], nextDay) > startDay) {
              if (reach50 < 0 && share >= 0.5) reach50 = Math.max(d, startDay);
              if (reach90 < 0 && share >= 0.9) reach90 = Math.max(d, startDay);
            }
          }
          // `top` looks at every day, whatever the period: the same columns by day, week or month
          if (count > peakCount[v]) peakCount[v] = count;
          const firstPeriod = grid.atOrAfter(minDay + day);
          const lastPeriod = grid.atOrAfter(minDay + nextDay);
          for (let p = Math.max(firstPeriod, shown); p < lastPeriod; p++) {
            periodVersions[p - shown].push(v);
            periodCounts[p - shown].push(count);
          }
        }
        if (wantDaily) runsOf[v] = runs;
        let replaced: number | null = null;
        if (peakDay >= 0) {
          // the first day after the peak under 10%: inside a run, or the first day no run covers
          let d = peakDay + 1;
          for (let k = 0; k < runs.length && replaced === null && d < span; k += 3) {
            const [from, to, count] = [runs[k], runs[k + 1], runs[k + 2]];
            if (to <= d) continue;
            if (from > d) {
              replaced = d;
              break;
            }
            for (let j = stepOf(d); d < to; d = stepDay[++j]) {
              if (count / stepActive[j] < 0.1) {
                replaced = d;
                break;
              }
            }
            if (d > to) d = to;
          }
          if (replaced === null && d < span) replaced = d;
        }
        releases.push({
          version: versionNames[v],
          firstSeen: start[v] === Infinity ? null : dayLabel(start[v]),
          peakShare,
          peakDate: peakDay < 0 ? null : dayLabel(minDay + peakDay),
          days50: reach50 < 0 ? null : reach50 - startDay,
          days90: reach90 < 0 ? null : reach90 - startDay,
          replaced: replaced === null ? null : dayLabel(minDay + replaced),
        });
      }
      releases.sort((a, b) => compareVersions(b.version, a.version));

      // the columns (issue #21 item 1): among the versions in use on any day, the NEWEST_COLUMNS highest by
      // SemVer (a new release never beats an old one's peak in its first weeks), then the most active
      // installs on any day (ties newest first) up to TOP_VERSIONS; shown newest first
      const seenIds: number[] = [];
      for (let v = 0; v < versionsSeen; v++) if (first[v] !== Infinity && peakCount[v] > 0) seenIds.push(v);
      const newestFirst = (a: number, b: number) => compareVersions(versionNames[b], versionNames[a]);
      seenIds.sort(newestFirst);
      const mostUsed = seenIds.slice(NEWEST_COLUMNS).sort((a, b) => peakCount[b] - peakCount[a] || newestFirst(a, b));
      const topIds = [...seenIds.slice(0, NEWEST_COLUMNS), ...mostUsed.slice(0, TOP_VERSIONS - NEWEST_COLUMNS)].sort(newestFirst);
      // seenIds is every version in use, newest first: its index orders the long form's ties without comparing
      // version strings per row (200,000 versions over 120 days made that most of the run)
      const newness = new Int32Array(versionsSeen);
      seenIds.forEach((v, i) => (newness[v] = i));
      for (const v of topIds) top.push(versionNames[v]);

      // started versions by start, to know the newest ones as of each period's last day
      const byStart: number[] = [];
      for (let v = 0; v < versionsSeen; v++) if (start[v] !== Infinity) byStart.push(v);
      byStart.sort((a, b) => start[a] - start[b]);
      const latest: number[] = []; // the up to 3 highest versions started so far, highest first
      let nextNew = 0;
      const periods: AdoptionPeriodRow[] = [];
      const longForm: AdoptionVersionRow[] = [];
      for (let p = shown; p < periodCount; p++) {
        const day = grid.end(p);
        while (nextNew < byStart.length && start[byStart[nextNew]] <= day) {
          const v = byStart[nextNew++];
          latest.push(v);
          latest.sort((a, b) => compareVersions(versionNames[b], versionNames[a]));
          if (latest.length > LATEST) latest.pop();
        }
        const total = activeOn(day - minDay);
        const versions = periodVersions[p - shown];
        const counts = periodCounts[p - shown];
        const countOf = (v: number) => {
          const i = versions.indexOf(v);
          return i < 0 ? 0 : counts[i];
        };
        const installs = topIds.map(countOf);
        const onTop = installs.reduce((sum, n) => sum + n, 0);
        const onLatest = latest.reduce((sum, v) => sum + countOf(v), 0);
        // relative age of each version in use (0 for one not started by then, or none started); the median
        // over installs, nearest rank
        let medianAge: number | null = null;
        if (total > 0) {
          const newestStart = latest.length === 0 ? -Infinity : start[latest[0]];
          const ages = versions.map((v, i) => [start[v] > day ? 0 : Math.max(0, newestStart - start[v]), counts[i]]).sort((a, b) => a[0] - b[0]);
          const rank = Math.ceil(total / 2);
          let cumulative = 0;
          for (const [age, n] of ages) {
            cumulative += n;
            if (cumulative >= rank) {
              medianAge = age;
              break;
            }
          }
        }
        // the long form: most installs first, ties newest first; beyond the cap, one entry for the rest
        const order = versions.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || newness[versions[a]] - newness[versions[b]]);
        let rest = 0;
        order.forEach((i, k) => {
          if (k < VERSIONS_PER_PERIOD)
            longForm.push({ period: grid.label(p), version: versionNames[versions[i]], installs: counts[i], share: counts[i] / total });
          else rest += counts[i];
        });
        if (order.length > VERSIONS_PER_PERIOD) longForm.push({ period: grid.label(p), version: null, installs: rest, share: rest / total });
        periods.push({
          period: grid.label(p),
          date: dayLabel(day),
          active: total,
          installs,
          shares: installs.map((n) => (total === 0 ? 0 : n / total)),
          other: total - onTop,
          latest3: total === 0 ? 0 : onLatest / total,
          inUse: versions.length,
          medianAge,
          partial: partial(grid.absolute(p)),
        });
      }
      const adoption: AdoptionReport = { activeDays, top, periods, releases, versionCap: VERSIONS_PER_PERIOD, versions: longForm };
      if (wantDaily && shown < periodCount) {
        // every day of the rows shown (from the first one's first day in the data), the last ADOPTION_DAYS at most
        const firstShown = periodCalendar(unit).lastDay(grid.absolute(shown) - 1) + 1 - minDay;
        const from = Math.max(0, firstShown, span - ADOPTION_DAYS);
        const counts = topIds.map((v) => {
          const onDay = new Float64Array(span - from);
          const runs = runsOf[v] ?? [];
          for (let k = 0; k < runs.length; k += 3) for (let d = Math.max(from, runs[k]); d < Math.min(span, runs[k + 1]); d++) onDay[d - from] = runs[k + 2];
          return onDay;
        });
        adoption.daily = Array.from({ length: span - from }, (_, i) => {
          const active = activeOn(from + i);
          return { date: dayLabel(minDay + from + i), active, shares: counts.map((onDay) => (active === 0 ? 0 : onDay[i] / active)) };
        });
      }
      return { adoption, adoptionEarlier: shown };
    },
  };
}
