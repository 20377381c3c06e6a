// The command line: parse the arguments (cli/arguments.ts), run the analysis, render, write. Everything a user
// can get wrong ends here as one line on stderr and a non-zero exit status, never a stack trace.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { analyze, type AnalyzeResult } from './analyze.js';
import type { Source } from './read/sources.js';
import type { Report } from './core/report.js';
import { SettingError } from './core/setting-error.js';
import { BazingaError, EXIT_ERROR, EXIT_INVALID_LINES, EXIT_OK, usageError } from './errors.js';
import { sectionsFor, type CliOptions, type CommandSpec, type Format } from './cli/options.js';
import { parseArguments } from './cli/arguments.js';
import { createProgress } from './cli/progress.js';
import { analysisOptions } from './cli/analysis-options.js';
import { refuseNonState } from './state/state-path.js';
import { reportLineNotes } from './cli/line-notes.js';
import { readExcludeFile } from './cli/exclude-file.js';
import { emptyAnswerNotes } from './cli/empty-answer.js';
import { inputShapeNote } from './cli/input-shape.js';
import { settingMessage } from './cli/setting-message.js';
import { visible } from './render/untrusted.js';
import { openOutput, reason, refuseInputAsOutput, type ReportOutput } from './cli/output.js';

const NAME = 'bazinga-stats';

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

/** The sum of the quality ledger's counts (0 without a quality section). */
function qualityProblems(report: Report): number {
  return report.quality?.reasons.reduce((sum, reason) => sum + reason.count, 0) ?? 0;
}

/**
 * Whether the arguments ask for the tool's version: `-V` or `--version` anywhere before `--`. The version
 * filter was `--version VALUE` before it became `--release`: a value after `--version` (`--version=2.1`, or
 * `--version 2.*` where `2.*` looks like a version and is no file) is a usage error that names `--release`.
 */
function asksForVersion(argv: string[]): boolean {
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  let asked = false;
  flags.forEach((arg, i) => {
    if (arg.startsWith('--version=')) throw usageError(`--version takes no value; to keep the events of a version use --release ${arg.slice(10)}`);
    if (arg !== '--version' && arg !== '-V') return;
    const next = flags[i + 1];
    if (arg === '--version' && next !== undefined && /^(v?\d[\w.+-]*\*?|[\w.+-]*\*)$/.test(next) && !existsSync(next)) {
      throw usageError(`--version takes no value; to keep the events of a version use --release ${next}`);
    }
    asked = true;
  });
  return asked;
}

/** Runs the CLI with these arguments (without `node` and the script); returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  if (asksForVersion(argv)) {
    // -V and --version print which bazinga-stats this is, wherever they stand; the filter is --release
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
    const { mergeStates } = await import('./state/merge.js');
    if (options.output !== null)
      await refuseNonState(
        '-o',
        options.output,
        files.map((path) => ({ what: `the input ${path}`, path })),
      );
    const merged = await mergeStates(files, options.output);
    for (const note of merged.notes) process.stderr.write(`${NAME}: merge: ${visible(note)}\n`);
    process.stderr.write(`${NAME}: merged ${merged.states} states into ${options.output}: ${merged.events} events, ${merged.installs} installs\n`);
    return EXIT_OK;
  }
  // with --state and no FILE, the report is the state's own: nothing is read
  const fromState = options.state !== null && files.length === 0;
  if (!fromState && (files.length === 0 || files.includes('-')) && process.stdin.isTTY) {
    // waiting for a person to type JSON lines is never what was meant
    throw usageError(`no input: give FILE... or pipe the log into stdin (${NAME} --help shows how)`);
  }
  if (options.state !== null) {
    // a state is written only over a state, an empty file or nothing: never over a log, a list or the report
    const others = files.map((path) => ({ what: `the input ${path}`, path }));
    if (options.excludeInstalls !== null) others.push({ what: `the --exclude-installs file ${options.excludeInstalls}`, path: options.excludeInstalls });
    if (options.output !== null) others.push({ what: `-o's file ${options.output}`, path: options.output });
    await refuseNonState('--state', options.state, others);
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

async function analyzeAndWrite(
  command: CommandSpec,
  files: string[],
  options: CliOptions,
  excludeInstalls: string[],
  output: ReportOutput | null,
): Promise<number> {
  const showProgress = options.progress ?? (process.stderr.isTTY === true && !process.env.CI);
  const progress = showProgress ? createProgress(process.stderr) : null;
  const analysis = analysisOptions(sectionsFor(command, options.format), options, options.format, excludeInstalls, command.name === 'report');
  const onProgress = progress ? (read: number, source: Source) => progress.update(read, source) : undefined;
  let result: AnalyzeResult;
  /** lines that say what the report leaves out (a state's damaged last update): --strict fails on them */
  let partial: string[] = [];
  /** the inputs are logs only (no state files, not a state alone): what an empty answer's hints are about */
  let logs = true;
  const { isStateFile, reportStates } = await import('./state/merge.js');
  const states = files.filter(isStateFile);
  if (states.length > 0) {
    logs = false;
    // states among the inputs: absorbed in order, then the logs read on top of them (never parsed as JSON Lines)
    if (options.state !== null) {
      throw usageError(
        `--state ${options.state}: ${states[0]} is a state, and --state resumes logs only (merge the states with bazinga-stats merge, or report them without --state)`,
      );
    }
    const firstLog = files.findIndex((file) => !states.includes(file));
    const misplaced = firstLog < 0 ? undefined : files.slice(firstLog).find((file) => states.includes(file));
    if (misplaced !== undefined)
      throw usageError(`${misplaced}: a state must come before the logs (it holds lines read before them; give ${misplaced} before ${files[firstLog]})`);
    const run = await reportStates(states, analysis, firstLog < 0 ? [] : files.slice(firstLog), onProgress);
    partial = run.notes;
    result = run;
  } else if (options.state === null) {
    result = await analyze(files, analysis, onProgress);
  } else if (files.length === 0) {
    logs = false;
    // with --state and no FILE, the report is the state's own: nothing is read
    const run = await (await import('./state/incremental.js')).reportState(analysis, options.state);
    partial = run.partial === null ? [] : [`--state ${run.partial}`];
    result = run;
  } else {
    const run = await (await import('./state/incremental.js')).analyzeWithState(files, analysis, options.state, onProgress);
    if (run.note !== null) process.stderr.write(`${NAME}: --state ${visible(run.note)}\n`);
    result = run;
  }
  const failing = options.strict && partial.length > 0 ? '; failing because of --strict' : '';
  for (const note of partial) process.stderr.write(`${NAME}: ${visible(note)}${failing}\n`);
  progress?.done();
  const { report, invalidLines } = result;
  const text = await render(report, options.format, await useColor(options), options.top);
  if (output !== null) await output.commit(text);
  else await write(text);
  reportLineNotes(invalidLines, report, options.strict);
  // no silent empty answers: a filter value that matches nothing, filters that leave nothing, an input that is not JSON Lines
  const shape = logs ? inputShapeNote(report, files) : null;
  if (shape !== null) process.stderr.write(`${NAME}: ${visible(shape)}\n`);
  for (const note of emptyAnswerNotes(report, result.seen)) process.stderr.write(`${NAME}: ${visible(note)}\n`);
  const qualityFails = options.failOnQuality && qualityProblems(report) > 0;
  if (qualityFails) process.stderr.write(`${NAME}: the quality ledger counts ${qualityProblems(report)} problems; failing because of --fail-on-quality\n`);
  return (options.strict && (report.input.invalid > 0 || partial.length > 0)) || qualityFails ? EXIT_INVALID_LINES : EXIT_OK;
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
