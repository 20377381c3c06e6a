// The one interface every report section implements: see events one at a time, then produce its part of
// the report. A new section is a new file here plus one line in `index.ts`.

import type { Report, ReportSettings } from '../core/report.js';
import type { ZoneDays } from '../core/zone-days.js';
import type { EventBatch } from '../core/event-batch.js';

export interface FinishContext {
  /** distinct installs among the events the reducers saw */
  installs: number;
  versionNames: readonly string[];
  commandNames: readonly string[];
  zone: ZoneDays;
  settings: ReportSettings;
  /**
   * Leave the state as it is, so that more events may be added and `finish` called again (the collector's
   * live report); without it a reducer may let its memory go while it finishes.
   */
  keep?: boolean;
}

export interface Reducer {
  /** Sees a batch of events, in input order. */
  add(batch: EventBatch): void;
  /** Its section of the report, once all events have been added. */
  finish(context: FinishContext): Partial<Report>;
}
