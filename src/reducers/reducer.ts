// The one interface every report section implements: see events one at a time, then produce its part of
// the report, and save or absorb a summary for incremental runs and merges (docs/incremental.md). A new
// section is a new file here plus one line in `index.ts`; test/state.test.ts runs every registered one.

import type { AnalyticsSettings, PeriodUnit, Report, ReportSettings } from '../core/report.js';
import type { ZoneDays } from '../core/zone-days.js';
import type { CoverageSpan } from '../core/coverage.js';
import type { EventBatch } from '../core/event-batch.js';
import type { IdMaps, InstallMerge, SummaryReader, SummaryWriter } from '../state/summary.js';

export interface FinishContext {
  /** distinct installs among the events the reducers saw */
  installs: number;
  versionNames: readonly string[];
  commandNames: readonly string[];
  zone: ZoneDays;
  settings: ReportSettings;
  /** the span of the counted events, for the periods it covers in part (core/coverage.ts); null without events */
  coverage: CoverageSpan | null;
  /** the period of the rows: `--by`, or the one picked from the data's span (AnalysisOptions.by 'auto') */
  unit: PeriodUnit;
  /**
   * Leave the state as it is, so that more events may be added and `finish` called again (the collector's
   * live report); without it a reducer may let its memory go while it finishes.
   */
  keep?: boolean;
}

export interface Reducer {
  /** Sees a batch of events, in input order. */
  add(batch: EventBatch): void;
  /** Its section of the report, once all events have been added. Called once; nothing else after it. */
  finish(context: FinishContext): Partial<Report>;
  /**
   * Writes a summary of every event added (and absorbed) so far, exact enough that `absorb` of it followed by
   * more events gives the report a run over all the events would (docs/incremental.md). Does not change
   * what `finish` will return; events may still be added after it.
   *
   * `save` and `absorb` are optional only so that a new section can land before its state does: a command
   * that needs a section without them runs in full and writes no state (the run says so), and
   * test/state.test.ts fails until the section has both.
   */
  save?(out: SummaryWriter): void;
  /**
   * Adds a saved summary as if its events came now, after every event seen so far, with its install,
   * version and command ids mapped to this run's. Throws a StateError if it cannot be exact. What goes
   * install by install over the saved installs may be returned as an InstallMerge, which the analyzer runs
   * after every section's parts are read (sections own separate fields of the records, so the order of their
   * merges does not matter).
   */
  absorb?(input: SummaryReader, ids: IdMaps): InstallMerge | undefined;
}

/** What the analytics reducers need beyond the period unit and the per-install state. */
export interface ReducerSetup {
  analytics: AnalyticsSettings;
  /** the interned command names so far (a live array: ids seen in a batch are in it) */
  commandNames: readonly string[];
  /** the names of the inputs begun so far (a live array), indexed by `EventBatch.input` */
  inputNames: readonly string[];
  /** today's day number in the report's zone; null: none was given (the core reads no clock) */
  today: number | null;
  /** retention: compute only the latest N cohorts (null: all); the others are counted, not computed */
  retentionCohorts: number | null;
  /** adoption, active, activation, churn: compute only the latest N rows (null: all, refused beyond MAX_ANALYTICS_ROWS) */
  latestPeriods: number | null;
  /** the period section: refuse more rows than this (null: no limit) */
  maxPeriods: number | null;
  /** the period section: leave out runs of at least this many empty periods, as gaps (null: every row) */
  collapseEmptyRuns: number | null;
}
