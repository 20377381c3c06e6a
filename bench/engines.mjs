#!/usr/bin/env node
// Issue #22's targets on a generated log (bench/generate.mjs): the Parquet export's size against the JSONL,
// `export` time against a `report` run, and DuckDB running `sql report` over our Parquet against DuckDB computing
// the same report from the JSONL with read_json (the same SQL over a view that types the JSON lines), with
// equal numbers. Medians of --runs runs, wall time and peak RSS (GNU time) for the CLI, wall time for DuckDB
// (in this process, @duckdb/node-api).
//
// Usage: node bench/engines.mjs [--events 1000000] [--runs 3]   (needs `npm run build` first)

import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const events = arg('--events', 1_000_000);
const runs = arg('--runs', 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'bazinga-stats.js');
const dir = mkdtempSync(join(tmpdir(), 'bazinga-engines-'));
const env = { ...process.env, BAZINGA_STATS_TODAY: '2026-12-31', TZ: 'UTC' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the CLI under GNU time: seconds and peak RSS (MB). */
function timed(argv) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, bin, ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`${argv.join(' ')}: ${run.stderr}`);
  const [secs, kb] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { secs, rss: kb / 1024, stdout: run.stdout };
}

function measure(name, argv) {
  const results = Array.from({ length: runs }, () => timed(argv));
  const m = { name, secs: median(results.map((r) => r.secs)), rss: median(results.map((r) => r.rss)), stdout: results[0].stdout };
  console.log(`${name}: median ${m.secs.toFixed(2)} s, peak RSS ${m.rss.toFixed(0)} MB (${runs} runs)`);
  return m;
}

try {
  const log = join(dir, 'telemetry.jsonl');
  execFileSync(process.execPath, [join(root, 'bench', 'generate.mjs'), '--events', String(events), '--seed', '22', '--out', log], { stdio: 'ignore' });
  const parquet = join(dir, 'events.parquet');
  const report = measure('report --format json', ['report', '--format', 'json', '--window', '..', log]);
  const exported = measure('export -o events.parquet', ['export', '--window', '..', '-o', parquet, log]);
  const jsonlBytes = statSync(log).size;

  // export --state of a 1% append: the state of the first 99% of the lines, then the rest appended
  const text = readFileSync(log, 'latin1');
  let cut = text.length;
  for (let n = 0; n < Math.floor(events / 100); n++) cut = text.lastIndexOf('\n', cut - 2) + 1;
  const base = join(dir, 'base.jsonl');
  writeFileSync(base, text.slice(0, cut), 'latin1');
  const growing = join(dir, 'growing.jsonl');
  const baseState = join(dir, 'base.state');
  copyFileSync(base, growing);
  timed(['export', '--state', baseState, '--window', '..', '-o', join(dir, 'part-0.parquet'), growing]);
  const appends = [];
  for (let i = 0; i < runs; i++) {
    copyFileSync(base, growing);
    const state = join(dir, `run-${i}.state`);
    copyFileSync(baseState, state);
    appendFileSync(growing, text.slice(cut), 'latin1');
    appends.push(timed(['export', '--state', state, '--window', '..', '-o', join(dir, `part-${i + 1}.parquet`), growing]));
  }
  const append = { secs: median(appends.map((r) => r.secs)), rss: median(appends.map((r) => r.rss)) };
  console.log(`export --state of a 1% append: median ${append.secs.toFixed(2)} s, peak RSS ${append.rss.toFixed(0)} MB (${runs} runs)`);
  const parquetBytes = statSync(parquet).size;
  const sql = timed(['sql', 'report', '--dialect', 'duckdb', '--window', '..']).stdout;
  const statements = sql
    .split(/^-- section: /m)
    .filter((p) => p.trim() !== '')
    .map((p) => ({ name: p.slice(0, p.indexOf('\n')), sql: p.slice(p.indexOf('\n') + 1) }));

  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
  const plain = (v) => (typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(plain) : v);
  const runReport = async () => {
    const out = {};
    for (const s of statements)
      out[s.name] = (await db.runAndReadAll(s.sql)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
    return out;
  };
  const timeDuck = async (name) => {
    const times = [];
    let result;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      result = await runReport();
      times.push((performance.now() - t0) / 1000);
    }
    console.log(`${name}: median ${median(times).toFixed(2)} s (${runs} runs)`);
    return { secs: median(times), result };
  };
  await db.run(`CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet('${parquet}')`);
  const overParquet = await timeDuck('DuckDB sql report over our Parquet');
  // the same SQL over the JSONL: a view that types each line as the export does (this log has only valid lines
  // with naive UTC stamps of at most 6 digits, so the types are all it needs)
  await db.run(
    `CREATE OR REPLACE VIEW events AS SELECT CAST(uuid AS UUID) AS install, CAST(timestamp || '+00' AS TIMESTAMPTZ) AS instant, CAST(0 AS SMALLINT) AS instant_ns, ` +
      `command, version, 'telemetry.jsonl' AS file, row_number() OVER () AS line, row_number() OVER () AS seq ` +
      `FROM read_json('${log}', format = 'newline_delimited', columns = {uuid: 'VARCHAR', command: 'VARCHAR', version: 'VARCHAR', timestamp: 'VARCHAR'})`,
  );
  const fromJsonl = await timeDuck('DuckDB sql report from the JSONL (read_json)');

  const cli = JSON.parse(report.stdout);
  const same = (result) =>
    statements.every(({ name }) => JSON.stringify(result[name]) === JSON.stringify(Array.isArray(cli[name]) ? cli[name] : [{ [name]: cli[name] }]));
  console.log('');
  console.log(`events ${events.toLocaleString('en')}; JSONL ${(jsonlBytes / 1e6).toFixed(1)} MB; Parquet ${(parquetBytes / 1e6).toFixed(1)} MB`);
  console.log(`target Parquet <= 15% of the JSONL: ${((100 * parquetBytes) / jsonlBytes).toFixed(1)}% ${parquetBytes <= 0.15 * jsonlBytes ? 'PASS' : 'FAIL'}`);
  console.log(`target export <= 1.5x a report run: ${(exported.secs / report.secs).toFixed(2)}x ${exported.secs <= 1.5 * report.secs ? 'PASS' : 'FAIL'}`);
  console.log(
    `target DuckDB over Parquet >= 5x faster than from JSONL: ${(fromJsonl.secs / overParquet.secs).toFixed(1)}x ${fromJsonl.secs >= 5 * overParquet.secs ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `target export --state of a 1% append >= 10x faster than a full export: ${(exported.secs / append.secs).toFixed(1)}x ${exported.secs >= 10 * append.secs ? 'PASS' : 'FAIL'}`,
  );
  console.log(`equal numbers: CLI = DuckDB over Parquet: ${same(overParquet.result)}; CLI = DuckDB from JSONL: ${same(fromJsonl.result)}`);
  db.closeSync();
  instance.closeSync();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
