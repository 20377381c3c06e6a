// Upgrade paths: each install's events ordered by instant (ties by input order); every change of version
// between consecutive events is a move from → to. A row counts the distinct installs that made a move.
//
// Memory: one 20-byte record per event. Dropping an install's repeated versions as they arrive is only
// exact when its events arrive in time order, and a later out-of-order event can land between dropped
// ones, so every event is kept; the records are typed arrays, not objects.

import { Growable } from '../core/growable.js';
import type { UpgradeRow } from '../core/report.js';
import { compareVersions } from '../core/version-order.js';
import type { Reducer } from './reducer.js';

export function upgradesReducer(): Reducer {
  const installOf = new Growable(Int32Array, 1 << 16);
  const secOf = new Growable(Float64Array, 1 << 16);
  const nsOf = new Growable(Int32Array, 1 << 16);
  const versionOf = new Growable(Int32Array, 1 << 16);
  let count = 0;
  let installs = 0;
  return {
    add(batch) {
      const end = count + batch.size;
      installOf.ensure(end).set(batch.install.subarray(0, batch.size), count);
      secOf.ensure(end).set(batch.sec.subarray(0, batch.size), count);
      nsOf.ensure(end).set(batch.ns.subarray(0, batch.size), count);
      versionOf.ensure(end).set(batch.version.subarray(0, batch.size), count);
      count = end;
      for (let i = 0; i < batch.size; i++) if (batch.install[i] >= installs) installs = batch.install[i] + 1;
    },
    finish({ versionNames }) {
      const install = installOf.array;
      const sec = secOf.array;
      const ns = nsOf.array;
      const version = versionOf.array;
      // group record indexes by install, keeping input order inside each group (a stable counting sort)
      const offsets = new Int32Array(installs + 1);
      for (let i = 0; i < count; i++) offsets[install[i] + 1]++;
      for (let i = 0; i < installs; i++) offsets[i + 1] += offsets[i];
      const fill = offsets.slice(0, installs);
      const order = new Int32Array(count);
      for (let i = 0; i < count; i++) order[fill[install[i]]++] = i;

      const byInstant = (a: number, b: number) => sec[a] - sec[b] || ns[a] - ns[b] || a - b;
      const versions = versionNames.length;
      const installsByMove = new Map<number, number>();
      const moves = new Set<number>();
      for (let id = 0; id < installs; id++) {
        const start = offsets[id];
        const end = offsets[id + 1];
        if (end - start < 2) continue;
        let sorted = true;
        for (let i = start + 1; i < end && sorted; i++) sorted = byInstant(order[i - 1], order[i]) <= 0;
        const events = sorted ? order.subarray(start, end) : Int32Array.from(order.subarray(start, end)).sort(byInstant);
        moves.clear();
        for (let i = 1; i < events.length; i++) {
          const from = version[events[i - 1]];
          const to = version[events[i]];
          if (from !== to) moves.add(from * versions + to);
        }
        for (const move of moves) installsByMove.set(move, (installsByMove.get(move) ?? 0) + 1);
      }
      const rows: UpgradeRow[] = [];
      for (const [move, count] of installsByMove) {
        const from = versionNames[Math.floor(move / versions)];
        const to = versionNames[move % versions];
        rows.push({ from, to, installs: count, downgrade: compareVersions(to, from) < 0 });
      }
      rows.sort((a, b) => b.installs - a.installs || compareVersions(a.from, b.from) || compareVersions(a.to, b.to));
      return { upgrades: rows };
    },
  };
}
