// argv → what to run. yargs does commands, flags, validation and --help; it also costs ~50 ms to load,
// a third of a small run. So a plain invocation is first parsed with node's own util.parseArgs from the
// same FLAGS table, and anything it does not take as it is — --help, a negated flag, an unknown flag, a
// value outside the choices, a missing value — goes to yargs, which explains it. Both lead to the same
// Invocation (test/arguments.test.ts compares them over many spellings).

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Argv } from 'yargs';
import { BazingaError, usageError } from '../errors.js';
import { COMMANDS, COUNT_FLAGS, FLAGS, defaultCliOptions, flagApplies, type CliOptions, type CommandSpec, type Format } from './options.js';
import { nearest } from './suggest.js';

const NAME = 'bazinga-stats';
const STDIN_TOKEN = '\u0000stdin';

export interface Invocation {
  command: CommandSpec;
  files: string[];
  options: CliOptions;
  /** --help was shown: nothing to run */
  helped: boolean;
}

type Values = Record<string, unknown>;

/** The parsed flags (by long name) and positionals → an Invocation; the same for both parsers. */
function toInvocation(command: CommandSpec, files: string[], values: Values, commandGiven: boolean): Invocation {
  const list = (flag: string) => {
    const value = values[flag];
    return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
  };
  const single = (flag: string): string | null => {
    const all = list(flag);
    if (all.length > 1) throw usageError(`--${flag} was given more than once`);
    return all.length === 0 ? null : all[0];
  };
  const flag = (name: string): boolean | null => {
    const value = values[name];
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    return typeof last === 'boolean' ? last : null;
  };
  for (const [name, spec] of Object.entries(FLAGS)) {
    // `--version ''` would silently drop every event, `--tz ''` would mean UTC: an empty value is a mistake
    if (spec.type !== 'boolean' && list(name).includes('')) throw usageError(`--${name}: the value is empty`);
  }
  if (!commandGiven && files.length > 0 && /^[a-z]+$/.test(files[0]) && !existsSync(files[0])) {
    // `bazinga-stats dialy f.jsonl`: a misspelt command, unless a file of that name exists
    const names = COMMANDS.map((c) => c.name);
    const guess = nearest(files[0], names);
    throw usageError(`unknown command '${files[0]}'${guess === null ? '' : `; did you mean '${guess}'?`} (commands: ${names.join(', ')})`);
  }
  const options: CliOptions = {
    format: (single('format') ?? defaultCliOptions.format) as Format,
    tz: single('tz') ?? defaultCliOptions.tz,
    by: (single('by') ?? defaultCliOptions.by) as CliOptions['by'],
    strict: flag('strict') ?? defaultCliOptions.strict,
    since: single('since'),
    until: single('until'),
    window: single('window'),
    command: list('command'),
    // the version filter is --release: -V and --version print bazinga-stats' own version (cli.ts)
    version: list('release'),
    excludeInstalls: single('exclude-installs'),
    output: single('output'),
    progress: flag('progress'),
    state: single('state'),
    activeDays: defaultCliOptions.activeDays,
    windowDays: defaultCliOptions.windowDays,
    within: defaultCliOptions.within,
    quietDays: defaultCliOptions.quietDays,
    maxDaily: defaultCliOptions.maxDaily,
    failOnQuality: flag('fail-on-quality') ?? defaultCliOptions.failOnQuality,
    top: topRows(single('top')),
  };
  for (const [name, { key, min, max }] of Object.entries(COUNT_FLAGS)) {
    const value = single(name);
    if (value === null) continue;
    if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
      throw usageError(`--${name}: '${value}' is not a whole number from ${min} to ${max}`);
    }
    options[key] = Number(value);
  }
  return { command, files, options, helped: false };
}

/** `--top N`: a whole number of rows, 0 for all; any N at least the number of rows lists them all too. */
function topRows(value: string | null): number {
  if (value === null) return defaultCliOptions.top;
  if (!/^\d+$/.test(value.trim())) throw usageError(`--top: '${value}' is not a whole number of rows (0 lists all)`);
  // 9,999,999,999 or a hundred digits is a whole number too: more than any report has rows
  return Number(value.trim());
}

/** node's parseArgs over the FLAGS table; null when the arguments need yargs (help, errors, odd spellings). */
export function parseQuickly(argv: string[]): Invocation | null {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return null;
  const options: Record<string, { type: 'string' | 'boolean'; multiple: true; short?: string }> = {};
  for (const [name, spec] of Object.entries(FLAGS)) {
    options[name] = { type: spec.type === 'boolean' ? 'boolean' : 'string', multiple: true };
    if (spec.alias) options[name].short = spec.alias;
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch {
    return null;
  }
  for (const [name, spec] of Object.entries(FLAGS)) {
    const value = parsed.values[name] as unknown[] | undefined;
    if (spec.choices && value?.some((v) => !spec.choices!.includes(String(v)))) return null;
    // a value that looks like a flag (`--tz --strict`) is a missing value to yargs
    if (spec.type !== 'boolean' && value?.some((v) => String(v).startsWith('-') && String(v) !== '-')) return null;
  }
  const [first, ...rest] = parsed.positionals;
  const command = COMMANDS.find((c) => c.name === first);
  return command ? toInvocation(command, rest, parsed.values, true) : toInvocation(COMMANDS[0], parsed.positionals, parsed.values, false);
}

export async function parseWithYargs(argv: string[]): Promise<Invocation> {
  const { default: yargs } = await import('yargs');
  let chosen: CommandSpec = COMMANDS[0];
  let commandGiven = false;
  // --help lists each command's own flags, whole numbers typed `[number]`; a run parses every flag as a
  // string wherever it stands (the CLI checks numbers itself, with a message that names the flag)
  const help = argv.some((arg) => arg === '--help' || arg === '-h');
  // yargs-parser drops a lone `-` (stdin): carry it through under another name
  const parser = yargs(argv.map((arg) => (arg === '-' ? STDIN_TOKEN : arg)))
    .scriptName(NAME)
    .usage(
      `${NAME} [command] [FILE...] [options]\n\nAnswers from BAZINGA's telemetry.jsonl. FILE may be plain or gzip; none or - reads stdin; several files are one input.`,
    )
    .version(false)
    .strict(!help)
    .exitProcess(false)
    .parserConfiguration({ 'duplicate-arguments-array': true, 'strip-aliased': true })
    .fail((message, error) => {
      throw error instanceof BazingaError ? error : usageError(oneLine(message ?? error?.message ?? 'invalid arguments', argv));
    });
  // @types/yargs lags yargs 18 on these overloads
  const addCommand = parser.command.bind(parser) as unknown as (command: string, description: string, builder: (y: Argv) => Argv, handler: () => void) => Argv;
  const addFlags = (y: Argv, command: string | null) => {
    for (const [flag, spec] of Object.entries(FLAGS)) {
      if (command !== null && !flagApplies(flag, command)) continue;
      y.option(flag, {
        type: spec.type === 'array' ? 'string' : help && spec.number ? 'number' : spec.type,
        description: spec.description,
        choices: spec.choices as string[] | undefined,
        alias: spec.alias,
        requiresArg: spec.requiresArg,
      });
    }
    return y;
  };
  // the top-level help lists every flag, and -V
  const topHelp = (y: Argv) =>
    addFlags(y, null).option('version', { alias: 'V', type: 'boolean', description: "print bazinga-stats' own version (the version filter is --release)" });
  addCommand(
    '$0 [files..]',
    'the full report (same as report)',
    (y) => (help ? topHelp(y) : y),
    () => (chosen = COMMANDS[0]),
  );
  for (const command of COMMANDS) {
    addCommand(
      `${command.name} [files..]`,
      command.description,
      (y) => (help ? addFlags(y, command.name) : y).example(command.example, command.exampleNote),
      () => {
        chosen = command;
        commandGiven = true;
      },
    );
  }
  if (!help) addFlags(parser, null);
  parser.example(`${NAME} telemetry.jsonl`, 'the full report as tables');
  for (const command of COMMANDS) parser.example(command.example, command.exampleNote);
  parser
    .example(`${NAME} report --window 2024-01-01.. telemetry.jsonl`, 'only events from 2024 on, with no upper end (the default window ends tomorrow)')
    .example(`${NAME} report --format html -o report.html telemetry.jsonl`, 'a self-contained HTML report')
    .example(`${NAME} report --format json --strict telemetry.jsonl`, 'JSON for a CI gate; fails on any invalid line')
    .epilogue(
      'Exit status: 0 ok, 1 invalid lines with --strict or quality problems with --fail-on-quality, 2 usage error or unreadable input. Set BAZINGA_STATS_DEBUG=1 for stack traces.',
    )
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, process.stdout.columns ?? 100));

  const values = (await parser.parseAsync()) as Values;
  if (values.help === true) return { ...toInvocation(chosen, [], {}, true), helped: true };
  // files after `--` land in `_`, after the command's name
  const rest = (values._ as unknown[]).map(String);
  if (commandGiven && rest[0] === chosen.name) rest.shift();
  const files = [...((values.files as unknown[] | undefined) ?? []).map(String), ...rest].map((file) => (file === STDIN_TOKEN ? '-' : file));
  return toInvocation(chosen, files, values, commandGiven);
}

export async function parseArguments(argv: string[]): Promise<Invocation> {
  return parseQuickly(argv) ?? (await parseWithYargs(argv));
}

/** yargs' messages in our words, naming each flag as it was typed (`-f`, not `--f`; `--bogus`, not `bogus`). */
function oneLine(message: string, argv: string[]): string {
  const flat = message.replace(/\s*\n\s*/g, ' ').trim();
  // yargs: 'Invalid values: Argument: format, Given: "xml", Choices: "table", …'
  const choice = /^Invalid values: Argument: ([\w-]+), Given: (.*), Choices: (.*)$/.exec(flat);
  if (choice) return `--${choice[1]}: ${choice[2]} is not one of ${choice[3]}`;
  const missing = /^Not enough arguments following: ([\w-]+)$/.exec(flat);
  if (missing) return `${missing[1].length === 1 ? '-' : '--'}${missing[1]} needs a value`;
  // yargs: 'Unknown arguments: foo-bar, fooBar' (its camelCase copy too), 'Unknown argument: z' for `-z`
  const unknown = /^Unknown arguments?: (.*)$/.exec(flat);
  if (unknown) {
    const typed = typedFlags(unknown[1].split(', '), argv);
    if (typed.length > 0) {
      const guesses = typed.map(flagGuess).filter((guess) => guess !== null);
      const meant = guesses.length > 0 ? `; did you mean ${guesses.join(', ')}?` : '';
      return `unknown flag${typed.length > 1 ? 's' : ''} ${typed.join(', ')}${meant} (${NAME} --help lists them)`;
    }
  }
  return flat;
}

/** The arguments (before `--`) in which yargs found these unknown flag names, as typed, without `=value`. */
function typedFlags(names: string[], argv: string[]): string[] {
  const end = argv.indexOf('--');
  const flags = (end === -1 ? argv : argv.slice(0, end)).filter((arg) => arg.startsWith('-') && arg !== '-');
  const typed = flags
    .map((arg) => arg.split('=')[0])
    .filter((flag) =>
      names.some((name) =>
        flag.startsWith('--') ? [flag.slice(2), flag.replace(/^--no-/, '')].includes(name) : name.length === 1 && flag.slice(1).includes(name),
      ),
    );
  return [...new Set(typed)];
}

/** `--formt` → `--format`; `--no-colr` → `--no-color`; null when no flag is near. */
function flagGuess(typed: string): string | null {
  if (!typed.startsWith('--')) return null;
  const negated = typed.startsWith('--no-');
  const names = Object.keys(FLAGS);
  const guess = nearest(typed.slice(2), names);
  if (guess !== null) return `--${guess}`;
  const booleans = names.filter((name) => FLAGS[name].type === 'boolean');
  const negatedGuess = negated ? nearest(typed.slice(5), booleans) : null;
  return negatedGuess === null ? null : `--no-${negatedGuess}`;
}
