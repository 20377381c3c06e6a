// Issue #21 item 1: the adoption columns. The 3 highest versions in use always have a column (a release in
// its first month never beats an old release's peak), then the most used others up to 5, in version order,
// newest first; the same columns whatever --by, in JSON, CSV and the table.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const day = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86400000).toISOString().slice(0, 10);

/**
 * A year of 40 installs running weekly. Releases: 1.0.0 (day 0), 1.1.0 (60), 1.2.0 (120), 1.3.0 (180),
 * 2.0.0-beta.1 (230, 3 installs), 2.0.0 (240), 2.1.0 (300) and 2.1.1 on day 350: in its first two weeks, it
 * never reaches the peak of the old releases. Each install moves to a release a few days after it appears.
 */
function yearLog(): string {
  const releases: [string, number][] = [
    ['1.0.0', 0],
    ['1.1.0', 60],
    ['1.2.0', 120],
    ['1.3.0', 180],
    ['2.0.0', 240],
    ['2.1.0', 300],
    ['2.1.1', 350],
  ];
  const lines: string[] = [];
  for (let install = 0; install < 40; install++) {
    lines.push(eventLine(uuid(install + 1), 'init', '1.0.0', `${day(install % 7)}T10:00:00`));
    for (let d = 7 + (install % 7); d < 364; d += 7) {
      // the newest release out at least (install % 30) + 1 days before: some installs take weeks
      const version = (releases.filter(([, from]) => from + (install % 30) + 1 <= d).at(-1) ?? releases[0])[0];
      lines.push(eventLine(uuid(install + 1), 'update', version, `${day(d)}T10:00:00`));
    }
  }
  for (let i = 0; i < 3; i++) lines.push(eventLine(uuid(100 + i), 'init', '2.0.0-beta.1', `${day(230 + i)}T10:00:00`));
  return lines.join('\n') + '\n';
}

const dir = scratchDir();
const log = writeInput(dir, 'year.jsonl', yearLog());
const env = { BAZINGA_STATS_TODAY: '2026-01-31', COLUMNS: '200' };

test('the newest releases in use have a column, newest first, whatever --by', () => {
  const tops = ['day', 'week', 'month'].map((by) => runJson(['adoption', '--by', by, log], { env }).json.adoption.top);
  assert.deepEqual(tops[0], ['2.1.1', '2.1.0', '2.0.0', '1.3.0', '1.2.0']);
  assert.deepEqual(tops[1], tops[0]);
  assert.deepEqual(tops[2], tops[0]);
});

test('by month, December shows the current release in its own column, not in other', () => {
  const { json } = runJson(['adoption', '--by', 'month', log], { env });
  const december = json.adoption.periods.at(-1);
  assert.equal(december.period, '2025-12');
  const at = json.adoption.top.indexOf('2.1.1');
  assert.ok(december.shares[at] > 0.3, `2.1.1 at ${december.shares[at]}`);
  assert.ok(december.other / december.active < 0.1, `other ${december.other}`);
  const table = runCli(['adoption', '--by', 'month', log], { env }).stdout;
  assert.match(table, /│ period +│ as of +│ active │ +2\.1\.1 │ +2\.1\.0 │ +2\.0\.0 │ +1\.3\.0 │ +1\.2\.0 │ +other │/);
});

test('CSV has the same version columns whatever --by', () => {
  const measures = (by: string) =>
    runCli(['adoption', '--by', by, '--format', 'csv', log], { env })
      .stdout.split('\n')[0]
      .split(',')
      .filter((key) => key.startsWith('v:'));
  assert.deepEqual(measures('day'), ['v:2.1.1', 'v:2.1.0', 'v:2.0.0', 'v:1.3.0', 'v:1.2.0']);
  assert.deepEqual(measures('week'), measures('day'));
  assert.deepEqual(measures('month'), measures('day'));
});

test('JSON and CSV keep every version in use: the long form sums to each row, other versions included', () => {
  const { adoption } = runJson(['adoption', '--by', 'month', log], { env }).json;
  assert.equal(adoption.versionCap, 100);
  for (const row of adoption.periods) {
    const entries = adoption.versions.filter((e: { period: string }) => e.period === row.period);
    assert.equal(entries.length, row.inUse, row.period);
    assert.equal(
      entries.reduce((sum: number, e: { installs: number }) => sum + e.installs, 0),
      row.active,
      row.period,
    );
    // the columns' counts are the long form's
    adoption.top.forEach((version: string, i: number) => {
      const entry = entries.find((e: { version: string }) => e.version === version);
      assert.equal(entry?.installs ?? 0, row.installs[i], `${row.period} ${version}`);
    });
  }
  // 1.0.0, never a column (not among the 3 newest nor the 2 most used after them), is in the long form
  assert.ok(!adoption.top.includes('1.0.0'));
  assert.ok(adoption.versions.some((e: { version: string }) => e.version === '1.0.0'));
  const csv = runCli(['adoption', '--by', 'month', '--format', 'csv', log], { env }).stdout.split('\n\n');
  assert.equal(csv.length, 3);
  assert.equal(csv[2].split('\n')[0], 'period,version,installs,share');
  assert.equal(csv[2].trim().split('\n').length - 1, adoption.versions.length);
});

test('the long form keeps at most 100 versions a period, the rest under an empty version', () => {
  // 150 installs on 150 versions on one day: 100 entries of 1 install (newest first), then 50 summed
  const lines = Array.from({ length: 150 }, (_, i) => eventLine(uuid(1000 + i), 'init', `3.${i}.0`, '2025-06-01T10:00:00'));
  const many = writeInput(dir, 'many-versions.jsonl', lines.join('\n') + '\n');
  const { adoption } = runJson(['adoption', many], { env }).json;
  assert.equal(adoption.versions.length, 101);
  assert.deepEqual(adoption.versions[0], { period: '2025-06-01', version: '3.149.0', installs: 1, share: 1 / 150 });
  assert.deepEqual(adoption.versions[99].version, '3.50.0');
  assert.deepEqual(adoption.versions[100], { period: '2025-06-01', version: null, installs: 50, share: 50 / 150 });
  const csv = runCli(['adoption', '--format', 'csv', many], { env }).stdout;
  assert.match(csv, /\n2025-06-01,,50,0\.3333333333333333\n/);
});
