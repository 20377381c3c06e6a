// A setting the core cannot work with: which setting, the offending value and what is wrong with it. The
// core names no flag: the CLI words these with its flags and variables (src/cli/setting-message.ts), a
// library caller with its own names. The code stays 'USAGE', so exit statuses do not change.

import { BazingaError } from '../errors.js';
import type { PeriodUnit } from './report.js';

/** The settings of AnalysisOptions that are checked (filters included). */
export type Setting = 'tz' | 'today' | 'window' | 'since' | 'until' | 'excludeInstalls';

export type SettingProblem =
  /** tz: not a time zone the runtime knows */
  | 'unknown-zone'
  /** since, until: neither YYYY-MM-DD nor Nd; today: not YYYY-MM-DD; window: an end (`other`) shaped YYYY-MM-DD is no date */
  | 'not-a-date'
  /** since, until: `0d` */
  | 'no-days'
  /** since, until: a relative `Nd` date but no `today` was given */
  | 'needs-today'
  /** since: after `other` (until) */
  | 'since-after-until'
  /** window: not FROM..TO with YYYY-MM-DD or empty ends */
  | 'not-a-window'
  /** today: before `other`, the start of the default window */
  | 'before-default-window'
  /** window: FROM after TO */
  | 'window-reversed'
  /** window: lets in a span of weeks (`other`: FIRST..LAST) too long for a whole retention triangle */
  | 'too-long-for-retention'
  /** window: lets in more periods (`periods`) than a section gives whole */
  | 'too-many-periods'
  /** excludeInstalls: an entry that is not a uuid */
  | 'not-a-uuid';

/** The sections whose rows are periods. */
export type PeriodSection = 'periods' | 'adoption' | 'active' | 'activation' | 'churn';

/** What 'too-many-periods' found: `count` periods of `unit` from `first` to `last`, more than `limit`. */
export interface TooManyPeriods {
  section: PeriodSection;
  unit: PeriodUnit;
  count: number;
  first: string;
  last: string;
  limit: number;
}

export class SettingError extends BazingaError {
  readonly setting: Setting;
  readonly value: string;
  readonly problem: SettingProblem;
  /** the other value of a problem between two settings (the `until` of 'since-after-until') */
  readonly other: string | null;
  /** 'too-many-periods': the span refused */
  readonly periods: TooManyPeriods | null;

  constructor(setting: Setting, value: string, problem: SettingProblem, other: string | null = null, periods: TooManyPeriods | null = null) {
    super('USAGE', `${setting}: '${value}': ${problem}${other === null ? '' : ` (${other})`}`);
    this.name = 'SettingError';
    this.setting = setting;
    this.value = value;
    this.problem = problem;
    this.other = other;
    this.periods = periods;
  }
}
