// The core of a run: lines in, report out. Pure and synchronous — the caller feeds each input's bytes
// (`beginInput`, `push`, `endInput`) and asks for the report (`finish`); reading files is not its business,
// and neither is the clock: "today" comes in as a setting, like the zone and the window.

import { newRawEvent } from '../parse/event.js';
import { BLANK, parseLine } from '../parse/line.js';
import { LineSplitter, type LineSink } from '../parse/line-splitter.js';
import { createReducer, type Reducer } from '../reducers/index.js';
import { BATCH_SIZE, EventBatch } from './event-batch.js';
import { ByteInterner } from './byte-interner.js';
import { createFilter, noFilters, parseDate, type EventFilter, type FilterOptions } from './filters.js';
import { InstallState } from './install-state.js';
import { InstallTable } from './install-table.js';
import type { InputCounts, PeriodUnit, Report, Section } from './report.js';
import { SettingError } from './setting-error.js';
import { resolveWindow, windowDates, windowLabel, type DayWindow } from './window.js';
import { ZoneDays } from './zone-days.js';

/** A line listed on stderr: an invalid line, or an event outside the window. */
interface LineNote {
  input: string;
  line: number;
  reason: string;
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
  /**
   * Compute only the latest this many retention cohorts (what the human formats show), counting the earlier
   * ones in `retentionEarlier`; null computes the whole triangle, refused beyond MAX_RETENTION_WEEKS weeks.
   */
  retentionCohorts: number | null;
}

export const defaultAnalysisOptions: AnalysisOptions = {
  sections: ['uniques', 'periods', 'versions', 'commands'],
  tz: 'UTC',
  by: 'day',
  filters: noFilters,
  today: null,
  window: null,
  invalidSamples: 10,
  retentionCohorts: null,
};

/** For the few out-of-window events listed: their line's text (a valid event's line is valid UTF-8). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Analyzer implements LineSink {
  readonly options: AnalysisOptions;
  private readonly zone: ZoneDays;
  private readonly filter: EventFilter;
  private readonly reducers: Reducer[];
  private readonly installs = new InstallTable(1 << 16);
  /** the reducers' per-install fields, one record per install id */
  private readonly state = new InstallState();
  private readonly versions = new ByteInterner();
  private readonly commands = new ByteInterner();
  private readonly raw = newRawEvent();
  private readonly batch = new EventBatch();
  readonly counts: InputCounts = { files: 0, lines: 0, events: 0, blank: 0, invalid: 0, outside: 0, filtered: 0 };
  /** the first few invalid lines and out-of-window events, in input order */
  private readonly samples: LineNote[] = [];
  private splitter: LineSplitter | null = null;
  private inputName = '';
  private lineNumber = 0;
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
    this.filter = createFilter(this.options.filters, this.today, this.commands.names, this.versions.names);
    this.reducers = this.options.sections.map((section) => createReducer(section, this.options.by, this.state, this.options.retentionCohorts));
  }

  /** Starts an input (a file, stdin): its lines are numbered from 1 and a BOM may start it. */
  beginInput(name: string): void {
    this.counts.files++;
    this.inputName = name;
    this.lineNumber = 0;
    this.splitter = new LineSplitter(this);
  }

  /** The first few invalid lines and out-of-window events as `FILE:LINE: reason`, in input order. */
  get invalidLines(): string[] {
    return this.samples.map((s) => `${s.input}:${s.line}: ${s.reason}`);
  }

  push(chunk: Buffer): void {
    this.splitter!.push(chunk);
  }

  endInput(): void {
    this.splitter!.end();
    this.splitter = null;
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
    if (this.samples.length < this.options.invalidSamples) {
      this.samples.push({ input: this.inputName, line: this.lineNumber, reason });
    }
  }

  /** The event of this line is valid but its day is outside the window. */
  private outside(buf: Buffer, start: number, end: number): void {
    this.counts.outside++;
    if (this.samples.length < this.options.invalidSamples) {
      // only for the few listed: the timestamp as the line wrote it (a valid event's line is valid JSON)
      const timestamp = String(JSON.parse(UTF8.decode(buf.subarray(start, end))).timestamp);
      const reason = `timestamp ${timestamp} is outside ${windowLabel(windowDates(this.window))}`;
      this.samples.push({ input: this.inputName, line: this.lineNumber, reason });
    }
  }

  /** A valid event is in `this.raw` (its line is `buf[start, end)`): window it, intern it, filter it, batch it. */
  private accept(buf: Buffer, start: number, end: number): void {
    const raw = this.raw;
    this.counts.events++;
    const day = this.zone.dayOf(raw.time.sec);
    if (day < this.windowSince || day > this.windowUntil) {
      this.outside(buf, start, end);
      return;
    }
    const version = this.versions.idOf(raw.versionBytes, raw.versionStart, raw.versionEnd, raw.versionText);
    const command = this.commands.idOf(raw.commandBytes, raw.commandStart, raw.commandEnd, raw.commandText);
    if (this.filter.active && !this.filter.passes(day, command, version, raw.uuid)) {
      this.counts.filtered++;
      return;
    }
    const batch = this.batch;
    const i = batch.size++;
    const uuid = raw.uuid;
    batch.uuid[i * 4] = uuid[0];
    batch.uuid[i * 4 + 1] = uuid[1];
    batch.uuid[i * 4 + 2] = uuid[2];
    batch.uuid[i * 4 + 3] = uuid[3];
    batch.day[i] = day;
    batch.version[i] = version;
    batch.command[i] = command;
    batch.sec[i] = raw.time.sec;
    batch.ns[i] = raw.time.ns;
    if (batch.size === BATCH_SIZE) this.flush();
  }

  /** Gives the batched events install ids and hands them to every reducer. */
  private flush(): void {
    const batch = this.batch;
    const installs = this.installs;
    for (let i = 0; i < batch.size; i++) batch.install[i] = installs.idOf(batch.uuid, i * 4);
    this.state.ensure(installs.size);
    for (const reducer of this.reducers) reducer.add(batch);
    batch.size = 0;
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
