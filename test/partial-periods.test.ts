// Issue #21 items 3 and 8: a period the data covers in part only is marked in every format (JSON and CSV
// `partial`, a `*` and a footnote in tables and Markdown), by one rule (core/coverage.ts, docs/analytics.md
// "Partial periods": an hour of slack at either end, wall-clock time in --tz); `report` for people picks its
// period from the data's span when --by is not given, and says so; each human table has a one-line key.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const dir = scratchDir();
const logOf = (name: string, stamps: string[]) =>
  writeInput(dir, name, stamps.map((stamp, i) => eventLine(uuid(i % 5), i === 0 ? 'init' : 'update', '1.0.0', stamp)).join('\n') + '\n');

type Row = { period?: string; date?: string; partial: boolean };
const marks = (rows: Row[]) => rows.map((r) => `${r.period ?? r.date}${r.partial ? '*' : ''}`);

// Monday 2025-11-03 00:20 to Wednesday 2025-12-17 15:00 (UTC): mid-week and mid-month at the end
const midWeek = logOf('mid-week.jsonl', ['2025-11-03T00:20:00', '2025-11-20T10:00:00', '2025-12-01T10:00:00', '2025-12-17T15:00:00']);

test('a log ending mid-week and mid-month: the last week and month are partial; a start within the first hour is whole', () => {
  const weekly = runJson(['daily', '--by', 'week', midWeek]).json.weekly as Row[];
  assert.deepEqual(marks(weekly), ['2025-W45', '2025-W46', '2025-W47', '2025-W48', '2025-W49', '2025-W50', '2025-W51*']);
  const monthly = runJson(['daily', '--by', 'month', midWeek]).json.monthly as Row[];
  // November starts on the 1st, the data on the 3rd
  assert.deepEqual(marks(monthly), ['2025-11*', '2025-12*']);
  const daily = runJson(['daily', midWeek]).json.daily as Row[];
  assert.equal(daily[0].partial, false, 'starts at 00:20: within the hour of slack');
  assert.equal(daily.at(-1)!.partial, true, 'ends at 15:00');
  assert.equal(daily.filter((r) => r.partial).length, 1);
  // the analytics sections mark the same periods
  for (const [command, key] of [
    ['adoption', 'periods'],
    ['active', 'rows'],
    ['churn', 'rows'],
  ] as const) {
    const json = runJson([command, '--by', 'week', midWeek]).json;
    assert.deepEqual(marks(json[command][key]).at(-1), '2025-W51*', command);
    assert.equal((json[command][key] as Row[]).filter((r) => r.partial).length, 1, command);
  }
});

test('the hour of slack at the end: 23:00 is whole, 22:59:59 is not', () => {
  const whole = logOf('to-23.jsonl', ['2025-11-03T00:00:00', '2025-11-05T23:00:00']);
  const cut = logOf('to-2259.jsonl', ['2025-11-03T00:00:00', '2025-11-05T22:59:59']);
  assert.deepEqual(marks(runJson(['daily', whole]).json.daily), ['2025-11-03', '2025-11-04', '2025-11-05']);
  assert.deepEqual(marks(runJson(['daily', cut]).json.daily), ['2025-11-03', '2025-11-04', '2025-11-05*']);
  // and at the start: 01:00:00 is one second too late
  const late = logOf('from-01.jsonl', ['2025-11-03T01:00:00', '2025-11-05T23:30:00']);
  assert.deepEqual(marks(runJson(['daily', late]).json.daily), ['2025-11-03*', '2025-11-04', '2025-11-05']);
});

test('a day cut by the zone: a UTC log of whole days read in Berlin has a first and a last day of its own', () => {
  const december = logOf('december.jsonl', ['2025-12-01T00:00:05Z', '2025-12-15T12:00:00Z', '2025-12-31T23:59:50Z']);
  const utc = runJson(['daily', december]).json.daily as Row[];
  assert.equal(
    utc.some((r) => r.partial),
    false,
    'whole days in UTC',
  );
  const berlin = runJson(['daily', '--tz', 'Europe/Berlin', december]).json.daily as Row[];
  // 2025-12-01 starts at 01:00:05 Berlin time (an hour missing); 2026-01-01 is its first hour only
  assert.deepEqual(
    berlin.filter((r) => r.partial).map((r) => r.date),
    ['2025-12-01', '2026-01-01'],
  );
  const months = runJson(['daily', '--by', 'month', '--tz', 'Europe/Berlin', december]).json.monthly as Row[];
  assert.deepEqual(marks(months), ['2025-12*', '2026-01*']);
});

test('tables and Markdown mark partial periods and say why once; CSV has a partial column', () => {
  const table = runCli(['daily', '--by', 'week', midWeek], { env: { COLUMNS: '120' } }).stdout;
  assert.match(table, /│ 2025-W51 \* │/);
  assert.match(table, /│ 2025-W50 {3}│/);
  assert.equal(table.split('* partial: the data starts or ends inside this period').length, 2, table);
  const markdown = runCli(['daily', '--by', 'week', '--format', 'markdown', midWeek]).stdout;
  assert.match(markdown, /\| 2025-W51 \\\* \|/);
  assert.match(markdown, /_\\\* partial: the data starts or ends inside this period; its numbers cover only part of it._/);
  const csv = runCli(['daily', '--by', 'week', '--format', 'csv', midWeek]).stdout.trim().split('\n');
  assert.equal(csv[0], 'period,events,installs,new,returning,resurrecting,dormant,total,partial');
  assert.match(csv.at(-1)!, /^2025-W51,.*,true$/);
  assert.match(csv[1], /,false$/);
  // a table without a partial row has no footnote
  const whole = logOf('whole.jsonl', ['2025-11-03T00:00:00', '2025-11-05T23:30:00']);
  assert.doesNotMatch(runCli(['daily', whole]).stdout, /partial/);
});

test('report for people picks its period from the span and says so; JSON, CSV, daily and --by keep theirs', () => {
  // an event every other day and one on the last, over 400 days: weeks; 60 days: days; 1,000 days: months
  const span = (name: string, days: number) => {
    const offsets = Array.from({ length: Math.ceil(days / 2) }, (_, i) => i * 2).filter((d) => d < days - 1);
    return logOf(
      name,
      [...offsets, days - 1].map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 19)),
    );
  };
  const year = span('year.jsonl', 400);
  const table = runCli(['report', year]).stdout;
  assert.match(table, /periods by week \(auto for 400\s+days of data; --by to set\)/);
  assert.match(table, /^Weekly activity$/m);
  assert.match(runCli(['report', '--format', 'markdown', year]).stdout, /## Weekly activity/);
  const html = runCli(['report', '--format', 'html', year]).stdout;
  assert.match(html, /per ISO week|per week/i);
  assert.match(html, /picked for 400 days of data \(--by to set\)/);
  assert.ok(runJson(['report', year]).json.daily, 'JSON keeps days');
  assert.match(runCli(['report', '--format', 'csv', year]).stdout, /^daily,2024-01-01,/m);
  assert.match(runCli(['daily', year]).stdout, /^Daily activity$/m);
  const byDay = runCli(['report', '--by', 'day', year]).stdout;
  assert.match(byDay, /^Daily activity$/m);
  assert.doesNotMatch(byDay, /auto for/);
  assert.match(runCli(['report', span('months.jsonl', 60)]).stdout, /periods by day \(auto for 60 days/);
  assert.match(runCli(['report', span('decade.jsonl', 1000)]).stdout, /^Monthly activity$/m);
});

test('every table of a human format has a one-line key; CSV has none', () => {
  const table = runCli(['daily', '--by', 'week', midWeek], { env: { COLUMNS: '200' } }).stdout;
  assert.match(table, /^resurrecting: back after a quiet week · dormant: active the week before, not this one · total: seen so far · bar: events$/m);
  const versions = runCli(['versions', midWeek], { env: { COLUMNS: '200' } }).stdout;
  assert.match(versions, /^current: installs whose latest event is on it · share: current \/ all installs · bar: events$/m);
  for (const command of ['commands', 'upgrades', 'retention', 'adoption', 'active', 'activation', 'churn']) {
    const out = runCli([command, '--format', 'markdown', midWeek]).stdout;
    const tables = out.split('\n').filter((line) => line.startsWith('| :---') || line.startsWith('| ---')).length;
    const keys = out.split('\n').filter((line) => /^_.+ · .+_$|^_.*: .*_$/.test(line)).length;
    assert.ok(keys >= tables, `${command}: ${tables} tables, ${keys} key lines\n${out}`);
  }
  assert.doesNotMatch(runCli(['daily', '--format', 'csv', midWeek]).stdout, /resurrecting: back/);
});
