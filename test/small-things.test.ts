// Issue #21 item 11: the small things, each pinned. (npm start -- FILE, --help per command and "did you mean"
// are in test/cli.test.ts.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Report } from '../src/core/report.js';
import { formatShare } from '../src/render/numbers.js';
import { renderHtml } from '../src/render/html.js';
import { eventLine, runCli, scratchDir, writeInput } from './support/cli.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const dir = scratchDir();

test('a share above 0 that rounds to 0.0% reads <0.1%, as on the HTML page; one just under 1 reads >99.9%', () => {
  assert.equal(formatShare(0), '0.0%');
  assert.equal(formatShare(1 / 5000), '<0.1%');
  assert.equal(formatShare(0.0005), '0.1%');
  assert.equal(formatShare(4999 / 5000), '>99.9%');
  assert.equal(formatShare(1), '100.0%');
  // 1 of 2,001 installs on 1.0.0 now
  const lines = [eventLine(uuid(1), 'init', '1.0.0', '2025-11-01T10:00:00')];
  for (let i = 2; i <= 2001; i++) lines.push(eventLine(uuid(i), 'init', '2.0.0', '2025-11-01T10:00:00'));
  const log = writeInput(dir, 'rare.jsonl', lines.join('\n') + '\n');
  const table = runCli(['versions', log]).stdout;
  assert.match(table, /│ 1\.0\.0 +│ +1 │ +1 │ +1 │ +<0\.1% │/);
  assert.match(table, /│ 2\.0\.0 +│ +2,000 │ +2,000 │ +2,000 │ >99\.9% │/);
  assert.match(runCli(['versions', '--format', 'markdown', log]).stdout, /\| 1\.0\.0 \| 1 \| 1 \| 1 \| <0\.1% \|/);
});

test('the quality note groups its counts as the table does', () => {
  const lines: string[] = [];
  for (let i = 1; i <= 10_001; i++) lines.push(eventLine(uuid(i), i % 2 === 0 ? 'init' : 'update', '1.0.0', '2025-11-01T10:00:00'));
  const log = writeInput(dir, 'many.jsonl', lines.join('\n') + '\n');
  const table = runCli(['quality', log], { env: { COLUMNS: '300' } }).stdout;
  assert.match(table, /│ 10,001 │ +5,000 │ +5,001 │/);
  assert.match(table, /5,001 of 10,001 ids \(50\.0%\) sent only update/);
  assert.doesNotMatch(table, /10001|5001 of/);
  // JSON's summary keeps its words
  assert.match(JSON.parse(runCli(['quality', '--format', 'json', log]).stdout).quality.summary, /^5001 of 10001 ids/);
});

test("active's headings are DAU, WAU, MAU beside DAU/MAU; CSV keeps the keys", () => {
  const log = writeInput(dir, 'one.jsonl', eventLine(uuid(1), 'init', '1.0.0', '2025-11-01T10:00:00') + '\n');
  assert.match(runCli(['active', log]).stdout, /│ date +│ DAU │ WAU │ MAU │ DAU\/MAU │/);
  assert.match(runCli(['active', '--format', 'markdown', log]).stdout, /\| date \| DAU \| WAU \| MAU \| DAU\/MAU \|/);
  assert.equal(runCli(['active', '--format', 'csv', log]).stdout.split('\n')[0], 'date,dau,wau,mau,stickiness,partial');
});

test('the HTML card says active on a day, active in a week or month', () => {
  const settings: Report['settings'] = {
    tz: 'UTC',
    window: { since: null, until: null },
    by: 'day',
    since: null,
    until: null,
    commands: [],
    versions: [],
    excludedInstalls: 0,
  };
  const row = { events: 1, installs: 1, new: 1, returning: 0, resurrecting: 0, dormant: 0, total: 1, partial: false };
  const input = { files: 1, lines: 1, events: 1, blank: 0, invalid: 0, outside: 0, filtered: 0 };
  const byDay = renderHtml({ settings, input, periods: [{ period: '2025-12-31', ...row }] });
  assert.match(byDay, />Active on 2025-12-31</);
  assert.match(byDay, />New on 2025-12-31</);
  const byMonth = renderHtml({ settings: { ...settings, by: 'month' }, input, periods: [{ period: '2025-12', ...row }] });
  assert.match(byMonth, />Active in 2025-12</);
});

test('report --format csv is one long table (one CSV per question): every row has the four fields', () => {
  const { stdout } = runCli(['report', '--format', 'csv', 'fixtures/telemetry.jsonl']);
  const lines = stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'section,item,measure,value');
  assert.ok(!lines.includes(''), 'no blank line between tables');
  for (const line of lines) assert.equal(line.split(',').length, 4, line);
  assert.deepEqual([...new Set(lines.slice(1).map((line) => line.split(',')[0]))], ['uniques', 'daily', 'versions', 'commands']);
  assert.ok(lines.includes('uniques,,uniques,12'));
  assert.ok(lines.includes('versions,1.2.0,current,9'));
  // a command with one table keeps its own header
  assert.equal(runCli(['versions', '--format', 'csv', 'fixtures/telemetry.jsonl']).stdout.split('\n')[0], 'version,events,installs,current,share');
});
