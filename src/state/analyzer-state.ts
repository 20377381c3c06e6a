// The analyzer's state half (docs/incremental.md): a run saved as a state (`saveRun`), a state's header read and
// checked (`readState`), whether it can serve a run (`stateMismatch`), and a state absorbed into a run
// (`absorbState`), as if its inputs had been read now. Pure like the core: bytes in, bytes out; the files are
// state-file.ts's and the command line's use of them incremental.ts's.

import type { AnalysisOptions, Analyzer, InputRecord } from '../core/analyzer.js';
import { DeferredEvents, type LineNote } from '../core/deferred-events.js';
import type { ByteInterner } from '../core/byte-interner.js';
import { dayLabel } from '../core/calendar.js';
import { InstallTable } from '../core/install-table.js';
import { isCoverageSpan, type CoverageSpan } from '../core/coverage.js';
import type { InputCounts, Section } from '../core/report.js';
import { SECTIONS } from '../reducers/index.js';
import { StateError, SummaryReader, SummaryWriter, type IdMaps, type InstallMerge, type PartSource } from './summary.js';

/** Bump when the bytes of a state change meaning: an older or newer state is then not read. */
export const STATE_FORMAT = 5;

/** The first part of a state: what it counts, and under which settings. */
export interface StateHeader {
  format: number;
  settings: StateSettings;
  sections: Section[];
  counts: InputCounts;
  inputs: InputRecord[];
  /** the first invalid lines, and the first events outside the window for good (before its start, or after a fixed end) */
  invalidNotes: LineNote[];
  outsideNotes: LineNote[];
  /** the span of the counted events (core/coverage.ts), null when none; format 5 on */
  coverage: CoverageSpan | null;
  /** the caller's data (src/state/incremental.ts: the inputs' fingerprints); not read by the core */
  extra: unknown;
}

/**
 * The settings that change which events reach the reducers, resolved (a relative `--since 30d` as the day it
 * meant). A state serves only a run with the same ones, except that the default window's end may have moved
 * on (see `windowUntil`); the period unit is not among them (periods are summed from days at the end).
 */
export interface StateSettings {
  tz: string;
  since: number | null;
  until: number | null;
  commands: string[];
  versions: string[];
  excludeInstalls: string[];
  /** the window setting (null: the default) and its resolved ends */
  window: string | null;
  windowSince: number | null;
  /** the default window's end moves with today: a state serves a run whose end is the same or later */
  windowUntil: number | null;
  /** the analytics flags (active days, window days, …), as JSON */
  analytics: string;
}

/** Saved installs merged at a time by every section in turn (see InstallMerge): their records stay in the cache. */
const MERGE_BLOCK = 2048;

/** The sections of this run whose reducers cannot be kept in a state (no `save`/`absorb` yet). */
export function unsavable(run: Analyzer): Section[] {
  return run.sections.filter((_, i) => run.reducers[i].save === undefined || run.reducers[i].absorb === undefined);
}

/** The settings a state must share with this run (see StateSettings). */
export function stateSettings(run: Analyzer): StateSettings {
  const { filters } = run.options;
  const sorted = (values: string[]) => [...new Set(values)].sort();
  return {
    tz: run.zone.zone,
    since: run.filter.since,
    until: run.filter.until,
    commands: sorted(filters.commands),
    versions: sorted(filters.versions),
    excludeInstalls: sorted(filters.excludeInstalls.map((uuid) => uuid.toLowerCase())),
    window: run.options.window,
    windowSince: run.window.since,
    windowUntil: run.window.until,
    analytics: JSON.stringify(run.options.analytics),
  };
}

/**
 * The analysis options of a run under a state's settings (the inverse of `stateSettings`): what `merge` runs
 * with. `today` sets the default window's end (null: the state's own window as saved).
 */
export function optionsOfSettings(settings: StateSettings, sections: Section[], today: string | null): Partial<AnalysisOptions> {
  return {
    sections,
    tz: settings.tz,
    window: settings.window,
    today,
    analytics: (analyticsOf(settings.analytics) as unknown as AnalysisOptions['analytics'] | null) ?? undefined,
    filters: {
      since: settings.since === null ? null : dayLabel(settings.since),
      until: settings.until === null ? null : dayLabel(settings.until),
      commands: settings.commands,
      versions: settings.versions,
      excludeInstalls: settings.excludeInstalls,
    },
  };
}

/**
 * A summary of every line read so far (the current input up to here, which must be after a whole line), to
 * be written as a state. Its parts are views of this run's arrays: write them before reading on. `extra` is
 * stored for the caller.
 */
export function saveRun(run: Analyzer, extra: unknown = null): SummaryWriter {
  run.flush();
  if (run.input >= 0) run.inputs[run.input].lines = run.lineNumber;
  const out = new SummaryWriter(run.continuation);
  const header: StateHeader = {
    format: STATE_FORMAT,
    settings: stateSettings(run),
    sections: run.sections,
    counts: run.counts,
    inputs: run.inputs,
    invalidNotes: run.invalidNotes,
    outsideNotes: run.outsideNotes,
    coverage: run.coverage.span,
    extra,
  };
  out.json(header);
  out.section('installs');
  // a table at least a quarter full is saved as it is (loaded with one copy); a sparse one (a small log in
  // the 2^16-slot table a run starts with) as its uuids, which are hashed again on loading
  const raw = run.installs.size * 4 >= run.installs.rawSlots.length / 5;
  out.json({ installs: run.installs.size, raw });
  out.array(raw ? run.installs.rawSlots : run.installs.uuids());
  for (const [name, interner] of [
    ['versions', run.versions],
    ['commands', run.commands],
  ] as const) {
    out.section(name);
    const lengths = new Int32Array(interner.size);
    let total = 0;
    for (let id = 0; id < interner.size; id++) total += lengths[id] = interner.bytesOf(id).length;
    const bytes = new Uint8Array(total);
    let at = 0;
    for (let id = 0; id < interner.size; id++) {
      bytes.set(interner.bytesOf(id), at);
      at += lengths[id];
    }
    out.json(interner.names);
    out.array(lengths);
    out.array(bytes);
  }
  out.section('excluded');
  out.array(run.filter.excludedFound());
  out.section('deferred');
  saveDeferred(out, run.deferred);
  out.section('records');
  const stride = run.state.recordWords;
  out.json(stride);
  out.array(stride === 0 ? new Int32Array(0) : run.state.i32.subarray(0, run.installs.size * stride));
  run.sections.forEach((section, i) => {
    const save = run.reducers[i].save;
    if (save === undefined) throw new StateError(`cannot keep the ${section} section (not supported yet)`);
    out.section(section);
    save.call(run.reducers[i], out);
  });
  return out;
}

/**
 * Adds a saved state to this run, as if its inputs had been read now, before anything still to come. Its
 * header must have passed `stateMismatch`. Deferred events whose day this run's window reaches come in
 * now, in their place. Throws a StateError when the bytes are not a whole state.
 *
 * `continueAt`: the state continues this run's inputs from input `continueAt` on (it was saved by a run
 * that `continueInputs`): its input k is this run's input `continueAt + k`, whose line count it updates,
 * rather than an input of its own after this run's.
 */
export function absorbState(run: Analyzer, state: ReadState, continueAt: number | null = null): void {
  run.flush();
  run.absorbedState = true;
  const { header, reader } = state;
  const empty = run.installs.size === 0 && run.versions.size === 0 && run.commands.size === 0;
  reader.section('installs');
  const table = reader.json<{ installs: number; raw: boolean }>('install count');
  const n = table?.installs;
  if (!Number.isInteger(n) || n < 0) throw new StateError('has a broken install table');
  // a table taken as it is (into an empty run) has its slots checked as they are read, while in the cache;
  // or it stays in the state file (a source that defers large parts), its slots read as look-ups need them
  let tags: number | null = null;
  const part =
    table.raw && empty
      ? reader.u32Deferred('install table', (words, from, to) => {
          const counted = InstallTable.countTags(words, from, to, n);
          tags = counted < 0 ? null : (tags ?? 0) + counted;
          return counted >= 0;
        })
      : reader.u32('install table');
  const install = new Int32Array(n);
  if (!(part instanceof Uint32Array)) {
    if (n * 5 > part.count || part.count % 5 !== 0 || !run.installs.adoptSaved(part.bytes, part.count / 5, n))
      throw new StateError('has a broken install table');
    for (let i = 0; i < n; i++) install[i] = i;
  } else if (table.raw ? n * 5 > part.length : n * 4 !== part.length) {
    throw new StateError('has a broken install table');
  } else if (table.raw && empty && run.installs.adopt(part, n, tags)) {
    for (let i = 0; i < n; i++) install[i] = i;
  } else {
    const uuids = table.raw ? InstallTable.uuidsOf(part, n) : part;
    run.installs.reserve(run.installs.size + n);
    const before = run.installs.size;
    run.installs.idsOf(uuids, n, install);
    if (empty && run.installs.size !== before + n) throw new StateError('lists an install twice');
  }
  const intern = (name: string, interner: ByteInterner): Int32Array => {
    reader.section(name);
    const names = reader.json<string[]>(`${name} names`);
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new StateError(`has broken ${name} names`);
    const lengths = reader.i32(`${name} lengths`, names.length);
    const bytes = reader.u8(`${name} bytes`);
    const map = new Int32Array(names.length);
    let at = 0;
    for (let id = 0; id < names.length; id++) {
      if (lengths[id] < 0 || at + lengths[id] > bytes.length) throw new StateError(`has broken ${name} bytes`);
      map[id] = interner.idOf(bytes, at, at + lengths[id], names[id]);
      at += lengths[id];
    }
    return map;
  };
  const version = intern('versions', run.versions);
  const command = intern('commands', run.commands);
  const identity = empty && version.every((id, i) => id === i) && command.every((id, i) => id === i);
  reader.section('excluded');
  const excluded = reader.u32('excluded installs');
  for (let at = 0; at + 4 <= excluded.length; at += 4) run.filter.noteExcluded(excluded, at);
  reader.section('deferred');
  const deferred = readDeferred(reader, version.length, command.length, header.inputs.length);
  reader.section('records');
  const stride = reader.json<number>('record size');
  if (stride !== run.state.recordWords) throw new StateError(`has install records of ${stride} words, not ${run.state.recordWords}`);
  run.state.ensure(run.installs.size);
  let records: Int32Array;
  if (identity && stride > 0) {
    // straight into this run's records: a large state is not held twice
    records = run.state.i32.subarray(0, n * stride);
    reader.i32Into('install records', records);
  } else {
    records = reader.i32('install records', stride === 0 ? 0 : n * stride);
  }
  const records64 = new Float64Array(records.buffer, records.byteOffset, records.length >> 1);
  const inputBase = continueAt ?? run.inputs.length;
  if (inputBase > run.inputs.length) throw new StateError('continues inputs this run does not have');
  const ids: IdMaps = { installs: n, install, version, command, inputBase, inputs: header.inputs.length, identity, records, records64, stride };
  if (header.sections.join() !== run.sections.join()) throw new StateError('lists its sections out of order');
  const merges: InstallMerge[] = [];
  run.sections.forEach((section, i) => {
    const absorb = run.reducers[i].absorb;
    if (absorb === undefined) throw new StateError(`cannot absorb the ${section} section (not supported yet)`);
    reader.section(section);
    const merge = absorb.call(run.reducers[i], reader, ids);
    if (merge) merges.push(merge);
  });
  if (!reader.done) throw new StateError('has bytes after its last section');
  // the sections' install-by-install merges, a block of installs at a time (see InstallMerge)
  for (let from = 0; from < n && merges.length > 0; from += MERGE_BLOCK) {
    for (const merge of merges) merge(from, Math.min(n, from + MERGE_BLOCK));
  }
  header.inputs.forEach((record, k) => {
    const at = inputBase + k;
    if (at < run.inputs.length) {
      // a continued input: read on from where this run's record of it stopped
      if (record.lines < run.inputs[at].lines) throw new StateError('continues an input with fewer lines than were read');
      run.inputs[at].name = run.inputNames[at] = record.name;
      run.inputs[at].lines = record.lines;
    } else {
      run.inputs.push({ name: record.name, lines: record.lines });
      run.inputNames.push(record.name);
    }
  });
  const limit = run.options.invalidSamples;
  for (const note of header.invalidNotes) if (run.invalidNotes.length < limit) run.invalidNotes.push({ ...note, input: note.input + inputBase });
  for (const note of header.outsideNotes) if (run.outsideNotes.length < limit) run.outsideNotes.push({ ...note, input: note.input + inputBase });
  for (const key of Object.keys(run.counts) as (keyof InputCounts)[]) run.counts[key] += header.counts[key];
  run.coverage.join(header.coverage);
  // the deferred events, in their order: those this run's window now reaches come in, the rest wait on
  for (let i = 0; i < deferred.size; i++) {
    const sec = deferred.sec.array[i];
    const day = run.zone.dayOf(sec);
    const v = version[deferred.version.array[i]];
    const c = command[deferred.command.array[i]];
    if (day <= run.windowUntil) {
      run.counts.outside--;
      // located where its line is (quality's samples and input order), not at the input being read now
      run.pass(deferred.uuid.array, i * 4, day, v, c, sec, deferred.ns.array[i], deferred.input.array[i] + inputBase, deferred.line.array[i]);
    } else {
      run.deferred.add(
        deferred.uuid.array,
        i * 4,
        sec,
        deferred.ns.array[i],
        v,
        c,
        deferred.input.array[i] + inputBase,
        deferred.line.array[i],
        deferred.timestamps[i],
      );
    }
  }
}

/**
 * Why a state cannot serve this run, or null when it can: the setting that differs (named as in
 * AnalysisOptions; src/state/incremental.ts words it for users) with the state's value and this run's.
 */
export function stateMismatch(run: Analyzer, header: StateHeader): StateMismatch | null {
  const mine = stateSettings(run);
  const theirs = header.settings;
  const day = (d: number | null) => (d === null ? 'none' : dayLabel(d));
  const list = (values: string[]) => (values.length === 0 ? 'none' : values.join(', '));
  const differ = (setting: StateMismatch['setting'], state: string, run: string): StateMismatch | null => (state === run ? null : { setting, state, run });
  return (
    differ('tz', theirs.tz, mine.tz) ??
    differ('window', `${theirs.window ?? 'default'} ${theirs.windowSince}`, `${mine.window ?? 'default'} ${mine.windowSince}`) ??
    // the default window's end moves on with today: a state of an earlier day lets its deferred events in
    (theirs.windowUntil === mine.windowUntil ||
    (mine.window === null && theirs.windowUntil !== null && (mine.windowUntil === null || theirs.windowUntil < mine.windowUntil))
      ? null
      : { setting: 'windowEnd', state: day(theirs.windowUntil), run: day(mine.windowUntil) }) ??
    differ('since', day(theirs.since), day(mine.since)) ??
    differ('until', day(theirs.until), day(mine.until)) ??
    differ('commands', list(theirs.commands), list(mine.commands)) ??
    differ('versions', list(theirs.versions), list(mine.versions)) ??
    differ('excludeInstalls', theirs.excludeInstalls.join(), mine.excludeInstalls.join()) ??
    differ('analytics', String(theirs.analytics), mine.analytics) ??
    differ('sections', header.sections.join(', '), run.sections.join(', '))
  );
}

/** What keeps a state from serving a run: a setting, as the state has it and as the run has it. */
export interface StateMismatch {
  setting: 'tz' | 'window' | 'windowEnd' | 'since' | 'until' | 'commands' | 'versions' | 'excludeInstalls' | 'analytics' | 'sections';
  state: string;
  run: string;
}

/** A day number as a state keeps it (days since 1970-01-01; years 0001-9999 and a little beyond), or null. */
const isDayOrNull = (value: unknown) => value === null || (Number.isInteger(value) && Math.abs(value as number) <= 3_000_000);
const isStrings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const ANALYTICS_KEYS = ['activeDays', 'windowDays', 'within', 'quietDays', 'maxDaily'];

/** The analytics settings as a state keeps them (JSON text of five whole numbers), or null when broken. */
function analyticsOf(text: unknown): Record<string, number> | null {
  if (typeof text !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || !ANALYTICS_KEYS.every((key) => Number.isSafeInteger(value[key]) && (value[key] as number) > 0)) return null;
  return value as Record<string, number>;
}

/**
 * Whether every field of a header that a run reads has its type and range (issue #20): a header changed by a
 * flipped bit or by hand is refused here, as a StateError, before anything uses it; the body's checksum
 * catches the rest before anything built from it is trusted.
 */
function headerIsWhole(header: StateHeader): boolean {
  const h = header as unknown as Record<string, unknown>;
  const settings = h.settings;
  const counts = h.counts;
  const inputs = h.inputs;
  if (!isObject(settings) || !isObject(counts) || !Array.isArray(inputs) || !Array.isArray(h.sections)) return false;
  const settingsOk =
    typeof settings.tz === 'string' &&
    isDayOrNull(settings.since) &&
    isDayOrNull(settings.until) &&
    isStrings(settings.commands) &&
    isStrings(settings.versions) &&
    isStrings(settings.excludeInstalls) &&
    (settings.window === null || typeof settings.window === 'string') &&
    isDayOrNull(settings.windowSince) &&
    isDayOrNull(settings.windowUntil) &&
    analyticsOf(settings.analytics) !== null;
  const sections = h.sections as unknown[];
  const sectionsOk = sections.length > 0 && sections.every((s, i) => typeof s === 'string' && SECTIONS.includes(s as Section) && sections.indexOf(s) === i);
  const countsOk = ['files', 'lines', 'events', 'blank', 'invalid', 'outside', 'filtered'].every((k) => isCount(counts[k]));
  const inputsOk = inputs.every((i) => isObject(i) && typeof i.name === 'string' && isCount(i.lines));
  const note = (n: unknown) =>
    isObject(n) &&
    isCount(n.input) &&
    (n.input as number) < inputs.length &&
    isCount(n.line) &&
    ((typeof n.reason === 'string' && n.timestamp === null) || (n.reason === null && typeof n.timestamp === 'string'));
  const notesOk = Array.isArray(h.invalidNotes) && Array.isArray(h.outsideNotes) && h.invalidNotes.every(note) && h.outsideNotes.every(note);
  const coverageOk = h.coverage === null || isCoverageSpan(h.coverage);
  return settingsOk && sectionsOk && countsOk && inputsOk && notesOk && coverageOk;
}

/** A state's bytes, checked as far as its header: what `absorb` takes. */
export interface ReadState {
  header: StateHeader;
  reader: SummaryReader;
}

/** Reads a state's header; throws a StateError when the bytes are not a state of this format. */
export function readState(bytes: Uint8Array | PartSource): ReadState {
  const reader = new SummaryReader(bytes);
  const header = reader.json<StateHeader>('header');
  if (header === null || typeof header !== 'object') throw new StateError('has no header');
  if (!Number.isSafeInteger(header.format)) throw new StateError('has a broken header');
  if (header.format !== STATE_FORMAT) throw new StateError(`is format ${header.format}, this bazinga-stats reads format ${STATE_FORMAT}`);
  const ok = headerIsWhole(header);
  if (!ok) throw new StateError('has a broken header');
  return { header, reader };
}

function saveDeferred(out: SummaryWriter, events: DeferredEvents): void {
  const n = events.size;
  out.json(events.timestamps);
  out.array(events.uuid.array.slice(0, n * 4));
  out.array(events.sec.array.slice(0, n));
  out.array(events.ns.array.slice(0, n));
  out.array(events.version.array.slice(0, n));
  out.array(events.command.array.slice(0, n));
  out.array(events.input.array.slice(0, n));
  out.array(events.line.array.slice(0, n));
}

/** Saved deferred events, checked against the state's version, command and input counts. */
function readDeferred(reader: SummaryReader, versions: number, commands: number, inputs: number): DeferredEvents {
  const timestamps = reader.json<string[]>('deferred timestamps');
  if (!Array.isArray(timestamps) || timestamps.some((t) => typeof t !== 'string')) throw new StateError('has broken deferred events');
  const n = timestamps.length;
  const events = new DeferredEvents();
  const uuid = reader.u32('deferred uuids', n * 4);
  const sec = reader.f64('deferred instants', n);
  const ns = reader.i32('deferred instants (ns)', n);
  const version = reader.i32('deferred versions', n);
  const command = reader.i32('deferred commands', n);
  const input = reader.i32('deferred inputs', n);
  const line = reader.i32('deferred lines', n);
  for (let i = 0; i < n; i++) {
    if (
      version[i] < 0 ||
      version[i] >= versions ||
      command[i] < 0 ||
      command[i] >= commands ||
      input[i] < 0 ||
      input[i] >= inputs ||
      !Number.isFinite(sec[i])
    ) {
      throw new StateError('has a deferred event out of range');
    }
    events.add(uuid, i * 4, sec[i], ns[i], version[i], command[i], input[i], line[i], timestamps[i]);
  }
  return events;
}
