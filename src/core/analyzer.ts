// The core of a run: lines in, report out. Pure and synchronous — the caller feeds each input's bytes
// (`beginInput`, `push`, `endInput`) and asks for the report (`finish`); reading files is not its business,
// and neither is the clock: "today" comes in as a setting, like the zone and the window.
// A run can also be saved as a state and a state absorbed into a run, for the incremental runs and merges
// of docs/incremental.md: that half is src/state/analyzer-state.ts, which reads the fields
// marked `@internal` below; files and fingerprints are src/state/incremental.ts's.

import { newRawEvent } from '../parse/event.js';
import { BLANK, parseLine } from '../parse/line.js';
import { LineSplitter, MAX_LINE_BYTES, type LineSink } from '../parse/line-splitter.js';
import { createReducer, SECTIONS, type Reducer } from '../reducers/index.js';
import { BATCH_SIZE, EventBatch } from './event-batch.js';
import { ByteInterner } from './byte-interner.js';
import { Coverage, pickPeriod } from './coverage.js';
import { createFilter, noFilters, parseDate, type EventFilter, type FilterOptions } from './filters.js';
import { InstallState } from './install-state.js';
import { InstallTable } from './install-table.js';
import { defaultAnalyticsSettings, type AnalyticsSettings, type InputCounts, type PeriodUnit, type Report, type Section } from './report.js';
import { SettingError } from './setting-error.js';
import { resolveWindow, windowDates, windowLabel, type DayWindow } from './window.js';
import { ZoneDays } from './zone-days.js';
import { dayLabel } from './calendar.js';
import { DeferredEvents, type LineNote } from './deferred-events.js';

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

export interface AnalysisOptions {
  sections: Section[];
  /** IANA zone in which days are cut (any spelling Intl accepts; the report states the canonical name) */
  tz: string;
  /** 'auto': picked from the span of the counted events when the report is made (core/coverage.ts, pickPeriod) */
  by: PeriodUnit | 'auto';
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
  /**
   * The most distinct versions, and the most distinct commands, kept apart (null: no limit); a new value
   * beyond either is counted as `other` (the collector's live report: bounded memory whatever is posted).
   */
  maxDistinct: number | null;
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
  maxDistinct: null,
};

/** For the few out-of-window events listed: their line's text (a valid event's line is valid UTF-8). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Analyzer implements LineSink {
  readonly options: AnalysisOptions;
  /** @internal */ readonly zone: ZoneDays;
  /** @internal */ readonly filter: EventFilter;
  /** @internal */ readonly reducers: Reducer[];
  /** the sections computed, in the order of `reducers` */
  /** @internal */ readonly sections: Section[];
  /** @internal */ readonly installs = new InstallTable(1 << 16);
  /** the reducers' per-install fields, one record per install id */
  /** @internal */ readonly state = new InstallState();
  /** @internal */ readonly versions = new ByteInterner();
  /** @internal */ readonly commands = new ByteInterner();
  private readonly raw = newRawEvent();
  private readonly batch = new EventBatch();
  readonly counts: InputCounts = { files: 0, lines: 0, events: 0, blank: 0, invalid: 0, outside: 0, filtered: 0 };
  /** the first few invalid lines, and the first few events outside the window for good, in input order */
  /** @internal */ readonly invalidNotes: LineNote[] = [];
  /** @internal */ readonly outsideNotes: LineNote[] = [];
  /**
   * Events after the end of a window that moves with today (the default one): kept whole, in input order,
   * so that a state made today can let them in when a later run's window reaches their day.
   */
  /** @internal */ readonly deferred = new DeferredEvents();
  /** the window's end moves with today: events after it are deferred, not dropped */
  private readonly movingEnd: boolean;
  private splitter: LineSplitter | null = null;
  /** every input so far (absorbed states' first), and the one being read */
  readonly inputs: InputRecord[] = [];
  /** @internal */ input = -1;
  /** the names of `inputs`, in order (a live array the reducers read: `EventBatch.input` indexes it) */
  /** @internal */ readonly inputNames: string[] = [];
  /** this run continues another's inputs (`continueInputs`): its state is a segment */
  /** @internal */ continuation = false;
  /** whether a reducer needs each event's input and line (quality's samples), or a listener does */
  private locate: boolean;
  /** the export's hook (`listen`), or null */
  private listener: EventListener | null = null;
  /** @internal */ lineNumber = 0;
  /** the first and last day of the events inside the window, before the filters (this run's, not a state's) */
  private firstDay = Infinity;
  private lastDay = -Infinity;
  /** a state was absorbed (src/state/analyzer-state.ts): the day range above covers only this run's lines */
  /** @internal */ absorbedState = false;
  /** the span of the events the sections counted (a state's included): which periods are partial */
  /** @internal */ readonly coverage = new Coverage();
  /** today's day number in the zone, for relative dates and the default window; null: none given */
  readonly today: number | null;
  /** the time window as inclusive day numbers (±Infinity for an open end) */
  private readonly windowSince: number;
  /** @internal */ readonly windowUntil: number;
  /** @internal */ readonly window: DayWindow;

  constructor(options: Partial<AnalysisOptions> = {}) {
    this.options = { ...defaultAnalysisOptions, ...options };
    this.zone = new ZoneDays(this.options.tz);
    this.versions.limit = this.commands.limit = this.options.maxDistinct ?? Infinity;
    const today = this.options.today;
    this.today = today === null ? null : parseDate(today);
    if (today !== null && this.today === null) throw new SettingError('today', today, 'not-a-date');
    this.window = resolveWindow(this.options.window, this.today);
    this.windowSince = this.window.since ?? -Infinity;
    this.windowUntil = this.window.until ?? Infinity;
    this.movingEnd = this.options.window === null && this.window.until !== null;
    this.filter = createFilter(this.options.filters, this.today, this.commands.names, this.versions.names);
    const setup = {
      analytics: this.options.analytics,
      commandNames: this.commands.names,
      inputNames: this.inputNames,
      today: this.today,
      retentionCohorts: this.options.retentionCohorts,
      latestPeriods: this.options.latestPeriods,
      maxPeriods: this.options.maxPeriods,
      collapseEmptyRuns: this.options.collapseEmptyRuns,
    };
    // in one fixed order, whatever the order asked for: the install records' layout then depends only on
    // which sections there are, and a state's records can be copied whole
    this.sections = SECTIONS.filter((section) => this.options.sections.includes(section));
    this.reducers = this.sections.map((section) => createReducer(section, this.options.by === 'auto' ? 'day' : this.options.by, this.state, setup));
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

  /** Input `index` (an absorbed state's) is now called `name`: every message and quality's places say so. */
  renameInput(index: number, name: string): void {
    this.inputs[index].name = name;
    this.inputNames[index] = name;
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
    return notes.slice(0, limit).map((n) => `${this.inputs[n.input].name}:${n.line}: ${n.reason ?? `timestamp ${n.timestamp} is outside ${window}`}`);
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
  /** @internal */ pass(
    uuid: Uint32Array,
    at: number,
    day: number,
    version: number,
    command: number,
    sec: number,
    ns: number,
    input = this.input,
    line = this.lineNumber,
  ): void {
    if (day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;
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
  /** @internal */ flush(): void {
    const batch = this.batch;
    const installs = this.installs;
    for (let i = 0; i < batch.size; i++) batch.install[i] = installs.idOf(batch.uuid, i * 4);
    this.state.ensure(installs.size);
    this.listener?.events(batch);
    this.coverage.add(batch.sec, batch.size);
    for (const reducer of this.reducers) reducer.add(batch);
    batch.size = 0;
  }

  /**
   * What the input held inside the time window, before the filters, for a caller that says why an answer is
   * empty: the first and last day of those events (null when none, or when a state was absorbed: its range
   * is not kept), and the versions and commands they carried (a state's too).
   */
  seenInput(): SeenInput {
    const days = this.absorbedState || this.firstDay > this.lastDay ? null : { first: dayLabel(this.firstDay), last: dayLabel(this.lastDay) };
    return { days, versions: this.versions.names, commands: this.commands.names };
  }

  /** Distinct installs so far. */
  get installCount(): number {
    return this.installs.size;
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
    const { filters } = this.options;
    const picked = this.options.by === 'auto' ? pickPeriod(this.coverage.span, this.zone) : null;
    const by = picked?.unit ?? (this.options.by as PeriodUnit);
    const report: Report = {
      settings: {
        tz: this.zone.zone,
        window: windowDates(this.window),
        by,
        ...(picked === null ? {} : { byPicked: picked.days }),
        since: filters.since,
        until: filters.until,
        sinceDay: this.filter.since === null ? null : dayLabel(this.filter.since),
        untilDay: this.filter.until === null ? null : dayLabel(this.filter.until),
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
      coverage: this.coverage.span,
      unit: by,
      keep,
    };
    for (const reducer of this.reducers) Object.assign(report, reducer.finish(context));
    return report;
  }
}

/** What an input held before the filters (`Analyzer.seenInput`). */
export interface SeenInput {
  days: { first: string; last: string } | null;
  versions: readonly string[];
  commands: readonly string[];
}
