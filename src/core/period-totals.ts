// The install lifecycle summed per period (installs active, new, returning, resurrecting, dormant): what the
// period section reports, as a sum over installs of what each one's active periods add. Kept in a state for
// one period unit, so that a later run changes it by what the installs it touched add now minus what they
// added before, instead of walking every install (docs/incremental.md).

import { StateError, type SummaryReader, type SummaryWriter } from '../state/summary.js';
import type { PeriodUnit } from './report.js';

/** The most periods kept: beyond this (a span of centuries) the section is made by walking the installs. */
export const MAX_TOTAL_PERIODS = 1 << 16;

export class PeriodTotals {
  /** the arrays' index 0 is absolute period `origin` */
  origin: number;
  installs: Float64Array;
  fresh: Float64Array;
  returning: Float64Array;
  resurrecting: Float64Array;
  /** dormant[p]: installs active in p - 1 and not in p (kept one period past the last) */
  dormant: Float64Array;

  constructor(
    readonly unit: PeriodUnit,
    origin = 0,
    length = 0,
  ) {
    this.origin = origin;
    this.installs = new Float64Array(length);
    this.fresh = new Float64Array(length);
    this.returning = new Float64Array(length);
    this.resurrecting = new Float64Array(length);
    this.dormant = new Float64Array(length);
  }

  get length(): number {
    return this.installs.length;
  }

  private get arrays(): Float64Array[] {
    return [this.installs, this.fresh, this.returning, this.resurrecting, this.dormant];
  }

  clone(): PeriodTotals {
    const copy = new PeriodTotals(this.unit, this.origin, 0);
    [copy.installs, copy.fresh, copy.returning, copy.resurrecting, copy.dormant] = this.arrays.map((a) => a.slice());
    return copy;
  }

  /** Makes room for absolute periods `low .. high`. */
  private cover(low: number, high: number): void {
    const length = this.length;
    if (length > 0 && low >= this.origin && high < this.origin + length) return;
    const origin = length === 0 ? low : Math.min(low, this.origin);
    const end = length === 0 ? high + 1 : Math.max(high + 1, this.origin + length);
    const shift = length === 0 ? 0 : this.origin - origin;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(end - origin);
      b.set(a, shift);
      return b;
    };
    [this.installs, this.fresh, this.returning, this.resurrecting, this.dormant] = this.arrays.map(grow);
    this.origin = origin;
  }

  /**
   * Adds (`sign` 1) or takes away (-1) what one install adds: `periods[0, n)` are its active periods,
   * absolute, ascending and distinct; the first is the period of its first event.
   */
  add(periods: ArrayLike<number>, n: number, sign: number): void {
    if (n === 0) return;
    this.cover(periods[0], periods[n - 1] + 1);
    const o = this.origin;
    for (let i = 0; i < n; i++) {
      const p = periods[i];
      this.installs[p - o] += sign;
      if (i === 0) this.fresh[p - o] += sign;
      else if (periods[i - 1] === p - 1) this.returning[p - o] += sign;
      else this.resurrecting[p - o] += sign;
      if (i === n - 1 || periods[i + 1] !== p + 1) this.dormant[p + 1 - o] += sign;
    }
  }

  save(out: SummaryWriter): void {
    out.json({ unit: this.unit, origin: this.origin });
    for (const array of this.arrays) out.array(array);
  }

  /** Saved totals (`save`), or null when none were saved; checked. */
  static read(input: SummaryReader): PeriodTotals | null {
    const head = input.json<{ unit: PeriodUnit; origin: number } | null>('period totals');
    if (head === null) return null;
    if (typeof head !== 'object' || !['day', 'week', 'month'].includes(head.unit) || !Number.isInteger(head.origin))
      throw new StateError('has broken period totals');
    const totals = new PeriodTotals(head.unit, head.origin, 0);
    const arrays = [0, 1, 2, 3, 4].map(() => input.f64('period totals'));
    const length = arrays[0].length;
    if (length > MAX_TOTAL_PERIODS + 1 || arrays.some((a) => a.length !== length || a.some((v) => !Number.isInteger(v) || v < 0)))
      throw new StateError('has broken period totals');
    [totals.installs, totals.fresh, totals.returning, totals.resurrecting, totals.dormant] = arrays;
    return totals;
  }

  /** For states that keep none. */
  static saveNone(out: SummaryWriter): void {
    out.json(null);
  }
}
