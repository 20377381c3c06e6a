// Which version each install was on at the end of each day it was active: one record per distinct
// (day, install) pair — the version of the install's latest event that day (by instant; on a tie the later
// line wins) — so memory follows (day, install) pairs, not events. An install's repeat on the day it last
// logged updates that record in place; a day it comes back to out of order adds another record, and the
// duplicates are merged once, at the end.
//
// State (docs/incremental.md): the records as they are (day, install, version, and the instant inside the
// day, 20 bytes a (day, install) pair) and the first day of each version. Absorbed records come after every
// record so far, so a tie in time between a saved event and a later one goes to the later one, as a later
// line does in a full run; an absorbed install's next event starts a record of its own for the same reason.

import { Growable } from './growable.js';
import type { InstallState } from './install-state.js';
import type { EventBatch } from './event-batch.js';
import { StateError, type IdMaps, type SummaryReader, type SummaryWriter } from '../state/summary.js';

const DAY = 86400;
/** a day no event has: the next event of an absorbed install always starts a record */
const NO_DAY = -0x80000000;

export class DayVersionLog {
  private readonly state: InstallState;
  private readonly lastDayAt: number;
  private readonly lastRecordAt: number;
  private readonly days = new Growable(Int32Array, 1 << 14);
  private readonly installs = new Growable(Int32Array, 1 << 14);
  private readonly versions = new Growable(Int32Array, 1 << 14);
  /** seconds since the start of the record's (local) day, and nanoseconds: the order inside a day */
  private readonly secs = new Growable(Int32Array, 1 << 14);
  private readonly nss = new Growable(Int32Array, 1 << 14);
  size = 0;
  /** the first day each version id was seen on, over every event (Infinity: not seen) */
  private firstDays: Float64Array = new Float64Array(64).fill(Infinity);
  /** version ids seen so far: 0 .. versionCount-1 */
  versionCount = 0;
  /** installs seen so far (ids are dense and first seen in order) */
  seen = 0;
  minDay = Infinity;
  maxDay = -Infinity;

  constructor(state: InstallState) {
    this.state = state;
    this.lastDayAt = state.claim(1);
    this.lastRecordAt = state.claim(1);
  }

  addBatch(batch: EventBatch): void {
    const { i32, stride } = this.state;
    const end = this.size + batch.size;
    const days = this.days.ensure(end);
    const installs = this.installs.ensure(end);
    const versions = this.versions.ensure(end);
    const secs = this.secs.ensure(end);
    const nss = this.nss.ensure(end);
    let size = this.size;
    let seen = this.seen;
    let firstDays = this.firstDays;
    for (let i = 0; i < batch.size; i++) {
      const install = batch.install[i];
      const at = install * stride;
      const day = batch.day[i];
      const version = batch.version[i];
      if (version >= firstDays.length) firstDays = this.growVersions(version);
      if (day < firstDays[version]) firstDays[version] = day;
      if (version >= this.versionCount) this.versionCount = version + 1;
      const sec = batch.sec[i] - day * DAY;
      const ns = batch.ns[i];
      if (day < this.minDay) this.minDay = day;
      if (day > this.maxDay) this.maxDay = day;
      if (install < seen && i32[at + this.lastDayAt] === day) {
        const r = i32[at + this.lastRecordAt];
        if (sec > secs[r] || (sec === secs[r] && ns >= nss[r])) {
          versions[r] = version;
          secs[r] = sec;
          nss[r] = ns;
        }
        continue;
      }
      if (install >= seen) seen = install + 1;
      i32[at + this.lastDayAt] = day;
      i32[at + this.lastRecordAt] = size;
      days[size] = day;
      installs[size] = install;
      versions[size] = version;
      secs[size] = sec;
      nss[size] = ns;
      size++;
    }
    this.size = size;
    this.seen = seen;
  }

  private growVersions(version: number): Float64Array {
    let length = this.firstDays.length;
    while (length <= version) length *= 2;
    const grown = new Float64Array(length).fill(Infinity);
    grown.set(this.firstDays);
    return (this.firstDays = grown);
  }

  /** Saves the records and the first day of each version (the per-install fields are rebuilt on absorb). */
  save(out: SummaryWriter): void {
    const size = this.size;
    out.json({
      installs: this.seen,
      records: size,
      versions: this.versionCount,
      minDay: size === 0 ? null : this.minDay,
      maxDay: size === 0 ? null : this.maxDay,
    });
    out.array(this.firstDays.subarray(0, this.versionCount));
    out.array(this.days.array.subarray(0, size));
    out.array(this.installs.array.subarray(0, size));
    out.array(this.versions.array.subarray(0, size));
    out.array(this.secs.array.subarray(0, size));
    out.array(this.nss.array.subarray(0, size));
  }

  /** Adds saved records after every record so far, their install and version ids mapped to this run's. */
  absorb(input: SummaryReader, ids: IdMaps): void {
    const head = input.json<{ installs: number; records: number; versions: number; minDay: number | null; maxDay: number | null }>('day versions');
    const n = head?.records;
    const installs = head?.installs;
    if (!Number.isInteger(n) || n < 0 || !Number.isInteger(installs) || installs < 0 || installs > ids.installs)
      throw new StateError('has day versions of installs it does not have');
    if (!Number.isInteger(head.versions) || head.versions < 0 || head.versions > ids.version.length)
      throw new StateError('has day versions of versions it does not have');
    if (n > 0 && (!Number.isInteger(head.minDay) || !Number.isInteger(head.maxDay) || head.minDay! > head.maxDay!))
      throw new StateError('has no day range for its day versions');
    const firstDays = input.f64('first days of versions', head.versions);
    const savedDays = input.i32('day version days', n);
    const savedInstalls = input.i32('day version installs', n);
    const savedVersions = input.i32('day version versions', n);
    const savedSecs = input.i32('day version instants', n);
    const savedNss = input.i32('day version instants (ns)', n);
    for (let v = 0; v < head.versions; v++) {
      if (firstDays[v] === Infinity) continue;
      if (!Number.isInteger(firstDays[v])) throw new StateError('has a version first seen on no day');
      const version = ids.version[v];
      if (version >= this.firstDays.length) this.growVersions(version);
      if (firstDays[v] < this.firstDays[version]) this.firstDays[version] = firstDays[v];
      if (version >= this.versionCount) this.versionCount = version + 1;
    }
    const end = this.size + n;
    const days = this.days.ensure(end);
    const installIds = this.installs.ensure(end);
    const versions = this.versions.ensure(end);
    const secs = this.secs.ensure(end);
    const nss = this.nss.ensure(end);
    const minDay = head.minDay!;
    const maxDay = head.maxDay!;
    for (let i = 0; i < n; i++) {
      const r = this.size + i;
      const day = savedDays[i];
      const install = savedInstalls[i];
      const version = savedVersions[i];
      if (day < minDay || day > maxDay || install < 0 || install >= installs || version < 0 || version >= head.versions || Math.abs(savedSecs[i]) > 2 * DAY) {
        throw new StateError('has a day version out of range');
      }
      days[r] = day;
      installIds[r] = ids.install[install];
      versions[r] = ids.version[version];
      secs[r] = savedSecs[i];
      nss[r] = savedNss[i];
    }
    this.size = end;
    const { i32, stride } = this.state;
    for (let saved = 0; saved < installs; saved++) {
      const install = ids.install[saved];
      if (install + 1 > this.seen) this.seen = install + 1;
      i32[install * stride + this.lastDayAt] = NO_DAY;
    }
    if (n > 0) {
      this.minDay = Math.min(this.minDay, minDay);
      this.maxDay = Math.max(this.maxDay, maxDay);
    }
  }

  /** The first day of version id `version` among every event added; Infinity when it has none. */
  firstDay(version: number): number {
    return version < this.firstDays.length ? this.firstDays[version] : Infinity;
  }

  /**
   * Calls `visit(install, days, versions, count)` for every install in id order: its distinct active days
   * ascending and, for each, the version of its latest event that day. The arrays are reused between calls.
   * This empties the log (its records are let go at the end) unless `keep`: call it once, at the end, or with
   * `keep` as often as wanted (the collector's live report).
   */
  forEachInstall(visit: (install: number, days: Int32Array, versions: Int32Array, count: number) => void, keep = false): void {
    const n = this.seen;
    const size = this.size;
    const days = this.days.array;
    const installs = this.installs.array;
    const versions = this.versions.array;
    const secs = this.secs.array;
    const nss = this.nss.array;
    // group record indexes by install, input order inside each group (a stable counting sort)
    const starts = new Int32Array(n + 1);
    for (let r = 0; r < size; r++) starts[installs[r] + 1]++;
    for (let i = 0; i < n; i++) starts[i + 1] += starts[i];
    const fill = starts.slice(0, n);
    const order = new Int32Array(size);
    for (let r = 0; r < size; r++) order[fill[installs[r]]++] = r;
    const byTime = (a: number, b: number) => days[a] - days[b] || secs[a] - secs[b] || nss[a] - nss[b] || a - b;
    let outDays = new Int32Array(16);
    let outVersions = new Int32Array(16);
    for (let install = 0; install < n; install++) {
      const start = starts[install];
      const end = starts[install + 1];
      let sorted = true;
      for (let i = start + 1; i < end && sorted; i++) sorted = byTime(order[i - 1], order[i]) <= 0;
      const group = sorted ? order.subarray(start, end) : Int32Array.from(order.subarray(start, end)).sort(byTime);
      if (group.length > outDays.length) {
        outDays = new Int32Array(group.length * 2);
        outVersions = new Int32Array(group.length * 2);
      }
      let count = 0;
      for (let i = 0; i < group.length; i++) {
        const r = group[i];
        // the last record of a day is its latest event
        if (count > 0 && outDays[count - 1] === days[r]) outVersions[count - 1] = versions[r];
        else {
          outDays[count] = days[r];
          outVersions[count++] = versions[r];
        }
      }
      visit(install, outDays, outVersions, count);
    }
    if (keep) return;
    // let the garbage collector have the records before the caller builds on what it was given
    for (const column of [this.days, this.installs, this.versions, this.secs, this.nss]) column.array = new Int32Array(0);
    this.size = 0;
  }
}
