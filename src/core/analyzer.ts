// The core of a run: lines in, report out. Pure and synchronous — the caller feeds each input's bytes
// (`beginInput`, `push`, `endInput`) and asks for the report (`finish`); reading files is not its business.

import { parseEventLine, isBlank, newRawEvent } from '../parse/event.js';
import { parseFastLine } from '../parse/fast-line.js';
import { LineSplitter, type LineSink } from '../read/line-splitter.js';
import { createReducer, type EventRecord, type Reducer } from '../reducers/index.js';
import { ByteInterner } from './byte-interner.js';
import { createFilter, noFilters, parseDay, type EventFilter, type FilterOptions } from './filters.js';
import { InstallTable } from './install-table.js';
import type { InputCounts, PeriodUnit, Report, Section } from './report.js';
import { ZoneDays, checkZone } from './zone-days.js';

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
  private readonly versions = new ByteInterner();
  private readonly commands = new ByteInterner();
  private readonly raw = newRawEvent();
  private readonly event: EventRecord = { install: 0, day: 0, version: 0, command: 0, sec: 0, ns: 0 };
  readonly counts: InputCounts = { files: 0, lines: 0, events: 0, blank: 0, invalid: 0, filtered: 0 };
  /** the first few invalid lines as `FILE:LINE: reason` */
  readonly invalidLines: string[] = [];
  private splitter: LineSplitter | null = null;
  private inputName = '';
  private lineNumber = 0;

  constructor(options: Partial<AnalysisOptions> = {}) {
    this.options = { ...defaultAnalysisOptions, ...options };
    checkZone(this.options.tz);
    this.zone = new ZoneDays(this.options.tz);
    const today =
      this.options.today === null ? this.zone.today() : parseDay('today', this.options.today, 0);
    this.filter = createFilter(this.options.filters, today);
    this.reducers = this.options.sections.map((section) => createReducer(section, this.options.by));
  }

  beginInput(name: string): void {
    this.counts.files++;
    this.inputName = name;
    this.lineNumber = 0;
    this.splitter = new LineSplitter(this);
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
    const raw = this.raw;
    if (parseFastLine(buf, start, end, raw)) {
      this.accept();
      return;
    }
    const text = buf.toString('utf8', start, end);
    if (isBlank(text)) {
      this.counts.blank++;
      return;
    }
    const reason = parseEventLine(text, raw);
    if (reason === null) this.accept();
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
    if (this.invalidLines.length < this.options.invalidSamples) {
      this.invalidLines.push(`${this.inputName}:${this.lineNumber}: ${reason}`);
    }
  }

  /** A valid event is in `this.raw`: intern it, filter it, hand it to every reducer. */
  private accept(): void {
    const raw = this.raw;
    this.counts.events++;
    const day = this.zone.dayOf(raw.time.sec);
    const version = this.versions.idOf(raw.versionBytes, raw.versionStart, raw.versionEnd);
    const command = this.commands.idOf(raw.commandBytes, raw.commandStart, raw.commandEnd);
    if (
      this.filter.active &&
      !this.filter.passes(
        day,
        command,
        () => this.commands.names[command],
        version,
        () => this.versions.names[version],
        raw.uuid,
      )
    ) {
      this.counts.filtered++;
      return;
    }
    const event = this.event;
    event.install = this.installs.idOf(raw.uuid);
    event.day = day;
    event.version = version;
    event.command = command;
    event.sec = raw.time.sec;
    event.ns = raw.time.ns;
    for (const reducer of this.reducers) reducer.add(event);
  }

  finish(): Report {
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
    };
    for (const reducer of this.reducers) Object.assign(report, reducer.finish(context));
    return report;
  }
}
