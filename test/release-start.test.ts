// Issue #21 item 2: a release starts on the first day it is in real use (src/core/release-starts.ts: at
// least 3 installs end the day on it, and at least 0.5% of the installs with an event that day), not on its
// single earliest event. A log of a year with strays of 2.0.0 months before its release (a clock running
// behind, a dev build), and the same log cut in 2.0.0's first month.

import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const DAY = 86400_000;
const at = (date: string) => Date.parse(`${date}T00:00:00Z`);
const label = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** 2.0.0 is released on 12-01; the others on the first of a quarter */
const RELEASES: [string, string][] = [
  ['1.0.0', '2025-01-01'],
  ['1.1.0', '2025-04-01'],
  ['1.2.0', '2025-07-01'],
  ['1.3.0', '2025-10-01'],
  ['2.0.0', '2025-12-01'],
];
const INSTALLS = 400;
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const DEV = 'dddddddd-0000-4000-8000-00000000dddd';

/**
 * Every install sends `init` on day i % 7 of 2025 and an `update` every 7 days after, on the newest release
 * out by then; one install in 5 never upgrades from 1.0.0. Then the strays, at the end of the file as a
 * collector appends late uploads: install 1's clock runs 8 months behind for one run (2.0.0 on 03-15), and a
 * developer's machine runs 2.0.0 on 06-02 and 06-03.
 */
function yearLog(lastDay: string): { text: string; strayLines: number[] } {
  const lines: string[] = [];
  const line = (id: string, command: string, version: string, ms: number) =>
    lines.push(JSON.stringify({ uuid: id, command, version, timestamp: new Date(ms).toISOString().slice(0, 19) }));
  const end = at(lastDay);
  const events: [number, string, string, string][] = [];
  for (let i = 0; i < INSTALLS; i++) {
    for (let day = at('2025-01-01') + (i % 7) * DAY, first = true; day <= end; day += 7 * DAY, first = false) {
      const version = i % 5 === 0 ? '1.0.0' : RELEASES.filter(([, date]) => at(date) <= day).at(-1)![0];
      events.push([day + 10 * 3600_000 + i * 1000, uuid(i), first ? 'init' : 'update', version]);
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  for (const [ms, id, command, version] of events) line(id, command, version, ms);
  line(uuid(1), 'update', '2.0.0', at('2025-03-15') + 12 * 3600_000);
  line(DEV, 'init', '2.0.0', at('2025-06-02') + 12 * 3600_000);
  line(DEV, 'update', '2.0.0', at('2025-06-03') + 12 * 3600_000);
  return { text: lines.join('\n') + '\n', strayLines: [lines.length - 2, lines.length - 1, lines.length] };
}

const dir = scratchDir();

test('strays of a version months before its release: the release starts when it is in use, the strays are a quality row', () => {
  const { text, strayLines } = yearLog('2025-12-31');
  const input = writeInput(dir, 'year.jsonl', text);
  const { adoption } = runJson(['adoption', input]).json;
  const release = (version: string) => adoption.releases.find((r: { version: string }) => r.version === version);
  // 2.0.0's earliest event is on 03-15; on 12-01 the 320 upgrading installs' first runs begin, 1/7 of them a day
  assert.equal(release('2.0.0').firstSeen, '2025-12-01');
  // active (14 days): 400 installs. 2.0.0 on day k of December (k from 0): the upgraders whose weekly run has
  // come, 320 * (k + 1) / 7 rounded to whole weekdays: 45, 91, 137, 183, 228 (57%) on 12-05: 4 days, not 264
  assert.equal(release('2.0.0').days50, 4);
  // 90% is never reached: one install in five stays on 1.0.0
  assert.equal(release('2.0.0').days90, null);
  for (const [version, date] of RELEASES) assert.equal(release(version).firstSeen, date, version);
  // latest 3 on 11-30: the 3 highest started by then are 1.3.0, 1.2.0, 1.1.0 (2.0.0 has not started: its two
  // stray installs are not a release), with 320 of the 400 active installs on 1.3.0 (+ 1 on 2.0.0: install 1's
  // stray is its latest event only until its next run)
  const row = adoption.periods.find((p: { date: string }) => p.date === '2025-11-30');
  assert.equal(row.active, INSTALLS);
  assert.equal(row.latest3, 320 / INSTALLS);
  assert.equal(row.medianAge, 0); // 320 of 400 on the newest started release

  const quality = runJson(['quality', input], { env: { BAZINGA_STATS_TODAY: '2026-01-01' } }).json.quality;
  const strays = quality.reasons.find((r: { reason: string }) => r.reason === 'before-start');
  assert.deepEqual(strays, {
    reason: 'before-start',
    unit: 'events',
    count: 3,
    samples: strayLines.map((n) => `${input}:${n}`),
  });
  const table = runCli(['quality', input], { env: { BAZINGA_STATS_TODAY: '2026-01-01' } });
  assert.match(table.stdout, /│ before-start +│ events +│ +3 │/);
});

test('a log with a release in its first month: 2.0.0 has its column, its start and its share from the first days', () => {
  const { text } = yearLog('2025-12-10');
  const input = writeInput(dir, 'first-month.jsonl', text);
  const { adoption } = runJson(['adoption', '--by', 'month', input]).json;
  assert.equal(adoption.top[0], '2.0.0');
  const release = adoption.releases[0];
  assert.equal(release.version, '2.0.0');
  assert.equal(release.firstSeen, '2025-12-01');
  assert.equal(release.days50, 4);
  // December's row, as of 12-10: every upgrader has run once since 12-01 (320 on 2.0.0); 2.0.0, 1.3.0 and
  // 1.2.0 are the latest 3, so 80% (the 80 on 1.0.0 are not)
  const december = adoption.periods.at(-1);
  assert.equal(december.period, '2025-12');
  assert.equal(december.installs[0], 320);
  assert.equal(december.latest3, 320 / INSTALLS);
  assert.equal(december.medianAge, 0);
  // the label of each release's start is a day in the data
  for (const r of adoption.releases) assert.ok(r.firstSeen === null || at(r.firstSeen) <= at('2025-12-10'), label(at(r.firstSeen)));
});

test('a version too few installs ever ran has no start: no first seen, not among the latest 3, no strays', () => {
  const { text } = yearLog('2025-11-30');
  const input = writeInput(dir, 'no-release.jsonl', text);
  const { adoption } = runJson(['adoption', input]).json;
  // 2.0.0 has only its strays: install 1 on 03-15, the dev machine on 06-02 and 06-03
  assert.deepEqual(adoption.releases[0], {
    version: '2.0.0',
    firstSeen: null,
    peakShare: adoption.releases[0].peakShare,
    peakDate: adoption.releases[0].peakDate,
    days50: null,
    days90: null,
    replaced: adoption.releases[0].replaced,
  });
  assert.ok(adoption.releases[0].peakShare < 0.01);
  const table = runCli(['adoption', input]).stdout;
  assert.match(table, /│ 2\.0\.0 +│ no start +│/);
  const quality = runJson(['quality', input], { env: { BAZINGA_STATS_TODAY: '2026-01-01' } }).json.quality;
  assert.equal(quality.reasons.find((r: { reason: string }) => r.reason === 'before-start').count, 0);
});

test('--state: strays read in an earlier run are counted, with their places, once a later run shows the release started', () => {
  const { text, strayLines } = yearLog('2025-12-31');
  const lines = text.trimEnd().split('\n');
  // the strays first, then the year: the first run sees the strays and no start of 2.0.0 yet
  const strays = strayLines.map((n) => lines[n - 1]);
  const reordered = [...strays, ...lines.filter((_, i) => !strayLines.includes(i + 1))];
  const input = writeInput(dir, 'state-year.jsonl', '');
  const state = `${input}.state`;
  const env = { BAZINGA_STATS_TODAY: '2026-01-01' };
  const beforeStart = (json: { quality: { reasons: { reason: string }[] } }) => json.quality.reasons.find((r) => r.reason === 'before-start');
  const cut = reordered.findIndex((line) => line.includes('2025-07-01'));
  appendFileSync(input, reordered.slice(0, cut).join('\n') + '\n');
  const first = runJson(['quality', '--state', state, input], { env }).json;
  assert.deepEqual(beforeStart(first), { reason: 'before-start', unit: 'events', count: 0, samples: [] });
  appendFileSync(input, reordered.slice(cut).join('\n') + '\n');
  const second = runJson(['quality', '--state', state, input], { env });
  assert.equal(second.stderr, '');
  assert.deepEqual(beforeStart(second.json), { reason: 'before-start', unit: 'events', count: 3, samples: [1, 2, 3].map((n) => `${input}:${n}`) });
  assert.deepEqual(second.json, runJson(['quality', input], { env }).json);
  const adoption = runJson(['adoption', '--state', `${state}-adoption`, input], { env }).json;
  assert.equal(adoption.adoption.releases[0].firstSeen, '2025-12-01');
});
