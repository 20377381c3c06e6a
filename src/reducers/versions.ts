// Per version: events, distinct installs, and adoption — `current` installs whose latest event carries the
// version (by instant; on a tie the later line wins) and their share of all installs. `latest` is the
// highest version in SemVer order. Rows are sorted by events, most first; ties by version order, newest first.

import { DistinctCounter } from '../core/distinct-counter.js';
import { Growable } from '../core/growable.js';
import type { InstallState } from '../core/install-state.js';
import type { VersionRow } from '../core/report.js';
import { compareVersions, latestVersion } from '../core/version-order.js';
import { StateError } from '../state/summary.js';
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
  /** installs whose latest event carries version v, kept up to date as latest events change */
  const current = new Growable(Float64Array, 64);
  /** install `at`'s latest event is now of version `version` (it had one unless `first`) */
  const move = (at: number, version: number, first: boolean) => {
    const counts = current.ensure(version);
    if (!first) counts[state.i32[at + versionAt]]--;
    counts[version]++;
    state.i32[at + versionAt] = version;
  };
  return {
    add(batch) {
      counter.addAll(batch.version, batch.install, batch.size);
      const { i32, f64, stride } = state;
      for (let i = 0; i < batch.size; i++) {
        const at = batch.install[i] * stride;
        const sec = batch.sec[i];
        const ns = batch.ns[i];
        const first = batch.install[i] >= seen;
        if (first) {
          seen = batch.install[i] + 1;
        } else if (sec < f64[(at + latestSecAt) >> 1] || (sec === f64[(at + latestSecAt) >> 1] && ns < i32[at + latestNsAt])) {
          continue;
        }
        f64[(at + latestSecAt) >> 1] = sec;
        i32[at + latestNsAt] = ns;
        if (first || i32[at + versionAt] !== batch.version[i]) move(at, batch.version[i], first);
      }
    },
    finish({ versionNames, installs: uniques, keep }) {
      const { events, installs } = counter.totals(versionNames.length, keep);
      const rows: VersionRow[] = [];
      versionNames.forEach((version, id) => {
        if (events[id] === 0) return;
        rows.push({
          version,
          events: events[id],
          installs: installs[id],
          current: current.array[id] ?? 0,
          share: uniques === 0 ? 0 : (current.array[id] ?? 0) / uniques,
        });
      });
      rows.sort((a, b) => b.events - a.events || compareVersions(b.version, a.version));
      return { versions: { latest: latestVersion(rows.map((row) => row.version)), rows } };
    },
    save(out) {
      counter.save(out); // the latest events are in the install records, saved whole
      out.json(seen);
      out.array(current.array);
    },
    absorb(input, ids) {
      const counted = counter.absorb(input, ids.version, ids);
      const n = input.json<number>('installs with a latest event');
      if (!Number.isInteger(n) || n < 0 || n > ids.installs) throw new StateError('has latest events of installs it does not have');
      const saved = input.f64('installs per latest version');
      let sum = 0;
      for (let v = 0; v < saved.length; v++) {
        if (!Number.isInteger(saved[v]) || saved[v] < 0 || (saved[v] > 0 && v >= ids.version.length)) throw new StateError('has broken latest-version counts');
        sum += saved[v];
      }
      if (sum !== n) throw new StateError('has broken latest-version counts');
      if (ids.identity) {
        // the records (each install's latest version) were copied whole into an empty run, and counted so
        seen = Math.max(seen, n);
        for (let v = 0; v < saved.length; v++) if (saved[v] > 0) current.ensure(v)[v] = saved[v];
        return;
      }
      for (let saved = 0; saved < n; saved++) {
        const from = saved * ids.stride;
        if (ids.records[from + versionAt] < 0 || ids.records[from + versionAt] >= ids.version.length)
          throw new StateError('has a latest version it does not name');
      }
      // install by install: each saved install's masks, then its latest event (see InstallMerge)
      return (from, to) => {
        counted?.(from, to);
        const { i32, f64, stride } = state;
        for (let saved = from; saved < Math.min(to, n); saved++) {
          const install = ids.install[saved];
          const at = install * stride;
          const src = saved * ids.stride;
          const sec = ids.records64[(src + latestSecAt) >> 1];
          const ns = ids.records[src + latestNsAt];
          if (install > seen) throw new Error('versions.absorb: install ids out of order');
          // the saved events come after every event so far: on a tie in time they win, as a later line does
          const first = install === seen;
          if (first) {
            seen++;
          } else if (sec < f64[(at + latestSecAt) >> 1] || (sec === f64[(at + latestSecAt) >> 1] && ns < i32[at + latestNsAt])) {
            continue;
          }
          f64[(at + latestSecAt) >> 1] = sec;
          i32[at + latestNsAt] = ns;
          const version = ids.version[ids.records[src + versionAt]];
          if (first || i32[at + versionAt] !== version) move(at, version, first);
        }
      };
    },
  };
}
