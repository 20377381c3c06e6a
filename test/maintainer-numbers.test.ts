// Issue #13's numbers (adoption, active, activation, churn, quality) on one small input whose every number
// was worked out by hand, below, before any run. docs/analytics.md shows the same example (test/docs.test.ts
// runs its commands and compares their output with the page).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analyzer } from '../src/core/analyzer.js';
import type { Report } from '../src/core/report.js';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const D = 'dddddddd-0000-4000-8000-000000000004';

// line  install command version  timestamp (UTC)
//  1    A       init    1.0.0    2025-11-01 10:00
//  2    B       init    1.0.0    2025-11-01 12:00
//  3    A       update  1.1.0    2025-11-03 09:00
//  4    C       update  1.1.0    2025-11-03 12:00   C only ever sends update: the client's id churn
//  5    B       update  1.1.0    2025-11-05 08:00
//  6    B       update  1.0.0    2025-11-05 20:00   a downgrade; B's version at the end of 11-05 is 1.0.0
//  7    D       init    2.0.0    2025-11-06 10:00
//  8    A       update  2.0.0    2025-11-06 11:00
//  9    A       update  2.0.0    2025-11-06 11:00   a duplicate of line 8
// 10    D       update  2.0.0    2025-11-04 10:00   out of order: before D's init
//
// Active days: A 01 03 06; B 01 05; C 03; D 04 06. Versions' earliest events: 1.0.0 11-01, 1.1.0 11-03, 2.0.0 11-04.
// Releases' starts (issue #21; at least min(3, its most) installs end a day on it, and 0.5% of those with an
// event that day): 1.0.0 on 11-01 (A, B), 1.1.0 on 11-03 (A, C), 2.0.0 on 11-06 (A, D: its most is 2, and on
// 11-04 D alone ran it). Line 10 is a stray, before its release's start.
export const LINES = [
  [A, 'init', '1.0.0', '2025-11-01T10:00:00'],
  [B, 'init', '1.0.0', '2025-11-01T12:00:00'],
  [A, 'update', '1.1.0', '2025-11-03T09:00:00'],
  [C, 'update', '1.1.0', '2025-11-03T12:00:00'],
  [B, 'update', '1.1.0', '2025-11-05T08:00:00'],
  [B, 'update', '1.0.0', '2025-11-05T20:00:00'],
  [D, 'init', '2.0.0', '2025-11-06T10:00:00'],
  [A, 'update', '2.0.0', '2025-11-06T11:00:00'],
  [A, 'update', '2.0.0', '2025-11-06T11:00:00'],
  [D, 'update', '2.0.0', '2025-11-04T10:00:00'],
] as const;

const dir = scratchDir();
const input = writeInput(
  dir,
  'maintainers.jsonl',
  LINES.map(([uuid, command, version, timestamp]) => eventLine(uuid, command, version, timestamp)).join('\n') + '\n',
);
const json = (args: string[], env: Record<string, string> = {}) => {
  const result = runJson([...args, input], { env });
  assert.equal(result.code, 0, result.stderr);
  return result.json;
};

test('adoption per day with --active-days 2: active installs on the version of their latest event so far', () => {
  // active on D: an event on D or D-1. 11-03: B is not active (last event 11-01); 11-05: A and C are not.
  // ages: days from the start of the install's version to the start of the newest started version (0: not
  // started); latest 3: the 3 highest started versions, so D on 2.0.0 before 11-06 is not on them
  const { adoption } = json(['adoption', '--active-days', '2']);
  assert.deepEqual(adoption.top, ['2.0.0', '1.1.0', '1.0.0']); // each peaks at 2 installs: newest first
  const row = (date: string, active: number, installs: number[], latest3: number, inUse: number, medianAge: number) => ({
    period: date,
    date,
    active,
    installs,
    shares: installs.map((n) => n / active),
    other: 0,
    latest3,
    inUse,
    medianAge,
    // the data starts at 10:00 on its first day and ends at 11:00 on its last: both are covered in part
    partial: date === '2025-11-01' || date === '2025-11-06',
  });
  assert.deepEqual(adoption.periods, [
    row('2025-11-01', 2, [0, 0, 2], 1, 1, 0),
    row('2025-11-02', 2, [0, 0, 2], 1, 1, 0),
    row('2025-11-03', 2, [0, 2, 0], 1, 1, 0),
    row('2025-11-04', 3, [1, 2, 0], 2 / 3, 2, 0), // ages 0 (D, not started), 0, 0 (A, C on 1.1.0, the newest started)
    row('2025-11-05', 2, [1, 0, 1], 1 / 2, 2, 0), // ages 0 (D), 2 (B on 1.0.0): nearest rank 1 of 2 is 0
    row('2025-11-06', 3, [2, 0, 1], 1, 2, 0), // 2.0.0 started: ages 0, 0 (A, D), 5 (B)
  ]);
  assert.deepEqual(adoption.releases, [
    // 2.0.0: 1/3, 1/2, 2/3 of active installs on 11-04, 05, 06; from its start (11-06) 2/3 at once
    { version: '2.0.0', firstSeen: '2025-11-06', peakShare: 2 / 3, peakDate: '2025-11-06', days50: 0, days90: null, replaced: null },
    // 1.1.0: 1, 2/3, 0, 0 from 11-03
    { version: '1.1.0', firstSeen: '2025-11-03', peakShare: 1, peakDate: '2025-11-03', days50: 0, days90: 0, replaced: '2025-11-05' },
    // 1.0.0: 1, 1, 0, 0, 1/2, 1/3 from 11-01
    { version: '1.0.0', firstSeen: '2025-11-01', peakShare: 1, peakDate: '2025-11-01', days50: 0, days90: 0, replaced: '2025-11-03' },
  ]);
});

test("adoption --by week: as of each week's last day in the data", () => {
  // the columns are the same as by day (issue #21): 1.1.0 has no active install on either row's day, but it
  // was in use on 11-03 and 11-04, and it is among the 3 highest in use
  const { adoption } = json(['adoption', '--active-days', '2', '--by', 'week']);
  assert.deepEqual(adoption.top, ['2.0.0', '1.1.0', '1.0.0']);
  assert.deepEqual(
    adoption.periods.map((p: { period: string; date: string; installs: number[]; other: number }) => [p.period, p.date, p.installs, p.other]),
    [
      ['2025-W44', '2025-11-02', [0, 0, 2], 0],
      ['2025-W45', '2025-11-06', [2, 0, 1], 0],
    ],
  );
});

test('active: DAU, WAU, MAU, DAU/MAU per day and L7/L28 as of the last day', () => {
  const { active } = json(['active']);
  const rows = [
    ['2025-11-01', 2, 2, 2],
    ['2025-11-02', 0, 2, 2],
    ['2025-11-03', 2, 3, 3],
    ['2025-11-04', 1, 4, 4],
    ['2025-11-05', 1, 4, 4],
    ['2025-11-06', 2, 4, 4],
  ] as const;
  assert.deepEqual(
    active.rows,
    rows.map(([date, dau, wau, mau]) => ({
      period: date,
      date,
      dau,
      wau,
      mau,
      stickiness: dau / mau,
      partial: date === '2025-11-01' || date === '2025-11-06',
    })),
  );
  assert.equal(active.asOf, '2025-11-06');
  assert.deepEqual(active.l7, [1, 2, 1, 0, 0, 0, 0]); // C 1 day; B, D 2; A 3
  assert.deepEqual(active.l28, [1, 2, 1, ...new Array(25).fill(0)]);
  // a 2-day MAU window: the active installs of adoption --active-days 2
  assert.deepEqual(
    json(['active', '--window-days', '2']).active.rows.map((r: { mau: number }) => r.mau),
    [2, 2, 2, 3, 2, 3],
  );
  assert.deepEqual(
    json(['active', '--by', 'week']).active.rows.map((r: { period: string; date: string; dau: number; wau: number }) => [r.period, r.date, r.dau, r.wau]),
    [
      ['2025-W44', '2025-11-02', 0, 2],
      ['2025-W45', '2025-11-06', 2, 4],
    ],
  );
});

test('activation: the first update after the first event, within --within days', () => {
  // A: init 11-01 10:00 → update 11-03 09:00, 47 h; B: init 11-01 12:00 → update 11-05 08:00, 92 h;
  // C's only event is an update, D's update comes before its init: neither has an update after its first event
  // the data ends 11-06: every cohort's 30-day window runs past it, so every cohort is open (issue #21)
  const cohort = (c: string, installs: number) => ({ cohort: c, installs, converted: 0, share: 0, median: null, p90: null, open: true });
  assert.deepEqual(json(['activation']).activation, {
    within: 30,
    rows: [
      { cohort: '2025-11-01', installs: 2, converted: 2, share: 1, median: (47 * 3600) / 86400, p90: (92 * 3600) / 86400, open: true },
      cohort('2025-11-02', 0),
      cohort('2025-11-03', 1),
      cohort('2025-11-04', 1),
      cohort('2025-11-05', 0),
      cohort('2025-11-06', 0),
    ],
  });
  assert.deepEqual(json(['activation', '--within', '2', '--by', 'month']).activation.rows, [
    { cohort: '2025-11', installs: 4, converted: 1, share: 0.25, median: (47 * 3600) / 86400, p90: (47 * 3600) / 86400, open: true },
  ]);
  // with --within 0 no window runs past the data
  assert.deepEqual(
    json(['activation', '--within', '0']).activation.rows.map((r: { open: boolean }) => r.open),
    [false, false, false, false, false, false],
  );
});

test('churn with --quiet-days 1: churned the day the quiet passes, counted back when it returns', () => {
  // A: quiet after 03, churned 05, back 06. B: churned 03, back 05. C: churned 05. D: 04 → 06 is not more than 1 day quiet.
  assert.deepEqual(json(['churn', '--quiet-days', '1']).churn, {
    quietDays: 1,
    rows: [
      { period: '2025-11-01', churned: 0, returned: 0, gone: 0, partial: true },
      { period: '2025-11-02', churned: 0, returned: 0, gone: 0, partial: false },
      { period: '2025-11-03', churned: 1, returned: 0, gone: 1, partial: false },
      { period: '2025-11-04', churned: 0, returned: 0, gone: 1, partial: false },
      { period: '2025-11-05', churned: 2, returned: 1, gone: 2, partial: false },
      { period: '2025-11-06', churned: 0, returned: 1, gone: 1, partial: true },
    ],
  });
  assert.deepEqual(
    json(['churn']).churn.rows.map((r: { churned: number }) => r.churned),
    [0, 0, 0, 0, 0, 0],
  );
});

test('quality: the ledger with the first places of each reason', () => {
  const { quality } = json(['quality', '--max-daily', '1'], { BAZINGA_STATS_TODAY: '2025-11-05' });
  const place = (...lines: number[]) => lines.map((line) => `${input}:${line}`);
  assert.deepEqual(quality, {
    ids: 4,
    initIds: 3,
    updateOnlyIds: 1,
    updateOnlyShare: 0.25,
    summary: '1 of 4 ids (25.0%) sent only update and never init; 3 ids sent init.',
    maxDaily: 1,
    dataEnd: '2025-11-06', // the last day with two installs (A, D)
    today: '2025-11-05',
    reasons: [
      { reason: 'update-only', unit: 'ids', count: 1, samples: place(4) },
      { reason: 'no-init', unit: 'installs', count: 1, samples: place(4) },
      { reason: 'duplicate', unit: 'events', count: 1, samples: place(9) },
      { reason: 'after-data-end', unit: 'events', count: 0, samples: [] },
      { reason: 'after-today', unit: 'events', count: 3, samples: place(7, 8, 9) },
      { reason: 'before-init', unit: 'events', count: 1, samples: place(10) },
      { reason: 'before-start', unit: 'events', count: 1, samples: place(10) }, // D's 2.0.0 on 11-04; 2.0.0 starts 11-06
      { reason: 'busy-day', unit: 'installs', count: 2, samples: place(5, 8) }, // B on 11-05, A on 11-06
      { reason: 'downgrade', unit: 'installs', count: 1, samples: place(6) },
    ],
  });
});

test('quality says so in plain words when update-only ids dominate', () => {
  const churned = ['e1', 'e2', 'e3'].map((_n, i) => eventLine(`eeeeeeee-0000-4000-8000-00000000000${i}`, 'update', '1.0.0', `2025-11-0${i + 1}T10:00:00`));
  const path = writeInput(dir, 'churned-ids.jsonl', [eventLine(A, 'init', '1.0.0', '2025-11-01T09:00:00'), ...churned].join('\n') + '\n');
  const result = runCli(['quality', path]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /3 of 4 ids \(75\.0%\) sent only update and never init: the signature of the client's id churn/);
  assert.match(result.stdout, /the 1 ids that sent init are a rough count of real installs/);
});

test('--fail-on-quality: exit status 1 when the ledger counts anything, after printing it', () => {
  const result = runCli(['quality', '--fail-on-quality', '--format', 'csv', input]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^ids,init_ids,update_only_ids,update_only_share\n4,3,1,0.25\n/);
  assert.match(result.stderr, /failing because of --fail-on-quality/);
  const clean = writeInput(
    dir,
    'clean.jsonl',
    eventLine(A, 'init', '1.0.0', '2025-11-01T09:00:00') + '\n' + eventLine(B, 'init', '1.0.0', '2025-11-01T09:00:00') + '\n',
  );
  assert.equal(runCli(['quality', '--fail-on-quality', clean], { env: { BAZINGA_STATS_TODAY: '2025-11-05' } }).code, 0);
});

test('the new flags take whole numbers and name themselves when they do not', () => {
  for (const [flag, value] of [
    ['--active-days', '0'],
    ['--window-days', 'x'],
    ['--within', '-1'],
    ['--quiet-days', '1.5'],
    ['--max-daily', ''],
  ]) {
    const result = runCli(['adoption', flag, value, input]);
    assert.equal(result.code, 2, `${flag} ${value}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^bazinga-stats: ${flag}`), `${flag} ${value}: ${result.stderr}`);
  }
});

test('every format prints every new section', () => {
  for (const command of ['adoption', 'active', 'activation', 'churn', 'quality']) {
    for (const format of ['table', 'csv', 'markdown']) {
      const result = runCli([command, '--format', format, input], { env: { BAZINGA_STATS_TODAY: '2025-11-05' } });
      assert.equal(result.code, 0, `${command} ${format}: ${result.stderr}`);
      assert.ok(result.stdout.length > 0);
    }
  }
  const csv = runCli(['activation', '--format', 'csv', input]).stdout;
  assert.equal(csv.split('\n')[2], '2025-11-02,0,0,0,,,true'); // a null median is an empty cell; the cohort is open
  const table = runCli(['adoption', '--active-days', '2', input]).stdout;
  assert.match(table, /│ 1\.1\.0 +│ 2025-11-03 │ +100\.0% │ 2025-11-03 │ +0 │ +0 │ 2025-11-05 +│/);
  assert.match(table, /│ 2\.0\.0 +│ 2025-11-06 │ +66\.7% │ 2025-11-06 │ +0 │ +not yet │ not yet +│/);
});

test("snapshot (the collector's live report) leaves the new sections able to go on: snapshot, more events, finish", () => {
  const sections = ['adoption', 'active', 'activation', 'churn', 'quality'] as const;
  const options = { sections: [...sections], today: '2025-11-05', analytics: { activeDays: 2, windowDays: 28, within: 30, quietDays: 1, maxDaily: 1 } };
  const bytes = (lines: readonly (readonly string[])[]) => Buffer.from(lines.map(([u, c, v, t]) => eventLine(u, c, v, t) + '\n').join(''));
  const run = (parts: Buffer[], snapshotAfterFirst: boolean) => {
    const analyzer = new Analyzer(options);
    analyzer.beginInput('maintainers.jsonl');
    let snapshot: Report | null = null;
    parts.forEach((part, i) => {
      analyzer.push(part);
      if (i === 0 && snapshotAfterFirst) snapshot = analyzer.snapshot();
    });
    analyzer.endInput();
    return { snapshot, report: analyzer.finish() };
  };
  const first = bytes(LINES.slice(0, 6));
  const rest = bytes(LINES.slice(6));
  const live = run([first, rest], true);
  const whole = run([Buffer.concat([first, rest])], false).report;
  const firstOnly = run([first], false).report;
  for (const section of sections) {
    assert.deepEqual(live.report[section], whole[section], `${section} after a snapshot`);
    assert.deepEqual((live.snapshot as Report | null)?.[section], firstOnly[section], `${section} of the snapshot`);
  }
});
