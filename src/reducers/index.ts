// Which reducer makes which report section.

import type { InstallState } from '../core/install-state.js';
import type { PeriodUnit, Section } from '../core/report.js';
import { commandsReducer } from './commands.js';
import { periodsReducer } from './periods.js';
import type { Reducer } from './reducer.js';
import { retentionReducer } from './retention.js';
import { uniquesReducer } from './uniques.js';
import { upgradesReducer } from './upgrades.js';
import { versionsReducer } from './versions.js';

/** The reducer of a section; it claims the per-install fields it needs in `state` as it is created. */
export function createReducer(section: Section, by: PeriodUnit, state: InstallState, retentionCohorts: number | null = null): Reducer {
  switch (section) {
    case 'uniques':
      return uniquesReducer();
    case 'periods':
      return periodsReducer(by, state);
    case 'versions':
      return versionsReducer(state);
    case 'commands':
      return commandsReducer(state);
    case 'upgrades':
      return upgradesReducer();
    case 'retention':
      return retentionReducer(state, retentionCohorts);
  }
}

export type { Reducer, FinishContext } from './reducer.js';
