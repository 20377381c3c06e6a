// Events per day in a typed array indexed from the first day seen, growing at either end: a Map lookup
// per event cost more than the rest of the period bookkeeping.

export class DayCounts {
  private counts = new Float64Array(0);
  private base = 0;

  add(day: number, n = 1): void {
    let i = day - this.base;
    if (i < 0 || i >= this.counts.length) i = this.make(day);
    this.counts[i] += n;
  }

  /** Makes room for `day`; returns its index. */
  private make(day: number): number {
    if (this.counts.length === 0) {
      this.counts = new Float64Array(64);
      this.base = day - 32;
      return day - this.base;
    }
    const first = Math.min(this.base, day);
    const last = Math.max(this.base + this.counts.length - 1, day);
    const span = last - first + 1;
    // double the room on the side that grew, so a slowly widening range does not copy every time
    const extra = Math.max(32, span);
    const base = day < this.base ? first - extra : this.base;
    const grown = new Float64Array(span + extra);
    grown.set(this.counts, this.base - base);
    this.counts = grown;
    this.base = base;
    return day - base;
  }

  /** The counts from the first day with events to the last, and that first day (state files). */
  toArrays(): { first: number; counts: Float64Array } {
    let start = 0;
    let end = this.counts.length;
    while (start < end && this.counts[start] === 0) start++;
    while (end > start && this.counts[end - 1] === 0) end--;
    return { first: this.base + start, counts: this.counts.slice(start, end) };
  }

  forEach(visit: (day: number, count: number) => void): void {
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] !== 0) visit(this.base + i, this.counts[i]);
  }
}
