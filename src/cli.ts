// The command line: parse flags (yargs), run the analysis, render, write. Everything a user can get wrong
// ends here as one line on stderr and a non-zero exit status, never a stack trace.

import { readFile, writeFile } from 'node:fs/promises';
import { analyze } from './core/analyze.js';
import type { Report } from './core/report.js';
import { BazingaError, EXIT_ERROR, EXIT_INVALID_LINES, EXIT_OK, usageError } from './errors.js';
import { parseUuid } from './parse/uuid.js';
import { COMMANDS, FLAGS, defaultCliOptions, sectionsFor, type CliOptions, type CommandSpec, type Format } from './cli/options.js';
import { createProgress } from './cli/progress.js';

import type { Argv } from 'yargs';

const NAME = 'bazinga-stats';

interface Invocation {
  command: CommandSpec;
  files: string[];
  options: CliOptions;
  /** --help was shown: nothing to run */
  helped: boolean;
}

async function parseArguments(argv: string[]): Promise<Invocation> {
  const { default: yargs } = await import('yargs');
  let chosen: CommandSpec = COMMANDS[0];
  const parser = yargs(argv)
    .scriptName(NAME)
    .usage(`${NAME} [command] [FILE...] [options]\n\nAnswers from BAZINGA's telemetry.jsonl. FILE may be plain or gzip; none or - reads stdin; several files are one input.`)
    .version(false)
    .strict()
    .exitProcess(false)
    .parserConfiguration({ 'duplicate-arguments-array': true, 'strip-aliased': true })
    .fail((message, error) => {
      throw error instanceof BazingaError ? error : usageError(oneLine(message ?? error?.message ?? 'invalid arguments'));
    });
  // @types/yargs lags yargs 18 on these overloads
  const addCommand = parser.command.bind(parser) as unknown as (
    command: string,
    description: string,
    builder: (y: Argv) => Argv,
    handler: () => void,
  ) => Argv;
  addCommand('$0 [files..]', 'the full report (same as report)', (y) => y, () => (chosen = COMMANDS[0]));
  for (const command of COMMANDS) {
    addCommand(`${command.name} [files..]`, command.description, (y) => y.example(command.example, ''), () => (chosen = command));
  }
  for (const [flag, spec] of Object.entries(FLAGS)) {
    parser.option(flag, {
      type: spec.type === 'array' ? 'string' : spec.type,
      description: spec.description,
      choices: spec.choices as string[] | undefined,
      alias: spec.alias,
      requiresArg: spec.requiresArg,
    });
  }
  parser
    .example(`${NAME} telemetry.jsonl`, 'the full report as tables')
    .example(`${NAME} uniques telemetry.jsonl`, 'how many installs there are')
    .example(`${NAME} daily --by week --tz Europe/Berlin telemetry.jsonl`, 'weekly activity and lifecycle, weeks cut in Berlin')
    .example(`zcat old.jsonl.gz | ${NAME} report --format markdown >> "$GITHUB_STEP_SUMMARY"`, 'a CI job summary')
    .example(`${NAME} report --format html -o report.html telemetry.jsonl`, 'a self-contained HTML report')
    .example(`${NAME} versions --format json --strict telemetry.jsonl`, 'JSON for a CI gate; fails on any invalid line')
    .epilogue('Exit status: 0 ok, 1 invalid lines with --strict, 2 usage error or unreadable input. Set BAZINGA_STATS_DEBUG=1 for stack traces.')
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, process.stdout.columns ?? 100));

  const args = (await parser.parseAsync()) as Record<string, unknown>;
  const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
  const single = (flag: string): string | null => {
    const value = args[flag];
    if (value === undefined) return null;
    if (Array.isArray(value)) throw usageError(`--${flag} was given more than once`);
    return String(value);
  };
  const options: CliOptions = {
    format: (single('format') ?? defaultCliOptions.format) as Format,
    tz: single('tz') ?? defaultCliOptions.tz,
    by: (single('by') ?? defaultCliOptions.by) as CliOptions['by'],
    strict: args.strict === true,
    since: single('since'),
    until: single('until'),
    command: list(args.command),
    version: list(args.version),
    excludeInstalls: single('exclude-installs'),
    output: single('output'),
    progress: typeof args.progress === 'boolean' ? args.progress : null,
  };
  const files = list(args.files);
  if (chosen === COMMANDS[0] && !argv.includes('report') && files.length > 0 && /^[a-z]+$/.test(files[0])) {
    // `bazinga-stats dialy f.jsonl`: a misspelt command, unless a file of that name exists
    const { existsSync } = await import('node:fs');
    if (!existsSync(files[0])) {
      throw usageError(`unknown command '${files[0]}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    }
  }
  return { command: chosen, files, options, helped: args.help === true };
}

function oneLine(message: string): string {
  const flat = message.replace(/\s*\n\s*/g, ' ').trim();
  // yargs: 'Invalid values: Argument: format, Given: "xml", Choices: "table", …'
  const choice = /^Invalid values: Argument: ([\w-]+), Given: (.*), Choices: (.*)$/.exec(flat);
  if (choice) return `--${choice[1]}: ${choice[2]} is not one of ${choice[3]}`;
  const missing = /^Not enough arguments following: ([\w-]+)$/.exec(flat);
  if (missing) return `--${missing[1]} needs a value`;
  return flat;
}

/** Reads `--exclude-installs FILE`: one uuid a line; blank lines and `#` comments are skipped. */
async function readExcludeFile(path: string): Promise<string[]> {
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
    if (!parseUuid(bytes, 0, bytes.length, words)) throw usageError(`--exclude-installs: ${path}:${i + 1}: '${line}' is not a uuid`);
    uuids.push(line);
  });
  return uuids;
}

async function render(report: Report, format: Format, color: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('./render/json.js')).renderJson(report);
    case 'csv':
      return (await import('./render/csv.js')).renderCsv(report);
    case 'markdown':
      return (await import('./render/markdown.js')).renderMarkdown(report);
    case 'html':
      return (await import('./render/html.js')).renderHtml(report, { generatedAt: new Date().toISOString() });
    case 'table': {
      const width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : Number(process.env.COLUMNS) || 100;
      return (await import('./render/table.js')).renderTable(report, { color, width });
    }
  }
}

/** Colour for tables only, and only where chalk's rules allow it (a terminal, NO_COLOR, FORCE_COLOR, --color). */
async function useColor(options: CliOptions): Promise<boolean> {
  if (options.format !== 'table' || options.output !== null) return false;
  const { default: chalk } = await import('chalk');
  return chalk.level > 0;
}

function reportInvalidLines(invalidLines: string[], report: Report, strict: boolean): void {
  const { invalid, lines } = report.input;
  if (invalid === 0) return;
  for (const line of invalidLines) process.stderr.write(`${line}\n`);
  const more = invalid > invalidLines.length ? ` (first ${invalidLines.length} shown)` : '';
  process.stderr.write(`${NAME}: ${invalid} of ${lines} lines invalid${more}${strict ? '; failing because of --strict' : ''}\n`);
}

/** Runs the CLI with these arguments (without `node` and the script); returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const { command, files, options, helped } = await parseArguments(argv);
  if (helped) return EXIT_OK;
  const excludeInstalls = options.excludeInstalls === null ? [] : await readExcludeFile(options.excludeInstalls);
  const showProgress = options.progress ?? (process.stderr.isTTY === true && !process.env.CI);
  const progress = showProgress ? createProgress(process.stderr) : null;
  const { report, invalidLines } = await analyze(
    files,
    {
      sections: sectionsFor(command, options.format),
      tz: options.tz,
      by: options.by,
      filters: {
        since: options.since,
        until: options.until,
        commands: options.command,
        versions: options.version,
        excludeInstalls,
      },
      today: process.env.BAZINGA_STATS_TODAY || null,
    },
    progress ? (read, source) => progress.update(read, source) : undefined,
  );
  progress?.done();
  const text = await render(report, options.format, await useColor(options));
  if (options.output !== null) {
    try {
      await writeFile(options.output, text);
    } catch (error) {
      throw new BazingaError('OUTPUT', `-o ${options.output}: ${(error as Error).message.replace(/^[A-Z]+: /, '')}`);
    }
  } else {
    await write(text);
  }
  reportInvalidLines(invalidLines, report, options.strict);
  return options.strict && report.input.invalid > 0 ? EXIT_INVALID_LINES : EXIT_OK;
}

/** Writes to stdout; a reader that went away (`| head -1`) ends the run quietly. */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(text, () => resolve());
  });
}

/** The entry point of bin/: runs main, turns errors into one line and an exit status. */
export async function run(): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return; // the reader is gone: stop quietly
    throw error;
  });
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (process.env.BAZINGA_STATS_DEBUG) console.error(error);
    const message = error instanceof BazingaError ? error.message : `internal error: ${(error as Error)?.message ?? error}`;
    process.stderr.write(`${NAME}: ${message}\n`);
    process.exitCode = EXIT_ERROR;
  }
}
