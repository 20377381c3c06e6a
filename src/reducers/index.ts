// Which reducer makes which report section.

import type { PeriodUnit, Section } from '../core/report.js';
import { commandsReducer } from './commands.js';
import { periodsReducer } from './periods.js';
import type { Reducer } from './reducer.js';
import { retentionReducer } from './retention.js';
import { uniquesReducer } from './uniques.js';
import { upgradesReducer } from './upgrades.js';
import { versionsReducer } from './versions.js';

export function createReducer(section: Section, by: PeriodUnit): Reducer {
  switch (section) {
    case 'uniques':
      return uniquesReducer();
    case 'periods':
      return periodsReducer(by);
    case 'versions':
      return versionsReducer();
    case 'commands':
      return commandsReducer();
    case 'upgrades':
      return upgradesReducer();
    case 'retention':
      return retentionReducer();
  }
}

export type { Reducer, FinishContext } from './reducer.js';
