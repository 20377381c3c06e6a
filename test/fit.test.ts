// Issue #21 item 4: every table fits its width. At COLUMNS=40, 60 and 100 no line of any command's table
// output is wider than the width, and Markdown tables stay within 120 columns; a table that gave up columns
// says so under it, by its own rule (retention keeps the first weeks, adoption the newest releases).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventLine, runCli, scratchDir, writeInput } from './support/cli.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const day = (d: number) => new Date(Date.UTC(2025, 0, 6) + d * 86400000).toISOString().slice(0, 10);

/**
 * 40 weeks of a tool with 8 releases (one every 5 weeks), 60 installs, each active about weekly on the release
 * of its week; a long file name for quality's places; duplicates and a busy day so the ledger has places.
 */
function wideLog(): string {
  const lines: string[] = [];
  for (let install = 0; install < 60; install++) {
    const start = (install * 4) % 200;
    lines.push(eventLine(uuid(install + 1), 'init', `1.${Math.floor(start / 35)}.0`, `${day(start)}T10:00:00`));
    for (let d = start + 7; d < 280; d += 6 + (install % 5)) lines.push(eventLine(uuid(install + 1), 'update', `1.${Math.floor(d / 35)}.0`, `${day(d)}T10:00:00`));
  }
  // a duplicate and an update-only id
  lines.push(lines[1], eventLine(uuid(999), 'update', '1.7.0', `${day(270)}T10:00:00`));
  return lines.join('\n') + '\n';
}

const dir = scratchDir();
const log = writeInput(dir, `a-rather-long-directory-name-for-the-telemetry-of-bazinga-${'x'.repeat(30)}.jsonl`, wideLog());
const COMMANDS = ['report', 'daily', 'versions', 'commands', 'upgrades', 'retention', 'adoption', 'active', 'activation', 'churn', 'quality'];
const TODAY = { BAZINGA_STATS_TODAY: '2026-01-31' };

const widest = (text: string) => text.split('\n').reduce((max, line) => Math.max(max, Array.from(line).length), 0);

for (const columns of [40, 60, 100]) {
  test(`COLUMNS=${columns}: no line of any table wider than ${columns}`, () => {
    for (const command of COMMANDS) {
      for (const by of ['day', 'week', 'month']) {
        const { stdout, code } = runCli([command, '--by', by, log], { env: { ...TODAY, COLUMNS: String(columns) } });
        assert.equal(code, 0);
        const lines = stdout.split('\n');
        const wide = lines.filter((line) => Array.from(line).length > columns);
        assert.deepEqual(wide, [], `${command} --by ${by} at ${columns}`);
        assert.doesNotMatch(stdout, /NaN|undefined/, `${command} --by ${by} at ${columns}`);
      }
    }
  });
}

test('retention keeps the first weeks and says how many more there are', () => {
  const { stdout } = runCli(['retention', log], { env: { ...TODAY, COLUMNS: '60' } });
  assert.match(stdout, /│ cohort +│ installs │ +W0 │ +W1 │/);
  assert.match(stdout.replace(/\n/g, ' '), /To fit 60 columns: weeks W0–W\d+ of W0–W39 \(\d+ more\); --format csv or json has everything\./);
  // at 100 the same table shows more weeks
  const at100 = runCli(['retention', log], { env: { ...TODAY, COLUMNS: '100' } }).stdout;
  const shown = (text: string) => Number(/weeks W0–W(\d+) of/.exec(text.replace(/\n/g, ' '))![1]);
  assert.ok(shown(at100) > shown(stdout));
});

test('adoption keeps the newest releases and counts the others in other', () => {
  const narrow = runCli(['adoption', '--by', 'month', log], { env: { ...TODAY, COLUMNS: '60' } }).stdout;
  const note = narrow.replace(/\n/g, ' ');
  assert.match(note, /To fit 60 columns: [\d., and]+ counted in other/);
  // every share row still sums to 100% across the columns shown (versions + other)
  const wide = runCli(['adoption', '--by', 'month', '--format', 'json', log], { env: TODAY }).stdout;
  assert.ok(JSON.parse(wide).adoption.top.length > 0);
});

test('quality shows each file name once and cuts what does not fit', () => {
  const wide = runCli(['quality', log], { env: { ...TODAY, COLUMNS: '300' } }).stdout;
  // a file's places after each other share its name
  assert.match(wide, /a-rather-long[^ ]*\.jsonl:\d+(,\d+)*/);
  const narrow = runCli(['quality', log], { env: { ...TODAY, COLUMNS: '60' } }).stdout;
  assert.match(narrow, /…/);
  assert.match(narrow.replace(/\n/g, ' '), /To fit 60 columns: .*paths as file names; first places cut/);
  // cut in the middle of the file name: the line numbers stay
  assert.match(narrow, /…[^ │]*\.jsonl:\d+/);
});

test('a table that fits says nothing; JSON and CSV keep every column', () => {
  const small = writeInput(dir, 'small.jsonl', eventLine(uuid(1), 'init', '1.0.0', '2025-11-01T10:00:00') + '\n');
  assert.doesNotMatch(runCli(['report', small], { env: { COLUMNS: '100' } }).stdout, /To fit/);
  const csv = runCli(['retention', '--format', 'csv', log], { env: { ...TODAY, COLUMNS: '40' } }).stdout;
  assert.match(csv.split('\n')[0], /,week_39$/);
});

test('Markdown tables follow the same rule at 120 columns', () => {
  for (const command of ['retention', 'adoption', 'quality', 'daily', 'report']) {
    const { stdout } = runCli([command, '--format', 'markdown', log], { env: TODAY });
    const tableLines = stdout.split('\n').filter((line) => line.startsWith('|'));
    assert.ok(tableLines.length > 0, command);
    assert.ok(widest(tableLines.join('\n')) <= 120, `${command}: ${widest(tableLines.join('\n'))}`);
  }
  assert.match(runCli(['retention', '--format', 'markdown', log], { env: TODAY }).stdout, /_To fit 120 columns: weeks W0–W\d+ of W0–W39/);
});
