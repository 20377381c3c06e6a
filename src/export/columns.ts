// The exported table, one place for it: the Parquet schema, the CSV header and `bazinga-stats sql schema`'s
// CREATE TABLE all come from this list, so the file, the table it loads into and the SQL that reads it agree.

export interface ExportColumn {
  name: string;
  /** what a row holds, for docs/engines.md and the CREATE TABLE's comments */
  meaning: string;
  /** the column's type in each SQL dialect */
  duckdb: string;
  postgres: string;
}

/**
 * The columns, in order. `instant` has microseconds (what every engine's timestamp holds, PostgreSQL's
 * included, and enough range for the years 0001 to 9999 where nanoseconds since 1970 end in 2262);
 * `instant_ns` keeps the nanoseconds a 7-to-9-digit stamp wrote beyond them, so events are ordered at full
 * precision as the report orders them. `seq` is the event's place in input order (files in argument order,
 * lines in order): the tie-break of "latest event", which `file` names cannot give.
 */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { name: 'install', meaning: 'the install: its uuid, lowercase', duckdb: 'UUID', postgres: 'uuid' },
  { name: 'instant', meaning: "the event's instant in UTC, to the microsecond", duckdb: 'TIMESTAMPTZ', postgres: 'timestamptz' },
  {
    name: 'instant_ns',
    meaning: 'nanoseconds past the microsecond of `instant` (0-999; 0 for stamps of up to 6 digits)',
    duckdb: 'SMALLINT',
    postgres: 'smallint',
  },
  { name: 'command', meaning: 'the command, as sent', duckdb: 'VARCHAR', postgres: 'text' },
  { name: 'version', meaning: 'the version, as sent', duckdb: 'VARCHAR', postgres: 'text' },
  { name: 'file', meaning: 'the input the line came from (`<stdin>` for stdin)', duckdb: 'VARCHAR', postgres: 'text' },
  { name: 'line', meaning: 'its line number in that input, from 1', duckdb: 'BIGINT', postgres: 'bigint' },
  { name: 'seq', meaning: "the event's place in input order among the exported events, from 1", duckdb: 'BIGINT', postgres: 'bigint' },
];

/**
 * Rows in a Parquet row group: 1,048,576 events (about 10-15 MB compressed), within the 128 MB to 1 GB that
 * Spark and Trino read best and a multiple of DuckDB's 122,880-row groups' order of magnitude; small logs are
 * one group.
 */
export const ROW_GROUP_ROWS = 1 << 20;
