// `bazinga-stats export [FILE...] -o events.parquet [--format parquet|csv] [--rejects FILE] [report flags]`:
// the events a report counts (valid, inside the window, past the filters), typed, for the engines people
// already run (docs/engines.md). Every report flag that decides which events count is taken as `report`
// takes it; the invalid lines and events outside the window go to stderr as in every command.

import { readFile } from 'node:fs/promises';
import { parseArguments } from '../cli/arguments.js';
import { refuseInputAsOutput } from '../cli/output.js';
import { takeOwnFlags } from '../cli/own-flags.js';
import { EXIT_INVALID_LINES, EXIT_OK, usageError } from '../errors.js';
import { formatCount } from '../render/numbers.js';
import { analysisOptions } from '../cli/analysis-options.js';
import { readExcludeFile } from '../cli/exclude-file.js';
import { reportLineNotes } from '../cli/line-notes.js';
import { exportEvents, type ExportFormat } from './export.js';

const NAME = 'bazinga-stats';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['parquet', 'csv'];

const HELP = `${NAME} export [FILE...] -o events.parquet [--format parquet|csv] [--rejects FILE] [report flags]

Writes the events a report counts (valid, inside --window, past --since/--until/--command/--version/
--exclude-installs) with columns install, instant, instant_ns, command, version, file, line, seq.
Parquet is the default for -o *.parquet (and needs -o); CSV otherwise (stdout without -o), for PostgreSQL's COPY.
--rejects FILE writes {file, line, reason} JSON lines for every invalid line and event outside the window.
--state FILE (with --window and -o): only the lines added since the last export with FILE, to a new part.
Then: ${NAME} sql SECTION --dialect duckdb|postgres prints the SQL of a section. Docs: docs/engines.md
`;

/** Runs `export` with the arguments after the command's name; returns the exit status. */
export async function exportCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const { values, rest } = takeOwnFlags(argv, {
    format: { alias: 'f', choices: EXPORT_FORMATS },
    rejects: { choices: null },
  });
  const { files, options, helped } = await parseArguments(['report', ...rest]);
  if (helped) return EXIT_OK;
  const output = options.output;
  const format = (values.format as ExportFormat | undefined) ?? (output !== null && /\.parquet$/i.test(output) ? 'parquet' : 'csv');
  if (format === 'parquet' && output === null) throw usageError('--format parquet needs -o FILE (e.g. -o events.parquet)');
  if ((files.length === 0 || files.includes('-')) && process.stdin.isTTY) {
    throw usageError(`no input: give FILE... or pipe the log into stdin (${NAME} --help shows how)`);
  }
  const excludeInstalls = options.excludeInstalls === null ? [] : await readExcludeFile(options.excludeInstalls);
  for (const written of [output, values.rejects ?? null]) {
    if (written !== null) await refuseInputAsOutput(written, options.excludeInstalls === null ? files : [...files, options.excludeInstalls]);
  }
  const { version } = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8'));
  const result = await exportEvents(files, analysisOptions([], options, 'csv', excludeInstalls), {
    format,
    output,
    rejects: values.rejects ?? null,
    createdBy: `bazinga-stats version ${version}`,
    state: options.state,
  });
  reportLineNotes(result.invalidLines, result.report, options.strict);
  const where = output === null ? 'stdout' : output;
  if (output !== null) process.stderr.write(`${NAME}: exported ${formatCount(result.rows)} events to ${where} (${format})\n`);
  return options.strict && result.report.input.invalid > 0 ? EXIT_INVALID_LINES : EXIT_OK;
}
