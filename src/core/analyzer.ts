// The core of a run: lines in, report out. Pure and synchronous — the caller feeds each input's bytes
// (`beginInput`, `push`, `endInput`) and asks for the report (`finish`); reading files is not its business.
// A run can also be saved as a state (`save`, bytes) and a state absorbed into a run (`absorb`): the
// incremental runs and merges of docs/incremental.md. Files and fingerprints are src/incremental.ts's.

import { parseEventLine, isBlank, newRawEvent } from '../parse/event.js';
import { parseFastLine } from '../parse/fast-line.js';
import { LineSplitter, MAX_LINE_BYTES, type LineSink } from '../parse/line-splitter.js';
import { createReducer, SECTIONS, type Reducer } from '../reducers/index.js';
import { BATCH_SIZE, EventBatch } from './event-batch.js';
import { ByteInterner } from './byte-interner.js';
import { createFilter, noFilters, parseDay, type EventFilter, type FilterOptions } from './filters.js';
import { InstallState } from './install-state.js';
import { InstallTable } from './install-table.js';
import type { InputCounts, PeriodUnit, Report, Section } from './report.js';
import { dayLabel } from './calendar.js';
import { ZoneDays, checkZone } from './zone-days.js';
import { StateError, SummaryReader, SummaryWriter, type IdMaps } from './summary.js';

interface InvalidLine {
  /** index in `inputs` */
  input: number;
  line: number;
  reason: string;
}

/** An input of the run (or of an absorbed state): its name in messages and how many lines were read. */
export interface InputRecord {
  name: string;
  lines: number;
}

/** Bump when the bytes of a state change meaning: an older or newer state is then not read. */
export const STATE_FORMAT = 1;

/** The first part of a state: what it counts, and under which settings. */
export interface StateHeader {
  format: number;
  settings: StateSettings;
  sections: Section[];
  counts: InputCounts;
  inputs: InputRecord[];
  samples: InvalidLine[];
  /** the caller's data (src/incremental.ts: the inputs' fingerprints); not read by the core */
  extra: unknown;
}

/**
 * The settings that change which events reach the reducers, resolved (a relative `--since 30d` as the day it
 * meant). A state serves only a run with equal settings; the period unit is not among them (periods are
 * summed up from days when the report is made).
 */
export interface StateSettings {
  tz: string;
  since: number | null;
  until: number | null;
  commands: string[];
  versions: string[];
  excludeInstalls: string[];
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

/** Strict: bad bytes throw; a U+FEFF inside the input stays (only a BOM at the start of a file is skipped). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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
  readonly counts: InputCounts = { files: 0, lines: 0, events: 0, blank: 0, invalid: 0, filtered: 0 };
  /** the first few invalid lines */
  private readonly samples: InvalidLine[] = [];
  private splitter: LineSplitter | null = null;
  /** every input so far (absorbed states' first), and the one being read */
  readonly inputs: InputRecord[] = [];
  private input = -1;
  private lineNumber = 0;
  /** today's day number in the zone, for relative dates */
  readonly today: number;

  constructor(options: Partial<AnalysisOptions> = {}) {
    this.options = { ...defaultAnalysisOptions, ...options };
    checkZone(this.options.tz);
    this.zone = new ZoneDays(this.options.tz);
    this.today = this.options.today === null ? this.zone.today() : parseDay('BAZINGA_STATS_TODAY', this.options.today, 0);
    this.filter = createFilter(this.options.filters, this.today, this.commands.names, this.versions.names);
    // in one fixed order, whatever the order asked for: the install records' layout then depends only on
    // which sections there are, and a state's records can be copied whole
    this.sections = SECTIONS.filter((section) => this.options.sections.includes(section));
    this.reducers = this.sections.map((section) => createReducer(section, this.options.by, this.state));
  }

  /** Starts an input (a file, stdin): its lines are numbered from 1 and a BOM may start it. */
  beginInput(name: string): void {
    this.counts.files++;
    this.input = this.inputs.push({ name, lines: 0 }) - 1;
    this.lineNumber = 0;
    this.splitter = new LineSplitter(this);
  }

  /**
   * Goes on reading input `index` of an absorbed state, where it stopped (after a whole line), now called
   * `name`: lines are numbered on from there and no BOM is looked for.
   */
  resumeInput(index: number, name: string): void {
    const record = this.inputs[index];
    record.name = name;
    this.input = index;
    this.lineNumber = record.lines;
    this.splitter = new LineSplitter(this, MAX_LINE_BYTES, false);
  }

  /** The first few invalid lines as `FILE:LINE: reason`. */
  get invalidLines(): string[] {
    return this.samples.map((s) => `${this.inputs[s.input].name}:${s.line}: ${s.reason}`);
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
    const raw = this.raw;
    if (parseFastLine(buf, start, end, raw)) {
      this.accept();
      return;
    }
    let text: string;
    try {
      text = UTF8.decode(buf.subarray(start, end));
    } catch {
      // JSON text is UTF-8 (RFC 8259); a corrupt line must not merge versions through U+FFFD
      this.invalid('not valid UTF-8');
      return;
    }
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
    if (this.samples.length < this.options.invalidSamples) {
      this.samples.push({ input: this.input, line: this.lineNumber, reason });
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

  /** Distinct installs so far. */
  get installCount(): number {
    return this.installs.size;
  }

  /** The settings a state must share with this run (see StateSettings). */
  get stateSettings(): StateSettings {
    const { tz, filters } = this.options;
    const sorted = (values: string[]) => [...new Set(values)].sort();
    return {
      tz: this.zone.zone,
      since: this.filter.since,
      until: this.filter.until,
      commands: sorted(filters.commands),
      versions: sorted(filters.versions),
      excludeInstalls: sorted(filters.excludeInstalls.map((uuid) => uuid.toLowerCase())),
    };
  }

  /**
   * The state of the run so far, as bytes: every event read (the current input up to here, which must be
   * after a whole line). Reading may go on afterwards; `extra` is stored for the caller.
   */
  save(extra: unknown = null): SummaryWriter {
    this.flush();
    if (this.input >= 0) this.inputs[this.input].lines = this.lineNumber;
    const out = new SummaryWriter();
    const header: StateHeader = {
      format: STATE_FORMAT,
      settings: this.stateSettings,
      sections: this.sections,
      counts: this.counts,
      inputs: this.inputs,
      samples: this.samples,
      extra,
    };
    out.json(header);
    out.section('installs');
    const { capacity, slot } = this.installs.slotsById();
    out.json(capacity);
    out.array(this.installs.uuids());
    out.array(slot);
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
    out.section('records');
    const stride = this.state.recordWords;
    out.json(stride);
    out.array(stride === 0 ? new Int32Array(0) : this.state.i32.subarray(0, this.installs.size * stride));
    this.sections.forEach((section, i) => {
      out.section(section);
      this.reducers[i].save(out);
    });
    return out;
  }

  /**
   * Adds a saved state to this run, as if its inputs had been read now, before anything still to come. The
   * header must have been checked with `stateMismatch` (settings and sections). Throws a StateError when the
   * bytes are not a whole state.
   */
  absorb(state: ReadState): void {
    this.flush();
    const { header, reader } = state;
    const empty = this.installs.size === 0 && this.versions.size === 0 && this.commands.size === 0;
    reader.section('installs');
    const capacity = reader.json<number>('install table size');
    const uuids = reader.u32('uuids');
    const n = uuids.length >> 2;
    const slot = reader.u32('install slots', n);
    const install = new Int32Array(n);
    if (empty && this.installs.adopt(uuids, slot, capacity)) {
      for (let i = 0; i < n; i++) install[i] = i;
    } else {
      this.installs.reserve(this.installs.size + n);
      const before = this.installs.size;
      for (let i = 0; i < n; i++) install[i] = this.installs.idOf(uuids, i * 4);
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
    reader.section('records');
    const stride = reader.json<number>('record size');
    if (stride !== this.state.recordWords) throw new StateError(`has install records of ${stride} words, not ${this.state.recordWords}`);
    const records = reader.i32('install records', stride === 0 ? 0 : n * stride);
    const records64 = new Float64Array(records.buffer, records.byteOffset, records.length >> 1);
    this.state.ensure(this.installs.size);
    if (identity && stride > 0) this.state.i32.set(records);
    const ids: IdMaps = { installs: n, install, version, command, identity, records, records64, stride };
    if (header.sections.join() !== this.sections.join()) throw new StateError('lists its sections out of order');
    this.sections.forEach((section, i) => {
      reader.section(section);
      this.reducers[i].absorb(reader, ids);
    });
    if (!reader.done) throw new StateError('has bytes after its last section');
    const inputBase = this.inputs.length;
    for (const record of header.inputs) this.inputs.push({ name: record.name, lines: record.lines });
    for (const sample of header.samples) {
      if (this.samples.length < this.options.invalidSamples) this.samples.push({ ...sample, input: sample.input + inputBase });
    }
    for (const key of Object.keys(this.counts) as (keyof InputCounts)[]) this.counts[key] += header.counts[key];
  }

  /** Why a state cannot serve this run (other settings or sections), or null when it can. */
  stateMismatch(header: StateHeader): string | null {
    const mine = this.stateSettings;
    const theirs = header.settings;
    const day = (d: number | null) => (d === null ? 'none' : dayLabel(d));
    const list = (values: string[]) => (values.length === 0 ? 'none' : values.join(', '));
    if (mine.tz !== theirs.tz) return `it was made with --tz ${theirs.tz}, this run uses ${mine.tz}`;
    if (mine.since !== theirs.since) return `it was made with --since ${day(theirs.since)}, this run means ${day(mine.since)}`;
    if (mine.until !== theirs.until) return `it was made with --until ${day(theirs.until)}, this run means ${day(mine.until)}`;
    if (list(mine.commands) !== list(theirs.commands)) return `it was made with --command ${list(theirs.commands)}, this run uses ${list(mine.commands)}`;
    if (list(mine.versions) !== list(theirs.versions)) return `it was made with --version ${list(theirs.versions)}, this run uses ${list(mine.versions)}`;
    if (mine.excludeInstalls.join() !== theirs.excludeInstalls.join()) return 'it was made with another --exclude-installs list';
    const missing = this.sections.filter((s) => !header.sections.includes(s));
    const extra = header.sections.filter((s) => !this.sections.includes(s));
    if (missing.length > 0) return `it holds ${header.sections.join(', ') || 'no sections'}, not ${missing.join(', ')}`;
    if (extra.length > 0) return `it holds ${extra.join(', ')} too, which this run does not compute`;
    return null;
  }

  finish(): Report {
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
    };
    for (const reducer of this.reducers) Object.assign(report, reducer.finish(context));
    return report;
  }
}

/** A state's bytes, checked as far as its header: what `absorb` takes. */
export interface ReadState {
  header: StateHeader;
  reader: SummaryReader;
}

/** Reads a state's header; throws a StateError when the bytes are not a state of this format. */
export function readState(bytes: Uint8Array): ReadState {
  const reader = new SummaryReader(bytes);
  const header = reader.json<StateHeader>('header');
  if (header === null || typeof header !== 'object') throw new StateError('has no header');
  if (header.format !== STATE_FORMAT) throw new StateError(`is format ${header.format}, this bazinga-stats reads format ${STATE_FORMAT}`);
  const counts = header.counts as unknown as Record<string, unknown>;
  const ok =
    header.settings !== null && typeof header.settings === 'object' &&
    Array.isArray(header.sections) && Array.isArray(header.inputs) && Array.isArray(header.samples) &&
    counts !== null && typeof counts === 'object' &&
    ['files', 'lines', 'events', 'blank', 'invalid', 'filtered'].every((k) => Number.isInteger(counts[k]) && (counts[k] as number) >= 0) &&
    header.inputs.every((i) => typeof i?.name === 'string' && Number.isInteger(i.lines)) &&
    header.samples.every((s) => Number.isInteger(s?.input) && s.input >= 0 && s.input < header.inputs.length && Number.isInteger(s.line) && typeof s.reason === 'string');
  if (!ok) throw new StateError('has a broken header');
  return { header, reader };
}
