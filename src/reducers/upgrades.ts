// Upgrade paths: each install's events ordered by instant (ties by input order); every change of version
// between consecutive events is a move from → to. A row counts the distinct installs that made a move.
//
// Memory: one 20-byte record per event. Dropping an install's repeated versions as they arrive is only
// exact when its events arrive in time order, and a later out-of-order event can land between dropped
// ones, so every event of the run is kept; the records are typed arrays, not objects.
//
// State (docs/incremental.md): what is saved is each install's version runs in time order — version, first
// and last instant — not its events. A run's inner events are gone, so the summary stays exact only while
// whatever comes later lands outside the runs of other versions: a later event (or another state's run)
// of another version strictly inside a saved run could sit between inner events we no longer know. That is
// detected, never guessed: absorbing or finishing then throws a StateError and the caller makes a full run.
// Ties in time: a run's position among equal instants is its place in the list (saved runs come before
// every later event, in the order they were absorbed).

import { Growable } from '../core/growable.js';
import type { UpgradeRow } from '../core/report.js';
import { StateError } from '../state/summary.js';
import { compareVersions } from '../core/version-order.js';
import type { Reducer } from './reducer.js';

type BlockVisitor = (install: number, version: number, firstSec: number, firstNs: number, lastSec: number, lastNs: number) => void;

export function upgradesReducer(): Reducer {
  // the events added since the last consolidation
  const installOf = new Growable(Int32Array, 1 << 16);
  const secOf = new Growable(Float64Array, 1 << 16);
  const nsOf = new Growable(Int32Array, 1 << 16);
  const versionOf = new Growable(Int32Array, 1 << 16);
  let count = 0;
  // version runs from states (and from consolidation): they come before every event above
  let runInstall = new Growable(Int32Array, 16);
  let runVersion = new Growable(Int32Array, 16);
  let runFirstSec = new Growable(Float64Array, 16);
  let runFirstNs = new Growable(Int32Array, 16);
  let runLastSec = new Growable(Float64Array, 16);
  let runLastNs = new Growable(Int32Array, 16);
  let runs = 0;
  let installs = 0;

  function pushRun(
    into: {
      i: Growable<Int32Array>;
      v: Growable<Int32Array>;
      fs: Growable<Float64Array>;
      fn: Growable<Int32Array>;
      ls: Growable<Float64Array>;
      ln: Growable<Int32Array>;
    },
    at: number,
    install: number,
    version: number,
    fs: number,
    fn: number,
    ls: number,
    ln: number,
  ) {
    into.i.ensure(at)[at] = install;
    into.v.ensure(at)[at] = version;
    into.fs.ensure(at)[at] = fs;
    into.fn.ensure(at)[at] = fn;
    into.ls.ensure(at)[at] = ls;
    into.ln.ensure(at)[at] = ln;
  }

  /** Groups indexes 0 .. n-1 by install (stable: input order kept inside a group). */
  function groupByInstall(n: number, install: Int32Array): { offsets: Int32Array; order: Int32Array } {
    const offsets = new Int32Array(installs + 1);
    for (let i = 0; i < n; i++) offsets[install[i] + 1]++;
    for (let i = 0; i < installs; i++) offsets[i + 1] += offsets[i];
    const fill = offsets.slice(0, installs);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[install[i]]++] = i;
    return { offsets, order };
  }

  /**
   * Visits each install's blocks in time order: maximal stretches of one version, made of the saved runs and
   * the events, merged by (instant, place in the list). Throws a StateError when a saved run's unknown inside
   * would decide the order.
   */
  function sweep(visit: BlockVisitor): void {
    const ev = groupByInstall(count, installOf.array);
    const rn = groupByInstall(runs, runInstall.array);
    const sec = secOf.array,
      ns = nsOf.array,
      version = versionOf.array;
    const rv = runVersion.array,
      rfs = runFirstSec.array,
      rfn = runFirstNs.array,
      rls = runLastSec.array,
      rln = runLastNs.array;
    // an item's place among equal instants: runs first (by index), then events (by index)
    const byEventInstant = (a: number, b: number) => sec[a] - sec[b] || ns[a] - ns[b] || a - b;
    const byRunStart = (a: number, b: number) => rfs[a] - rfs[b] || rfn[a] - rfn[b] || a - b;
    for (let id = 0; id < installs; id++) {
      let events: Int32Array = ev.order.subarray(ev.offsets[id], ev.offsets[id + 1]);
      let runList: Int32Array = rn.order.subarray(rn.offsets[id], rn.offsets[id + 1]);
      if (events.length + runList.length === 0) continue;
      if (!isSorted(events, byEventInstant)) events = Int32Array.from(events).sort(byEventInstant);
      if (!isSorted(runList, byRunStart)) runList = Int32Array.from(runList).sort(byRunStart);
      let e = 0;
      let r = 0;
      let open = false;
      let v = 0,
        fs = 0,
        fn = 0,
        ls = 0,
        ln = 0,
        lplace = 0;
      while (e < events.length || r < runList.length) {
        // the next item by start: a run wins a tie in time, as it comes earlier in the list
        let takeRun: boolean;
        if (r >= runList.length) takeRun = false;
        else if (e >= events.length) takeRun = true;
        else {
          const ri = runList[r];
          const ei = events[e];
          takeRun = rfs[ri] < sec[ei] || (rfs[ri] === sec[ei] && rfn[ri] <= ns[ei]);
        }
        let iv: number, ifs: number, ifn: number, ils: number, iln: number, iplace: number, ifplace: number;
        if (takeRun) {
          const ri = runList[r++];
          iv = rv[ri];
          ifs = rfs[ri];
          ifn = rfn[ri];
          ils = rls[ri];
          iln = rln[ri];
          iplace = ri;
          ifplace = ri;
        } else {
          const ei = events[e++];
          iv = version[ei];
          ifs = ils = sec[ei];
          ifn = iln = ns[ei];
          iplace = ifplace = runs + ei;
        }
        if (!open) {
          open = true;
          v = iv;
          fs = ifs;
          fn = ifn;
          ls = ils;
          ln = iln;
          lplace = iplace;
          continue;
        }
        const after = ifs > ls || (ifs === ls && (ifn > ln || (ifn === ln && ifplace > lplace)));
        if (after) {
          if (iv === v) {
            ls = ils;
            ln = iln;
            lplace = iplace;
          } else {
            visit(id, v, fs, fn, ls, ln);
            v = iv;
            fs = ifs;
            fn = ifn;
            ls = ils;
            ln = iln;
            lplace = iplace;
          }
        } else if (iv === v) {
          // inside the open block, same version: it may only stretch the block
          if (ils > ls || (ils === ls && (iln > ln || (iln === ln && iplace > lplace)))) {
            ls = ils;
            ln = iln;
            lplace = iplace;
          }
        } else {
          throw new StateError("cannot place an install's events among the version runs saved before them (they overlap in time with another version)");
        }
      }
      if (open) visit(id, v, fs, fn, ls, ln);
    }
  }

  /** Turns the events and runs into runs (the blocks), so that what was seen is summarised. */
  function consolidate(): void {
    if (count === 0 && runs === 0) return;
    const into = {
      i: new Growable(Int32Array, Math.max(16, runs)),
      v: new Growable(Int32Array, Math.max(16, runs)),
      fs: new Growable(Float64Array, Math.max(16, runs)),
      fn: new Growable(Int32Array, Math.max(16, runs)),
      ls: new Growable(Float64Array, Math.max(16, runs)),
      ln: new Growable(Int32Array, Math.max(16, runs)),
    };
    let n = 0;
    sweep((install, version, fs, fn, ls, ln) => pushRun(into, n++, install, version, fs, fn, ls, ln));
    runInstall = into.i;
    runVersion = into.v;
    runFirstSec = into.fs;
    runFirstNs = into.fn;
    runLastSec = into.ls;
    runLastNs = into.ln;
    runs = n;
    count = 0;
  }

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
      const versions = versionNames.length;
      const installsByMove = new Map<number, number>();
      const moves = new Set<number>();
      let current = -1;
      let previous = -1;
      const flush = () => {
        for (const move of moves) installsByMove.set(move, (installsByMove.get(move) ?? 0) + 1);
        moves.clear();
      };
      sweep((install, version) => {
        if (install !== current) {
          flush();
          current = install;
        } else {
          moves.add(previous * versions + version);
        }
        previous = version;
      });
      flush();
      const rows: UpgradeRow[] = [];
      for (const [move, count] of installsByMove) {
        const from = versionNames[Math.floor(move / versions)];
        const to = versionNames[move % versions];
        rows.push({ from, to, installs: count, downgrade: compareVersions(to, from) < 0 });
      }
      rows.sort((a, b) => b.installs - a.installs || compareVersions(a.from, b.from) || compareVersions(a.to, b.to));
      return { upgrades: rows };
    },
    save(out) {
      consolidate();
      out.json({ installs, runs });
      out.array(runInstall.array.slice(0, runs));
      out.array(runVersion.array.slice(0, runs));
      out.array(runFirstSec.array.slice(0, runs));
      out.array(runFirstNs.array.slice(0, runs));
      out.array(runLastSec.array.slice(0, runs));
      out.array(runLastNs.array.slice(0, runs));
    },
    absorb(input, ids) {
      // events seen so far come before the saved runs: make them runs first, so list order stays time order on ties
      if (count > 0) consolidate();
      const head = input.json<{ installs: number; runs: number }>('upgrade runs');
      if (!Number.isInteger(head.installs) || head.installs < 0 || head.installs > ids.installs || !Number.isInteger(head.runs) || head.runs < 0) {
        throw new StateError('has upgrade runs of installs it does not have');
      }
      const n = head.runs;
      const install = input.i32('run installs', n);
      const version = input.i32('run versions', n);
      const fs = input.f64('run starts', n);
      const fn = input.i32('run starts (ns)', n);
      const ls = input.f64('run ends', n);
      const ln = input.i32('run ends (ns)', n);
      if (n === 0) return;
      // room for every run at once, then whole copies of the times: a collector's state holds millions of runs,
      // and growing six arrays a run at a time took seconds of its start (issue #23)
      const last = runs + n - 1;
      const toInstall = runInstall.ensure(last);
      const toVersion = runVersion.ensure(last);
      for (let i = 0; i < n; i++) {
        if (install[i] < 0 || install[i] >= head.installs || version[i] < 0 || version[i] >= ids.version.length)
          throw new StateError('has an upgrade run out of range');
        const id = ids.install[install[i]];
        if (id >= installs) installs = id + 1;
        toInstall[runs + i] = id;
        toVersion[runs + i] = ids.version[version[i]];
      }
      runFirstSec.ensure(last).set(fs, runs);
      runFirstNs.ensure(last).set(fn, runs);
      runLastSec.ensure(last).set(ls, runs);
      runLastNs.ensure(last).set(ln, runs);
      runs += n;
    },
  };
}

function isSorted(list: Int32Array, compare: (a: number, b: number) => number): boolean {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1], list[i]) > 0) return false;
  return true;
}
