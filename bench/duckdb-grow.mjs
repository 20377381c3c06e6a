#!/usr/bin/env node
// The DuckDB peer of `--state` (grow-10m): what DuckDB users do with a log that grows — the events live in a
// persisted database file, each run INSERTs the new lines and runs the report query over the stored table.
// Usage: node bench/duckdb-grow.mjs load DB FILE     create DB with FILE's events (untimed set-up)
//        node bench/duckdb-grow.mjs insert DB FILE   insert FILE's events, print the report (as duckdb-report.mjs)

import { DuckDBInstance } from '@duckdb/node-api';
import { reportQuery, selectEvents } from './duckdb-query.mjs';

const [mode, db, file] = process.argv.slice(2);
if (!['load', 'insert'].includes(mode) || !db || !file) {
  process.stderr.write('usage: node bench/duckdb-grow.mjs load|insert DB FILE\n');
  process.exit(2);
}
const instance = await DuckDBInstance.create(db);
const con = await instance.connect();
await con.run("SET TimeZone = 'UTC'");
if (mode === 'load') {
  await con.run(`CREATE OR REPLACE TABLE ev AS ${selectEvents(file)}`);
} else {
  await con.run(`INSERT INTO ev ${selectEvents(file)}`);
  process.stdout.write(JSON.stringify(await reportQuery(con), null, 2) + '\n');
}
con.closeSync();
instance.closeSync?.();
