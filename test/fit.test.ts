// Issue #21 item 4: every table fits its width; a table that gave up columns says so under it, by its own rule
// (retention keeps the first weeks, adoption the newest releases, quality shortens its places); Markdown tables
// stay within 120 columns. test/slow/fit-widths.test.ts runs every command at COLUMNS=40, 60 and 100.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventLine, runCli, scratchDir, writeInput } from './support/cli.js';
import { wideLog } from './support/wide-log.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

const dir = scratchDir();
const log = writeInput(dir, `a-rather-long-directory-name-for-the-telemetry-of-bazinga-${'x'.repeat(30)}.jsonl`, wideLog());
const TODAY = { BAZINGA_STATS_TODAY: '2026-01-31' };

const widest = (text: string) => text.split('\n').reduce((max, line) => Math.max(max, Array.from(line).length), 0);

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
