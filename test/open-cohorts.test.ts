// Issue #21 item 3 (the activation part): a cohort whose --within window runs past the data's last day is
// open, not 0%: JSON and CSV say `open`, tables and Markdown mark it and write its share as a floor.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const dir = scratchDir();
// October: 2 installs, both update within days. December: 2 installs first seen on 12-20, no update yet; the
// data ends on 2025-12-31, mid-way through their 30-day window
const log = writeInput(
  dir,
  'ends.jsonl',
  [
    eventLine(uuid(1), 'init', '1.0.0', '2025-10-02T10:00:00'),
    eventLine(uuid(1), 'update', '1.0.0', '2025-10-05T10:00:00'),
    eventLine(uuid(2), 'init', '1.0.0', '2025-10-10T10:00:00'),
    eventLine(uuid(2), 'update', '1.0.0', '2025-10-12T10:00:00'),
    eventLine(uuid(3), 'init', '1.1.0', '2025-12-20T10:00:00'),
    eventLine(uuid(4), 'init', '1.1.0', '2025-12-20T11:00:00'),
    eventLine(uuid(1), 'update', '1.1.0', '2025-12-31T10:00:00'),
  ].join('\n') + '\n',
);

test('JSON: a cohort whose window runs past the data is open; earlier ones are not', () => {
  const { json } = runJson(['activation', '--by', 'month', log]);
  // October: 10-31 + 30 days = 11-30, before the data's last day (12-31): closed
  assert.deepEqual(
    json.activation.rows.map((r: { cohort: string; installs: number; converted: number; open: boolean }) => [r.cohort, r.installs, r.converted, r.open]),
    [
      ['2025-10', 2, 2, false],
      ['2025-11', 0, 0, false],
      ['2025-12', 2, 0, true],
    ],
  );
  // November: last day 11-30, + 30 days = 12-30, before the data's last day: closed
  assert.equal(json.activation.rows[1].open, false);
  assert.equal(json.activation.rows[2].open, true);
  // --within 10: December's cohort (12-31 + 10) is still open; November's (11-30 + 10) is not
  const { json: ten } = runJson(['activation', '--by', 'month', '--within', '10', log]);
  assert.deepEqual(
    ten.activation.rows.map((r: { open: boolean }) => r.open),
    [false, false, true],
  );
});

test('tables and Markdown mark the open cohort, write its share as a floor and say why', () => {
  const table = runCli(['activation', '--by', 'month', log]).stdout;
  assert.match(table, /│ 2025-12 \* │ +2 │ +0 │ +≥0\.0% │/);
  assert.match(table, /│ 2025-10 +│ +2 │ +2 │ +100\.0% │/);
  assert.match(
    table.replace(/\n/g, ' '),
    /\* open: the cohort's 30-day window runs past the data's last day, so its installs can still convert; the share is a floor\./,
  );
  const markdown = runCli(['activation', '--by', 'month', '--format', 'markdown', log]).stdout;
  // Markdown escapes the mark (a bare * would start emphasis)
  assert.match(markdown, /\| 2025-12 \\\* \| 2 \| 0 \| ≥0\.0% \|/);
  assert.match(markdown, /_\\\* open: the cohort's 30-day window/);
});

test('CSV has an open column; HTML draws an open cohort hollow', () => {
  const csv = runCli(['activation', '--by', 'month', '--format', 'csv', log]).stdout.split('\n');
  assert.equal(csv[0], 'cohort,installs,converted,share,median_days,p90_days,open');
  assert.match(csv[3], /^2025-12,2,0,0,,,true$/);
  const html = runCli(['report', '--by', 'month', '--format', 'html', log]).stdout;
  assert.equal(html.split('data-open="true"').length - 1, 1);
});
