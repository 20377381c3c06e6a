// Which days each install was active, and when it was first seen: what periods (lifecycle) and retention
// are computed from. Kept as distinct (day, install) pairs on dense ids, never as sets of strings.

import { InstallRecords } from './install-records.js';
import type { ZoneDays } from './zone-days.js';
import type { EventBatch } from './event-batch.js';
import { PairLog } from './pair-log.js';

export class InstallActivity {
  private readonly pairs = new PairLog();
  /** per install: the earliest instant, and the day last added (repeats on that day are not logged again) */
  private readonly records = new InstallRecords();
  minDay = Infinity;
  maxDay = -Infinity;

  addBatch(batch: EventBatch): void {
    for (let i = 0; i < batch.size; i++) this.add(batch.install[i], batch.day[i], batch.sec[i], batch.ns[i]);
  }

  add(install: number, day: number, sec: number, ns: number): void {
    const records = this.records;
    if (install >= records.size) {
      // ids are dense and first seen in order, so this is a new install
      records.push(sec, ns, day);
      this.pairs.push(day, install);
    } else {
      const secs = records.sec;
      const i32 = records.i32;
      const first = secs[install * 2];
      if (sec < first || (sec === first && ns < i32[install * 4 + 2])) {
        secs[install * 2] = sec;
        i32[install * 4 + 2] = ns;
      }
      if (i32[install * 4 + 3] !== day) {
        i32[install * 4 + 3] = day;
        this.pairs.push(day, install);
      }
    }
    if (day < this.minDay) this.minDay = day;
    if (day > this.maxDay) this.maxDay = day;
  }

  get empty(): boolean {
    return this.records.size === 0;
  }

  /**
   * Calls `visit(firstPeriod, periods, start, end)` once per install, where `periods[start, end)` are the
   * distinct periods it was active in, ascending, and `firstPeriod` that of its earliest event; periods are
   * counted from the data's first period (0).
   * `periodOfDay` must be non-decreasing.
   */
  forEachInstall(
    zone: ZoneDays,
    periodOfDay: (day: number) => number,
    visit: (firstPeriod: number, periods: Int32Array | Uint16Array, start: number, end: number) => void,
  ): void {
    const n = this.records.size;
    if (n === 0) return;
    const minDay = this.minDay;
    // periods are numbered from the first one of the data: 0, 1, 2, …
    const base = periodOfDay(minDay);
    const periodByDay = new Int32Array(this.maxDay - minDay + 1);
    for (let d = 0; d < periodByDay.length; d++) periodByDay[d] = periodOfDay(minDay + d) - base;
    const periods = periodByDay[periodByDay.length - 1] + 1;
    const firstSec = this.records.sec;
    this.pairs.forEachInstall(
      n,
      (day) => periodByDay[day - minDay],
      (install, active, start, end) => visit(periodByDay[zone.dayOf(firstSec[install * 2]) - minDay], active, start, end),
      periods,
    );
  }
}
