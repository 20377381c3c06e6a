// Every flag once: its type, default and description. yargs is configured from this table and the
// README documents the same table, so help, parsing and docs cannot drift apart.

import type { PeriodUnit, Section } from '../core/report.js';

export const FORMATS = ['table', 'json', 'csv', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const PERIOD_UNITS: readonly PeriodUnit[] = ['day', 'week', 'month'];

export interface CliOptions {
  format: Format;
  tz: string;
  /** null: not given (`report` for people picks it from the data's span; everything else takes days) */
  by: PeriodUnit | null;
  strict: boolean;
  since: string | null;
  until: string | null;
  /** `FROM..TO`; null: the default window (2000-01-01 to the day after today) */
  window: string | null;
  command: string[];
  version: string[];
  excludeInstalls: string | null;
  output: string | null;
  /** null: show progress when stderr is a terminal */
  progress: boolean | null;
  /** incremental runs: the state file (docs/incremental.md) */
  state: string | null;
  /** adoption: active = an event in the last N days */
  activeDays: number;
  /** active: the MAU window in days */
  windowDays: number;
  /** activation: the conversion window in days */
  within: number;
  /** churn: quiet for more than N days */
  quietDays: number;
  /** quality: more than N events of one install on one day is a busy day */
  maxDaily: number;
  /** quality: exit with status 1 when the ledger counts anything */
  failOnQuality: boolean;
  /** rows of versions, commands and upgrades that tables, Markdown and HTML list; 0: all */
  top: number;
}

export const defaultCliOptions: CliOptions = {
  format: 'table',
  tz: 'UTC',
  by: null,
  strict: false,
  since: null,
  until: null,
  window: null,
  command: [],
  version: [],
  excludeInstalls: null,
  output: null,
  progress: null,
  state: null,
  activeDays: 14,
  windowDays: 28,
  within: 30,
  quietDays: 90,
  maxDaily: 100,
  failOnQuality: false,
  top: 50,
};

/** The flags that take a whole number of days (or events), and the range each accepts. */
export const COUNT_FLAGS = {
  'active-days': { key: 'activeDays', min: 1, max: 3660 },
  'window-days': { key: 'windowDays', min: 1, max: 3660 },
  within: { key: 'within', min: 0, max: 3660 },
  'quiet-days': { key: 'quietDays', min: 1, max: 3660 },
  'max-daily': { key: 'maxDaily', min: 1, max: 1e9 },
} as const;

interface FlagSpec {
  type: 'string' | 'boolean' | 'array';
  description: string;
  choices?: readonly string[];
  alias?: string;
  requiresArg?: boolean;
  /** a whole number: --help types it `[number]` (parsed as a string and checked by the CLI) */
  number?: true;
  /** the commands whose --help lists it; without: every command that reads a log */
  for?: readonly string[];
}

/** Commands that show the period table or a period section, and take `--by`. */
const BY_COMMANDS = ['report', 'daily', 'adoption', 'active', 'activation', 'churn'];

/** The commands that read a log (all but merge and collect). */
const ANALYSES = ['report', 'uniques', 'daily', 'versions', 'commands', 'upgrades', 'retention', 'adoption', 'active', 'activation', 'churn', 'quality'];

export const FLAGS: Record<string, FlagSpec> = {
  format: { type: 'string', choices: FORMATS, requiresArg: true, alias: 'f', description: 'output format (default: table)' },
  tz: { type: 'string', requiresArg: true, description: 'IANA time zone in which days, weeks and months are cut (default: UTC)' },
  by: {
    type: 'string',
    choices: PERIOD_UNITS,
    requiresArg: true,
    for: BY_COMMANDS,
    description: "period of the rows: day, ISO week or month (default: day; `report` as a table, Markdown or HTML picks it from the data's span)",
  },
  strict: { type: 'boolean', description: 'exit with status 1 when any line is invalid (the report still prints)' },
  since: { type: 'string', requiresArg: true, description: 'only events on or after this day in --tz: YYYY-MM-DD, or Nd for the last N days' },
  until: { type: 'string', requiresArg: true, description: 'only events on or before this day in --tz: YYYY-MM-DD or Nd' },
  window: {
    type: 'string',
    requiresArg: true,
    description:
      'time window FROM..TO (YYYY-MM-DD, either end may be empty; .. for none): events whose day in --tz is outside it are counted as outside and left out (default: 2000-01-01 to the day after today)',
  },
  command: { type: 'array', requiresArg: true, description: 'only events of this command (repeatable)' },
  release: { type: 'array', requiresArg: true, description: 'only events of this version (release); a trailing * matches a prefix, e.g. 2.* (repeatable)' },
  'exclude-installs': { type: 'string', requiresArg: true, description: "drop the installs listed in FILE, one uuid a line (CI machines, the team's own)" },
  output: { type: 'string', requiresArg: true, alias: 'o', for: [...ANALYSES, 'merge'], description: 'write the report to FILE instead of stdout' },
  progress: { type: 'boolean', description: 'show progress on stderr (default: only when stderr is a terminal)' },
  state: { type: 'string', requiresArg: true, description: 'keep a state in FILE: read only what the inputs gained since, same output as a full run' },
  top: {
    type: 'string',
    requiresArg: true,
    number: true,
    for: ['report', 'versions', 'commands', 'upgrades'],
    description: 'list the top N versions, commands and upgrade paths in tables, Markdown and HTML; 0 lists all (default: 50; JSON and CSV list all)',
  },
  color: { type: 'boolean', description: 'force colour on or off in tables (default: only on a terminal; NO_COLOR and FORCE_COLOR apply)' },
  'active-days': {
    type: 'string',
    requiresArg: true,
    number: true,
    for: ['adoption', 'report'],
    description: 'adoption: an install is active with an event in the last N days (default: 14)',
  },
  'window-days': { type: 'string', requiresArg: true, number: true, for: ['active', 'report'], description: 'active: the MAU window in days (default: 28)' },
  within: {
    type: 'string',
    requiresArg: true,
    number: true,
    for: ['activation', 'report'],
    description: "activation: an update within N days of an install's first event converts (default: 30)",
  },
  'quiet-days': {
    type: 'string',
    requiresArg: true,
    number: true,
    for: ['churn'],
    description: 'churn: an install with no event for more than N days is churned (default: 90)',
  },
  'max-daily': {
    type: 'string',
    requiresArg: true,
    number: true,
    for: ['quality'],
    description: 'quality: more than N events of one install on one day is a busy day (default: 100)',
  },
  'fail-on-quality': {
    type: 'boolean',
    for: ['quality'],
    description: 'quality: exit with status 1 when the ledger counts any problem (the report still prints)',
  },
};

export interface CommandSpec {
  name: string;
  description: string;
  sections: Section[];
  example: string;
  /** what the example does (--help prints it beside the example) */
  exampleNote: string;
}

export const COMMANDS: CommandSpec[] = [
  {
    name: 'report',
    description: 'all four reports in one pass (the default command); --format html adds upgrades, retention, adoption, active and activation',
    sections: ['uniques', 'periods', 'versions', 'commands'],
    example: 'zcat old.jsonl.gz | bazinga-stats report --format markdown >> "$GITHUB_STEP_SUMMARY"',
    exampleNote: 'the full report of a gzip log read from stdin, as Markdown appended to a GitHub Actions job summary',
  },
  {
    name: 'uniques',
    description: 'unique installs',
    sections: ['uniques'],
    example: 'bazinga-stats uniques telemetry.jsonl',
    exampleNote: 'how many installs sent telemetry',
  },
  {
    name: 'daily',
    description: 'per day (or --by week|month): events, active installs, new, returning, resurrecting, dormant, total',
    sections: ['periods'],
    example: 'bazinga-stats daily --tz Europe/Berlin --since 30d telemetry.jsonl',
    exampleNote: 'the last 30 days ending today, each day cut at midnight in Berlin',
  },
  {
    name: 'versions',
    description: 'per version: events, installs, installs currently on it and their share',
    sections: ['versions'],
    example: 'bazinga-stats versions --format json telemetry.jsonl',
    exampleNote: 'versions, the installs on each now and the latest version, as JSON for a script',
  },
  {
    name: 'commands',
    description: 'per command: events and installs',
    sections: ['commands'],
    example: 'bazinga-stats commands telemetry.jsonl.gz',
    exampleNote: 'commands of a gzip log (recognised by its bytes, not its name)',
  },
  {
    name: 'upgrades',
    description: 'moves between versions: from, to, installs, downgrade',
    sections: ['upgrades'],
    example: 'bazinga-stats upgrades --release "2.*" telemetry.jsonl',
    exampleNote: 'moves between versions, counting only events of versions starting 2.',
  },
  {
    name: 'retention',
    description: 'weekly cohorts by first event: share still active k weeks later',
    sections: ['retention'],
    example: 'bazinga-stats retention --exclude-installs ci-uuids.txt telemetry.jsonl',
    exampleNote: 'weekly retention without the installs listed in ci-uuids.txt (CI machines)',
  },
  {
    name: 'merge',
    description: 'merge state files (--state) of parts of a log into one, written with -o',
    sections: [],
    example: 'bazinga-stats merge -o all.state jan.state feb.state',
    exampleNote: 'one state of two months summarised apart (report from it with --state all.state)',
  },
  {
    name: 'adoption',
    description: 'per period: the share of active installs (an event in --active-days) on each version; per release: days to 50% and 90%, peak, replaced',
    sections: ['adoption'],
    example: 'bazinga-stats adoption --by week --active-days 14 telemetry.jsonl',
    exampleNote: 'per ISO week, the share of installs active in the last 14 days on each version, and when each release reached 50% and 90%',
  },
  {
    name: 'active',
    description: 'per day: DAU, WAU, MAU (--window-days) and DAU/MAU; L7 and L28 as of the last day',
    sections: ['active'],
    example: 'bazinga-stats active --by month telemetry.jsonl',
    exampleNote: 'DAU, WAU and MAU as of the last day of each month, and L7/L28 as of the last day',
  },
  {
    name: 'activation',
    description: 'per cohort: installs that ran update within --within days of their first event, median and p90 time',
    sections: ['activation'],
    example: 'bazinga-stats activation --by month --within 30 telemetry.jsonl',
    exampleNote: 'per monthly cohort, the share of installs that ran update within 30 days of their first event',
  },
  {
    name: 'churn',
    description: 'per period: installs churned (no event for more than --quiet-days), returned, and gone',
    sections: ['churn'],
    example: 'bazinga-stats churn --by month --quiet-days 90 telemetry.jsonl',
    exampleNote: 'per month, installs that went quiet for more than 90 days, and those that came back',
  },
  {
    name: 'quality',
    description: 'the data-quality ledger: id churn, duplicates, future events, events before init, busy days, downgrades',
    sections: ['quality'],
    example: 'bazinga-stats quality --fail-on-quality telemetry.jsonl',
    exampleNote: 'the data-quality ledger, failing a CI step (exit status 1) when it counts any problem',
  },
  {
    name: 'export',
    description:
      'the events a report counts, typed, as Parquet (-o *.parquet) or CSV (--format csv), for DuckDB, PostgreSQL and other engines; --rejects FILE lists the lines left out; --state FILE exports only new lines, a part a run (docs/engines.md)',
    sections: [],
    example: 'bazinga-stats export --window .. -o events.parquet telemetry.jsonl',
    exampleNote: 'every valid event of the log, whatever its date, as a Parquet file for DuckDB, ClickHouse or Spark',
  },
  {
    name: 'sql',
    description:
      'SQL computing a section (report, uniques, daily, versions, commands, upgrades, retention, adoption, active, activation, churn; schema) from the exported events: --dialect duckdb|postgres, --table NAME',
    sections: [],
    example: 'bazinga-stats sql report --dialect postgres --tz Europe/Berlin | psql',
    exampleNote: "the report's numbers computed by PostgreSQL from a table of exported events, days cut in Berlin",
  },
  {
    name: 'collect',
    description: 'the telemetry endpoint: POST /track appends each valid event to --log FILE once it is on disk (bazinga-stats collect --help)',
    sections: [],
    example: 'bazinga-stats collect --log telemetry.jsonl --port 5000',
    exampleNote: 'run the telemetry endpoint on port 5000, appending each valid event to telemetry.jsonl',
  },
];

/** Sections a command computes for a format: the HTML page shows everything. */
export function sectionsFor(command: CommandSpec, format: Format): Section[] {
  if (command.name === 'report' && format === 'html') {
    return ['uniques', 'periods', 'versions', 'commands', 'upgrades', 'retention', 'adoption', 'active', 'activation'];
  }
  return command.sections;
}

/** Whether `command`'s --help lists `flag` (every flag is parsed everywhere; help shows those that matter). */
export function flagApplies(flag: string, command: string): boolean {
  const spec = FLAGS[flag];
  return (spec.for ?? ANALYSES).includes(command);
}
