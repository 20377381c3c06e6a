// Per version: events, distinct installs, and adoption — `current` installs whose latest event carries the
// version (by instant; on a tie the later line wins) and their share of all installs. `latest` is the
// highest version in SemVer order. Rows are sorted by events, most first; ties by version order, newest first.

import { DistinctCounter } from '../core/distinct-counter.js';
import type { InstallState } from '../core/install-state.js';
import type { VersionRow } from '../core/report.js';
import { compareVersions, latestVersion } from '../core/version-order.js';
import { StateError } from '../core/summary.js';
import type { Reducer } from './reducer.js';

/** bit masks for the first 64 versions seen (8 bytes an install); later ones are logged as pairs */
const MASK_WORDS = 2;

export function versionsReducer(state: InstallState): Reducer {
  const counter = new DistinctCounter(state, MASK_WORDS);
  // word offsets in each install's record: its latest instant (seconds, nanoseconds) and that event's version
  const latestSecAt = state.claim(2, true);
  const latestNsAt = state.claim(1);
  const versionAt = state.claim(1);
  /** installs seen so far (ids are dense and first seen in order) */
  let seen = 0;
  return {
    add(batch) {
      counter.addAll(batch.version, batch.install, batch.size);
      const { i32, f64, stride } = state;
      for (let i = 0; i < batch.size; i++) {
        const at = batch.install[i] * stride;
        const sec = batch.sec[i];
        const ns = batch.ns[i];
        if (batch.install[i] >= seen) {
          seen = batch.install[i] + 1;
        } else if (sec < f64[(at + latestSecAt) >> 1] || (sec === f64[(at + latestSecAt) >> 1] && ns < i32[at + latestNsAt])) {
          continue;
        }
        f64[(at + latestSecAt) >> 1] = sec;
        i32[at + latestNsAt] = ns;
        i32[at + versionAt] = batch.version[i];
      }
    },
    finish({ versionNames, installs: uniques, keep }) {
      const { events, installs } = counter.totals(versionNames.length, keep);
      const current = new Float64Array(versionNames.length);
      for (let install = 0; install < seen; install++) current[state.i32[install * state.stride + versionAt]]++;
      const rows: VersionRow[] = [];
      versionNames.forEach((version, id) => {
        if (events[id] === 0) return;
        rows.push({
          version,
          events: events[id],
          installs: installs[id],
          current: current[id],
          share: uniques === 0 ? 0 : current[id] / uniques,
        });
      });
      rows.sort((a, b) => b.events - a.events || compareVersions(b.version, a.version));
      return { versions: { latest: latestVersion(rows.map((row) => row.version)), rows } };
    },
    save(out) {
      counter.save(out); // the latest events are in the install records, saved whole
      out.json(seen);
    },
    absorb(input, ids) {
      counter.absorb(input, ids.version, ids);
      const n = input.json<number>('installs with a latest event');
      if (!Number.isInteger(n) || n < 0 || n > ids.installs) throw new StateError('has latest events of installs it does not have');
      for (let saved = 0; saved < n; saved++) {
        const from = saved * ids.stride;
        if (ids.records[from + versionAt] < 0 || ids.records[from + versionAt] >= ids.version.length) throw new StateError('has a latest version it does not name');
      }
      if (ids.identity) {
        seen = Math.max(seen, n); // the records were copied whole
        return;
      }
      const { i32, f64, stride } = state;
      for (let saved = 0; saved < n; saved++) {
        const install = ids.install[saved];
        const at = install * stride;
        const from = saved * ids.stride;
        const sec = ids.records64[(from + latestSecAt) >> 1];
        const ns = ids.records[from + latestNsAt];
        if (install > seen) throw new Error('versions.absorb: install ids out of order');
        // the saved events come after every event so far: on a tie in time they win, as a later line does
        if (install === seen) {
          seen++;
        } else if (sec < f64[(at + latestSecAt) >> 1] || (sec === f64[(at + latestSecAt) >> 1] && ns < i32[at + latestNsAt])) {
          continue;
        }
        f64[(at + latestSecAt) >> 1] = sec;
        i32[at + latestNsAt] = ns;
        i32[at + versionAt] = ids.version[ids.records[from + versionAt]];
      }
    },
  };
}
