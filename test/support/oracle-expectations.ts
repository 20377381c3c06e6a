// What the CLI must print, computed from the independent oracle (test/oracle/oracle.ts) alone: the JSON
// report of each command under the time-window contract (issue 9 item 1, JSON schema 2), the CSV cells
// that carry the same rows, and the located lines of the stderr sample (invalid lines and events outside
// the window, the first 10 in input order), which the oracle's report does not list.

import {
  daysFromCivil,
  judgeLine,
  localDay,
  oracleRead,
  oracleSections,
  splitLines,
  type OracleInput,
  type OracleCommand,
  type OracleFile,
  type OracleOptions,
  type PeriodUnit,
} from '../oracle/oracle.js';

/** A resolved window: YYYY-MM-DD ends, inclusive, null for an open end. `null` for the whole window: `--window ..`. */
export interface WindowDays {
  since: string | null;
  until: string | null;
}

export interface Expectation extends Omit<OracleOptions, 'command' | 'window'> {
  /** the window the run's flags (or the default, with the run's today) resolve to */
  window: WindowDays;
}

const dayNumber = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return daysFromCivil(y, m, d);
};

/** `2000-01-01..2028-01-01`, `..2026-12-31`: the window as stderr names it. */
export const windowText = (w: WindowDays) => `${w.since ?? ''}..${w.until ?? ''}`;

/** Which top-level keys each command prints after `schema` and `input` (docs/rules.md, "Which sections"). */
export function sectionKeys(command: OracleCommand, by: PeriodUnit = 'day'): string[] {
  const period = by === 'day' ? 'daily' : by === 'week' ? 'weekly' : 'monthly';
  switch (command) {
    case 'report':
      return ['uniques', 'idChurn', period, 'latest', 'versions', 'commands'];
    case 'uniques':
      return ['uniques', 'idChurn'];
    case 'daily':
      return [period];
    case 'versions':
      return ['latest', 'versions'];
    case 'commands':
      return ['commands'];
    case 'upgrades':
      return ['upgrades'];
    case 'retention':
      return ['retention'];
    case 'adoption':
      return ['adoption'];
    case 'active':
      return ['active'];
    case 'activation':
      return ['activation'];
    case 'churn':
      return ['churn'];
    case 'quality':
      return ['quality'];
  }
}

export interface SampleLine {
  file: string;
  line: number;
  /** the timestamp as written, for an event outside the window; null for an invalid line */
  outsideTimestamp: string | null;
}

/** The first `limit` invalid or out-of-window lines in input order, from the oracle's own verdicts and calendar. */
export function sampleLines(files: OracleFile[], tz: string, window: WindowDays, limit = 10): SampleLine[] {
  const since = window.since === null ? null : dayNumber(window.since);
  const until = window.until === null ? null : dayNumber(window.until);
  const samples: SampleLine[] = [];
  for (const file of files) {
    const lines = splitLines(file.bytes);
    for (let i = 0; i < lines.length && samples.length < limit; i++) {
      const verdict = judgeLine(lines[i]!);
      if (verdict.kind === 'blank') continue;
      let outsideTimestamp: string | null = null;
      if (verdict.kind === 'event') {
        const day = localDay(verdict.event.instant, tz);
        if ((since === null || day >= since) && (until === null || day <= until)) continue;
        outsideTimestamp = (JSON.parse(lines[i]!.toString('utf8')) as { timestamp: string }).timestamp;
      }
      samples.push({ file: file.name, line: i + 1, outsideTimestamp });
    }
  }
  return samples;
}

/**
 * The JSON report (schema 2) of `command`. Commands other than upgrades and retention are cut from one
 * `report` run of the oracle (a section's content is the same whichever command prints it), so a large
 * input is judged once, not once per command; `perCommand` asks the oracle for each command instead
 * (needed when the period section would be too long to compute, e.g. with the window off).
 */
export class ExpectedReports {
  private readonly cache = new Map<string, any>();
  private files: OracleFile[] | null;
  private sampled: SampleLine[] | null = null;
  private read: OracleInput | null = null;

  constructor(
    files: OracleFile[],
    readonly expectation: Expectation,
    private readonly perCommand = false,
  ) {
    this.files = files;
  }

  /** The stderr sample the CLI must print (locations; the message too for out-of-window events). */
  get samples(): SampleLine[] {
    if (this.sampled === null) {
      const first = this.cache.values().next().value ?? this.json('uniques');
      // a clean input has none: no need to judge a million lines a second time
      this.sampled =
        first.input.invalid + first.input.outside === 0 ? [] : sampleLines(this.needFiles('the sample'), this.expectation.tz ?? 'UTC', this.expectation.window);
    }
    return this.sampled;
  }

  /** Judges these commands and the sample now and lets go of the input's bytes (later calls may ask only for these). */
  settle(commands: Iterable<OracleCommand>): void {
    for (const command of commands) this.json(command);
    void this.samples;
    this.files = null;
    this.read = null;
  }

  private needFiles(what: string): OracleFile[] {
    if (this.files === null) throw new Error(`the oracle was not asked for ${what} before settle()`);
    return this.files;
  }

  json(command: OracleCommand): any {
    // `report` holds the sections of uniques, daily, versions and commands; every other command has its own
    const inReport = command === 'uniques' || command === 'daily' || command === 'versions' || command === 'commands' || command === 'report';
    const source: OracleCommand = this.perCommand || !inReport ? command : 'report';
    let full = this.cache.get(source);
    if (full === undefined) {
      const options = { ...this.expectation, window: windowText(this.expectation.window) };
      // one read of the input serves every command (a 1M-line input takes the oracle ~20 s to read)
      this.read ??= oracleRead(this.needFiles(command), options);
      full = oracleSections(this.read, { ...options, command: source });
      this.cache.set(source, full);
    }
    const result: any = { schema: full.schema, input: full.input };
    for (const key of sectionKeys(command, this.expectation.by)) result[key] = full[key];
    return result;
  }
}

/** The keys of each section's rows, in the contract's order (docs/rules.md). */
const COLUMNS: Record<string, string[]> = {
  daily: ['date', 'events', 'installs', 'new', 'returning', 'resurrecting', 'dormant', 'total', 'partial'],
  weekly: ['period', 'events', 'installs', 'new', 'returning', 'resurrecting', 'dormant', 'total', 'partial'],
  monthly: ['period', 'events', 'installs', 'new', 'returning', 'resurrecting', 'dormant', 'total', 'partial'],
  versions: ['version', 'events', 'installs', 'current', 'share'],
  commands: ['command', 'events', 'installs'],
  upgrades: ['from', 'to', 'installs', 'downgrade'],
};

/**
 * The CSV cells the JSON report implies: per section a header row and one row per item (`uniques`: its
 * value; retention: `cohort,installs,week_0…`, padded to the longest row), numbers as JavaScript writes
 * them, booleans as true/false. Only for reports whose strings need no CSV quoting or neutralising.
 */
export function csvCellsOf(report: any, command: OracleCommand, by: PeriodUnit = 'day'): string[][][] | null {
  // the maintainer sections (adoption, active, activation, churn, quality) have CSV layouts of their own, checked
  // against the oracle by test/slow/differential.test.ts through their JSON: here only their bounds are checked
  // idChurn (issue #21) is JSON only: CSV has no table of it
  if (sectionKeys(command, by).some((key) => !(key in COLUMNS) && key !== 'uniques' && key !== 'latest' && key !== 'retention' && key !== 'idChurn'))
    return null;
  const sections: string[][][] = [];
  const names: string[] = [];
  for (const key of sectionKeys(command, by)) {
    if (key === 'latest' || key === 'idChurn') continue;
    names.push(key);
    const value = report[key];
    if (key === 'uniques') {
      sections.push([['uniques'], [String(value)]]);
      continue;
    }
    const rows = value as Record<string, unknown>[];
    if (key === 'retention') {
      const weeks = rows.reduce((n, r) => Math.max(n, (r.active as number[]).length), 0);
      const header = ['cohort', 'installs', ...Array.from({ length: weeks }, (_, k) => `week_${k}`)];
      sections.push([
        header,
        ...rows.map((r) => {
          const cells = [String(r.cohort), String(r.installs), ...(r.active as number[]).map(String)];
          while (cells.length < header.length) cells.push('');
          return cells;
        }),
      ]);
      continue;
    }
    sections.push([COLUMNS[key]!, ...rows.map((r) => Object.values(r).map(String))]);
  }
  if (sections.length <= 1) return sections;
  // several sections (report): one long table, section,item,measure,value (issue #21 item 9)
  const long: string[][] = [['section', 'item', 'measure', 'value']];
  sections.forEach(([header, ...rows], s) => {
    const keyed = header!.length > 1;
    for (const row of rows) {
      for (let i = keyed ? 1 : 0; i < row.length; i++) if (row[i] !== '') long.push([names[s]!, keyed ? row[0]! : '', header![i]!, row[i]!]);
    }
  });
  return [long];
}

/** RFC 4180 CSV, split into the blank-line-separated sections `report` prints. */
export function parseCsvSections(text: string): string[][][] {
  const sections: string[][][] = [[]];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(cell);
    cell = '';
    if (row.length === 1 && row[0] === '') {
      if (sections[sections.length - 1]!.length > 0) sections.push([]);
    } else {
      sections[sections.length - 1]!.push(row);
    }
    row = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i += 1;
        continue;
      }
      cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') endRow();
    else cell += ch;
    i += 1;
  }
  if (cell !== '' || row.length > 0) endRow();
  return sections.filter((s) => s.length > 0);
}
