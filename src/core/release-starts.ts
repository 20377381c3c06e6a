// A release's start (issue #21): the first day it is in real use, so that one install with a wrong clock, a
// dev build or a re-run `init` carrying a newer version cannot set it months early. Counted per day from
// each install's version at the end of the day (its latest event that day):
//
//   on(v, d)  installs whose latest event on day d carries version v
//   ran(d)    installs with an event on day d
//   most      the most of on(v, d) for any version on any day
//
// v starts on the first day d with on(v, d) >= min(START_INSTALLS, most) and
// on(v, d) * START_SHARE_DIVISOR >= ran(d) (at least 0.5% of the installs that ran something that day).
// The 3 installs keep one install's clock or a dev build out of a log of any size (0.5% alone lets one
// install in on a day with fewer than 200); the share keeps a handful of dev or CI installs out of a large
// log; the min() keeps a log too small for 3 (no version ever had 3 installs on one day) meaningful. A
// version that never meets it has no start (Infinity). The counts are integers, so the SQL and the oracle
// give the same days.
//
// Adoption (first seen, days to 50%/90%, latest 3, median age) and quality ("before-start") both take their
// starts from here, each from its own records, so neither needs the other.

import { Growable } from './growable.js';

/** at least this many installs on the day (or the version's own peak, when smaller) */
export const START_INSTALLS = 3;
/** and at least 1/200 = 0.5% of the installs with an event that day */
export const START_SHARE_DIVISOR = 200;

/** One (day, version) pair per (install, day); `starts()` gives each version's first day in real use. */
export class ReleaseStarts {
  private readonly versionCount: number;
  private readonly keys = new Growable(Float64Array, 1 << 12);
  private size = 0;

  /** `versionCount`: version ids are 0 .. versionCount-1 */
  constructor(versionCount: number) {
    this.versionCount = Math.max(1, versionCount);
  }

  /** One install's version at the end of `day` (each (install, day) once). */
  add(day: number, version: number): void {
    // day * versions + version: below 2^53 for days of years 0000-9999 (|day| < 3M) and versions < 2^31
    this.keys.ensure(this.size)[this.size++] = day * this.versionCount + version;
  }

  /** Each version's start day (day number), Infinity when it never meets the rule. Call once. */
  starts(): Float64Array {
    const versions = this.versionCount;
    const starts = new Float64Array(versions).fill(Infinity);
    const keys = this.keys.array.subarray(0, this.size).sort();
    const dayOf = (key: number) => {
      let day = Math.floor(key / versions);
      // the division may round across a day's edge; the product is exact
      if (key - day * versions >= versions) day++;
      else if (key - day * versions < 0) day--;
      return day;
    };
    let most = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < keys.length; ) {
        const day = dayOf(keys[i]);
        let end = i + 1;
        while (end < keys.length && dayOf(keys[end]) === day) end++;
        const ran = end - i;
        for (let k = i; k < end; ) {
          let next = k + 1;
          while (next < end && keys[next] === keys[k]) next++;
          const version = keys[k] - day * versions;
          const on = next - k;
          if (pass === 0) {
            if (on > most) most = on;
          } else if (starts[version] === Infinity && on >= Math.min(START_INSTALLS, most) && on * START_SHARE_DIVISOR >= ran) {
            starts[version] = day;
          }
          k = next;
        }
        i = end;
      }
    }
    this.keys.array = new Float64Array(0);
    this.size = 0;
    return starts;
  }
}
