// Unique installs: distinct uuids, compared case-insensitively. The install table already counts them, and
// a state's install table is saved and merged by the analyzer.
//
// Beside the count, the id churn (docs/analytics.md, "Installs by init"): BAZINGA's client rewrites its id
// file on every run, so most ids of a real log send one `update` and never `init`, and `uniques` counts ids,
// not machines. One word of flags per install (bit 0: sent `init`; bit 1: sent anything but `update`) gives
// the update-only ids and the ids that sent `init`, the better estimate of installs, without quality's
// per-event records. The flags live in the install records, which a state keeps; absorbing ORs them.

import type { InstallState } from '../core/install-state.js';
import type { IdChurn } from '../core/report.js';
import { StateError } from '../state/summary.js';
import type { Reducer } from './reducer.js';

/**
 * Above this share of update-only ids the human formats say, beside the headline, that the ids churn; not
 * with `--command` or `--release` (a filter to `update`, or to a version other than the one an install began
 * on, leaves ids without their `init`).
 */
export const ID_CHURN_SHARE = 0.2;

const SENT_INIT = 1;
const SENT_NOT_UPDATE = 2;

export function uniquesReducer(state: InstallState, commandNames: readonly string[]): Reducer {
  const flagsAt = state.claim(1);
  let initId = -1;
  let updateId = -1;
  return {
    add(batch) {
      if (initId < 0) initId = commandNames.indexOf('init');
      if (updateId < 0) updateId = commandNames.indexOf('update');
      const { i32, stride } = state;
      for (let i = 0; i < batch.size; i++) {
        const command = batch.command[i];
        const flags = (command === initId ? SENT_INIT : 0) | (command !== updateId ? SENT_NOT_UPDATE : 0);
        if (flags !== 0) i32[batch.install[i] * stride + flagsAt] |= flags;
      }
    },
    finish: (context) => {
      const { i32, stride } = state;
      let init = 0;
      let updateOnly = 0;
      for (let install = 0; install < context.installs; install++) {
        const flags = i32[install * stride + flagsAt];
        if (flags & SENT_INIT) init++;
        if (!(flags & SENT_NOT_UPDATE)) updateOnly++;
      }
      const share = context.installs === 0 ? 0 : updateOnly / context.installs;
      const idChurn: IdChurn = {
        updateOnlyIds: updateOnly,
        updateOnlyShare: share,
        installsByInit: init,
        signature: share > ID_CHURN_SHARE && context.settings.commands.length === 0 && context.settings.versions.length === 0,
      };
      return { uniques: context.installs, idChurn };
    },
    // the install table and the flags in its records are the whole summary; the head marks the records as
    // carrying the flags (a state made before them is refused, and the run is a full one)
    save(out) {
      out.json({ idFlags: 1 });
    },
    absorb(input, ids) {
      const head = input.json<{ idFlags?: number }>('uniques');
      if (head?.idFlags !== 1) throw new StateError('was made before the id-churn flags');
      if (ids.identity) return;
      const { i32, stride } = state;
      for (let saved = 0; saved < ids.installs; saved++) {
        const flags = ids.records[saved * ids.stride + flagsAt];
        if ((flags & ~(SENT_INIT | SENT_NOT_UPDATE)) !== 0) throw new StateError('has id flags out of range');
        i32[ids.install[saved] * stride + flagsAt] |= flags;
      }
    },
  };
}
