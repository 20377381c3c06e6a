// Per version: events, distinct installs, and adoption — `current` installs whose latest event carries the
// version (by instant; on a tie the later line wins) and their share of all installs. `latest` is the
// highest version in SemVer order. Rows are sorted by events, most first; ties by version order, newest first.

import { InstallRecords, type InstallRecordsState } from '../core/install-records.js';
import { PairLog, type PairLogState } from '../core/pair-log.js';
import { Growable } from '../core/growable.js';
import type { VersionRow } from '../core/report.js';
import { compareVersions, latestVersion } from '../core/version-order.js';
import type { Reducer } from './reducer.js';

export function versionsReducer(): Reducer {
  const events = new Growable(Float64Array, 0, 64);
  /** (version, install) whenever an install shows a version other than its latest one's */
  const pairs = new PairLog();
  /** per install: its latest instant and that event's version */
  const latest = new InstallRecords();
  return {
    add(batch) {
      for (let i = 0; i < batch.size; i++) {
        const install = batch.install[i];
        const version = batch.version[i];
        const sec = batch.sec[i];
        const ns = batch.ns[i];
        events.ensure(version)[version]++;
        if (install >= latest.size) {
          latest.push(sec, ns, version);
          pairs.push(version, install);
          continue;
        }
        const i32 = latest.i32;
        // the pair of the latest event's version is always logged already: skip it
        if (i32[install * 4 + 3] !== version) pairs.push(version, install);
        const secs = latest.sec;
        if (sec > secs[install * 2] || (sec === secs[install * 2] && ns >= i32[install * 4 + 2])) {
          secs[install * 2] = sec;
          i32[install * 4 + 2] = ns;
          i32[install * 4 + 3] = version;
        }
      }
    },
    save: () => ({ events: events.array, pairs: pairs.save(), latest: latest.save() }),
    merge(saved, ids) {
      const state = saved as { events: Float64Array; pairs: PairLogState; latest: InstallRecordsState };
      for (let v = 0; v < state.events.length && v < ids.version.length; v++) {
        if (state.events[v] > 0) events.ensure(ids.version[v])[ids.version[v]] += state.events[v];
      }
      pairs.addSaved(state.pairs, ids.version, ids.install);
      const other = InstallRecords.load(state.latest);
      for (let id = 0; id < other.size; id++) {
        const here = ids.install[id];
        const sec = other.sec[id * 2];
        const ns = other.i32[id * 4 + 2];
        const version = ids.version[other.i32[id * 4 + 3]];
        // the other side read later lines: on a tie its event is the latest
        if (here >= latest.size) {
          latest.push(sec, ns, version);
        } else if (sec > latest.sec[here * 2] || (sec === latest.sec[here * 2] && ns >= latest.i32[here * 4 + 2])) {
          latest.sec[here * 2] = sec;
          latest.i32[here * 4 + 2] = ns;
          latest.i32[here * 4 + 3] = version;
        }
      }
    },
    finish({ versionNames, installs: uniques }) {
      const current = new Float64Array(versionNames.length);
      for (let install = 0; install < latest.size; install++) current[latest.i32[install * 4 + 3]]++;
      const installs = new Float64Array(versionNames.length);
      pairs.forEachInstall(latest.size, null, (_install, versions, start, end) => {
        for (let i = start; i < end; i++) installs[versions[i]]++;
      });
      const rows: VersionRow[] = [];
      versionNames.forEach((version, id) => {
        const count = events.array[id] ?? 0;
        if (count === 0) return;
        rows.push({
          version,
          events: count,
          installs: installs[id],
          current: current[id],
          share: uniques === 0 ? 0 : current[id] / uniques,
        });
      });
      rows.sort((a, b) => b.events - a.events || compareVersions(b.version, a.version));
      return { versions: { latest: latestVersion(rows.map((row) => row.version)), rows } };
    },
  };
}
