// Events, active installs and the install lifecycle per day, ISO week or month, every period from the
// first to the last present. For people (table, Markdown, HTML) long runs of empty periods are left out as
// gaps, and over a span of centuries (`--window ..`) they are never made: only the periods with events, or
// with installs going dormant, get a row.

import { periodCalendar } from '../core/calendar.js';
import { DayCounts } from '../core/day-counts.js';
import { InstallActivity } from '../core/install-activity.js';
import type { InstallState } from '../core/install-state.js';
import { periodEnds } from '../core/period-ends.js';
import { partialPeriods } from '../core/coverage.js';
import type { PeriodGap, PeriodRow, PeriodUnit } from '../core/report.js';
import { StateError } from '../state/summary.js';
import type { Reducer } from './reducer.js';

/**
 * Beyond this many periods a collapsed section is built from the periods with events alone: `--window ..` and
 * a stamp in year 9999 make 3.65M days, and a row object for each would take most of a gigabyte.
 */
export const SPARSE_PERIODS = 1 << 16;

/** No events and no installs counted: what a run of empty periods is made of (`total` carries on). */
const isEmpty = (row: PeriodRow) =>
  row.events === 0 && row.installs === 0 && row.new === 0 && row.returning === 0 && row.resurrecting === 0 && row.dormant === 0;

const blankRow = (period: string): PeriodRow => ({
  period,
  events: 0,
  installs: 0,
  new: 0,
  returning: 0,
  resurrecting: 0,
  dormant: 0,
  total: 0,
  partial: false,
});

/**
 * `maxPeriods`: refuse more rows than this before computing them (null: no limit). `collapseRuns`: leave runs of at
 * least this many empty periods out of the rows, as `periodGaps` (null: every row). `sparseFrom`: the period
 * count from which a collapsed section skips the empty periods without visiting them (a test lowers it).
 */
export function periodsReducer(
  trackedUnit: PeriodUnit,
  state: InstallState,
  maxPeriods: number | null = null,
  collapseRuns: number | null = null,
  sparseFrom = SPARSE_PERIODS,
): Reducer {
  const activity = new InstallActivity(state);
  activity.trackTotals(trackedUnit, periodCalendar(trackedUnit).periodOfDay);
  const eventsByDay = new DayCounts();
  return {
    add(batch) {
      const { size, day } = batch;
      for (let i = 0; i < size; i++) eventsByDay.add(day[i]);
      activity.addBatch(batch);
    },
    finish({ keep, settings, coverage, zone, unit }) {
      if (activity.empty) return { periods: [] };
      const calendar = periodCalendar(unit);
      const partial = partialPeriods(coverage, zone, calendar);
      const first = calendar.periodOfDay(activity.minDay);
      // refused before the rows are made
      const { count } = periodEnds(
        unit,
        activity.minDay,
        activity.maxDay,
        null,
        maxPeriods === null ? null : { section: 'periods', settings, limit: maxPeriods },
      );
      /** the row of period p (0 = the first), made when first asked for */
      let rowOf: (p: number) => PeriodRow;
      /** the rows made, by period */
      let made: () => [number, PeriodRow][];
      if (collapseRuns !== null && count >= sparseFrom) {
        // only periods with events, or with installs going dormant, get a row: the rest are empty
        const rows = new Map<number, PeriodRow>();
        rowOf = (p) => {
          let row = rows.get(p);
          if (row === undefined) rows.set(p, (row = blankRow(calendar.label(first + p))));
          return row;
        };
        made = () => Array.from(rows).sort((a, b) => a[0] - b[0]);
      } else {
        const rows: PeriodRow[] = Array.from({ length: count }, (_, i) => blankRow(calendar.label(first + i)));
        rowOf = (p) => rows[p];
        made = () => rows.map((row, p) => [p, row]);
      }
      eventsByDay.forEach((day, events) => (rowOf(calendar.periodOfDay(day) - first).events += events));

      // a state's totals and the installs touched since (docs/incremental.md), else a walk over every install
      // (kept for the unit a state tracks: a period picked from the span at the end is walked)
      const totals = (collapseRuns !== null && count >= sparseFrom) || unit !== trackedUnit ? null : activity.periodTotals();
      if (totals !== null) {
        for (let p = 0; p < count; p++) {
          const at = first + p - totals.origin;
          if (at < 0 || at >= totals.length) continue;
          const row = rowOf(p);
          row.installs = totals.installs[at];
          row.new = totals.fresh[at];
          row.returning = totals.returning[at];
          row.resurrecting = totals.resurrecting[at];
          // the first period has none: nothing was active before it
          if (p > 0) row.dormant = totals.dormant[at];
        }
      } else {
        activity.forEachInstall(
          calendar.periodOfDay,
          (firstPeriod, periods, start, end) => {
            for (let i = start; i < end; i++) {
              const p = periods[i];
              const row = rowOf(p);
              row.installs++;
              if (p === firstPeriod) row.new++;
              else if (i > start && periods[i - 1] === p - 1) row.returning++;
              else row.resurrecting++;
              const next = i + 1 < end ? periods[i + 1] : Infinity;
              if (next !== p + 1 && p + 1 < count) rowOf(p + 1).dormant++;
            }
          },
          keep,
        );
      }
      const rows: PeriodRow[] = [];
      const gaps: PeriodGap[] = [];
      let total = 0;
      let previous = -1;
      for (const [p, row] of made()) {
        // an empty row is made again below, unless its run is left out
        if (collapseRuns !== null && isEmpty(row)) continue;
        // the empty periods since the last row kept
        const empty = p - previous - 1;
        if (collapseRuns !== null && empty >= collapseRuns) {
          gaps.push({ index: rows.length, count: empty, first: calendar.label(first + previous + 1), last: calendar.label(first + p - 1) });
        } else {
          for (let q = previous + 1; q < p; q++) rows.push({ ...blankRow(calendar.label(first + q)), total, partial: partial(first + q) });
        }
        row.total = total += row.new;
        row.partial = partial(first + p);
        rows.push(row);
        previous = p;
      }
      return collapseRuns === null ? { periods: rows } : { periods: rows, periodGaps: gaps };
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
      return activity.absorb(input, ids);
    },
  };
}
