// The data-quality ledger (issue #13). Telemetry from machines nobody controls repeats itself, comes from
// clocks in the future, and comes from a client that churns its ids; this counts each kind, with the first
// few places (`FILE:LINE`, in input order) of each:
//
// - update-only: ids whose every event is an `update` (none is an `init`): the client's id churn writes a
//   fresh id each run, and that id sends one `update`; ids that sent `init` are a rough count of machines;
// - no-init: installs that never sent `init` (update-only ones included);
// - duplicate: an event equal to an earlier one of the same install (command, version, instant);
// - after-data-end: an event on a day more than one day after the data's end (the last day on which at least
//   two installs were active): a clock running ahead;
// - after-today: an event on a day after today (in the report's zone; none counted when no today is given);
// - before-init: an event earlier than its install's first `init`;
// - before-start: an event on a day before its version's start, the first day the release is in real use
//   (core/release-starts.ts, as adoption's "first seen"): a clock running behind, a dev build, a stray;
// - busy-day: installs with more than `maxDaily` events on one day (a CI loop);
// - downgrade: installs that moved to a lower version (events in time order, ties in input order).
//
// Memory: every event is kept as a 32-byte record (install, instant, command, version, place), as upgrades
// keeps 20: duplicates and "before the first init" depend on events that may arrive in any order, so they
// cannot be decided per install as the events arrive. Only `quality` pays for this.
//
// An event's place is its input and line (input * 2^32 + line): input order, the tie-break in time and the
// order of the samples. It is kept rather than the record's index because a state's deferred events (after
// the default window's end, let in when a later run's window reaches them) arrive after the state's records
// but sit among them in the input.
//
// State (docs/incremental.md): the records themselves, about 20 bytes an event as saved (see `save`). Every
// reason is then decided at the end from all the events, as in a full run: the data's end, today (which
// moves between runs), the first init, the duplicates, the per-day counts and the downgrades need no
// summary that could go stale.

import { Growable } from '../core/growable.js';
import { dayLabel } from '../core/period-ends.js';
import { ReleaseStarts } from '../core/release-starts.js';
import type { QualityReason, QualityReasonId } from '../core/report.js';
import { compareVersions } from '../core/version-order.js';
import { StateError } from '../state/summary.js';
import type { Reducer, ReducerSetup } from './reducer.js';

/** place = input * LINES + line */
const LINES = 2 ** 32;

/** places shown per reason */
export const QUALITY_SAMPLES = 5;

const REASONS: [QualityReasonId, QualityReason['unit']][] = [
  ['update-only', 'ids'],
  ['no-init', 'installs'],
  ['duplicate', 'events'],
  ['after-data-end', 'events'],
  ['after-today', 'events'],
  ['before-init', 'events'],
  ['before-start', 'events'],
  ['busy-day', 'installs'],
  ['downgrade', 'installs'],
];

/** The smallest few places offered: the first in input order. */
class Samples {
  readonly places: number[] = [];
  count = 0;
  add(place: number, counted = 1): void {
    this.count += counted;
    const list = this.places;
    if (list.length === QUALITY_SAMPLES && place >= list[list.length - 1]) return;
    let i = list.length;
    while (i > 0 && list[i - 1] > place) i--;
    list.splice(i, 0, place);
    if (list.length > QUALITY_SAMPLES) list.pop();
  }
}

export function qualityReducer(setup: ReducerSetup): Reducer {
  const { maxDaily } = setup.analytics;
  const installOf = new Growable(Int32Array, 1 << 16);
  const secOf = new Growable(Float64Array, 1 << 16);
  const nsOf = new Growable(Int32Array, 1 << 16);
  const commandOf = new Growable(Int32Array, 1 << 16);
  const versionOf = new Growable(Int32Array, 1 << 16);
  const placeOf = new Growable(Float64Array, 1 << 16);
  let count = 0;
  let installs = 0;
  return {
    add(batch) {
      const n = batch.size;
      const end = count + n;
      installOf.ensure(end).set(batch.install.subarray(0, n), count);
      secOf.ensure(end).set(batch.sec.subarray(0, n), count);
      nsOf.ensure(end).set(batch.ns.subarray(0, n), count);
      commandOf.ensure(end).set(batch.command.subarray(0, n), count);
      versionOf.ensure(end).set(batch.version.subarray(0, n), count);
      const place = placeOf.ensure(end);
      for (let i = 0; i < n; i++) {
        if (batch.install[i] >= installs) installs = batch.install[i] + 1;
        place[count + i] = batch.input[i] * LINES + batch.line[i];
      }
      count = end;
    },
    // the records are the summary: every reason is decided from them at the end. Saved narrower than in
    // memory: command and version ids in 16 bits while they fit, the seconds as 32-bit offsets from the
    // earliest while the span fits (136 years), the nanoseconds only when one is not 0, the places as lines
    // and the inputs as runs of records (first record, input)
    save(out) {
      const n = count;
      const commands = commandOf.array.subarray(0, n);
      const versions = versionOf.array.subarray(0, n);
      const nss = nsOf.array.subarray(0, n);
      const places = placeOf.array.subarray(0, n);
      const secs = secOf.array.subarray(0, n);
      let wide = false;
      let withNs = false;
      let secBase = Infinity;
      let secTop = -Infinity;
      const lines = new Int32Array(n);
      const runs: number[] = [];
      for (let i = 0; i < n; i++) {
        if (commands[i] > 0xffff || versions[i] > 0xffff) wide = true;
        if (nss[i] !== 0) withNs = true;
        if (secs[i] < secBase) secBase = secs[i];
        if (secs[i] > secTop) secTop = secs[i];
        const input = Math.floor(places[i] / LINES);
        lines[i] = places[i] - input * LINES;
        if (runs.length === 0 || runs[runs.length - 1] !== input) runs.push(i, input);
      }
      const offsets = n > 0 && secTop - secBase <= 0xffffffff;
      out.json({ events: n, installs, wide, ns: withNs, secBase: offsets ? secBase : null });
      out.array(installOf.array.subarray(0, n));
      if (offsets) {
        const from = new Uint32Array(n);
        for (let i = 0; i < n; i++) from[i] = secs[i] - secBase;
        out.array(from);
      } else {
        out.array(secs);
      }
      out.array(withNs ? nss : new Int32Array(0));
      out.array(wide ? commands : Uint16Array.from(commands));
      out.array(wide ? versions : Uint16Array.from(versions));
      out.array(lines);
      out.array(Int32Array.from(runs));
    },
    absorb(input, ids) {
      const head = input.json<{ events: number; installs: number; wide: boolean; ns: boolean; secBase: number | null }>('quality records');
      const n = head?.events;
      if (
        !Number.isInteger(n) ||
        n < 0 ||
        !Number.isInteger(head.installs) ||
        head.installs < 0 ||
        head.installs > ids.installs ||
        typeof head.wide !== 'boolean' ||
        typeof head.ns !== 'boolean'
      ) {
        throw new StateError('has quality records of installs it does not have');
      }
      const secBase = head.secBase;
      if (secBase !== null && !Number.isSafeInteger(secBase)) throw new StateError('has broken quality instants');
      const savedInstall = input.i32('quality installs', n);
      const savedSec = secBase === null ? input.f64('quality instants', n) : input.u32('quality instants', n);
      const savedNs = input.i32('quality instants (ns)', head.ns ? n : 0);
      const savedCommand = head.wide ? input.i32('quality commands', n) : input.u16('quality commands', n);
      const savedVersion = head.wide ? input.i32('quality versions', n) : input.u16('quality versions', n);
      const savedLine = input.i32('quality lines', n);
      const runs = input.i32('quality inputs');
      if (runs.length % 2 !== 0 || (n > 0 && (runs.length === 0 || runs[0] !== 0))) throw new StateError('has broken quality inputs');
      for (let k = 0; k < runs.length; k += 2) {
        if (runs[k + 1] < 0 || runs[k + 1] >= ids.inputs || runs[k] >= n || (k > 0 && runs[k] <= runs[k - 2]))
          throw new StateError('has broken quality inputs');
      }
      const end = count + n;
      const install = installOf.ensure(end);
      const sec = secOf.ensure(end);
      const ns = nsOf.ensure(end);
      const command = commandOf.ensure(end);
      const version = versionOf.ensure(end);
      const place = placeOf.ensure(end);
      let run = 0;
      for (let i = 0; i < n; i++) {
        while (run + 2 < runs.length && runs[run + 2] <= i) run += 2;
        const id = savedInstall[i];
        const c = savedCommand[i];
        const v = savedVersion[i];
        const line = savedLine[i];
        if (
          id < 0 ||
          id >= head.installs ||
          c < 0 ||
          c >= ids.command.length ||
          v < 0 ||
          v >= ids.version.length ||
          line < 1 ||
          !Number.isFinite(savedSec[i])
        ) {
          throw new StateError('has a quality record out of range');
        }
        const mapped = ids.install[id];
        if (mapped >= installs) installs = mapped + 1;
        install[count + i] = mapped;
        sec[count + i] = secBase === null ? savedSec[i] : secBase + savedSec[i];
        ns[count + i] = head.ns ? savedNs[i] : 0;
        command[count + i] = ids.command[c];
        version[count + i] = ids.version[v];
        place[count + i] = (runs[run + 1] + ids.inputBase) * LINES + line;
      }
      count = end;
    },
    finish({ versionNames, commandNames, zone }) {
      const install = installOf.array;
      const sec = secOf.array;
      const ns = nsOf.array;
      const command = commandOf.array;
      const version = versionOf.array;
      const place = placeOf.array;
      const initId = commandNames.indexOf('init');
      const updateId = commandNames.indexOf('update');
      const rank = new Int32Array(versionNames.length);
      Array.from(versionNames.keys())
        .sort((a, b) => compareVersions(versionNames[a], versionNames[b]))
        .forEach((v, i) => (rank[v] = i));
      const samples = new Map(REASONS.map(([reason]) => [reason, new Samples()]));
      const at = (reason: QualityReasonId) => samples.get(reason)!;

      // group record indexes by install, input order inside each group (a stable counting sort)
      const starts = new Int32Array(installs + 1);
      for (let r = 0; r < count; r++) starts[install[r] + 1]++;
      for (let i = 0; i < installs; i++) starts[i + 1] += starts[i];
      const fill = starts.slice(0, installs);
      const order = new Int32Array(count);
      for (let r = 0; r < count; r++) order[fill[install[r]]++] = r;
      const byInstant = (a: number, b: number) => sec[a] - sec[b] || ns[a] - ns[b] || place[a] - place[b];
      const sameEvent = (a: number, b: number) => command[a] - command[b] || version[a] - version[b] || place[a] - place[b];
      // one entry per (install, day), sorted at the end: a count per day of the span would be millions of days
      // with `--window ..` and one stamp in year 9999
      const installDays = new Growable(Float64Array, 1 << 12);
      let installDayCount = 0;
      // each install's version at the end of each of its days (its latest event that day): releases' starts
      const startFinder = new ReleaseStarts(versionNames.length);
      let initIds = 0;
      let updateOnly = 0;
      for (let id = 0; id < installs; id++) {
        const start = starts[id];
        const end = starts[id + 1];
        if (start === end) continue;
        let firstPlace = Infinity;
        for (let i = start; i < end; i++) if (place[order[i]] < firstPlace) firstPlace = place[order[i]];
        let sorted = true;
        for (let i = start + 1; i < end && sorted; i++) sorted = byInstant(order[i - 1], order[i]) <= 0;
        const events = sorted ? order.subarray(start, end) : Int32Array.from(order.subarray(start, end)).sort(byInstant);
        let firstInit = -1;
        let allUpdates = true;
        for (let i = 0; i < events.length; i++) {
          const c = command[events[i]];
          if (c !== updateId) allUpdates = false;
          if (c === initId && firstInit < 0) firstInit = i;
        }
        if (firstInit >= 0) initIds++;
        else at('no-init').add(firstPlace);
        if (allUpdates) {
          updateOnly++;
          at('update-only').add(firstPlace);
        }
        if (firstInit > 0) {
          const r0 = events[firstInit];
          for (let i = 0; i < firstInit; i++) {
            const r = events[i];
            if (sec[r] < sec[r0] || (sec[r] === sec[r0] && ns[r] < ns[r0])) at('before-init').add(place[r]);
          }
        }
        // duplicates: among the events of one instant, equal command and version after the first in input order
        for (let i = 0; i < events.length; ) {
          let j = i + 1;
          while (j < events.length && sec[events[j]] === sec[events[i]] && ns[events[j]] === ns[events[i]]) j++;
          if (j - i > 1) {
            const same = Int32Array.from(events.subarray(i, j)).sort(sameEvent);
            for (let k = 1; k < same.length; k++) {
              if (command[same[k]] === command[same[k - 1]] && version[same[k]] === version[same[k - 1]]) at('duplicate').add(place[same[k]]);
            }
          }
          i = j;
        }
        // busy days, and the installs of each day (for the data's end)
        let busy = -1;
        for (let i = 0; i < events.length; ) {
          const day = zone.dayOf(sec[events[i]]);
          let j = i + 1;
          let firstOfDay = place[events[i]];
          while (j < events.length && zone.dayOf(sec[events[j]]) === day) {
            if (place[events[j]] < firstOfDay) firstOfDay = place[events[j]];
            j++;
          }
          installDays.ensure(installDayCount)[installDayCount++] = day;
          startFinder.add(day, version[events[j - 1]]);
          if (j - i > maxDaily && (busy < 0 || firstOfDay < busy)) busy = firstOfDay;
          i = j;
        }
        if (busy >= 0) at('busy-day').add(busy);
        let downgrade = -1;
        for (let i = 1; i < events.length; i++) {
          const r = events[i];
          if (rank[version[r]] < rank[version[events[i - 1]]] && (downgrade < 0 || place[r] < downgrade)) downgrade = place[r];
        }
        if (downgrade >= 0) at('downgrade').add(downgrade);
      }

      // the data's end: the last day with at least two installs active (the last day when no day has two)
      let dataEnd = -Infinity;
      let lastDay = -Infinity;
      const days = installDays.array.subarray(0, installDayCount).sort();
      for (let i = 0; i < days.length; ) {
        let j = i + 1;
        while (j < days.length && days[j] === days[i]) j++;
        lastDay = days[i];
        if (j - i >= 2) dataEnd = days[i];
        i = j;
      }
      if (dataEnd === -Infinity) dataEnd = lastDay;
      const releaseStart = startFinder.starts();
      for (let r = 0; r < count; r++) {
        const day = zone.dayOf(sec[r]);
        // a version that never starts has no "before": its events are not strays of a release
        const releaseDay = releaseStart[version[r]];
        if (releaseDay !== Infinity && day < releaseDay) at('before-start').add(place[r]);
        if (day > dataEnd + 1) at('after-data-end').add(place[r]);
        if (setup.today !== null && day > setup.today) at('after-today').add(place[r]);
      }

      const located = (where: number): string => {
        const input = Math.floor(where / LINES);
        return `${setup.inputNames[input]}:${where - input * LINES}`;
      };
      const reasons: QualityReason[] = REASONS.map(([reason, unit]) => ({
        reason,
        unit,
        count: at(reason).count,
        samples: at(reason).places.map(located),
      }));
      const share = installs === 0 ? 0 : updateOnly / installs;
      return {
        quality: {
          ids: installs,
          initIds,
          updateOnlyIds: updateOnly,
          updateOnlyShare: share,
          summary: summarize(installs, initIds, updateOnly, share),
          maxDaily,
          dataEnd: installs === 0 ? null : dayLabel(dataEnd),
          today: setup.today === null ? null : dayLabel(setup.today),
          reasons,
        },
      };
    },
  };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function summarize(ids: number, initIds: number, updateOnly: number, share: number): string {
  if (ids === 0) return 'No events.';
  if (share > 0.5) {
    return (
      `${updateOnly} of ${ids} ids (${percent(share)}) sent only update and never init: the signature of the client's id churn ` +
      `(each run after the second writes a fresh id, which then sends one update). Unique installs count ids, not machines; ` +
      `the ${initIds} ids that sent init are a rough count of real installs.`
    );
  }
  return `${updateOnly} of ${ids} ids (${percent(share)}) sent only update and never init; ${initIds} ids sent init.`;
}
