// The time window (issue 9, item 1): `--window FROM..TO`, default 2000-01-01 to the day after today, cut in
// --tz. An event outside it is counted as `input.outside`, listed on stderr like an invalid line, and
// reaches no section: not uniques, not "first seen", not "current". Each case is worked out by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';
import { Analyzer } from '../src/core/analyzer.js';
import { SettingError } from '../src/core/setting-error.js';

const dir = scratchDir();
const A = '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41';
const B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const TODAY = { BAZINGA_STATS_TODAY: '2026-11-30' }; // the default window is 2000-01-01..2026-12-01

const ev = (uuid: string, timestamp: string, version = '1.0.0', command = 'update') => eventLine(uuid, command, version, timestamp);

let inputs = 0;
function input(lines: string[]): string {
  const name = `window-${++inputs}.jsonl`;
  writeInput(dir, name, lines.join('\n') + '\n');
  return name;
}

/** The versions the report counted: each line carries its case name as its version. */
const accepted = (json: any): string[] => json.versions.map((v: { version: string }) => v.version).sort();

test('a dead clock (1970) and a typo (9999) are outside the default window: counted, listed, in no section', () => {
  const name = input([
    ev(A, '1970-01-01T00:00:00', 'dead-battery', 'init'),
    ev(A, '2025-11-12T10:00:00', '1.1.0', 'init'),
    ev(B, '2025-11-13T10:00:00', '1.1.0'),
    ev(A, '9999-01-01T00:00:00', '9.9.9'),
  ]);
  const { json, stderr, code } = runJson(['report', '--strict', name], { cwd: dir, env: TODAY });
  assert.equal(code, 0, 'valid lines: --strict does not fail on them');
  assert.deepEqual(json.input, { files: 1, lines: 4, events: 4, blank: 0, invalid: 0, outside: 2, filtered: 0 });
  assert.equal(json.uniques, 2);
  // A is new on 11-12 (not 1970), and its current version is 1.1.0 (not 9.9.9 from year 9999)
  assert.deepEqual(
    json.daily.map((d: any) => [d.date, d.events, d.new]),
    [
      ['2025-11-12', 1, 1],
      ['2025-11-13', 1, 1],
    ],
  );
  assert.deepEqual(
    json.versions.map((v: any) => [v.version, v.current]),
    [['1.1.0', 2]],
  );
  assert.equal(json.latest, '1.1.0');
  assert.deepEqual(json.commands, [
    { command: 'init', events: 1, installs: 1 },
    { command: 'update', events: 1, installs: 1 },
  ]);
  assert.equal(
    stderr,
    `${name}:1: timestamp 1970-01-01T00:00:00 is outside 2000-01-01..2026-12-01\n` +
      `${name}:4: timestamp 9999-01-01T00:00:00 is outside 2000-01-01..2026-12-01\n` +
      'bazinga-stats: 2 of 4 lines outside the window 2000-01-01..2026-12-01\n',
  );
});

test('the window is inclusive: 2000-01-01 and the day after today are in, the days around them out (UTC)', () => {
  const name = input([
    ev(A, '1999-12-31T23:59:59.999999999', 'before-start'),
    ev(A, '2000-01-01T00:00:00', 'start'),
    ev(A, '2026-12-01T23:59:59.999999999Z', 'day-after-today'),
    ev(A, '2026-12-02T00:00:00Z', 'two-days-after'),
    ev(A, '2026-12-01T23:30:00-01:00', 'two-days-after-by-offset'), // 2026-12-02T00:30Z
  ]);
  const { json } = runJson(['versions', name], { cwd: dir, env: TODAY });
  assert.deepEqual(accepted(json), ['day-after-today', 'start']);
  assert.equal(json.input.outside, 3);
  // today moves the end: a day later, 12-02 is in
  const later = runJson(['versions', name], { cwd: dir, env: { BAZINGA_STATS_TODAY: '2026-12-01' } }).json;
  assert.deepEqual(accepted(later), ['day-after-today', 'start', 'two-days-after', 'two-days-after-by-offset']);
});

test('the window is cut in --tz, like --since and --until', () => {
  const name = input([
    ev(A, '1999-12-31T18:29:59Z', 'kolkata-1999'), //  23:59:59 on 1999-12-31 in Kolkata (+05:30)
    ev(A, '1999-12-31T18:30:00Z', 'kolkata-2000'), //  00:00 on 2000-01-01 in Kolkata, still 1999 in UTC
    ev(A, '2000-01-01T07:59:59Z', 'la-1999'), //       23:59:59 on 1999-12-31 in Los Angeles (-08:00)
    ev(A, '2026-12-02T07:59:59Z', 'la-12-01'), //      23:59:59 on 2026-12-01 in Los Angeles: in there, out in UTC
  ]);
  const days = (tz: string) => accepted(runJson(['versions', '--tz', tz, name], { cwd: dir, env: TODAY }).json);
  assert.deepEqual(days('UTC'), ['la-1999']);
  assert.deepEqual(days('Asia/Kolkata'), ['kolkata-2000', 'la-1999']);
  assert.deepEqual(days('America/Los_Angeles'), ['la-12-01']);
});

test('--window FROM..TO, either end open; --window .. is no window', () => {
  const name = input([
    ev(A, '1970-01-01T00:00:00', '1970'),
    ev(A, '2023-12-31T23:59:59', '2023'),
    ev(A, '2024-01-01T00:00:00', '2024'),
    ev(A, '2026-12-31T23:59:59', '2026'),
    ev(A, '2027-01-01T00:00:00', '2027'),
    ev(A, '9999-12-31T23:59:59', '9999'),
  ]);
  const seen = (window: string) => {
    const { json, stderr, code } = runJson(['versions', '--window', window, name], { cwd: dir, env: TODAY });
    assert.equal(code, 0, stderr);
    return [json.input.outside, accepted(json)];
  };
  assert.deepEqual(seen('2024-01-01..2026-12-31'), [4, ['2024', '2026']]);
  assert.deepEqual(seen('2024-01-01..'), [2, ['2024', '2026', '2027', '9999']]);
  assert.deepEqual(seen('..2023-12-31'), [4, ['1970', '2023']]);
  assert.deepEqual(seen('..'), [0, ['1970', '2023', '2024', '2026', '2027', '9999']]);
  assert.deepEqual(seen('2024-01-01..2024-01-01'), [5, ['2024']]);
  // the human summary line says how many and which window
  const table = runCli(['uniques', '--window', '2024-01-01..2026-12-31', name], { cwd: dir });
  assert.match(table.stdout, /^6 lines in 1 input: 6 events, 0 blank, 0 invalid, 4 outside 2024-01-01\.\.2026-12-31; time zone UTC\n/);
  assert.match(table.stderr, /bazinga-stats: 4 of 6 lines outside the window 2024-01-01\.\.2026-12-31\n$/);
});

test('filters see only the events inside the window: `filtered` counts what they drop there', () => {
  const name = input([
    ev(A, '1970-01-01T00:00:00', '1.0.0', 'init'),
    ev(A, '2025-11-12T10:00:00', '1.0.0', 'init'),
    ev(B, '2025-11-13T10:00:00', '1.0.0', 'update'),
    ev(B, '2025-11-14T10:00:00', '1.0.0', 'update'),
  ]);
  const { json } = runJson(['uniques', '--command', 'init', name], { cwd: dir, env: TODAY });
  assert.deepEqual(json.input, { files: 1, lines: 4, events: 4, blank: 0, invalid: 0, outside: 1, filtered: 2 });
  assert.equal(json.uniques, 1);
});

test('out-of-window events share the first-10 sample with invalid lines, in input order', () => {
  const lines = Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? `not json ${i + 1}` : ev(A, `1970-01-0${1 + (i % 9)}T00:00:00`)));
  const name = input(lines);
  const { stderr, code } = runJson(['uniques', '--strict', name], { cwd: dir, env: TODAY });
  assert.equal(code, 1, 'the invalid lines fail --strict');
  const listed = stderr.split('\n').filter((l) => l.startsWith(`${name}:`));
  assert.deepEqual(
    listed.map((l) => Number(l.split(':')[1])),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.equal(listed[1], `${name}:2: timestamp 1970-01-02T00:00:00 is outside 2000-01-01..2026-12-01`);
  assert.match(
    stderr,
    /\nbazinga-stats: 7 of 14 lines invalid, 7 outside the window 2000-01-01\.\.2026-12-01 \(first 10 shown\); failing because of --strict\n$/,
  );
});

test('a bad --window is a usage error naming the flag', () => {
  const name = input([ev(A, '2025-11-12T10:00:00')]);
  for (const [window, message] of [
    ['2024-01-01', "--window: '2024-01-01' is not FROM..TO (each end YYYY-MM-DD or empty, e.g. 2024-01-01..; .. for no window)"],
    ['2024-02-30..', "--window: '2024-02-30' in '2024-02-30..' is not a date (use YYYY-MM-DD)"],
    ['30d..', "--window: '30d..' is not FROM..TO (each end YYYY-MM-DD or empty, e.g. 2024-01-01..; .. for no window)"],
    ['2024-01-01...2025-01-01', "--window: '2024-01-01...2025-01-01' is not FROM..TO (each end YYYY-MM-DD or empty, e.g. 2024-01-01..; .. for no window)"],
    ['2025-01-02..2025-01-01', "--window: '2025-01-02..2025-01-01' starts after it ends"],
    ['', '--window: the value is empty'],
  ]) {
    const result = runCli(['uniques', '--window', window, name], { cwd: dir });
    assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `bazinga-stats: ${message}\n`], window);
  }
  const twice = runCli(['uniques', '--window', '..', '--window', '..', name], { cwd: dir });
  assert.deepEqual([twice.code, twice.stderr], [2, 'bazinga-stats: --window was given more than once\n']);
});

test('the core resolves the window from the settings it is given, and reads no clock', () => {
  const settings = (options: ConstructorParameters<typeof Analyzer>[0]) => new Analyzer(options).finish().settings.window;
  assert.deepEqual(settings({ today: '2026-11-30' }), { since: '2000-01-01', until: '2026-12-01' });
  assert.deepEqual(settings({ today: '2024-02-28' }), { since: '2000-01-01', until: '2024-02-29' });
  assert.deepEqual(settings({ today: '2026-11-30', window: '..' }), { since: null, until: null });
  assert.deepEqual(settings({ today: null, window: '2024-01-01..2024-12-31' }), { since: '2024-01-01', until: '2024-12-31' });
  // without a today the default window has no end, and relative dates cannot be resolved
  assert.deepEqual(settings({ today: null }), { since: '2000-01-01', until: null });
  assert.throws(
    () => new Analyzer({ today: null, filters: { since: '30d', until: null, commands: [], versions: [], excludeInstalls: [] } }),
    (error: unknown) => error instanceof SettingError && error.setting === 'since' && error.value === '30d' && error.problem === 'needs-today',
  );
  assert.throws(
    () => new Analyzer({ today: '2026-11-30', window: '2026..' }),
    (error: unknown) => error instanceof SettingError && error.setting === 'window' && error.code === 'USAGE' && !error.message.includes('--'),
  );
});

test('the HTML page counts only the events inside the window and states the window', () => {
  const name = input([ev(A, '1970-01-01T00:00:00', 'dead-battery', 'init'), ev(B, '2025-11-13T10:00:00', '1.1.0', 'init')]);
  const { stdout, code } = runCli(['report', '--format', 'html', name], { cwd: dir, env: TODAY });
  assert.equal(code, 0);
  assert.match(
    stdout,
    /data-figure="events"><div class="figure-label">Events<\/div><div class="figure-value">1<\/div><div class="figure-detail">of 2 read; 1 outside the window<\/div>/,
  );
  assert.match(stdout, /data-setting="window"><dt>Time window<\/dt><dd>2000-01-01\.\.2026-12-01<\/dd>/);
  assert.doesNotMatch(stdout, /dead-battery/);
});
