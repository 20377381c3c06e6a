// Which reducer makes which report section.

import type { InstallState } from '../core/install-state.js';
import type { AnalyticsSettings, PeriodUnit, Section } from '../core/report.js';
import { activationReducer } from './activation.js';
import { activeReducer } from './active.js';
import { adoptionReducer } from './adoption.js';
import { churnReducer } from './churn.js';
import { commandsReducer } from './commands.js';
import { qualityReducer } from './quality.js';
import { periodsReducer } from './periods.js';
import type { Reducer } from './reducer.js';
import { retentionReducer } from './retention.js';
import { uniquesReducer } from './uniques.js';
import { upgradesReducer } from './upgrades.js';
import { versionsReducer } from './versions.js';

/** Every section: a Record so that a new Section cannot be left out (test/state.test.ts runs each one). */
const REGISTERED: Record<Section, true> = {
  uniques: true, periods: true, versions: true, commands: true, upgrades: true, retention: true,
  adoption: true, active: true, activation: true, churn: true, quality: true,
};
export const SECTIONS = Object.keys(REGISTERED) as Section[];

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

/** The reducer of a section; it claims the per-install fields it needs in `state` as it is created. */
export function createReducer(section: Section, by: PeriodUnit, state: InstallState, setup: ReducerSetup): Reducer {
  switch (section) {
    case 'uniques':
      return uniquesReducer(state, setup.commandNames);
    case 'periods':
      return periodsReducer(by, state, setup.maxPeriods, setup.collapseEmptyRuns);
    case 'versions':
      return versionsReducer(state);
    case 'commands':
      return commandsReducer(state);
    case 'upgrades':
      return upgradesReducer();
    case 'retention':
      return retentionReducer(state, setup.retentionCohorts);
    case 'adoption':
      return adoptionReducer(by, setup.analytics.activeDays, state, setup.latestPeriods);
    case 'active':
      return activeReducer(by, setup.analytics.windowDays, state, setup.latestPeriods);
    case 'activation':
      return activationReducer(by, setup.analytics.within, state, setup.commandNames, setup.latestPeriods);
    case 'churn':
      return churnReducer(by, setup.analytics.quietDays, state, setup.latestPeriods);
    case 'quality':
      return qualityReducer(setup);
  }
}

export type { Reducer, FinishContext } from './reducer.js';
