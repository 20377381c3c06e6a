// The collector's side of the cap on distinct values (limits.ts MAX_DISTINCT_VALUES): the live report counts a
// command or version beyond the cap as "other" (the core's `maxDistinct`); this says so, in a metric for every
// such event and in one line on stderr the first time each field reaches the cap. It remembers at most the cap's
// number of values per field, so it is bounded too.

import type { CollectMetrics } from './metrics.js';

export class ValueCap {
  private readonly cap: number;
  private readonly metrics: CollectMetrics;
  private readonly notice: (message: string) => void;
  private readonly seen = { command: new Set<string>(), version: new Set<string>() };
  private readonly told = { command: false, version: false };

  constructor(cap: number, metrics: CollectMetrics, notice: (message: string) => void) {
    this.cap = cap;
    this.metrics = metrics;
    this.notice = notice;
  }

  /** An accepted event's command and version. */
  saw(command: string, version: string): void {
    this.check('command', command);
    this.check('version', version);
  }

  private check(field: 'command' | 'version', value: string): void {
    const seen = this.seen[field];
    if (seen.has(value)) return;
    if (seen.size < this.cap) {
      seen.add(value);
      return;
    }
    this.metrics.valueOverCap(field);
    if (!this.told[field]) {
      this.told[field] = true;
      this.notice(`more than ${this.cap} distinct ${field}s: the live report counts the new ones as "other" (the log keeps them as sent)`);
    }
  }
}
