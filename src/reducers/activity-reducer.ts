// The sections computed from the distinct active days of each install (retention, active, churn): one wiring
// of InstallActivity into a Reducer. The active days are the whole summary (docs/incremental.md), so saving
// and absorbing are the activity's own; each section only says how its report is made from the days.

import { InstallActivity } from '../core/install-activity.js';
import type { InstallState } from '../core/install-state.js';
import type { Report } from '../core/report.js';
import type { FinishContext, Reducer } from './reducer.js';

export function activityReducer(state: InstallState, finish: (activity: InstallActivity, context: FinishContext) => Partial<Report>): Reducer {
  const activity = new InstallActivity(state);
  return {
    add(batch) {
      activity.addBatch(batch);
    },
    save(out) {
      activity.save(out);
    },
    absorb(input, ids) {
      return activity.absorb(input, ids);
    },
    finish(context) {
      return finish(activity, context);
    },
  };
}
