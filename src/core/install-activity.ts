// Which days each install was active (the first of them is the day it was first seen): what periods
// (lifecycle) and retention are computed from. Kept as distinct (day, install) pairs on dense ids, never as sets of strings.

import type { InstallState } from './install-state.js';
import type { EventBatch } from './event-batch.js';
import { PairLog } from './pair-log.js';
import { MAX_TOTAL_PERIODS, PeriodTotals } from './period-totals.js';
import type { PeriodUnit } from './report.js';
import { StateError, type IdMaps, type InstallMerge, type SummaryReader, type SummaryWriter } from '../state/summary.js';

/** a day no event has: the next event of an absorbed install always logs its day */
const NO_DAY = -0x80000000;

export class InstallActivity {
  private readonly pairs = new PairLog();
  private readonly state: InstallState;
  // word offset in each install's record of the day last logged (repeats on that day are not logged again).
  // An install's first day is the first of its logged days: days do not decrease as instants grow, so the day
  // of its earliest event is the earliest of its days, and no first instant is kept.
  private readonly lastDayAt: number;
  /** installs seen so far (ids are dense and first seen in order) */
  private seen = 0;
  minDay = Infinity;
  maxDay = -Infinity;
  /** the unit whose lifecycle totals a state keeps (`trackTotals`), and its day → absolute period */
  private totalsUnit: PeriodUnit | null = null;
  private periodOf: (day: number) => number = (day) => day;
  /** the totals of the pairs grouped in the log's base (from a state), or null: then they are walked */
  private totals: PeriodTotals | null = null;

  constructor(state: InstallState) {
    this.state = state;
    this.lastDayAt = state.claim(1);
  }

  addBatch(batch: EventBatch): void {
    const { size, install: installs, day: days } = batch;
    const { i32, stride } = this.state;
    const { lastDayAt, pairs } = this;
    let { seen, minDay, maxDay } = this;
    for (let i = 0; i < size; i++) {
      const install = installs[i];
      const at = install * stride;
      const day = days[i];
      if (install >= seen) {
        seen = install + 1;
        i32[at + lastDayAt] = day;
        pairs.push(day, install);
      } else if (i32[at + lastDayAt] !== day) {
        i32[at + lastDayAt] = day;
        pairs.push(day, install);
      }
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
    }
    this.seen = seen;
    this.minDay = minDay;
    this.maxDay = maxDay;
  }

  /**
   * Keep the lifecycle totals of `unit` in states (the periods section): a run absorbing such a state then
   * gets its totals from the installs it touched (`periodTotals`), not from every install.
   */
  trackTotals(unit: PeriodUnit, periodOfDay: (day: number) => number): void {
    this.totalsUnit = unit;
    this.periodOf = periodOfDay;
  }

  /**
   * The lifecycle totals of every install, from a state's totals and the installs touched since, or null
   * when there are none to start from (then walk the installs: `forEachInstall`). The log is left as it is.
   */
  periodTotals(): PeriodTotals | null {
    if (this.totals === null || this.seen === 0) return null;
    if (this.periodOf(this.maxDay) - this.periodOf(this.minDay) + 1 > MAX_TOTAL_PERIODS) return null;
    // sorting many new pairs (a merge of shards) costs more than walking every install
    if (this.pairs.size > this.pairs.groupedPairs / 4) return null;
    const totals = this.totals.clone();
    const periodOf = this.periodOf;
    let before = new Int32Array(64);
    let after = new Int32Array(64);
    const ok = this.pairs.forEachChanged((_install, base, baseStart, baseEnd, shift, added, addedEnd) => {
      const room = baseEnd - baseStart + addedEnd;
      if (room > before.length) {
        before = new Int32Array(room * 2);
        after = new Int32Array(room * 2);
      }
      // the periods before, and with the added days merged in (both ascending)
      let b = 0;
      for (let j = baseStart; j < baseEnd; j++) {
        const p = periodOf(base[j] + shift);
        if (b === 0 || before[b - 1] !== p) before[b++] = p;
      }
      let a = 0;
      for (let j = baseStart, k = 0; j < baseEnd || k < addedEnd; ) {
        const day = k >= addedEnd || (j < baseEnd && base[j] + shift <= added[k]) ? base[j++] + shift : added[k++];
        const p = periodOf(day);
        if (a === 0 || after[a - 1] !== p) after[a++] = p;
      }
      totals.add(before, b, -1);
      totals.add(after, a, 1);
    });
    return ok ? totals : null;
  }

  /** The totals of every install by walking them (after `compact`): for a state. */
  private walkTotals(unit: PeriodUnit): PeriodTotals {
    const totals = new PeriodTotals(unit);
    let periods = new Int32Array(64);
    const periodOf = this.periodOf;
    this.pairs.forEachInstall(
      this.seen,
      null,
      (_install, days, start, end) => {
        if (end - start > periods.length) periods = new Int32Array((end - start) * 2);
        let n = 0;
        for (let j = start; j < end; j++) {
          const p = periodOf(days[j]);
          if (n === 0 || periods[n - 1] !== p) periods[n++] = p;
        }
        totals.add(periods, n, 1);
      },
      Infinity,
      true,
    );
    return totals;
  }

  /** Saves the day range and the (day, install) pairs. */
  save(out: SummaryWriter): void {
    const n = this.seen;
    out.json({ installs: n, minDay: n === 0 ? null : this.minDay, maxDay: n === 0 ? null : this.maxDay });
    const unit = this.totalsUnit;
    const kept = unit !== null && n > 0 && !out.continuation && this.periodOf(this.maxDay) - this.periodOf(this.minDay) + 1 <= MAX_TOTAL_PERIODS;
    // from the state's totals before the new pairs join the base, else by walking the base once they have
    let totals = kept ? this.periodTotals() : null;
    this.pairs.save(out, n);
    if (kept && totals === null) totals = this.walkTotals(unit);
    this.totals = totals;
    if (totals === null) PeriodTotals.saveNone(out);
    else totals.save(out);
  }

  /**
   * Adds a saved activity, its install ids mapped to this run's. Returns the merge of the saved installs'
   * records (none when they were copied whole), to be run over every saved install in order.
   */
  absorb(input: SummaryReader, ids: IdMaps): InstallMerge | undefined {
    const head = input.json<{ installs: number; minDay: number | null; maxDay: number | null }>('activity');
    const n = head.installs;
    if (!Number.isInteger(n) || n < 0 || n > ids.installs) throw new StateError('has activity for installs it does not have');
    if (n > 0 && (!Number.isInteger(head.minDay) || !Number.isInteger(head.maxDay) || head.minDay! > head.maxDay!))
      throw new StateError('has no day range for its activity');
    let merge: InstallMerge | undefined;
    if (ids.identity) {
      // the records (the last days logged) were copied whole
      this.seen = Math.max(this.seen, n);
    } else
      merge = (from, to) => {
        const { i32, stride } = this.state;
        for (let saved = from; saved < Math.min(to, n); saved++) {
          const install = ids.install[saved];
          if (install > this.seen) throw new Error('InstallActivity.absorb: install ids out of order');
          if (install === this.seen) this.seen++;
          // the saved days are added to the log below: the next event of this install logs its day again
          i32[install * stride + this.lastDayAt] = NO_DAY;
        }
      };
    if (n > 0) {
      this.minDay = Math.min(this.minDay, head.minDay!);
      this.maxDay = Math.max(this.maxDay, head.maxDay!);
    }
    this.pairs.absorb(input, ids.identity ? null : ids.install, n, n > 0 ? head.minDay! : 0, n > 0 ? head.maxDay! : -1);
    const totals = PeriodTotals.read(input);
    // kept when they are of the pairs in the base: a state absorbed into an empty run, for this unit
    if (ids.identity && totals !== null && totals.unit === this.totalsUnit && this.pairs.groupedInstalls === n) this.totals = totals;
    return merge;
  }

  get empty(): boolean {
    return this.seen === 0;
  }

  /**
   * Calls `visit(firstPeriod, periods, start, end)` once per install, where `periods[start, end)` are the
   * distinct periods it was active in, ascending, and `firstPeriod` that of its earliest event (the first of
   * them); periods are counted from the data's first period (0).
   * `periodOfDay` must be non-decreasing. Call once, at the end, unless `keep` (see PairLog.forEachInstall).
   */
  forEachInstall(
    periodOfDay: (day: number) => number,
    visit: (firstPeriod: number, periods: Int32Array | Uint16Array, start: number, end: number) => void,
    keep = false,
  ): void {
    const n = this.seen;
    if (n === 0) return;
    const minDay = this.minDay;
    const span = this.maxDay - minDay + 1;
    // periods are numbered from the first one of the data: 0, 1, 2, …
    const base = periodOfDay(minDay);
    const periods = periodOfDay(this.maxDay) - base + 1;
    // a table of each day's period saves the calendar arithmetic per pair, but only while the days are not
    // many more than the pairs: `--window ..` and a stamp in year 9999 make 3.65M days for a few thousand pairs
    let period = (day: number) => periodOfDay(day) - base;
    if (span <= Math.max(1 << 16, 4 * this.pairs.size)) {
      const periodByDay = new Int32Array(span);
      for (let d = 0; d < span; d++) periodByDay[d] = periodOfDay(minDay + d) - base;
      period = (day) => periodByDay[day - minDay];
    }
    // the log's base changes (the new pairs join it): totals kept of the old base no longer hold
    if (!keep) this.totals = null;
    // every install seen has logged the day of its first event, the earliest of its days
    this.pairs.forEachInstall(
      n,
      period,
      (_install, active, start, end) => {
        if (end > start) visit(active[start], active, start, end);
      },
      periods,
      keep,
    );
  }
}
