// --tz (issue 10 item 3, issue 9 item 6): days are cut with the offsets Intl gives, seconds and sign
// included (@date-fns/tz lost the sign of Monrovia's -00:44:30), and the report names the zone by its
// canonical name (`--tz utc` prints `time zone UTC`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';
import { canonicalZone, ZoneDays } from '../src/core/zone-days.js';
import { SettingError } from '../src/core/setting-error.js';

const dir = scratchDir();
const A = '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41';

/** The calendar day of an instant in a zone by another Intl path (formatToParts of the date), as YYYY-MM-DD. */
function intlDay(sec: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, era: 'short', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(sec * 1000);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  const year = part('era') === 'BC' ? 1 - Number(part('year')) : Number(part('year'));
  return `${String(year).padStart(4, '0')}-${part('month')}-${part('day')}`;
}

const label = (day: number) => new Date(day * 86400000).toISOString().slice(0, 10);

test('Africa/Monrovia in 1970 (-00:44:30): 00:30Z on 06-01 is still 05-31 there, as Intl and GNU date say', () => {
  writeInput(dir, 'monrovia.jsonl', eventLine(A, 'init', '1.0.0', '1970-06-01T00:30:00Z') + '\n');
  const { json } = runJson(['daily', '--window', '..', '--tz', 'Africa/Monrovia', 'monrovia.jsonl'], { cwd: dir });
  assert.deepEqual(
    json.daily.map((d: any) => d.date),
    ['1970-05-31'],
  );
  assert.equal(new ZoneDays('Africa/Monrovia').offsetAt(Date.UTC(1970, 5, 1) / 1000), -(44 * 60 + 30));
});

test('the day of an instant agrees with Intl in zones with odd offsets, around midnight and transitions', () => {
  // [zone, first instant, hours scanned]: offsets under an hour, with seconds, half and quarter hours,
  // DST of 30 minutes, +14:00, and the spring/autumn transitions
  const spans: [string, string, number][] = [
    ['Africa/Monrovia', '1970-05-30T00:00:00Z', 72],
    ['Africa/Monrovia', '1972-01-05T00:00:00Z', 96], // -00:44:30 → 00:00
    ['Europe/Amsterdam', '1937-06-29T00:00:00Z', 72], // +00:19:32 → +00:20
    ['Europe/Amsterdam', '1899-12-30T00:00:00Z', 48], // local mean time
    ['Asia/Kathmandu', '1986-01-01T00:00:00Z', 48], // +05:30 → +05:45
    ['Pacific/Chatham', '2025-04-05T00:00:00Z', 48],
    ['America/St_Johns', '2025-11-01T00:00:00Z', 72],
    ['Australia/Lord_Howe', '2025-10-04T00:00:00Z', 48],
    ['Pacific/Kiritimati', '1994-12-30T00:00:00Z', 72], // -10:00 → +14:00: a day that never was
    ['America/Los_Angeles', '2025-03-08T00:00:00Z', 72],
    ['Europe/Dublin', '2025-10-25T00:00:00Z', 72],
    ['UTC', '1999-12-31T00:00:00Z', 48],
  ];
  for (const [zone, start, hours] of spans) {
    const zoneDays = new ZoneDays(zone);
    const from = Date.parse(start) / 1000;
    // every 7 minutes and 30 seconds, out of order too (the hour cache must not depend on order)
    const instants = Array.from({ length: (hours * 60) / 7.5 }, (_, i) => from + i * 450 - (i % 3 === 0 ? 1 : 0));
    for (const sec of [...instants, ...instants.reverse()]) {
      assert.equal(label(zoneDays.dayOf(sec)), intlDay(sec, zone), `${new Date(sec * 1000).toISOString()} in ${zone}`);
    }
  }
});

test('the report names the zone canonically: --tz utc prints time zone UTC', () => {
  writeInput(dir, 'one.jsonl', eventLine(A, 'init', '1.0.0', '2025-11-12T10:00:00') + '\n');
  for (const [given, shown] of [
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['zulu', 'UTC'],
    ['europe/berlin', 'Europe/Berlin'],
    ['US/Pacific', 'America/Los_Angeles'],
  ]) {
    const table = runCli(['uniques', '--tz', given, 'one.jsonl'], { cwd: dir });
    assert.match(table.stdout, new RegExp(`; time zone ${shown.replace('/', '\\/')}\\n`), given);
    const markdown = runCli(['uniques', '--format', 'markdown', '--tz', given, 'one.jsonl'], { cwd: dir });
    // Markdown escapes `_` in the zone name as in any text (`Los\_Angeles` renders as Los_Angeles)
    const inMarkdown = shown.replace('/', '\\/').replace('_', '\\\\_');
    assert.match(markdown.stdout, new RegExp(`time zone ${inMarkdown}\\._`), `${given} (markdown)`);
  }
});

test('the UTC names taken without loading zone data are the ones Intl resolves to UTC', () => {
  for (const name of ['UTC', 'utc', 'Etc/UTC', 'etc/utc', 'GMT', 'Etc/GMT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu']) {
    assert.equal(canonicalZone(name), new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone, name);
  }
  assert.throws(
    () => canonicalZone('Mars/Base'),
    (e: unknown) => e instanceof SettingError && e.setting === 'tz' && e.value === 'Mars/Base',
  );
});

test('an unknown zone is worded with the flag, as before', () => {
  const result = runCli(['uniques', '--tz', 'Mars/Base', 'one.jsonl'], { cwd: dir });
  assert.deepEqual(
    [result.code, result.stdout, result.stderr],
    [2, '', "bazinga-stats: --tz: unknown time zone 'Mars/Base' (use an IANA name such as UTC or Europe/Berlin)\n"],
  );
});
