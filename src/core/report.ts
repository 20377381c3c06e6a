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
  /** the data covers the period in part only: the first or last period (core/coverage.ts, issue #21) */
  partial: boolean;
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

/** Adoption (issue #13): one row per period, as of its last day (the data's last day for the last period). */
export interface AdoptionPeriodRow {
  period: string;
  /** the day the numbers are as of, YYYY-MM-DD */
  date: string;
  /** installs with an event in the `activeDays` days ending `date` */
  active: number;
  /** active installs whose latest event so far is on each of `AdoptionReport.top`, in that order */
  installs: number[];
  /** the same as shares of `active` (0 when nothing is active) */
  shares: number[];
  /** active installs on every other version */
  other: number;
  /** share of active installs on the 3 highest versions started by `date` (ReleaseRow.firstSeen) */
  latest3: number;
  /** versions with at least one active install */
  inUse: number;
  /** median over active installs of (start of the newest started version) - (start of the install's version, 0 if not started), days; null when none */
  medianAge: number | null;
  /** the data covers the period in part only (core/coverage.ts) */
  partial: boolean;
}

/** One release's adoption, measured on every day from its first appearance to the data's last day. */
export interface ReleaseRow {
  version: string;
  /** its start: the first day it was in real use (core/release-starts.ts); null: never (a few installs of a large log) */
  firstSeen: string | null;
  /** highest daily share of active installs, and its first day */
  peakShare: number;
  peakDate: string | null;
  /** days from firstSeen to the first day from it on at 50% / 90% of active installs; null: not yet, or no start */
  days50: number | null;
  days90: number | null;
  /** the first day after the peak under 10%; null: not yet */
  replaced: string | null;
}

export interface AdoptionReport {
  activeDays: number;
  /** the versions with their own column: the most active installs on any period's last day, at most 5 */
  top: string[];
  periods: AdoptionPeriodRow[];
  /** every version, newest first */
  releases: ReleaseRow[];
  /** at most this many versions per period in `versions` (issue #21: JSON and CSV keep every version, bounded) */
  versionCap: number;
  /**
   * The long form of `periods` (issue #21): per row, in row order, every version with an active install on its
   * day (most installs first, ties newest first), at most `versionCap`; the rest summed in one entry whose
   * version is null
   */
  versions: AdoptionVersionRow[];
  /**
   * For people only, by week or month (AnalysisOptions.latestPeriods set): the share of active installs on each of
   * `top` on every day of the rows shown, at most the last ADOPTION_DAYS, that the HTML chart is drawn from, so
   * nothing that happens inside a period disappears (issue #21 item 1). Not part of the JSON contract.
   */
  daily?: AdoptionDay[];
}

export interface AdoptionDay {
  date: string;
  active: number;
  /** of `active`, on each of `AdoptionReport.top` */
  shares: number[];
}

export interface AdoptionVersionRow {
  period: string;
  /** null: the versions beyond `versionCap` in this period, summed */
  version: string | null;
  installs: number;
  /** of the row's `active` */
  share: number;
}

/** Rolling active installs, as of `date` (every day, or the last day of each week or month). */
export interface ActiveRow {
  period: string;
  date: string;
  dau: number;
  /** active in the 7 days ending `date` */
  wau: number;
  /** active in the `windowDays` days ending `date` */
  mau: number;
  /** dau / mau (0 when mau is 0) */
  stickiness: number;
  /** the data covers the period in part only (core/coverage.ts) */
  partial: boolean;
}

export interface ActiveReport {
  windowDays: number;
  rows: ActiveRow[];
  /** the last day of the data: what l7 and l28 are as of; null without events */
  asOf: string | null;
  /** l7[k-1]: installs active on exactly k of the 7 days ending asOf (k = 1..7) */
  l7: number[];
  /** l28[k-1]: the same over 28 days */
  l28: number[];
}

/** Activation per cohort (the period of an install's first event). */
export interface ActivationRow {
  cohort: string;
  installs: number;
  /** installs whose first `update` after their first event came within `within` days of it */
  converted: number;
  share: number;
  /** time to that update among the converted, in days (whole seconds / 86400); nearest rank; null when none */
  median: number | null;
  p90: number | null;
  /**
   * the cohort's window runs past the data's last day (its last day + `within` is after it): installs of it can
   * still convert, so its share is a floor, not a result (issue #21)
   */
  open: boolean;
}

export interface ActivationReport {
  within: number;
  rows: ActivationRow[];
}

/** Churn per period: an install quiet for more than `quietDays` days is churned on the day that passes. */
export interface ChurnRow {
  period: string;
  /** installs that became churned in the period */
  churned: number;
  /** churned installs that had an event again in the period */
  returned: number;
  /** installs churned and not back at the period's end */
  gone: number;
  /** the data covers the period in part only (core/coverage.ts) */
  partial: boolean;
}

export interface ChurnReport {
  quietDays: number;
  rows: ChurnRow[];
}

export type QualityReasonId =
  | 'update-only'
  | 'no-init'
  | 'duplicate'
  | 'after-data-end'
  | 'after-today'
  | 'before-init'
  | 'before-start'
  | 'busy-day'
  | 'downgrade';

export interface QualityReason {
  reason: QualityReasonId;
  /** what `count` counts */
  unit: 'ids' | 'installs' | 'events';
  count: number;
  /** the first few places, `FILE:LINE`, in input order */
  samples: string[];
}

export interface QualityReport {
  /** distinct ids (installs) */
  ids: number;
  /** ids that sent `init`: a rough count of real installs when the client churns ids */
  initIds: number;
  /** ids whose every event is an `update` */
  updateOnlyIds: number;
  updateOnlyShare: number;
  /** the ledger in plain words */
  summary: string;
  /** busy-day threshold: more than this many events of one install on one day */
  maxDaily: number;
  /** the data's end: the last day on which at least 2 installs were active (the last day when none was) */
  dataEnd: string | null;
  /** null when the analysis was given no today */
  today: string | null;
  reasons: QualityReason[];
}

/** The filters and settings a report was made with, so every output can state them. */
export interface ReportSettings {
  /** the canonical zone name (`UTC`, `Europe/Berlin`) */
  tz: string;
  /** the time window, resolved: inclusive dates, null for an open end */
  window: { since: string | null; until: string | null };
  by: PeriodUnit;
  /**
   * `by` was picked from the data's span (`--by` not given, a report for people): the span in days. Not part
   * of the JSON contract (JSON and CSV keep days unless `--by`).
   */
  byPicked?: number;
  since: string | null;
  until: string | null;
  /** `since` and `until` resolved (`30d` as the day it meant), YYYY-MM-DD; absent where not known */
  sinceDay?: string | null;
  untilDay?: string | null;
  commands: string[];
  versions: string[];
  /** distinct installs of the exclude list that occur among the events inside the window */
  excludedInstalls: number;
}

/**
 * The client's id churn, beside `uniques` (docs/analytics.md, "Installs by init"): ids whose every event is an
 * `update`, and the ids that sent `init`, the estimate of installs when the client rewrites its id each run.
 */
export interface IdChurn {
  updateOnlyIds: number;
  /** updateOnlyIds / uniques (0 without installs) */
  updateOnlyShare: number;
  /** ids that sent `init` at least once */
  installsByInit: number;
  /** updateOnlyShare above 0.2 and no command or release filter: the human formats say so beside the headline */
  signature: boolean;
}

/** Sections are present only when the command asked for them. */
export interface Report {
  settings: ReportSettings;
  input: InputCounts;
  uniques?: number;
  /** with `uniques` */
  idChurn?: IdChurn;
  periods?: PeriodRow[];
  versions?: { latest: string | null; rows: VersionRow[] };
  commands?: CommandRow[];
  upgrades?: UpgradeRow[];
  retention?: RetentionRow[];
  adoption?: AdoptionReport;
  active?: ActiveReport;
  activation?: ActivationReport;
  churn?: ChurnReport;
  quality?: QualityReport;
  /**
   * Cohorts before the first row of `retention`, counted but not computed: a caller that shows only the
   * latest cohorts asks for those alone (AnalysisOptions.retentionCohorts). Not part of the JSON contract.
   */
  retentionEarlier?: number;
  /**
   * Rows before the first row of each of issue #13's period sections, counted but not computed: a caller
   * that shows only the latest rows asks for those alone (AnalysisOptions.latestPeriods). Not part of the
   * JSON contract.
   */
  adoptionEarlier?: number;
  activeEarlier?: number;
  activationEarlier?: number;
  churnEarlier?: number;
  /**
   * The runs of empty periods left out of `periods`, for a caller that shows each long run as one line
   * (AnalysisOptions.collapseEmptyRuns): each run comes before the row at `index` (`periods.length`: after
   * the last). Not part of the JSON contract.
   */
  periodGaps?: PeriodGap[];
}

/** A run of `count` empty periods, from `first` to `last` (labels), left out of a report's `periods`. */
export interface PeriodGap {
  index: number;
  count: number;
  first: string;
  last: string;
}

export type Section = 'uniques' | 'periods' | 'versions' | 'commands' | 'upgrades' | 'retention' | 'adoption' | 'active' | 'activation' | 'churn' | 'quality';

/** The settings of the analytics sections (issue #13), with their defaults in `defaultAnalyticsSettings`. */
export interface AnalyticsSettings {
  /** adoption: active = an event in the last N days */
  activeDays: number;
  /** active: the MAU window */
  windowDays: number;
  /** activation: the conversion window in days */
  within: number;
  /** churn: quiet for more than N days */
  quietDays: number;
  /** quality: more than N events of one install on one day is a busy day */
  maxDaily: number;
}

export const defaultAnalyticsSettings: AnalyticsSettings = { activeDays: 14, windowDays: 28, within: 30, quietDays: 90, maxDaily: 100 };
