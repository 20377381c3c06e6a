// Issue #22: the SQL of `bazinga-stats sql --dialect postgres`, run by PostgreSQL 15 over the CSV of
// `bazinga-stats export` loaded with COPY, gives the CLI's JSON, section by section, on the same seeded logs
// and runs as the DuckDB test (test/support/engines.ts). The server is started for the file by
// test/support/postgres.ts (a temporary data folder, a Unix socket) and stopped in `after`.
//
// Without PostgreSQL the tests skip with one line saying how to get it; with CI set they fail instead.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, scratchDir } from '../support/cli.js';
import { CASES, cliJson, compareRows, engineLog, expectedRows, exportLog, sqlStatements, withExclude } from '../support/engines.js';
import { postgresMissing, startPostgres, type Postgres } from '../support/postgres.js';

const missing = postgresMissing();

if (missing !== null && process.env.CI) {
  test('PostgreSQL 15 is installed (CI never skips the engine tests)', () => assert.fail(missing));
}

describe("PostgreSQL over the exported CSV gives the CLI's numbers", { skip: missing ?? false }, () => {
  const dir = scratchDir();
  let pg: Postgres;
  before(() => {
    pg = startPostgres();
    const schema = runCli(['sql', 'schema', '--dialect', 'postgres']);
    assert.equal(schema.code, 0, schema.stderr);
    pg.psql(schema.stdout);
  });
  after(() => pg?.stop());

  test('the server is PostgreSQL 15', () => {
    assert.match(pg.version, /^15\./);
  });

  for (const seed of [1, 2]) {
    const { path: log, excludeFile } = engineLog(dir, seed, 3000);
    for (const c of CASES) {
      test(`seed ${seed}: ${c.name}`, () => {
        const flags = withExclude(c.flags, excludeFile);
        const csv = exportLog(log, dir, 'csv', c.exportFlags === 'all' ? ['--window', '..'] : flags);
        pg.psql(`TRUNCATE events;\n\\copy events FROM '${csv}' WITH (FORMAT csv, HEADER true)\n`);
        for (const command of c.commands) {
          const json = cliJson(command, flags, log);
          const statements = sqlStatements(command, 'postgres', flags);
          assert.ok(statements.length > 0);
          // every statement's rows as one line of JSON (json_agg keeps the subquery's order; its line breaks
          // between rows are the only raw ones, strings have theirs escaped)
          const script = statements.map(({ sql }) => `SELECT translate(coalesce(json_agg(q), '[]')::text, E'\\n', ' ') FROM (\n${sql}\n) AS q;`).join('\n');
          const lines = pg
            .psql(script)
            .split('\n')
            .filter((line) => line !== '');
          assert.equal(lines.length, statements.length);
          statements.forEach(({ name }, i) => {
            const difference = compareRows(JSON.parse(lines[i]), expectedRows(json, name));
            assert.equal(difference, null, `${command}: ${name}: ${difference}`);
          });
        }
      });
    }
  }
});
