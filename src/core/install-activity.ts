// Which days each install was active, and when it was first seen: what periods (lifecycle) and retention
// are computed from. Kept as distinct (day, install) pairs on dense ids, never as sets of strings.

import { Growable } from './growable.js';
import { PairSet } from './pair-set.js';

const NO_DAY = -0x80000000;

export class InstallActivity {
  private readonly pairs = new PairSet(1 << 14);
  /** the day last added per install: skips the set for an install's repeated events on one day */
  private readonly lastDay = new Growable(Int32Array, NO_DAY);
  private readonly firstSec = new Growable(Float64Array);
  private readonly firstNs = new Growable(Int32Array);
  private readonly firstDayOf = new Growable(Int32Array);
  private installs = 0;
  minDay = Infinity;
  maxDay = -Infinity;

  add(install: number, day: number, sec: number, ns: number): void {
    if (install >= this.installs) {
      // ids are dense and first seen in order, so this is a new install
      this.installs = install + 1;
      this.firstSec.ensure(install)[install] = sec;
      this.firstNs.ensure(install)[install] = ns;
      this.firstDayOf.ensure(install)[install] = day;
    } else {
      const firstSec = this.firstSec.array;
      if (sec < firstSec[install] || (sec === firstSec[install] && ns < this.firstNs.array[install])) {
        firstSec[install] = sec;
        this.firstNs.array[install] = ns;
        this.firstDayOf.array[install] = day;
      }
    }
    const lastDay = this.lastDay.ensure(install);
    if (lastDay[install] !== day) {
      lastDay[install] = day;
      this.pairs.add(day, install);
    }
    if (day < this.minDay) this.minDay = day;
    if (day > this.maxDay) this.maxDay = day;
  }

  get empty(): boolean {
    return this.installs === 0;
  }

  /**
   * Calls `visit(firstPeriod, periods, start, end)` once per install, where `periods[start, end)` are the
   * distinct periods it was active in, ascending, and `firstPeriod` that of its earliest event.
   * `periodOfDay` must be non-decreasing.
   */
  forEachInstall(
    periodOfDay: (day: number) => number,
    visit: (firstPeriod: number, periods: Int32Array, start: number, end: number) => void,
  ): void {
    if (this.installs === 0) return;
    const minDay = this.minDay;
    const periodByDay = new Int32Array(this.maxDay - minDay + 1);
    for (let d = 0; d < periodByDay.length; d++) periodByDay[d] = periodOfDay(minDay + d);

    const n = this.installs;
    const offsets = new Int32Array(n + 1);
    this.pairs.forEach((_day, install) => offsets[install + 1]++);
    for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
    const fill = offsets.slice(0, n);
    const periods = new Int32Array(this.pairs.size);
    this.pairs.forEach((day, install) => (periods[fill[install]++] = periodByDay[day - minDay]));

    const firstDay = this.firstDayOf.array;
    for (let install = 0; install < n; install++) {
      const start = offsets[install];
      const end = offsets[install + 1];
      const own = periods.subarray(start, end).sort();
      let unique = 1;
      for (let i = 1; i < own.length; i++) if (own[i] !== own[unique - 1]) own[unique++] = own[i];
      visit(periodByDay[firstDay[install] - minDay], periods, start, start + unique);
    }
  }
}
