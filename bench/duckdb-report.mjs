#!/usr/bin/env node
// The DuckDB peer: the same core report as `bazinga-stats report --format json FILE`, in SQL.
// Usage: node bench/duckdb-report.mjs FILE   (plain or .gz JSONL; prints JSON on stdout)
//
// Output shape (the core fields of bazinga-stats' JSON):
//   {"uniques": N, "daily": [{date, events, installs, new}], "versions": [{version, events, installs}],
//    "commands": [{command, events, installs}]}
//
// Time zones: a naive stamp cast to TIMESTAMPTZ is read in the session's TimeZone, which DuckDB takes from the
// machine's local zone. bazinga-stats reads naive stamps as UTC, so the session is pinned to UTC first; stamps
// with an offset are converted, and the day is the UTC calendar date, as in bazinga-stats' default --tz UTC.

import { DuckDBInstance } from '@duckdb/node-api';
import { reportQuery, selectEvents } from './duckdb-query.mjs';

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  process.stderr.write('usage: node bench/duckdb-report.mjs FILE\n');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run("SET TimeZone = 'UTC'");
// Read every line once into a table: lowercase install id, command, version, UTC day.
await con.run(`CREATE TABLE ev AS ${selectEvents(file)}`);
process.stdout.write(JSON.stringify(await reportQuery(con), null, 2) + '\n');
con.closeSync();
instance.closeSync?.();
