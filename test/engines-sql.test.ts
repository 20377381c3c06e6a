// Issue #22, the quick part: `export` and `sql` as commands (their files, their messages, their exit
// statuses) on inputs worked out by hand, and the SQL of every listed section on DuckDB over the fixtures.
// The seeded logs on DuckDB and PostgreSQL are test/slow/engines-*.test.ts.

import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inMemoryDuckDb } from './support/duckdb.js';
import { fixture, runCli, runJson, scratchDir, writeInput } from './support/cli.js';
import { compareRows, expectedRows } from './support/engines.js';
import { EXPORT_COLUMNS } from '../src/export/columns.js';

const dir = scratchDir();
const ENV = { BAZINGA_STATS_TODAY: '2026-01-31' };

// A: two spellings of one install; a 9-digit stamp with an offset; an invalid line; a 1970 clock; a quote and a
// comma in a version
const lines = [
  '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "init", "version": "1.0.0", "timestamp": "2025-11-12T10:30:45.123456"}',
  '{"uuid": "550E8400-E29B-41D4-A716-446655440000", "command": "update", "version": "1.1.0,\\"x\\"", "timestamp": "2025-11-13 01:15:00.987654321+02:00"}',
  '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "update"',
  '{"uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "command": "init", "version": "2.0.0", "timestamp": "1970-01-01T00:00:00"}',
  '',
  '{"uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "command": "init", "version": "2.0.0", "timestamp": "2025-11-14T00:00:00Z"}',
];
const log = writeInput(dir, 'hand.jsonl', lines.join('\n') + '\n');

const duckdb = inMemoryDuckDb();

test('export --format csv: the events a report counts, typed, in input order; the rest on stderr and in --rejects', () => {
  const rejects = join(dir, 'rejects.jsonl');
  const run = runCli(['export', '--format', 'csv', '--rejects', rejects, log], { env: ENV });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stdout,
    'install,instant,instant_ns,command,version,file,line,seq\n' +
      `550e8400-e29b-41d4-a716-446655440000,2025-11-12T10:30:45.123456Z,0,init,1.0.0,${log},1,1\n` +
      `550e8400-e29b-41d4-a716-446655440000,2025-11-12T23:15:00.987654Z,321,update,"1.1.0,""x""",${log},2,2\n` +
      `6ba7b810-9dad-11d1-80b4-00c04fd430c8,2025-11-14T00:00:00.000000Z,0,init,2.0.0,${log},6,3\n`,
  );
  assert.equal(
    run.stderr,
    `${log}:3: not valid JSON\n${log}:4: timestamp 1970-01-01T00:00:00 is outside 2000-01-01..2026-02-01\n` +
      'bazinga-stats: 1 of 6 lines invalid, 1 outside the window 2000-01-01..2026-02-01\n',
  );
  assert.deepEqual(
    readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
    [
      { file: log, line: 3, reason: 'not valid JSON' },
      { file: log, line: 4, reason: 'timestamp 1970-01-01T00:00:00 is outside 2000-01-01..2026-02-01' },
    ],
  );
});

test('export: --window .. lets the 1970 clock in; filters apply as in a report; --strict fails on the invalid line', () => {
  const all = runCli(['export', '--format', 'csv', '--window', '..', log], { env: ENV });
  assert.equal(all.stdout.trim().split('\n').length, 5);
  const init = runCli(['export', '--format', 'csv', '--command', 'init', '--since', '2025-11-13', '--strict', log], { env: ENV });
  assert.equal(init.code, 1);
  assert.deepEqual(
    init.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').at(-2)),
    ['6'],
  );
});

test('export --state: each run writes the lines added since to a new part; the parts are the full export', async () => {
  const grow = join(dir, 'grow.jsonl');
  const state = join(dir, 'export.state');
  const part = (n: number) => join(dir, `part-${n}.parquet`);
  const run = (n: number, extra: string[] = []) => runCli(['export', '--state', state, '--window', '..', '-o', part(n), ...extra, grow], { env: ENV });
  // a last line still being written waits for the next run
  writeFileSync(grow, lines.slice(0, 2).join('\n') + '\n' + lines[3].slice(0, 40));
  assert.equal(run(1).code, 0);
  writeFileSync(grow, lines.slice(0, 2).join('\n') + '\n' + lines.slice(3).join('\n') + '\n' + lines[2] + '\n');
  const second = run(2);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /grow\.jsonl:6: not valid JSON\n/, 'lines are numbered on');
  assert.equal(run(3).code, 0, 'a run with nothing new writes an empty part');
  const full = join(dir, 'grow-full.parquet');
  assert.equal(runCli(['export', '--window', '..', '-o', full, grow], { env: ENV }).code, 0);
  const parts = `read_parquet(['${part(1)}', '${part(2)}', '${part(3)}'])`;
  const differ = await duckdb
    .connection()
    .runAndReadAll(
      `SELECT count(*) AS n FROM ((SELECT * FROM ${parts} EXCEPT ALL SELECT * FROM '${full}') UNION ALL (SELECT * FROM '${full}' EXCEPT ALL SELECT * FROM ${parts}))`,
    );
  assert.equal(differ.getRowObjectsJS()[0].n, 0n);
  const counts = await duckdb
    .connection()
    .runAndReadAll(`SELECT count(*) AS n FROM '${part(1)}' UNION ALL SELECT count(*) FROM '${part(2)}' UNION ALL SELECT count(*) FROM '${part(3)}'`);
  assert.deepEqual(
    counts.getRowObjectsJS().map((r) => Number(r.n)),
    [2, 2, 0],
  );
  // refused: the same part again, other settings, no --window, an edited log
  const refusals: [string[], RegExp][] = [
    [['export', '--state', state, '--window', '..', '-o', part(2), grow], /is a part listed in --state/],
    [['export', '--state', state, '--window', '..', '--tz', 'Europe/Berlin', '-o', part(4), grow], /exported with other settings/],
    [['export', '--state', state, '-o', part(4), grow], /export --state needs --window/],
  ];
  for (const [args, message] of refusals) {
    const refused = runCli(args, { env: ENV });
    assert.equal(refused.code, 2, args.join(' '));
    assert.match(refused.stderr, message);
  }
  writeFileSync(grow, readFileSync(grow, 'utf8').replace('"init"', '"INIT"'));
  const edited = run(4);
  assert.equal(edited.code, 2);
  assert.match(edited.stderr, /no longer starts with the lines exported from it/);
});

test('export usage errors name the flag; exit status 2', () => {
  const cases: [string[], RegExp][] = [
    [['export', '--format', 'parquet', log], /--format parquet needs -o FILE/],
    [['export', '--format', 'json', '-o', join(dir, 'x.json'), log], /--format: 'json' is not one of parquet, csv/],
    [['export', '--state', join(dir, 's.state'), '--window', '..', '-o', join(dir, 'x.parquet'), '-'], /--state: stdin cannot be read again/],
    [['export', '--tz', 'Mars/Olympus', '-o', join(dir, 'x.parquet'), log], /Mars\/Olympus/],
  ];
  for (const [args, message] of cases) {
    const run = runCli(args, { env: ENV });
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message, args.join(' '));
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  }
});

test('export -o a device writes in place, never replaces it: /dev/full is an output error, exit status 2', () => {
  for (const format of ['csv', 'parquet']) {
    const run = runCli(['export', '--format', format, '-o', '/dev/full', log], { env: ENV });
    assert.equal(run.code, 2, format);
    assert.match(run.stderr, /bazinga-stats: -o \/dev\/full: no space left on device\n$/, format);
    assert.ok(statSync('/dev/full').isCharacterDevice(), 'the device is still there');
  }
});

test('sql usage errors: a section not available yet, an unknown one, no --dialect, a bad --table, an input file', () => {
  const cases: [string[], RegExp][] = [
    [['sql', 'quality', '--dialect', 'duckdb'], /quality stays CLI-only/],
    [['sql', 'dialy', '--dialect', 'duckdb'], /unknown section 'dialy'/],
    [['sql', 'report'], /sql needs --dialect duckdb\|postgres/],
    [['sql', 'report', '--dialect', 'sqlite'], /--dialect: 'sqlite' is not one of duckdb, postgres/],
    [['sql', 'report', '--dialect', 'duckdb', '--table', 'x; DROP TABLE y'], /--table: 'x; DROP TABLE y' is not a table name/],
    [['sql', 'report', '--dialect', 'duckdb', log], /sql reads no input/],
    [['sql'], /sql needs a section/],
  ];
  for (const [args, message] of cases) {
    const run = runCli(args, { env: ENV });
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message, args.join(' '));
    assert.equal(run.stdout, '');
  }
});

test('sql schema: every exported column, for both dialects', () => {
  for (const dialect of ['duckdb', 'postgres']) {
    const run = runCli(['sql', 'schema', '--dialect', dialect, '--table', 'telemetry.events']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /CREATE TABLE telemetry\.events \(/);
    for (const c of EXPORT_COLUMNS) assert.match(run.stdout, new RegExp(`\\n  ${c.name} +${c[dialect as 'duckdb']} NOT NULL`));
  }
});

test('sql: settings resolved into the SQL (zone, window end from today, relative --since, filters, --table)', () => {
  const run = runCli(['sql', 'uniques', '--dialect', 'postgres', '--tz', 'europe/berlin', '--since', '7d', '--release', "it's*", '--table', 'ev'], {
    env: ENV,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^-- section: uniques\n/);
  assert.match(run.stdout, /AT TIME ZONE 'Europe\/Berlin'/);
  assert.match(run.stdout, /day <= DATE '2026-02-01'/);
  assert.match(run.stdout, /day >= DATE '2026-01-25'/);
  assert.match(run.stdout, /starts_with\(version, 'it''s'\)/);
  assert.match(run.stdout, /FROM ev\)/);
});

const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(plain) : v);

/** Exports `input` (every event, --window ..) as Parquet and makes it the `events` view. */
async function loadParquet(input: string): Promise<void> {
  const parquet = join(dir, `${Math.random().toString(36).slice(2)}.parquet`);
  const exported = runCli(['export', '-o', parquet, '--window', '..', input], { env: ENV });
  assert.equal(exported.code, 0, exported.stderr);
  await duckdb.connection().run(`CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet('${parquet}')`);
}

/** The sections of `command` on DuckDB over the loaded export of `input`, against the CLI's JSON; rows compared. */
async function checkOnDuckDb(input: string, command: string, flags: string[]): Promise<number> {
  const { json } = runJson([command, ...flags, input], { env: ENV });
  const sql = runCli(['sql', command, '--dialect', 'duckdb', ...flags], { env: ENV });
  assert.equal(sql.code, 0, sql.stderr);
  let rows = 0;
  for (const part of sql.stdout.split(/^-- section: /m).filter((p) => p.trim() !== '')) {
    const name = part.slice(0, part.indexOf('\n'));
    const reader = await duckdb.connection().runAndReadAll(part.slice(part.indexOf('\n') + 1));
    const actual = reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
    const difference = compareRows(actual, expectedRows(json, name));
    assert.equal(difference, null, `${command} ${flags.join(' ')}: ${name}: ${difference}`);
    rows += actual.length;
  }
  return rows;
}

test('the Parquet export has the documented types', async () => {
  const parquet = join(dir, 'types.parquet');
  assert.equal(runCli(['export', '-o', parquet, log], { env: ENV }).code, 0);
  const reader = await duckdb.connection().runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${parquet}')`);
  const types = Object.fromEntries(reader.getRowObjectsJS().map((r) => [r.column_name, r.column_type]));
  assert.deepEqual(types, Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.name, c.duckdb === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : c.duckdb])));
});

test('every sql section on DuckDB equals the CLI on versions.jsonl, and on an empty log', async () => {
  let rows = 0;
  // every section on a small log; on an empty one, those whose JSON is an object (a row of fields, arrays empty)
  const runs: [string, string[]][] = [
    ['versions.jsonl', ['report', 'upgrades', 'retention', 'adoption', 'active', 'activation', 'churn']],
    ['empty.jsonl', ['report', 'adoption', 'active']],
  ];
  for (const [name, commands] of runs) {
    await loadParquet(fixture(name));
    for (const command of commands) rows += await checkOnDuckDb(fixture(name), command, []);
  }
  assert.ok(rows > 30, `only ${rows} rows compared`);
});

test("adoption's SQL on DuckDB: releases' starts (strays, versions that never start) and the long form's cap of 100 a period", async () => {
  // 11-01: 300 installs on 130 versions (40 with 3 installs, 90 with 2: ties, newest first); 11-02: one stray of
  // 3.0.0; 11-03: 5 installs run 2.0.0; 11-05: 250 run 3.0.0. Starts need 3 installs: the 2-install versions
  // never start, 3.0.0 starts on 11-05 and its 11-02 event is before its start
  const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const event = (i: number, version: string, date: string) =>
    JSON.stringify({ uuid: id(i), command: 'update', version, timestamp: `${date}T${String(10 + (i % 10)).padStart(2, '0')}:00:00` });
  const events: string[] = [];
  for (let i = 0; i < 300; i++) events.push(event(i, `1.${i % 130}.0`, '2025-11-01'));
  events.push(event(7, '3.0.0', '2025-11-02'));
  for (let i = 0; i < 5; i++) events.push(event(i, '2.0.0', '2025-11-03'));
  for (let i = 0; i < 250; i++) events.push(event(i, '3.0.0', '2025-11-05'));
  const input = writeInput(dir, 'starts-and-cap.jsonl', events.join('\n') + '\n');
  await loadParquet(input);
  let rows = 0;
  for (const flags of [[], ['--by', 'week'], ['--active-days', '2']]) rows += await checkOnDuckDb(input, 'adoption', flags);
  const { adoption } = runJson(['adoption', input], { env: ENV }).json;
  assert.ok(
    adoption.versions.some((r: { version: string | null }) => r.version === null),
    'the rest beyond 100 versions',
  );
  assert.equal(adoption.releases.find((r: { version: string }) => r.version === '3.0.0').firstSeen, '2025-11-05');
  assert.equal(adoption.releases.find((r: { version: string }) => r.version === '1.100.0').firstSeen, null);
  assert.ok(rows > 300, `only ${rows} rows compared`);
});
