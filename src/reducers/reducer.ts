// The one interface every report section implements: see events one at a time, then produce its part of
// the report. A new section is a new file here plus one line in `index.ts`.

import type { Report, ReportSettings } from '../core/report.js';
import type { ZoneDays } from '../core/zone-days.js';
import type { EventBatch } from './event-batch.js';

export interface FinishContext {
  /** distinct installs among the events the reducers saw */
  installs: number;
  versionNames: readonly string[];
  commandNames: readonly string[];
  zone: ZoneDays;
  settings: ReportSettings;
}

/** New ids for another thread's ids: `install[theirId]` is the id here. */
export interface IdMaps {
  install: Int32Array;
  version: Int32Array;
  command: Int32Array;
}

export interface Reducer {
  /** Sees a batch of events, in input order. */
  add(batch: EventBatch): void;
  finish(context: FinishContext): Partial<Report>;
  /** This reducer's state as plain data and typed arrays, to send from a worker thread. */
  save(): unknown;
  /**
   * Adds the saved state of a reducer of the same kind that read the input right *after* everything this
   * one has seen (input order decides ties), with its ids mapped to this side's.
   */
  merge(state: unknown, ids: IdMaps): void;
}
