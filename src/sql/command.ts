// `bazinga-stats sql SECTION --dialect duckdb|postgres [--table NAME] [report flags]`: prints the SQL that
// computes a section from the exported events, with the run's settings resolved into it (the zone, the
// period, the window and today's end of it, the filters, the analytics flags), so that the engine prints
// the CLI's numbers. `sql schema` prints the table the CSV export loads into. Reads no input.

import { parseArguments } from '../cli/arguments.js';
import { takeOwnFlags } from '../cli/own-flags.js';
import { Analyzer } from '../core/analyzer.js';
import { EXIT_OK, usageError } from '../errors.js';
import { analysisOptions, type AnalysisFlags } from '../cli/analysis-options.js';
import { readExcludeFile } from '../cli/exclude-file.js';
import { stateSettings } from '../state/analyzer-state.js';
import { DIALECTS, dialectNamed, type DialectName } from './dialect.js';
import type { SqlSettings } from './query.js';
import { schemaSql } from './schema.js';
import { renderStatements, sectionStatements, SQL_NOT_YET, SQL_SECTIONS } from './sections.js';

/** A table name: an identifier, or schema.identifier, printed as it is. */
const TABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

const HELP = (sections: string[]) => `bazinga-stats sql SECTION --dialect duckdb|postgres [--table NAME] [report flags]

Prints the SQL that computes SECTION from the events of bazinga-stats export (a table or view named events,
or --table NAME), with the zone, --by, the window, the filters and the analytics flags resolved into it.
Sections: ${sections.join(', ')}
(schema: the CREATE TABLE the CSV export loads into; quality stays CLI-only). Docs: docs/engines.md
`;

export async function sqlCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP(['schema', ...Object.keys(SQL_SECTIONS)]));
    return EXIT_OK;
  }
  const { values, rest } = takeOwnFlags(argv, {
    dialect: { choices: DIALECTS },
    table: { choices: null },
  });
  const [section, ...others] = rest;
  const known = ['schema', ...Object.keys(SQL_SECTIONS)];
  if (section === undefined || section.startsWith('-')) throw usageError(`sql needs a section: ${known.join(', ')}`);
  if (SQL_NOT_YET.includes(section)) {
    throw usageError(
      `sql ${section}: not available yet (${section === 'quality' ? 'quality stays CLI-only' : "its SQL does not give the CLI's numbers yet"}); sections: ${known.join(', ')}`,
    );
  }
  if (!known.includes(section)) throw usageError(`sql: unknown section '${section}' (sections: ${known.join(', ')})`);
  if (values.dialect === undefined) throw usageError(`sql needs --dialect ${DIALECTS.join('|')}`);
  const table = values.table ?? 'events';
  if (!TABLE.test(table)) throw usageError(`--table: '${table}' is not a table name (letters, digits and _, optionally schema.table)`);
  const { files, options, helped } = await parseArguments(['report', ...others]);
  if (helped) return EXIT_OK;
  if (files.length > 0) throw usageError(`sql reads no input (it prints SQL for the exported events): remove ${files[0]}`);
  const dialect = values.dialect as DialectName;
  const text =
    section === 'schema'
      ? schemaSql(dialect, table)
      : renderStatements(sectionStatements(section, { dialect: dialectNamed(dialect), settings: await resolveSettings(options, table) }));
  await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  return EXIT_OK;
}

/** The settings as a report run resolves them (a bad zone or date fails here, worded as for a report). */
async function resolveSettings(options: AnalysisFlags & { excludeInstalls: string | null }, table: string): Promise<SqlSettings> {
  const excludeInstalls = options.excludeInstalls === null ? [] : await readExcludeFile(options.excludeInstalls);
  const analysis = analysisOptions([], options, 'json', excludeInstalls);
  const resolved = stateSettings(new Analyzer({ ...analysis, sections: [] }));
  return {
    table,
    tz: resolved.tz,
    by: analysis.by === 'auto' ? 'day' : analysis.by,
    windowSince: resolved.windowSince,
    windowUntil: resolved.windowUntil,
    since: resolved.since,
    until: resolved.until,
    commands: analysis.filters.commands,
    versions: analysis.filters.versions,
    excludeInstalls: resolved.excludeInstalls,
    analytics: analysis.analytics,
  };
}
