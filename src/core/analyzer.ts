// The core of a run: lines in, report out. Pure and synchronous — the caller feeds each input's bytes
// (`beginInput`, `push`, `endInput`) and asks for the report (`finish`); reading files is not its business,
// and neither is the clock: "today" comes in as a setting, like the zone and the window.
// A run can also be saved as a state (`save`) and a state absorbed into a run (`absorb`): the incremental
// runs and merges of docs/incremental.md. Files and fingerprints are src/incremental.ts's.

import { newRawEvent } from '../parse/event.js';
import { BLANK, parseLine } from '../parse/line.js';
import { LineSplitter, MAX_LINE_BYTES, type LineSink } from '../parse/line-splitter.js';
import { createReducer, SECTIONS, type Reducer } from '../reducers/index.js';
import { BATCH_SIZE, EventBatch } from './event-batch.js';
import { ByteInterner } from './byte-interner.js';
import { createFilter, noFilters, parseDate, type EventFilter, type FilterOptions } from './filters.js';
import { InstallState } from './install-state.js';
import { InstallTable } from './install-table.js';
import { defaultAnalyticsSettings, type AnalyticsSettings, type InputCounts, type PeriodUnit, type Report, type Section } from './report.js';
import { SettingError } from './setting-error.js';
import { resolveWindow, windowDates, windowLabel, type DayWindow } from './window.js';
import { ZoneDays } from './zone-days.js';
import { dayLabel } from './calendar.js';
import { Growable } from './growable.js';
import { StateError, SummaryReader, SummaryWriter, type IdMaps, type InstallMerge, type PartSource } from './summary.js';

/**
 * A line listed on stderr: an invalid line (its reason), or an event outside the window (its timestamp as
 * written: the message names the window, which is known only when the lines are listed).
 */
interface LineNote {
  /** index in `inputs` */
  input: number;
  line: number;
  reason: string | null;
  timestamp: string | null;
}

/**
 * Told every event that reaches the sections, as they see it (inside the window, past the filters), and
 * every line they do not get (invalid, or outside the window), in input order: the hook of
 * `bazinga-stats export` (src/export/), which writes the events a report counts without judging them again.
 */
export interface EventListener {
  /**
   * A batch of events as the sections get them, in input order, with install ids (dense, from 0 in order of
   * first appearance), their inputs and lines; `version` and `command` are ids (`versionName`, `commandName`)
   */
  events(batch: EventBatch): void;
  /** `reason`: why the line is invalid; null for an event outside the window (`timestamp` as the line wrote it) */
  rejected?(input: number, line: number, reason: string | null, timestamp: string | null): void;
}

/** An input of the run (or of an absorbed state): its name in messages and how many lines were read. */
export interface InputRecord {
  name: string;
  lines: number;
}

/** Bump when the bytes of a state change meaning: an older or newer state is then not read. */
export const STATE_FORMAT = 3;

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
  /** the caller's data (src/incremental.ts: the inputs' fingerprints); not read by the core */
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

export interface AnalysisOptions {
  sections: Section[];
  /** IANA zone in which days are cut (any spelling Intl accepts; the report states the canonical name) */
  tz: string;
  by: PeriodUnit;
  filters: FilterOptions;
  /**
   * Today's date (YYYY-MM-DD) in `tz`: the end of relative dates (`since: '30d'`) and of the default window.
   * The core reads no clock; null means there is no today: relative dates are then an error and the default
   * window has no end.
   */
  today: string | null;
  /**
   * The time window `FROM..TO` (each end YYYY-MM-DD or empty; `..` is none); null is the default,
   * 2000-01-01 to the day after today. Events outside it are counted as `outside` and reach no section.
   */
  window: string | null;
  /** how many invalid lines and out-of-window events to keep as `FILE:LINE: reason` messages */
  invalidSamples: number;
  /** the analytics sections' settings (issue #13) */
  analytics: AnalyticsSettings;
  /**
   * Compute only the latest this many retention cohorts (what the human formats show), counting the earlier
   * ones in `retentionEarlier`; null computes the whole triangle, refused beyond MAX_RETENTION_WEEKS weeks.
   */
  retentionCohorts: number | null;
  /**
   * Compute only the latest this many rows of adoption, active, activation and churn (what the human formats
   * show), counting the earlier ones in `adoptionEarlier`, …; null computes every row, refused (a SettingError
   * on the window, before the rows are computed) beyond MAX_ANALYTICS_ROWS periods.
   */
  latestPeriods: number | null;
  /** The most rows of the period section (null: no limit); more are refused before they are computed. */
  maxPeriods: number | null;
  /**
   * Leave runs of at least this many empty periods out of the period section, as `periodGaps` (what the
   * human formats show as one line each); null gives every row.
   */
  collapseEmptyRuns: number | null;
}

export const defaultAnalysisOptions: AnalysisOptions = {
  sections: ['uniques', 'periods', 'versions', 'commands'],
  tz: 'UTC',
  by: 'day',
  filters: noFilters,
  today: null,
  window: null,
  invalidSamples: 10,
  analytics: defaultAnalyticsSettings,
  retentionCohorts: null,
  latestPeriods: null,
  maxPeriods: null,
  collapseEmptyRuns: null,
};

/** For the few out-of-window events listed: their line's text (a valid event's line is valid UTF-8). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Saved installs merged at a time by every section in turn (see InstallMerge): their records stay in the cache. */
const MERGE_BLOCK = 2048;

export class Analyzer implements LineSink {
  readonly options: AnalysisOptions;
  private readonly zone: ZoneDays;
  private readonly filter: EventFilter;
  private readonly reducers: Reducer[];
  /** the sections computed, in the order of `reducers` */
  private readonly sections: Section[];
  private readonly installs = new InstallTable(1 << 16);
  /** the reducers' per-install fields, one record per install id */
  private readonly state = new InstallState();
  private readonly versions = new ByteInterner();
  private readonly commands = new ByteInterner();
  private readonly raw = newRawEvent();
  private readonly batch = new EventBatch();
  readonly counts: InputCounts = { files: 0, lines: 0, events: 0, blank: 0, invalid: 0, outside: 0, filtered: 0 };
  /** the first few invalid lines, and the first few events outside the window for good, in input order */
  private readonly invalidNotes: LineNote[] = [];
  private readonly outsideNotes: LineNote[] = [];
  /**
   * Events after the end of a window that moves with today (the default one): kept whole, in input order,
   * so that a state made today can let them in when a later run's window reaches their day.
   */
  private readonly deferred = new DeferredEvents();
  /** the window's end moves with today: events after it are deferred, not dropped */
  private readonly movingEnd: boolean;
  private splitter: LineSplitter | null = null;
  /** every input so far (absorbed states' first), and the one being read */
  readonly inputs: InputRecord[] = [];
  private input = -1;
  /** the names of `inputs`, in order (a live array the reducers read: `EventBatch.input` indexes it) */
  private readonly inputNames: string[] = [];
  /** this run continues another's inputs (`continueInputs`): its state is a segment */
  private continuation = false;
  /** whether a reducer needs each event's input and line (quality's samples), or a listener does */
  private locate: boolean;
  private lineNumber = 0;
  /** the export's hook (`listen`), or null */
  private listener: EventListener | null = null;
  /** today's day number in the zone, for relative dates and the default window; null: none given */
  readonly today: number | null;
  /** the time window as inclusive day numbers (±Infinity for an open end) */
  private readonly windowSince: number;
  private readonly windowUntil: number;
  private readonly window: DayWindow;

  constructor(options: Partial<AnalysisOptions> = {}) {
    this.options = { ...defaultAnalysisOptions, ...options };
    this.zone = new ZoneDays(this.options.tz);
    const today = this.options.today;
    this.today = today === null ? null : parseDate(today);
    if (today !== null && this.today === null) throw new SettingError('today', today, 'not-a-date');
    this.window = resolveWindow(this.options.window, this.today);
    this.windowSince = this.window.since ?? -Infinity;
    this.windowUntil = this.window.until ?? Infinity;
    this.movingEnd = this.options.window === null && this.window.until !== null;
    this.filter = createFilter(this.options.filters, this.today, this.commands.names, this.versions.names);
    const setup = { analytics: this.options.analytics, commandNames: this.commands.names, inputNames: this.inputNames, today: this.today, retentionCohorts: this.options.retentionCohorts,
      latestPeriods: this.options.latestPeriods, maxPeriods: this.options.maxPeriods, collapseEmptyRuns: this.options.collapseEmptyRuns };
    // in one fixed order, whatever the order asked for: the install records' layout then depends only on
    // which sections there are, and a state's records can be copied whole
    this.sections = SECTIONS.filter((section) => this.options.sections.includes(section));
    this.reducers = this.sections.map((section) => createReducer(section, this.options.by, this.state, setup));
    this.locate = this.options.sections.includes('quality');
  }

  /** Tells `listener` every event that reaches the sections and every line that does not (see EventListener). */
  listen(listener: EventListener): void {
    this.listener = listener;
    this.locate = true;
  }

  /** The time window as messages name it (`2000-01-01..2026-12-01`). */
  get windowText(): string {
    return windowLabel(windowDates(this.window));
  }

  /** The name of a version id given to an EventListener. */
  versionName(id: number): string {
    return this.versions.names[id];
  }

  /** The name of a command id given to an EventListener. */
  commandName(id: number): string {
    return this.commands.names[id];
  }

  /** Starts an input (a file, stdin): its lines are numbered from 1 and a BOM may start it. */
  beginInput(name: string): void {
    this.counts.files++;
    this.input = this.inputs.push({ name, lines: 0 }) - 1;
    this.inputNames.push(name);
    this.lineNumber = 0;
    this.splitter = new LineSplitter(this);
  }

  /**
   * Goes on reading input `index` of an absorbed state, where it stopped (after a whole line), now called
   * `name`: lines are numbered on from there, and a BOM is looked for only if nothing was read yet.
   */
  resumeInput(index: number, name: string, atStart = false): void {
    const record = this.inputs[index];
    record.name = name;
    this.inputNames[index] = name;
    this.input = index;
    this.lineNumber = record.lines;
    this.splitter = new LineSplitter(this, MAX_LINE_BYTES, atStart);
  }

  /**
   * Makes this (empty) run the continuation of another whose inputs were `inputs` (names and lines read): a
   * state saved from it then holds only the lines read here, numbered on (`resumeInput`), and is absorbed
   * into the other run with `absorb(state, 0)` (an appended segment of a state file, docs/incremental.md).
   */
  continueInputs(inputs: readonly InputRecord[]): void {
    if (this.inputs.length > 0 || this.counts.lines > 0) throw new Error('Analyzer.continueInputs: only before any input');
    this.continuation = true;
    for (const record of inputs) {
      this.inputs.push({ name: record.name, lines: record.lines });
      this.inputNames.push(record.name);
    }
  }

  /** The first few invalid lines and out-of-window events as `FILE:LINE: reason`, in input order. */
  get invalidLines(): string[] {
    const limit = this.options.invalidSamples;
    const notes = [...this.invalidNotes, ...this.outsideNotes, ...this.deferred.notes(limit)];
    notes.sort((a, b) => a.input - b.input || a.line - b.line);
    const window = windowLabel(windowDates(this.window));
    return notes
      .slice(0, limit)
      .map((n) => `${this.inputs[n.input].name}:${n.line}: ${n.reason ?? `timestamp ${n.timestamp} is outside ${window}`}`);
  }

  push(chunk: Buffer): void {
    this.splitter!.push(chunk);
  }

  endInput(): void {
    this.splitter!.end();
    this.splitter = null;
    this.inputs[this.input].lines = this.lineNumber;
  }

  /** LineSink: one line of the current input. */
  line(buf: Buffer, start: number, end: number): void {
    this.lineNumber++;
    this.counts.lines++;
    const reason = parseLine(buf, start, end, this.raw);
    if (reason === null) this.accept(buf, start, end);
    else if (reason === BLANK) this.counts.blank++;
    else this.invalid(reason);
  }

  /** LineSink: a line over the length limit. */
  overlong(): void {
    this.lineNumber++;
    this.counts.lines++;
    this.invalid('line longer than 1 MiB');
  }

  private invalid(reason: string): void {
    this.counts.invalid++;
    this.listener?.rejected?.(this.input, this.lineNumber, reason, null);
    if (this.invalidNotes.length < this.options.invalidSamples) {
      this.invalidNotes.push({ input: this.input, line: this.lineNumber, reason, timestamp: null });
    }
  }

  /** The event of this line is valid but its day is outside the window. */
  private outside(buf: Buffer, start: number, end: number, day: number): void {
    this.counts.outside++;
    // the timestamp as the line wrote it (a valid event's line is valid JSON): only for the few listed
    const timestamp = () => String(JSON.parse(UTF8.decode(buf.subarray(start, end))).timestamp);
    // the line is parsed again only for a listener that keeps the rejects
    this.listener?.rejected?.(this.input, this.lineNumber, null, timestamp());
    if (this.movingEnd && day > this.windowUntil) {
      const raw = this.raw;
      const version = this.versions.idOf(raw.versionBytes, raw.versionStart, raw.versionEnd, raw.versionText);
      const command = this.commands.idOf(raw.commandBytes, raw.commandStart, raw.commandEnd, raw.commandText);
      this.deferred.add(raw.uuid, 0, raw.time.sec, raw.time.ns, version, command, this.input, this.lineNumber, timestamp());
    } else if (this.outsideNotes.length < this.options.invalidSamples) {
      this.outsideNotes.push({ input: this.input, line: this.lineNumber, reason: null, timestamp: timestamp() });
    }
  }

  /** A valid event is in `this.raw` (its line is `buf[start, end)`): window it, intern it, filter it, batch it. */
  private accept(buf: Buffer, start: number, end: number): void {
    const raw = this.raw;
    this.counts.events++;
    const day = this.zone.dayOf(raw.time.sec);
    if (day < this.windowSince || day > this.windowUntil) {
      this.outside(buf, start, end, day);
      return;
    }
    const version = this.versions.idOf(raw.versionBytes, raw.versionStart, raw.versionEnd, raw.versionText);
    const command = this.commands.idOf(raw.commandBytes, raw.commandStart, raw.commandEnd, raw.commandText);
    this.pass(raw.uuid, 0, day, version, command, raw.time.sec, raw.time.ns);
  }

  /** An event inside the window: filter it, batch it. */
  private pass(uuid: Uint32Array, at: number, day: number, version: number, command: number, sec: number, ns: number, input = this.input, line = this.lineNumber): void {
    if (this.filter.active && !this.filter.passes(day, command, version, at === 0 ? uuid : uuid.subarray(at, at + 4))) {
      this.counts.filtered++;
      return;
    }
    const batch = this.batch;
    const i = batch.size++;
    batch.uuid[i * 4] = uuid[at];
    batch.uuid[i * 4 + 1] = uuid[at + 1];
    batch.uuid[i * 4 + 2] = uuid[at + 2];
    batch.uuid[i * 4 + 3] = uuid[at + 3];
    batch.day[i] = day;
    batch.version[i] = version;
    batch.command[i] = command;
    batch.sec[i] = sec;
    batch.ns[i] = ns;
    if (this.locate) {
      batch.input[i] = input;
      batch.line[i] = line;
    }
    if (batch.size === BATCH_SIZE) this.flush();
  }

  /** Gives the batched events install ids and hands them to every reducer. */
  private flush(): void {
    const batch = this.batch;
    const installs = this.installs;
    for (let i = 0; i < batch.size; i++) batch.install[i] = installs.idOf(batch.uuid, i * 4);
    this.state.ensure(installs.size);
    this.listener?.events(batch);
    for (const reducer of this.reducers) reducer.add(batch);
    batch.size = 0;
  }

  /** The sections of this run whose reducers cannot be kept in a state (no `save`/`absorb` yet). */
  get unsavable(): Section[] {
    return this.sections.filter((_, i) => this.reducers[i].save === undefined || this.reducers[i].absorb === undefined);
  }

  /** Distinct installs so far. */
  get installCount(): number {
    return this.installs.size;
  }

  /** The settings a state must share with this run (see StateSettings). */
  get stateSettings(): StateSettings {
    const { filters } = this.options;
    const sorted = (values: string[]) => [...new Set(values)].sort();
    return {
      tz: this.zone.zone,
      since: this.filter.since,
      until: this.filter.until,
      commands: sorted(filters.commands),
      versions: sorted(filters.versions),
      excludeInstalls: sorted(filters.excludeInstalls.map((uuid) => uuid.toLowerCase())),
      window: this.options.window,
      windowSince: this.window.since,
      windowUntil: this.window.until,
      analytics: JSON.stringify(this.options.analytics),
    };
  }

  /**
   * A summary of every line read so far (the current input up to here, which must be after a whole line), to
   * be written as a state. Its parts are views of this run's arrays: write them before reading on. `extra` is
   * stored for the caller.
   */
  save(extra: unknown = null): SummaryWriter {
    this.flush();
    if (this.input >= 0) this.inputs[this.input].lines = this.lineNumber;
    const out = new SummaryWriter(this.continuation);
    const header: StateHeader = {
      format: STATE_FORMAT,
      settings: this.stateSettings,
      sections: this.sections,
      counts: this.counts,
      inputs: this.inputs,
      invalidNotes: this.invalidNotes,
      outsideNotes: this.outsideNotes,
      extra,
    };
    out.json(header);
    out.section('installs');
    // a table at least a quarter full is saved as it is (loaded with one copy); a sparse one (a small log in
    // the 2^16-slot table a run starts with) as its uuids, which are hashed again on loading
    const raw = this.installs.size * 4 >= this.installs.rawSlots.length / 5;
    out.json({ installs: this.installs.size, raw });
    out.array(raw ? this.installs.rawSlots : this.installs.uuids());
    for (const [name, interner] of [['versions', this.versions], ['commands', this.commands]] as const) {
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
    out.array(this.filter.excludedFound());
    out.section('deferred');
    this.deferred.save(out);
    out.section('records');
    const stride = this.state.recordWords;
    out.json(stride);
    out.array(stride === 0 ? new Int32Array(0) : this.state.i32.subarray(0, this.installs.size * stride));
    this.sections.forEach((section, i) => {
      const save = this.reducers[i].save;
      if (save === undefined) throw new StateError(`cannot keep the ${section} section (not supported yet)`);
      out.section(section);
      save.call(this.reducers[i], out);
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
  absorb(state: ReadState, continueAt: number | null = null): void {
    this.flush();
    const { header, reader } = state;
    const empty = this.installs.size === 0 && this.versions.size === 0 && this.commands.size === 0;
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
      if (n * 5 > part.count || part.count % 5 !== 0 || !this.installs.adoptSaved(part.bytes, part.count / 5, n)) throw new StateError('has a broken install table');
      for (let i = 0; i < n; i++) install[i] = i;
    } else if (table.raw ? n * 5 > part.length : n * 4 !== part.length) {
      throw new StateError('has a broken install table');
    } else if (table.raw && empty && this.installs.adopt(part, n, tags)) {
      for (let i = 0; i < n; i++) install[i] = i;
    } else {
      const uuids = table.raw ? InstallTable.uuidsOf(part, n) : part;
      this.installs.reserve(this.installs.size + n);
      const before = this.installs.size;
      this.installs.idsOf(uuids, n, install);
      if (empty && this.installs.size !== before + n) throw new StateError('lists an install twice');
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
    const version = intern('versions', this.versions);
    const command = intern('commands', this.commands);
    const identity = empty && version.every((id, i) => id === i) && command.every((id, i) => id === i);
    reader.section('excluded');
    const excluded = reader.u32('excluded installs');
    for (let at = 0; at + 4 <= excluded.length; at += 4) this.filter.noteExcluded(excluded, at);
    reader.section('deferred');
    const deferred = DeferredEvents.read(reader, version.length, command.length, header.inputs.length);
    reader.section('records');
    const stride = reader.json<number>('record size');
    if (stride !== this.state.recordWords) throw new StateError(`has install records of ${stride} words, not ${this.state.recordWords}`);
    this.state.ensure(this.installs.size);
    let records: Int32Array;
    if (identity && stride > 0) {
      // straight into this run's records: a large state is not held twice
      records = this.state.i32.subarray(0, n * stride);
      reader.i32Into('install records', records);
    } else {
      records = reader.i32('install records', stride === 0 ? 0 : n * stride);
    }
    const records64 = new Float64Array(records.buffer, records.byteOffset, records.length >> 1);
    const inputBase = continueAt ?? this.inputs.length;
    if (inputBase > this.inputs.length) throw new StateError('continues inputs this run does not have');
    const ids: IdMaps = { installs: n, install, version, command, inputBase, inputs: header.inputs.length, identity, records, records64, stride };
    if (header.sections.join() !== this.sections.join()) throw new StateError('lists its sections out of order');
    const merges: InstallMerge[] = [];
    this.sections.forEach((section, i) => {
      const absorb = this.reducers[i].absorb;
      if (absorb === undefined) throw new StateError(`cannot absorb the ${section} section (not supported yet)`);
      reader.section(section);
      const merge = absorb.call(this.reducers[i], reader, ids);
      if (merge) merges.push(merge);
    });
    if (!reader.done) throw new StateError('has bytes after its last section');
    // the sections' install-by-install merges, a block of installs at a time (see InstallMerge)
    for (let from = 0; from < n && merges.length > 0; from += MERGE_BLOCK) {
      for (const merge of merges) merge(from, Math.min(n, from + MERGE_BLOCK));
    }
    header.inputs.forEach((record, k) => {
      const at = inputBase + k;
      if (at < this.inputs.length) {
        // a continued input: read on from where this run's record of it stopped
        if (record.lines < this.inputs[at].lines) throw new StateError('continues an input with fewer lines than were read');
        this.inputs[at].name = this.inputNames[at] = record.name;
        this.inputs[at].lines = record.lines;
      } else {
        this.inputs.push({ name: record.name, lines: record.lines });
        this.inputNames.push(record.name);
      }
    });
    const limit = this.options.invalidSamples;
    for (const note of header.invalidNotes) if (this.invalidNotes.length < limit) this.invalidNotes.push({ ...note, input: note.input + inputBase });
    for (const note of header.outsideNotes) if (this.outsideNotes.length < limit) this.outsideNotes.push({ ...note, input: note.input + inputBase });
    for (const key of Object.keys(this.counts) as (keyof InputCounts)[]) this.counts[key] += header.counts[key];
    // the deferred events, in their order: those this run's window now reaches come in, the rest wait on
    for (let i = 0; i < deferred.size; i++) {
      const sec = deferred.sec.array[i];
      const day = this.zone.dayOf(sec);
      const v = version[deferred.version.array[i]];
      const c = command[deferred.command.array[i]];
      if (day <= this.windowUntil) {
        this.counts.outside--;
        // located where its line is (quality's samples and input order), not at the input being read now
        this.pass(deferred.uuid.array, i * 4, day, v, c, sec, deferred.ns.array[i], deferred.input.array[i] + inputBase, deferred.line.array[i]);
      } else {
        this.deferred.add(deferred.uuid.array, i * 4, sec, deferred.ns.array[i], v, c, deferred.input.array[i] + inputBase, deferred.line.array[i], deferred.timestamps[i]);
      }
    }
  }

  /**
   * Why a state cannot serve this run, or null when it can: the setting that differs (named as in
   * AnalysisOptions; src/incremental.ts words it for users) with the state's value and this run's.
   */
  stateMismatch(header: StateHeader): StateMismatch | null {
    const mine = this.stateSettings;
    const theirs = header.settings;
    const day = (d: number | null) => (d === null ? 'none' : dayLabel(d));
    const list = (values: string[]) => (values.length === 0 ? 'none' : values.join(', '));
    const differ = (setting: StateMismatch['setting'], state: string, run: string): StateMismatch | null => (state === run ? null : { setting, state, run });
    return (
      differ('tz', theirs.tz, mine.tz) ??
      differ('window', `${theirs.window ?? 'default'} ${theirs.windowSince}`, `${mine.window ?? 'default'} ${mine.windowSince}`) ??
      // the default window's end moves on with today: a state of an earlier day lets its deferred events in
      (theirs.windowUntil === mine.windowUntil || (mine.window === null && theirs.windowUntil !== null && (mine.windowUntil === null || theirs.windowUntil < mine.windowUntil))
        ? null
        : { setting: 'windowEnd', state: day(theirs.windowUntil), run: day(mine.windowUntil) }) ??
      differ('since', day(theirs.since), day(mine.since)) ??
      differ('until', day(theirs.until), day(mine.until)) ??
      differ('commands', list(theirs.commands), list(mine.commands)) ??
      differ('versions', list(theirs.versions), list(mine.versions)) ??
      differ('excludeInstalls', theirs.excludeInstalls.join(), mine.excludeInstalls.join()) ??
      differ('analytics', String(theirs.analytics), mine.analytics) ??
      differ('sections', header.sections.join(', '), this.sections.join(', '))
    );
  }

  /** The report; the reducers may let their memory go while they make it, so call it once, at the end. */
  finish(): Report {
    return this.report(false);
  }

  /**
   * The report of the events so far, leaving every reducer's state as it is: more input may follow and
   * `snapshot` may be called again (the collector's live report). Costs what `finish` costs, plus holding the
   * reducers' pair logs and their sorted copies at once.
   */
  snapshot(): Report {
    return this.report(true);
  }

  private report(keep: boolean): Report {
    this.flush();
    const { by, filters } = this.options;
    const report: Report = {
      settings: {
        tz: this.zone.zone,
        window: windowDates(this.window),
        by,
        since: filters.since,
        until: filters.until,
        commands: filters.commands,
        versions: filters.versions,
        excludedInstalls: this.filter.excludedSeen(),
      },
      input: { ...this.counts },
    };
    const context = {
      installs: this.installs.size,
      versionNames: this.versions.names,
      commandNames: this.commands.names,
      zone: this.zone,
      settings: report.settings,
      keep,
    };
    for (const reducer of this.reducers) Object.assign(report, reducer.finish(context));
    return report;
  }
}

/** What keeps a state from serving a run: a setting, as the state has it and as the run has it. */
export interface StateMismatch {
  setting: 'tz' | 'window' | 'windowEnd' | 'since' | 'until' | 'commands' | 'versions' | 'excludeInstalls' | 'analytics' | 'sections';
  state: string;
  run: string;
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
  if (header.format !== STATE_FORMAT) throw new StateError(`is format ${header.format}, this bazinga-stats reads format ${STATE_FORMAT}`);
  const counts = header.counts as unknown as Record<string, unknown>;
  const note = (n: LineNote) =>
    Number.isInteger(n?.input) && n.input >= 0 && n.input < header.inputs.length && Number.isInteger(n.line) &&
    (typeof n.reason === 'string' || typeof n.timestamp === 'string');
  const ok =
    header.settings !== null && typeof header.settings === 'object' &&
    Array.isArray(header.sections) && Array.isArray(header.inputs) && Array.isArray(header.invalidNotes) && Array.isArray(header.outsideNotes) &&
    counts !== null && typeof counts === 'object' &&
    ['files', 'lines', 'events', 'blank', 'invalid', 'outside', 'filtered'].every((k) => Number.isInteger(counts[k]) && (counts[k] as number) >= 0) &&
    header.inputs.every((i) => typeof i?.name === 'string' && Number.isInteger(i.lines)) &&
    header.invalidNotes.every(note) && header.outsideNotes.every(note);
  if (!ok) throw new StateError('has a broken header');
  return { header, reader };
}

/** Events after the end of a moving window, kept whole in input order (see Analyzer.deferred). */
class DeferredEvents {
  size = 0;
  readonly uuid = new Growable(Uint32Array, 16);
  readonly sec = new Growable(Float64Array, 4);
  readonly ns = new Growable(Int32Array, 4);
  readonly version = new Growable(Int32Array, 4);
  readonly command = new Growable(Int32Array, 4);
  readonly input = new Growable(Int32Array, 4);
  readonly line = new Growable(Int32Array, 4);
  readonly timestamps: string[] = [];

  add(uuid: Uint32Array, at: number, sec: number, ns: number, version: number, command: number, input: number, line: number, timestamp: string): void {
    const i = this.size++;
    this.uuid.ensure(i * 4 + 3).set(uuid.subarray(at, at + 4), i * 4);
    this.sec.ensure(i)[i] = sec;
    this.ns.ensure(i)[i] = ns;
    this.version.ensure(i)[i] = version;
    this.command.ensure(i)[i] = command;
    this.input.ensure(i)[i] = input;
    this.line.ensure(i)[i] = line;
    this.timestamps.push(timestamp);
  }

  /** The first `limit` as notes to list (they are in input order). */
  notes(limit: number): LineNote[] {
    const notes: LineNote[] = [];
    for (let i = 0; i < Math.min(limit, this.size); i++) {
      notes.push({ input: this.input.array[i], line: this.line.array[i], reason: null, timestamp: this.timestamps[i] });
    }
    return notes;
  }

  save(out: SummaryWriter): void {
    const n = this.size;
    out.json(this.timestamps);
    out.array(this.uuid.array.slice(0, n * 4));
    out.array(this.sec.array.slice(0, n));
    out.array(this.ns.array.slice(0, n));
    out.array(this.version.array.slice(0, n));
    out.array(this.command.array.slice(0, n));
    out.array(this.input.array.slice(0, n));
    out.array(this.line.array.slice(0, n));
  }

  /** Saved deferred events, checked against the state's version, command and input counts. */
  static read(reader: SummaryReader, versions: number, commands: number, inputs: number): DeferredEvents {
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
      if (version[i] < 0 || version[i] >= versions || command[i] < 0 || command[i] >= commands || input[i] < 0 || input[i] >= inputs || !Number.isFinite(sec[i])) {
        throw new StateError('has a deferred event out of range');
      }
      events.add(uuid, i * 4, sec[i], ns[i], version[i], command[i], input[i], line[i], timestamps[i]);
    }
    return events;
  }
}
