// Unique installs: distinct uuids, compared case-insensitively. The install table already counts them, and
// a state's install table is saved and merged by the analyzer.

import type { Reducer } from './reducer.js';

export function uniquesReducer(): Reducer {
  return {
    add() {},
    finish: (context) => ({ uniques: context.installs }),
    // the install table, which every state holds, is the whole summary
    save() {},
    absorb() {},
  };
}
