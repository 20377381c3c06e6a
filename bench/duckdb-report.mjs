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

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  process.stderr.write('usage: node bench/duckdb-report.mjs FILE\n');
  process.exit(2);
}

const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run("SET TimeZone = 'UTC'");
// Read every line once into a table: lowercase install id, command, version, UTC day.
await con.run(`
  CREATE TABLE ev AS
  SELECT lower(uuid) AS u, command, version, CAST(CAST("timestamp" AS TIMESTAMPTZ) AS DATE) AS d
  FROM read_json(${sqlString(file)}, format = 'newline_delimited',
                 columns = {uuid: 'VARCHAR', command: 'VARCHAR', version: 'VARCHAR', "timestamp": 'VARCHAR'})
`);

const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjects();
const num = (x) => Number(x);

const [{ uniques }] = await rows('SELECT count(DISTINCT u) AS uniques FROM ev');

const daily = await rows(`
  WITH per_day AS (SELECT d, count(*) AS events, count(DISTINCT u) AS installs FROM ev GROUP BY d),
       firsts AS (SELECT d, count(*) AS new FROM (SELECT min(d) AS d FROM ev GROUP BY u) GROUP BY d),
       span AS (SELECT CAST(range AS DATE) AS d
                FROM range((SELECT min(d) FROM ev), (SELECT max(d) FROM ev) + INTERVAL 1 DAY, INTERVAL 1 DAY))
  SELECT strftime(span.d, '%Y-%m-%d') AS date, coalesce(events, 0) AS events, coalesce(installs, 0) AS installs,
         coalesce(new, 0) AS new
  FROM span LEFT JOIN per_day USING (d) LEFT JOIN firsts USING (d)
  ORDER BY span.d`);

const versions = await rows(`
  SELECT version, count(*) AS events, count(DISTINCT u) AS installs FROM ev GROUP BY version
  ORDER BY events DESC, version`);

const commands = await rows(`
  SELECT command, count(*) AS events, count(DISTINCT u) AS installs FROM ev GROUP BY command
  ORDER BY events DESC, command`);

const report = {
  uniques: num(uniques),
  daily: daily.map((r) => ({ date: r.date, events: num(r.events), installs: num(r.installs), new: num(r.new) })),
  versions: versions.map((r) => ({ version: r.version, events: num(r.events), installs: num(r.installs) })),
  commands: commands.map((r) => ({ command: r.command, events: num(r.events), installs: num(r.installs) })),
};
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
con.closeSync();
instance.closeSync?.();
