// The core of a run: lines in, report out. Pure and synchronous — the caller feeds each input's bytes
// (`beginInput`, `push`, `endInput`) and asks for the report (`finish`); reading files is not its business.

import { newRawEvent } from '../parse/event.js';
import { BLANK, parseLine } from '../parse/line.js';
import { LineSplitter, type LineSink } from '../parse/line-splitter.js';
import { createReducer, type Reducer } from '../reducers/index.js';
import { BATCH_SIZE, EventBatch } from './event-batch.js';
import { ByteInterner } from './byte-interner.js';
import { createFilter, noFilters, parseDay, type EventFilter, type FilterOptions } from './filters.js';
import { InstallState } from './install-state.js';
import { InstallTable } from './install-table.js';
import type { InputCounts, PeriodUnit, Report, Section } from './report.js';
import { ZoneDays, checkZone } from './zone-days.js';

interface InvalidLine {
  input: string;
  line: number;
  reason: string;
}

export interface AnalysisOptions {
  sections: Section[];
  /** IANA zone in which days are cut */
  tz: string;
  by: PeriodUnit;
  filters: FilterOptions;
  /** today's date (YYYY-MM-DD) for relative `--since 30d`; default: the clock, in `tz` */
  today: string | null;
  /** how many invalid lines to keep as `FILE:LINE: reason` messages */
  invalidSamples: number;
}

export const defaultAnalysisOptions: AnalysisOptions = {
  sections: ['uniques', 'periods', 'versions', 'commands'],
  tz: 'UTC',
  by: 'day',
  filters: noFilters,
  today: null,
  invalidSamples: 10,
};

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
  readonly counts: InputCounts = { files: 0, lines: 0, events: 0, blank: 0, invalid: 0, filtered: 0 };
  /** the first few invalid lines */
  private readonly samples: InvalidLine[] = [];
  private splitter: LineSplitter | null = null;
  private inputName = '';
  private lineNumber = 0;
  /** today's day number in the zone, for relative dates */
  readonly today: number;

  constructor(options: Partial<AnalysisOptions> = {}) {
    this.options = { ...defaultAnalysisOptions, ...options };
    checkZone(this.options.tz);
    this.zone = new ZoneDays(this.options.tz);
    this.today = this.options.today === null ? this.zone.today() : parseDay('BAZINGA_STATS_TODAY', this.options.today, 0);
    this.filter = createFilter(this.options.filters, this.today, this.commands.names, this.versions.names);
    this.reducers = this.options.sections.map((section) => createReducer(section, this.options.by, this.state));
  }

  /** Starts an input (a file, stdin): its lines are numbered from 1 and a BOM may start it. */
  beginInput(name: string): void {
    this.counts.files++;
    this.inputName = name;
    this.lineNumber = 0;
    this.splitter = new LineSplitter(this);
  }

  /** The first few invalid lines as `FILE:LINE: reason`. */
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
    if (reason === null) this.accept();
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

  /** A valid event is in `this.raw`: intern it, filter it, hand it to every reducer. */
  private accept(): void {
    const raw = this.raw;
    this.counts.events++;
    const day = this.zone.dayOf(raw.time.sec);
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
    const { tz, by, filters } = this.options;
    const report: Report = {
      settings: {
        tz,
        by,
        since: filters.since,
        until: filters.until,
        commands: filters.commands,
        versions: filters.versions,
        excludedInstalls: filters.excludeInstalls.length,
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
