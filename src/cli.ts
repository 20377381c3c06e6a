// The command line: parse the arguments (cli/arguments.ts), run the analysis, render, write. Everything a user
// can get wrong ends here as one line on stderr and a non-zero exit status, never a stack trace.

import { readFile } from 'node:fs/promises';
import { analyze, type AnalyzeResult } from './analyze.js';
import type { AnalysisOptions } from './core/analyzer.js';
import type { Source } from './read/sources.js';
import { dayLabel } from './core/calendar.js';
import type { Report } from './core/report.js';
import { SettingError } from './core/setting-error.js';
import { windowLabel } from './core/window.js';
import { ZoneDays } from './core/zone-days.js';
import { BazingaError, EXIT_ERROR, EXIT_INVALID_LINES, EXIT_OK, usageError } from './errors.js';
import { parseUuid } from './parse/uuid.js';
import { sectionsFor, type CliOptions, type CommandSpec, type Format } from './cli/options.js';
import { parseArguments } from './cli/arguments.js';
import { createProgress } from './cli/progress.js';
import { settingMessage } from './cli/setting-message.js';
import { COLLAPSE_RUN, LATEST_PERIODS, RETENTION_COHORTS, shortText } from './render/shown.js';
import { visible } from './render/untrusted.js';
import { openOutput, reason, refuseInputAsOutput, type ReportOutput } from './cli/output.js';
import { MAX_JSON_PERIODS } from './render/json.js';
import { formatCount } from './render/numbers.js';

const NAME = 'bazinga-stats';

/** Reads `--exclude-installs FILE`: one uuid a line; blank lines and `#` comments are skipped. */
export async function readExcludeFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`--exclude-installs: ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
  }
  const uuids: string[] = [];
  const words = new Uint32Array(4);
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const bytes = Buffer.from(line);
    // the line is echoed cut to 200 characters, as versions are for people: a megabyte of junk is one short line
    if (!parseUuid(bytes, 0, bytes.length, words)) throw usageError(`--exclude-installs: ${path}:${i + 1}: '${shortText(line)}' is not a uuid`);
    uuids.push(line);
  });
  return uuids;
}

async function render(report: Report, format: Format, color: boolean, top: number): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('./render/json.js')).renderJson(report);
    case 'csv':
      return (await import('./render/csv.js')).renderCsv(report);
    case 'markdown':
      return (await import('./render/markdown.js')).renderMarkdown(report, { top });
    case 'html':
      return (await import('./render/html.js')).renderHtml(report, { generatedAt: new Date().toISOString(), top });
    case 'table': {
      const width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : Number(process.env.COLUMNS) || 100;
      return (await import('./render/table.js')).renderTable(report, { color, width, top });
    }
  }
}

/** Colour for tables only, and only where chalk's rules allow it (a terminal, NO_COLOR, FORCE_COLOR, --color). */
async function useColor(options: CliOptions): Promise<boolean> {
  if (options.format !== 'table' || options.output !== null) return false;
  // NO_COLOR (https://no-color.org) turns colour off unless --color asks for it; chalk does not read it
  if (process.env.NO_COLOR && !process.argv.includes('--color')) return false;
  // a pipe without FORCE_COLOR or a --color flag: chalk would say no, and loading it costs start-up time
  if (!process.stdout.isTTY && process.env.FORCE_COLOR === undefined && !process.argv.some((arg) => arg.startsWith('--color'))) return false;
  const { default: chalk } = await import('chalk');
  return chalk.level > 0;
}

/**
 * The listed lines (invalid ones and events outside the window, the first 10 in input order) and one count
 * line: `4 of 9 lines invalid`, `2 of 9 lines outside the window 2000-01-01..2026-12-01`, or both
 * (`4 of 9 lines invalid, 2 outside the window …`). Only invalid lines make --strict fail.
 */
export function reportLineNotes(notes: string[], report: Report, strict: boolean): void {
  const { invalid, outside, lines } = report.input;
  if (invalid === 0 && outside === 0) return;
  // a line's location and reason can hold bytes of the log or of a file name: shown, never acted on
  for (const line of notes) process.stderr.write(`${visible(line)}\n`);
  const counts: string[] = [];
  // `1 of 1 line invalid`, `5,000,000 of 5,000,000 lines invalid`: grouped as every count people read
  const ofLines = `of ${formatCount(lines)} ${lines === 1 ? 'line' : 'lines'}`;
  if (invalid > 0) counts.push(`${formatCount(invalid)} ${ofLines} invalid`);
  if (outside > 0) {
    const window = `outside the window ${windowLabel(report.settings.window)}`;
    counts.push(invalid > 0 ? `${formatCount(outside)} ${window}` : `${formatCount(outside)} ${ofLines} ${window}`);
  }
  const more = invalid + outside > notes.length ? ` (first ${notes.length} shown)` : '';
  const failing = strict && invalid > 0 ? '; failing because of --strict' : '';
  process.stderr.write(`${NAME}: ${counts.join(', ')}${more}${failing}\n`);
}

/** Today's date in `tz`: BAZINGA_STATS_TODAY when set (tests), else the clock. The core reads no clock. */
export function today(tz: string): string {
  const pinned = process.env.BAZINGA_STATS_TODAY;
  if (pinned) return pinned;
  return dayLabel(new ZoneDays(tz).dayOf(Math.floor(Date.now() / 1000)));
}

/** The sum of the quality ledger's counts (0 without a quality section). */
function qualityProblems(report: Report): number {
  return report.quality?.reasons.reduce((sum, reason) => sum + reason.count, 0) ?? 0;
}

/** Runs the CLI with these arguments (without `node` and the script); returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    // `--version V` filters events; alone it asks which bazinga-stats this is
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    await write(`${version}\n`);
    return EXIT_OK;
  }
  // the collector is a server with its own flags (src/collect/command.ts)
  if (argv[0] === 'collect') return (await import('./collect/command.js')).collect(argv.slice(1));
  // export and sql take the report's flags and a few of their own (src/export/, src/sql/)
  if (argv[0] === 'export') return (await import('./export/command.js')).exportCommand(argv.slice(1));
  if (argv[0] === 'sql') return (await import('./sql/command.js')).sqlCommand(argv.slice(1));
  const { command, files, options, helped } = await parseArguments(argv);
  if (helped) return EXIT_OK;
  if (command.name === 'merge') {
    const { mergeStates } = await import('./merge.js');
    const merged = await mergeStates(files, options.output);
    process.stderr.write(`${NAME}: merged ${merged.states} states into ${options.output}: ${merged.events} events, ${merged.installs} installs\n`);
    return EXIT_OK;
  }
  // with --state and no FILE, the report is the state's own: nothing is read
  const fromState = options.state !== null && files.length === 0;
  if (!fromState && (files.length === 0 || files.includes('-')) && process.stdin.isTTY) {
    // waiting for a person to type JSON lines is never what was meant
    throw usageError(`no input: give FILE... or pipe the log into stdin (${NAME} --help shows how)`);
  }
  const excludeInstalls = options.excludeInstalls === null ? [] : await readExcludeFile(options.excludeInstalls);
  // -o is checked (its temporary file created) before any input is read; a failed run removes it
  if (options.output !== null) {
    await refuseInputAsOutput(options.output, options.excludeInstalls === null ? files : [...files, options.excludeInstalls]);
  }
  const output = options.output === null ? null : await openOutput(options.output);
  try {
    return await analyzeAndWrite(command, files, options, excludeInstalls, output);
  } finally {
    await output?.discard();
  }
}

/**
 * The analysis settings of a run from its flags (the sections aside): what a report, `export` and `sql`
 * resolve alike. `format` decides how much of the long sections is computed (JSON and CSV: every row).
 */
export function analysisSettings(options: CliOptions, excludeInstalls: string[], format: Format): Omit<AnalysisOptions, 'sections' | 'invalidSamples'> {
  /** JSON and CSV are the contract: every row */
  const whole = format === 'json' || format === 'csv';
  return {
    tz: options.tz,
    by: options.by,
    filters: {
      since: options.since,
      until: options.until,
      commands: options.command,
      versions: options.version,
      excludeInstalls,
    },
    today: today(options.tz),
    window: options.window,
    // the human formats show the latest cohorts only: the rest of the triangle is not computed
    retentionCohorts: whole ? null : RETENTION_COHORTS,
    // … and the latest rows of issue #13's period tables, and each long run of empty periods as one line; JSON
    // and CSV have every row, refused before they are computed when there are too many (JSON's period section)
    latestPeriods: whole ? null : LATEST_PERIODS,
    maxPeriods: format === 'json' ? MAX_JSON_PERIODS : null,
    collapseEmptyRuns: whole ? null : COLLAPSE_RUN,
    analytics: {
      activeDays: options.activeDays,
      windowDays: options.windowDays,
      within: options.within,
      quietDays: options.quietDays,
      maxDaily: options.maxDaily,
    },
  };
}

async function analyzeAndWrite(
  command: CommandSpec,
  files: string[],
  options: CliOptions,
  excludeInstalls: string[],
  output: ReportOutput | null,
): Promise<number> {
  const showProgress = options.progress ?? (process.stderr.isTTY === true && !process.env.CI);
  const progress = showProgress ? createProgress(process.stderr) : null;
  const analysis = { ...analysisSettings(options, excludeInstalls, options.format), sections: sectionsFor(command, options.format) };
  const onProgress = progress ? (read: number, source: Source) => progress.update(read, source) : undefined;
  let result: AnalyzeResult;
  const { isStateFile, reportStates } = await import('./merge.js');
  if (options.state === null && files.length > 0 && files.every(isStateFile)) {
    // state files as inputs: merged in memory and reported, nothing written
    result = reportStates(files, analysis);
  } else if (options.state === null) {
    result = await analyze(files, analysis, onProgress);
  } else if (files.length === 0) {
    // with --state and no FILE, the report is the state's own: nothing is read
    result = await (await import('./incremental.js')).reportState(analysis, options.state);
  } else {
    const run = await (await import('./incremental.js')).analyzeWithState(files, analysis, options.state, onProgress);
    if (run.note !== null) process.stderr.write(`${NAME}: --state ${run.note}\n`);
    result = run;
  }
  progress?.done();
  const { report, invalidLines } = result;
  const text = await render(report, options.format, await useColor(options), options.top);
  if (output !== null) await output.commit(text);
  else await write(text);
  reportLineNotes(invalidLines, report, options.strict);
  const qualityFails = options.failOnQuality && qualityProblems(report) > 0;
  if (qualityFails) process.stderr.write(`${NAME}: the quality ledger counts ${qualityProblems(report)} problems; failing because of --fail-on-quality\n`);
  return (options.strict && report.input.invalid > 0) || qualityFails ? EXIT_INVALID_LINES : EXIT_OK;
}

/** Writes to stdout; a reader that went away (`| head -1`) ends the run quietly. */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(text, () => resolve());
  });
}

/** The entry point of bin/: runs main, turns errors into one line and an exit status. */
export async function run(): Promise<void> {
  // a reader that went away (`| head -1`, `2>&1 | head -1`) ends the run quietly, on stdout and on stderr alike:
  // an unhandled 'error' on either would crash with exit status 1, which is --strict's
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    // a stdout that cannot take the report (`> /dev/full`, an I/O error) fails the run as an unwritable -o
    // FILE does: one line, exit status 2, and nothing more is written
    process.stderr.write(`${NAME}: stdout: ${visible(reason(error))}\n`);
    process.exit(EXIT_ERROR);
  });
  // a stderr that cannot be written loses only the messages; the report and the exit status stand
  process.stderr.on('error', () => {});
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (process.env.BAZINGA_STATS_DEBUG) console.error(error);
    const message =
      error instanceof SettingError
        ? settingMessage(error)
        : error instanceof BazingaError
          ? error.message
          : `internal error: ${(error as Error)?.message ?? error}`;
    // the message may echo a file's bytes (--exclude-installs) or a flag value: one visible line
    process.stderr.write(`${NAME}: ${visible(message)}\n`);
    process.exitCode = EXIT_ERROR;
  }
}
