// Issue #4's definitions on one small input whose every number was worked out by hand (below, before any
// run): periods and lifecycle, version adoption and SemVer order, upgrade paths with ties, retention with
// an empty cohort week, and each filter. The same numbers are the README's worked example.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const D = 'dddddddd-0000-4000-8000-000000000004';

// line  install command version        timestamp (UTC)       ISO week
//  1    A       init    1.9.0          2025-11-03 10:00      W45
//  2    B       init    1.9.0          2025-11-04 10:00      W45
//  3    A       update  1.10.0         2025-11-10 10:00      W46
//  4    C       init    2.0.0-beta.2   2025-11-11 10:00      W46
//  5    C       update  2.0.0-beta.10  2025-11-18 10:00      W47
//  6    B       update  1.10.0         2025-11-25 10:00      W48
//  7    A       update  1.9.0          2025-11-26 10:00      W48  (a downgrade)
//  8    D       init    dev            2025-11-26 12:00      W48  (not SemVer)
//  9    C       update  2.0.0-beta.10  2025-11-18 10:00      W47  (same instant as line 5)
// 10    B       update  1.9.0          2025-11-25 10:00      W48  (same instant as line 6: the later line wins)
const LINES = [
  [A, 'init', '1.9.0', '2025-11-03T10:00:00'],
  [B, 'init', '1.9.0', '2025-11-04T10:00:00'],
  [A, 'update', '1.10.0', '2025-11-10T10:00:00'],
  [C, 'init', '2.0.0-beta.2', '2025-11-11T10:00:00'],
  [C, 'update', '2.0.0-beta.10', '2025-11-18T10:00:00'],
  [B, 'update', '1.10.0', '2025-11-25T10:00:00'],
  [A, 'update', '1.9.0', '2025-11-26T10:00:00'],
  [D, 'init', 'dev', '2025-11-26T12:00:00'],
  [C, 'update', '2.0.0-beta.10', '2025-11-18T10:00:00'],
  [B, 'update', '1.9.0', '2025-11-25T10:00:00'],
] as const;

const dir = scratchDir();
const input = writeInput(
  dir,
  'analytics.jsonl',
  LINES.map(([uuid, command, version, timestamp]) => eventLine(uuid, command, version, timestamp)).join('\n') + '\n',
);
const json = (args: string[], env: Record<string, string> = {}) => {
  const result = runJson([...args, input], { env });
  assert.equal(result.code, 0, result.stderr);
  return result.json;
};

test('weekly periods and lifecycle (new, returning, resurrecting, dormant, total)', () => {
  // active weeks: A W45 W46 W48; B W45 W48; C W46 W47; D W48. The data starts Monday 10:00 (W45 partial: it
  // starts after the first hour) and ends Wednesday 12:00 (W48 partial)
  assert.deepEqual(json(['daily', '--by', 'week']).weekly, [
    { period: '2025-W45', events: 2, installs: 2, new: 2, returning: 0, resurrecting: 0, dormant: 0, total: 2, partial: true },
    { period: '2025-W46', events: 2, installs: 2, new: 1, returning: 1, resurrecting: 0, dormant: 1, total: 3, partial: false },
    { period: '2025-W47', events: 2, installs: 1, new: 0, returning: 1, resurrecting: 0, dormant: 1, total: 3, partial: false },
    { period: '2025-W48', events: 4, installs: 3, new: 1, returning: 0, resurrecting: 2, dormant: 1, total: 4, partial: true },
  ]);
});

test('monthly periods are keyed by period', () => {
  assert.deepEqual(json(['daily', '--by', 'month']).monthly, [
    { period: '2025-11', events: 10, installs: 4, new: 4, returning: 0, resurrecting: 0, dormant: 0, total: 4, partial: true },
  ]);
});

test('version adoption: current by latest event (ties to the later line), share, latest by SemVer', () => {
  const report = json(['versions']);
  assert.equal(report.latest, '2.0.0-beta.10');
  // by events, ties newest first by SemVer; dev (not SemVer) sorts below every SemVer version
  assert.deepEqual(report.versions, [
    { version: '1.9.0', events: 4, installs: 2, current: 2, share: 0.5 },
    { version: '2.0.0-beta.10', events: 2, installs: 1, current: 1, share: 0.25 },
    { version: '1.10.0', events: 2, installs: 2, current: 0, share: 0 },
    { version: '2.0.0-beta.2', events: 1, installs: 1, current: 0, share: 0 },
    { version: 'dev', events: 1, installs: 1, current: 1, share: 0.25 },
  ]);
});

test('tables list versions in SemVer order, newest first', () => {
  const { stdout } = runCli(['versions', input]);
  const order = ['2.0.0-beta.10', '2.0.0-beta.2', '1.10.0', '1.9.0', 'dev'].map((v) => stdout.indexOf(`│ ${v} `));
  assert.ok(
    order.every((at) => at > 0),
    stdout,
  );
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
    stdout,
  );
});

test('upgrade paths: moves in instant order, ties in input order, downgrades marked', () => {
  // A: 1.9.0 → 1.10.0 → 1.9.0; B: 1.9.0 → 1.10.0 → (same instant, later line) 1.9.0; C: beta.2 → beta.10 → beta.10
  assert.deepEqual(json(['upgrades']).upgrades, [
    { from: '1.9.0', to: '1.10.0', installs: 2, downgrade: false },
    { from: '1.10.0', to: '1.9.0', installs: 2, downgrade: true },
    { from: '2.0.0-beta.2', to: '2.0.0-beta.10', installs: 1, downgrade: false },
  ]);
});

test('retention: weekly cohorts, an empty cohort week kept as a row of zeros', () => {
  assert.deepEqual(json(['retention']).retention, [
    { cohort: '2025-W45', installs: 2, active: [2, 1, 0, 2] },
    { cohort: '2025-W46', installs: 1, active: [1, 1, 0] },
    { cohort: '2025-W47', installs: 0, active: [0, 0] },
    { cohort: '2025-W48', installs: 1, active: [1] },
  ]);
});

test('filters drop events before every reducer and count them as filtered', () => {
  const cases: [string[], Record<string, string>, { events: number; uniques: number; filtered: number }][] = [
    [['--since', '2025-11-10', '--until', '2025-11-25'], {}, { events: 6, uniques: 3, filtered: 4 }],
    [['--command', 'update'], {}, { events: 6, uniques: 3, filtered: 4 }],
    [['--release', '2.*'], {}, { events: 3, uniques: 1, filtered: 7 }],
    [['--release', '1.9.0', '--release', 'dev'], {}, { events: 5, uniques: 3, filtered: 5 }],
    [['--since', '3d'], { BAZINGA_STATS_TODAY: '2025-11-26' }, { events: 4, uniques: 3, filtered: 6 }],
    [['--command', 'update', '--release', '1.*'], {}, { events: 4, uniques: 2, filtered: 6 }],
  ];
  for (const [flags, env, expected] of cases) {
    const report = json(['report', ...flags], env);
    assert.equal(report.input.events, 10, flags.join(' '));
    assert.equal(report.input.filtered, expected.filtered, flags.join(' '));
    assert.equal(report.uniques, expected.uniques, flags.join(' '));
    const events = report.daily.reduce((sum: number, day: { events: number }) => sum + day.events, 0);
    assert.equal(events, expected.events, flags.join(' '));
  }
});

test('--exclude-installs: one uuid a line, any case, comments and blank lines skipped', () => {
  const exclude = writeInput(dir, 'exclude.txt', `# the team's own machine\n\n${A.toUpperCase()}\n`);
  const report = json(['report', '--exclude-installs', exclude]);
  assert.deepEqual([report.uniques, report.input.filtered], [3, 3]);
  const bad = writeInput(dir, 'bad-exclude.txt', 'not-a-uuid\n');
  const result = runCli(['report', '--exclude-installs', bad, input]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--exclude-installs: .*bad-exclude.txt:1: 'not-a-uuid' is not a uuid/);
});

test('with --since, "new" is the first event among the events that pass', () => {
  // A's first event in the window is in W46, so A is new there; the counted events start Monday 10:00, so W46
  // is partial (the rule looks at the events counted, filters included)
  assert.deepEqual(json(['daily', '--by', 'week', '--since', '2025-11-10']).weekly[0], {
    period: '2025-W46',
    events: 2,
    installs: 2,
    new: 2,
    returning: 0,
    resurrecting: 0,
    dormant: 0,
    total: 2,
    partial: true,
  });
});

test('a bad date is a usage error naming the flag', () => {
  for (const [flag, value] of [
    ['--since', '2025-02-30'],
    ['--until', 'yesterday'],
    ['--since', '0d'],
  ]) {
    const result = runCli(['report', flag, value, input]);
    assert.equal(result.code, 2, `${flag} ${value}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^bazinga-stats: ${flag}: `));
  }
});
