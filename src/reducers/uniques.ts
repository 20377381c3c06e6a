// Unique installs: distinct uuids, compared case-insensitively. The install table already counts them.

import type { Reducer } from './reducer.js';

export function uniquesReducer(): Reducer {
  return {
    add() {},
    finish: (context) => ({ uniques: context.installs }),
  };
}
