// Which reducer makes which report section.

import type { InstallState } from '../core/install-state.js';
import type { PeriodUnit, Section } from '../core/report.js';
import { activationReducer } from './activation.js';
import { activeReducer } from './active.js';
import { adoptionReducer } from './adoption.js';
import { churnReducer } from './churn.js';
import { commandsReducer } from './commands.js';
import { qualityReducer } from './quality.js';
import { periodsReducer } from './periods.js';
import type { Reducer, ReducerSetup } from './reducer.js';
import { retentionReducer } from './retention.js';
import { uniquesReducer } from './uniques.js';
import { upgradesReducer } from './upgrades.js';
import { versionsReducer } from './versions.js';

/** Every section: a Record so that a new Section cannot be left out (test/state.test.ts runs each one). */
const REGISTERED: Record<Section, true> = {
  uniques: true,
  periods: true,
  versions: true,
  commands: true,
  upgrades: true,
  retention: true,
  adoption: true,
  active: true,
  activation: true,
  churn: true,
  quality: true,
};
export const SECTIONS = Object.keys(REGISTERED) as Section[];

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
      return adoptionReducer(setup.analytics.activeDays, state, setup.latestPeriods);
    case 'active':
      return activeReducer(setup.analytics.windowDays, state, setup.latestPeriods);
    case 'activation':
      return activationReducer(setup.analytics.within, state, setup.commandNames, setup.latestPeriods);
    case 'churn':
      return churnReducer(setup.analytics.quietDays, state, setup.latestPeriods);
    case 'quality':
      return qualityReducer(setup);
  }
}

export type { Reducer, FinishContext } from './reducer.js';
