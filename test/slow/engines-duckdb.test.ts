// Issue #22: the SQL of `bazinga-stats sql --dialect duckdb`, run by DuckDB (the npm package, in process)
// over the Parquet of `bazinga-stats export`, gives the CLI's JSON, section by section, on seeded logs with
// invalid lines, clocks in 1970 and 9999, duplicates, downgrades and DST, in several zones, every --by,
// filters and windows (test/support/engines.ts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inMemoryDuckDb } from '../support/duckdb.js';
import { fixture, scratchDir } from '../support/cli.js';
import { CASES, cliJson, compareRows, engineLog, expectedRows, exportLog, sqlStatements, withExclude } from '../support/engines.js';

/** A DuckDB value as the JSON has it: counts as numbers, lists as arrays. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

async function rowsOf(connection: DuckDBConnection, sql: string): Promise<unknown[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
}

describe("DuckDB over the exported Parquet gives the CLI's numbers", () => {
  const dir = scratchDir();
  const duckdb = inMemoryDuckDb();

  test('the fixtures: every section, several zones and periods', async () => {
    for (const name of ['telemetry.jsonl', 'zones.jsonl', 'messy.jsonl']) {
      const log = fixture(name);
      const parquet = exportLog(log, dir, 'parquet', ['--window', '..']);
      await duckdb.connection().run(`CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet('${parquet}')`);
      const runs: [string, string[]][] = [
        ['report', ['--by', 'week', '--tz', 'Asia/Kolkata']],
        ['report', ['--by', 'month', '--tz', 'Pacific/Chatham']],
        ['upgrades', ['--release', '1.*']],
        ['retention', ['--tz', 'America/Los_Angeles']],
        ['active', ['--by', 'month', '--window-days', '3']],
        ['adoption', ['--by', 'week', '--active-days', '2', '--tz', 'Asia/Tokyo']],
        ['activation', ['--within', '1', '--by', 'week']],
        ['churn', ['--quiet-days', '1', '--by', 'week']],
      ];
      for (const [command, flags] of runs) {
        const json = cliJson(command, flags, log);
        for (const { name: key, sql } of sqlStatements(command, 'duckdb', flags)) {
          const difference = compareRows(await rowsOf(duckdb.connection(), sql), expectedRows(json, key));
          assert.equal(difference, null, `${name}: ${command} ${flags.join(' ')}: ${key}: ${difference}`);
        }
      }
    }
  });

  for (const seed of [1, 2]) {
    const { path: log, excludeFile } = engineLog(dir, seed, 3000);
    for (const c of CASES) {
      test(`seed ${seed}: ${c.name}`, async () => {
        const flags = withExclude(c.flags, excludeFile);
        const parquet = exportLog(log, dir, 'parquet', c.exportFlags === 'all' ? ['--window', '..'] : flags);
        await duckdb.connection().run(`CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet('${parquet}')`);
        for (const command of c.commands) {
          const json = cliJson(command, flags, log);
          const statements = sqlStatements(command, 'duckdb', flags);
          assert.ok(statements.length > 0);
          for (const { name, sql } of statements) {
            const expected = expectedRows(json, name);
            const actual = await rowsOf(duckdb.connection(), sql);
            const difference = compareRows(actual, expected);
            assert.equal(difference, null, `${command}: ${name}: ${difference}`);
          }
        }
      });
    }
  }
});
