// The result of one run: what reducers produce and renderers consume. Plain data, no methods,
// so it can be rendered, compared in tests and serialised as it is.

export type PeriodUnit = 'day' | 'week' | 'month';

/**
 * What was read. `lines = events + blank + invalid`; `outside` counts the events outside the time window,
 * `filtered` the events inside it that the filters dropped.
 */
export interface InputCounts {
  files: number;
  lines: number;
  events: number;
  blank: number;
  invalid: number;
  outside: number;
  filtered: number;
}

/** One day (`2025-11-12`), ISO week (`2025-W46`) or month (`2025-11`), cut in the report's zone. */
export interface PeriodRow {
  period: string;
  events: number;
  /** distinct installs active in the period */
  installs: number;
  /** installs whose first event (across all input) falls in the period */
  new: number;
  /** active in this period and in the previous one */
  returning: number;
  /** active now, not in the previous period, first seen before this period */
  resurrecting: number;
  /** active in the previous period, not in this one */
  dormant: number;
  /** installs first seen up to the end of this period */
  total: number;
}

export interface VersionRow {
  version: string;
  events: number;
  installs: number;
  /** installs whose latest event carries this version */
  current: number;
  /** current / uniques (0 when there are no installs) */
  share: number;
}

export interface CommandRow {
  command: string;
  events: number;
  installs: number;
}

export interface UpgradeRow {
  from: string;
  to: string;
  installs: number;
  downgrade: boolean;
}

export interface RetentionRow {
  /** ISO week of the cohort's first events, `2025-W46` */
  cohort: string;
  installs: number;
  /** active[k]: cohort installs with any event k weeks after the cohort week */
  active: number[];
}

/** The filters and settings a report was made with, so every output can state them. */
export interface ReportSettings {
  /** the canonical zone name (`UTC`, `Europe/Berlin`) */
  tz: string;
  /** the time window, resolved: inclusive dates, null for an open end */
  window: { since: string | null; until: string | null };
  by: PeriodUnit;
  since: string | null;
  until: string | null;
  commands: string[];
  versions: string[];
  /** distinct installs of the exclude list that occur among the events inside the window */
  excludedInstalls: number;
}

/** Sections are present only when the command asked for them. */
export interface Report {
  settings: ReportSettings;
  input: InputCounts;
  uniques?: number;
  periods?: PeriodRow[];
  versions?: { latest: string | null; rows: VersionRow[] };
  commands?: CommandRow[];
  upgrades?: UpgradeRow[];
  retention?: RetentionRow[];
  /**
   * Cohorts before the first row of `retention`, counted but not computed: a caller that shows only the
   * latest cohorts asks for those alone (AnalysisOptions.retentionCohorts). Not part of the JSON contract.
   */
  retentionEarlier?: number;
}

export type Section = 'uniques' | 'periods' | 'versions' | 'commands' | 'upgrades' | 'retention';
