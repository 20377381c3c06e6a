// Issue #21 item 1, the chart half: by week or month, the HTML adoption chart is drawn from the daily shares, so
// a release that rose and fell inside a month does not disappear (the period sets the axis and the table).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analyzer } from '../src/core/analyzer.js';
import type { Report } from '../src/core/report.js';
import { renderHtml } from '../src/render/html.js';
import { renderJson } from '../src/render/json.js';
import { eventLine } from './support/cli.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
// 20 installs on 1.0.0 from 10-01 to 12-31, each every 3 days; in November, 10 of them run 1.1.0 from 11-10 to
// 11-14 and go back to 1.0.0 on 11-15 (a release pulled): by month, no month's last day shows 1.1.0
function log(): Buffer {
  const lines: string[] = [];
  const day = (d: number) => new Date(Date.UTC(2025, 9, 1) + d * 86_400_000).toISOString().slice(0, 10);
  for (let d = 0; d < 92; d++) {
    for (let i = 0; i < 20; i++) {
      if ((d + i) % 3 !== 0) continue;
      const date = day(d);
      const pulled = i < 10 && date >= '2025-11-10' && date <= '2025-11-14';
      lines.push(eventLine(uuid(i), d === 0 ? 'init' : 'update', pulled ? '1.1.0' : '1.0.0', `${date}T12:00:00`));
    }
    // every install on the pulled release's days, so it is in use by more than 3 that day
    if (day(d) >= '2025-11-10' && day(d) <= '2025-11-14') for (let i = 0; i < 10; i++) lines.push(eventLine(uuid(i), 'update', '1.1.0', `${day(d)}T13:00:00`));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

function report(latestPeriods: number | null): Report {
  const analyzer = new Analyzer({
    sections: ['adoption'],
    by: 'month',
    latestPeriods,
    analytics: { activeDays: 3, windowDays: 28, within: 30, quietDays: 90, maxDaily: 100 },
  });
  analyzer.beginInput('pulled.jsonl');
  analyzer.push(log());
  analyzer.endInput();
  return analyzer.finish();
}

test('by month for people: the daily shares of the top columns cover every day of the rows; the pulled release shows inside November', () => {
  const { adoption } = report(1000);
  assert.ok(adoption?.daily, 'daily shares for people by month');
  assert.deepEqual(
    adoption.periods.map((p) => p.period),
    ['2025-10', '2025-11', '2025-12'],
  );
  assert.equal(adoption.daily.length, 92, 'one a day, 10-01 to 12-31');
  assert.equal(adoption.daily[0].date, '2025-10-01');
  const column = adoption.top.indexOf('1.1.0');
  assert.ok(column >= 0, `1.1.0 has a column: ${adoption.top}`);
  // no month's last day has it ...
  assert.deepEqual(
    adoption.periods.map((p) => p.installs[column]),
    [0, 0, 0],
  );
  // ... but its days do: half the installs, more or less, on 11-12
  const mid = adoption.daily.find((d) => d.date === '2025-11-12')!;
  assert.ok(mid.shares[column] > 0.4, `1.1.0 on 11-12: ${mid.shares[column]}`);
  assert.equal(adoption.daily.find((d) => d.date === '2025-10-20')!.shares[column], 0);
  // each day's shares are of its active installs, as the period rows are on their days
  const end = adoption.daily.find((d) => d.date === '2025-11-30')!;
  const november = adoption.periods[1];
  assert.equal(end.active, november.active);
  assert.deepEqual(end.shares, november.shares);
});

test('the HTML chart by month draws its areas through every day; JSON has no daily shares', () => {
  const html = renderHtml(report(1000), { generatedAt: '2026-01-01T00:00:00Z' });
  const paths = html.match(/<path fill="[^"]+" fill-opacity="0.85" data-daily="true" d="M([^"]+)Z"\/>/g) ?? [];
  assert.equal(paths.length, 3, 'one area a layer: 1.1.0, 1.0.0 and other');
  // 92 days up and 92 down
  assert.equal(paths[0].split('L').length, 184);
  assert.equal(renderJson(report(1000)).includes('"daily"'), false);
  // JSON and CSV (every row, latestPeriods null) do not compute them
  assert.equal(report(null).adoption?.daily, undefined);
});
