// `bazinga-stats sql schema`: the CREATE TABLE the CSV export loads into (and the Parquet export's types),
// with the load command for the dialect.

import { EXPORT_COLUMNS } from '../export/columns.js';
import type { DialectName } from './dialect.js';

export function schemaSql(dialect: DialectName, table: string): string {
  const width = EXPORT_COLUMNS.reduce((most, c) => Math.max(most, c.name.length), 0);
  const typeWidth = EXPORT_COLUMNS.reduce((most, c) => Math.max(most, c[dialect].length), 0);
  const lines = EXPORT_COLUMNS.map((c, i) => {
    const comma = i < EXPORT_COLUMNS.length - 1 ? ',' : '';
    return `  ${c.name.padEnd(width)} ${`${c[dialect]} NOT NULL${comma}`.padEnd(typeWidth + 10)} -- ${c.meaning.replaceAll('`', '')}`;
  });
  const load =
    dialect === 'postgres'
      ? `-- load an export: bazinga-stats export --format csv -o events.csv telemetry.jsonl, then in psql:\n--   \\copy ${table} FROM 'events.csv' WITH (FORMAT csv, HEADER true)`
      : `-- or, without a table: CREATE VIEW ${table} AS SELECT * FROM read_parquet('events*.parquet');\n-- load an export: INSERT INTO ${table} SELECT * FROM read_parquet('events.parquet');`;
  return `-- the exported events (bazinga-stats export): one row per event a report counts\nCREATE TABLE ${table} (\n${lines.join('\n')}\n);\n${load}\n`;
}
