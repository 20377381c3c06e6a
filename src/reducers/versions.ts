// Per version: events, distinct installs, and adoption — `current` installs whose latest event carries the
// version (by instant; on a tie the later line wins) and their share of all installs. `latest` is the
// highest version in SemVer order. Rows are sorted by events, most first; ties by version order, newest first.

import { DistinctCounter } from '../core/distinct-counter.js';
import { Growable } from '../core/growable.js';
import type { VersionRow } from '../core/report.js';
import { compareVersions, latestVersion } from '../core/version-order.js';
import type { Reducer } from './reducer.js';

export function versionsReducer(): Reducer {
  const counter = new DistinctCounter();
  const latestSec = new Growable(Float64Array);
  const latestNs = new Growable(Int32Array);
  const latestVersionOf = new Growable(Int32Array);
  let installs = 0;
  return {
    add(event) {
      const { install, sec, ns, version } = event;
      counter.add(version, install);
      if (install >= installs) {
        installs = install + 1;
        latestSec.ensure(install)[install] = sec;
        latestNs.ensure(install)[install] = ns;
        latestVersionOf.ensure(install)[install] = version;
      } else {
        const secs = latestSec.array;
        if (sec > secs[install] || (sec === secs[install] && ns >= latestNs.array[install])) {
          secs[install] = sec;
          latestNs.array[install] = ns;
          latestVersionOf.array[install] = version;
        }
      }
    },
    finish({ versionNames, installs: uniques }) {
      const { events, installs: distinct } = counter.totals(versionNames.length);
      const current = new Float64Array(versionNames.length);
      const latestOf = latestVersionOf.array;
      for (let install = 0; install < installs; install++) current[latestOf[install]]++;
      const rows: VersionRow[] = [];
      versionNames.forEach((version, id) => {
        if (events[id] === 0) return;
        rows.push({
          version,
          events: events[id],
          installs: distinct[id],
          current: current[id],
          share: uniques === 0 ? 0 : current[id] / uniques,
        });
      });
      rows.sort((a, b) => b.events - a.events || compareVersions(b.version, a.version));
      return { versions: { latest: latestVersion(rows.map((row) => row.version)), rows } };
    },
  };
}
