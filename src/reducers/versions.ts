// Per version: events, distinct installs, and adoption — `current` installs whose latest event carries the
// version (by instant; on a tie the later line wins) and their share of all installs. `latest` is the
// highest version in SemVer order. Rows are sorted by events, most first; ties by version order, newest first.

import { DistinctCounter } from '../core/distinct-counter.js';
import { InstallRecords } from '../core/install-records.js';
import type { VersionRow } from '../core/report.js';
import { compareVersions, latestVersion } from '../core/version-order.js';
import type { Reducer } from './reducer.js';

/** bit masks for the first 64 versions seen (8 bytes an install); later ones are logged as pairs */
const MASK_WORDS = 2;

export function versionsReducer(): Reducer {
  const counter = new DistinctCounter(MASK_WORDS);
  /** per install: its latest instant and that event's version */
  const latest = new InstallRecords();
  return {
    add(batch) {
      for (let i = 0; i < batch.size; i++) {
        const install = batch.install[i];
        const version = batch.version[i];
        const sec = batch.sec[i];
        const ns = batch.ns[i];
        counter.add(version, install);
        if (install >= latest.size) {
          latest.push(sec, ns, version);
          continue;
        }
        const secs = latest.sec;
        const i32 = latest.i32;
        if (sec > secs[install * 2] || (sec === secs[install * 2] && ns >= i32[install * 4 + 2])) {
          secs[install * 2] = sec;
          i32[install * 4 + 2] = ns;
          i32[install * 4 + 3] = version;
        }
      }
    },
    finish({ versionNames, installs: uniques }) {
      const { events, installs } = counter.totals(versionNames.length);
      const current = new Float64Array(versionNames.length);
      for (let install = 0; install < latest.size; install++) current[latest.i32[install * 4 + 3]]++;
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
  };
}
