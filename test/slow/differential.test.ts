// Differential test: the built CLI against the oracle (test/oracle/oracle.ts), on generated tricky logs
// (test/support/generate-tricky.ts), for every command, several zones, periods, filters, several files
// (gzip among them) and stdin. The first part pins the oracle itself on small inputs worked out by hand.
//
// Run: npx tsc -p tsconfig.json && node --test dist/test/

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import {
  compareVersions,
  dayLabel,
  isoWeekLabel,
  judgeLine,
  localDay,
  oracleReport,
  parseTimestamp,
  splitLines,
  daysFromCivil,
  civilFromDays,
  type OracleFile,
  type OracleOptions,
  type OracleReport,
} from '../oracle/oracle.js';
import { generateTrickyData } from '../support/generate-tricky.js';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../../..'); // dist/test/slow/x.js → project root
const CLI = path.join(ROOT, 'bin', 'bazinga-stats.js');

const file = (text: string | Buffer, name = 'sample.jsonl'): OracleFile => ({ name, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });

// =====================================================================================================
// The oracle, pinned by hand

// Seven lines: 5 events, 1 blank, 1 invalid; installs A (550e…, once in uppercase), B (6ba7b810…), C (6ba7b811…).
//   L1 A init   1.1.0 2025-11-12T10:30:45.123456      = 2025-11-12 10:30:45Z
//   L2 B init   1.1.0 2025-11-13T08:00:00             = 2025-11-13 08:00Z   (exactly midnight in Los Angeles, PST)
//   L3 blank (spaces and a tab)
//   L4 A update 1.2.0 2025-11-14T09:15:00Z            = 2025-11-14 09:15Z
//   L5 not JSON
//   L6 C init   1.0.0 2025-11-14T23:30:00-08:00       = 2025-11-15 07:30Z
//   L7 B update 1.1.0 2025-11-15T01:00:00+05:30       = 2025-11-14 19:30Z
const SEVEN = [
  '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "init", "version": "1.1.0", "timestamp": "2025-11-12T10:30:45.123456"}',
  '{"uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "command": "init", "version": "1.1.0", "timestamp": "2025-11-13T08:00:00"}',
  '   \t',
  '{"uuid": "550E8400-E29B-41D4-A716-446655440000", "command": "update", "version": "1.2.0", "timestamp": "2025-11-14T09:15:00Z"}',
  'this is not json',
  '{"uuid": "6ba7b811-9dad-11d1-80b4-00c04fd430c8", "command": "init", "version": "1.0.0", "timestamp": "2025-11-14T23:30:00-08:00"}',
  '{"uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "command": "update", "version": "1.1.0", "timestamp": "2025-11-15T01:00:00+05:30"}',
].join('\n'); // no final newline: the last line still counts

const SEVEN_INPUT = { files: 1, lines: 7, events: 5, blank: 1, invalid: 1, outside: 0, filtered: 0 };

const row = (
  date: string,
  events: number,
  installs: number,
  n: number,
  returning: number,
  resurrecting: number,
  dormant: number,
  total: number,
  partial = false,
) => ({
  date,
  events,
  installs,
  new: n,
  returning,
  resurrecting,
  dormant,
  total,
  partial,
});

describe('oracle: hand-checked', () => {
  it('seven lines, report in UTC', () => {
    // UTC days: A 11-12, 11-14; B 11-13, 11-14 (L7); C 11-15.
    //  11-12: L1          active {A}    new A            dormant 0 (first row)   total 1
    //  11-13: L2          active {B}    new B            dormant A               total 2
    //  11-14: L4, L7      active {A,B}  returning B (was active 11-13), resurrecting A (not 11-13, first seen before) total 2
    //  11-15: L6          active {C}    new C            dormant A, B            total 3
    // versions: 1.1.0 = L1, L2, L7 (A, B); 1.2.0 = L4; 1.0.0 = L6. Latest event per install: A→1.2.0 (L4),
    //   B→1.1.0 (L7, 19:30Z after L2), C→1.0.0: one each, share 1/3. 1.2.0 and 1.0.0 tie on events: SemVer desc.
    // commands: init = L1, L2, L6 (A, B, C); update = L4, L7 (A, B).
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'report' }), {
      schema: 2,
      input: SEVEN_INPUT,
      uniques: 3,
      // every id sent init (L1, L2, L6): none update-only
      idChurn: { updateOnlyIds: 0, updateOnlyShare: 0, installsByInit: 3, signature: false },
      daily: [
        // the data runs from 11-12 10:30 to 11-15 07:30 UTC: the first and last days are partial
        row('2025-11-12', 1, 1, 1, 0, 0, 0, 1, true),
        row('2025-11-13', 1, 1, 1, 0, 0, 1, 2),
        row('2025-11-14', 2, 2, 0, 1, 1, 0, 2),
        row('2025-11-15', 1, 1, 1, 0, 0, 2, 3, true),
      ],
      latest: '1.2.0',
      versions: [
        { version: '1.1.0', events: 3, installs: 2, current: 1, share: 1 / 3 },
        { version: '1.2.0', events: 1, installs: 1, current: 1, share: 1 / 3 },
        { version: '1.0.0', events: 1, installs: 1, current: 1, share: 1 / 3 },
      ],
      commands: [
        { command: 'init', events: 3, installs: 3 },
        { command: 'update', events: 2, installs: 2 },
      ],
    });
  });

  it('seven lines, days in Asia/Kolkata and America/Los_Angeles', () => {
    // Kolkata (+05:30): L1 11-12 16:00, L2 11-13 13:30, L4 11-14 14:45, L6 11-15 13:00, L7 11-15 01:00.
    //  11-14: {A} resurrecting A, dormant B.  11-15: {C, B}: new C, B resurrecting (not active 11-14), dormant A.
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'daily', tz: 'Asia/Kolkata' }).daily, [
      // from 11-12 16:00 to 11-15 13:00 in Kolkata: both ends partial
      row('2025-11-12', 1, 1, 1, 0, 0, 0, 1, true),
      row('2025-11-13', 1, 1, 1, 0, 0, 1, 2),
      row('2025-11-14', 1, 1, 0, 0, 1, 1, 2),
      row('2025-11-15', 2, 2, 1, 0, 1, 1, 3, true),
    ]);
    // Los Angeles (PST, -08:00): L1 11-12 02:30, L2 11-13 00:00 (midnight: 11-13), L4 11-14 01:15,
    // L6 11-14 23:30, L7 11-14 11:30. 11-14: {A, B, C}: new C, returning B, resurrecting A.
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'daily', tz: 'America/Los_Angeles' }).daily, [
      // from 11-12 02:30 (partial) to 11-14 23:30 in Los Angeles (within the last hour: whole)
      row('2025-11-12', 1, 1, 1, 0, 0, 0, 1, true),
      row('2025-11-13', 1, 1, 1, 0, 0, 1, 2),
      row('2025-11-14', 3, 3, 1, 1, 1, 0, 3),
    ]);
  });

  it('seven lines: weeks, months, upgrades, retention, single sections', () => {
    // 2025-11-10 is the Monday of ISO week 46; every event is in it (and in November).
    // the data (11-12 to 11-15) covers part of the week and of the month
    const one = { events: 5, installs: 3, new: 3, returning: 0, resurrecting: 0, dormant: 0, total: 3, partial: true };
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'daily', by: 'week' }), {
      schema: 2,
      input: SEVEN_INPUT,
      weekly: [{ period: '2025-W46', ...one }],
    });
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'report', by: 'month' }).monthly, [{ period: '2025-11', ...one }]);
    // A moves 1.1.0 → 1.2.0; B stays on 1.1.0; C has one event.
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'upgrades' }), {
      schema: 2,
      input: SEVEN_INPUT,
      upgrades: [{ from: '1.1.0', to: '1.2.0', installs: 1, downgrade: false }],
    });
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'retention' }), {
      schema: 2,
      input: SEVEN_INPUT,
      retention: [{ cohort: '2025-W46', installs: 3, active: [3] }],
    });
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'uniques' }), {
      schema: 2,
      input: SEVEN_INPUT,
      uniques: 3,
      idChurn: { updateOnlyIds: 0, updateOnlyShare: 0, installsByInit: 3, signature: false },
    });
    assert.deepStrictEqual(Object.keys(oracleReport([file(SEVEN)], { command: 'versions' })), ['schema', 'input', 'latest', 'versions']);
    assert.deepStrictEqual(Object.keys(oracleReport([file(SEVEN)], { command: 'report' })), [
      'schema',
      'input',
      'uniques',
      'idChurn',
      'daily',
      'latest',
      'versions',
      'commands',
    ]);
    assert.deepStrictEqual(Object.keys(oracleReport([file(SEVEN)], { command: 'daily' }).daily![0]!), [
      'date',
      'events',
      'installs',
      'new',
      'returning',
      'resurrecting',
      'dormant',
      'total',
      'partial',
    ]);
  });

  it('seven lines: filters', () => {
    // since 11-13, until 11-14 (UTC) keeps L2, L4, L7: A is first seen (among kept events) on 11-14.
    const window = oracleReport([file(SEVEN)], { command: 'report', since: '2025-11-13', until: '2025-11-14' });
    assert.deepStrictEqual(window.input, { ...SEVEN_INPUT, filtered: 2 });
    assert.equal(window.uniques, 2);
    // the kept events run from 11-13 08:00 to 11-14 19:30: both days partial
    assert.deepStrictEqual(window.daily, [row('2025-11-13', 1, 1, 1, 0, 0, 0, 1, true), row('2025-11-14', 2, 2, 1, 1, 0, 0, 2, true)]);
    // --command update keeps L4, L7
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'commands', commandFilter: ['update'] }).commands, [
      { command: 'update', events: 2, installs: 2 },
    ]);
    // --release '1.1*' keeps L1, L2, L7; --release 1.0.0 OR'ed in adds L6; with --command init: L1, L2, L6
    assert.equal(oracleReport([file(SEVEN)], { command: 'uniques', versionFilter: ['1.1*'] }).input.filtered, 2);
    const both = oracleReport([file(SEVEN)], { command: 'versions', versionFilter: ['1.1*', '1.0.0'], commandFilter: ['init'] });
    assert.equal(both.input.filtered, 2);
    assert.deepStrictEqual(
      both.versions!.map((v) => [v.version, v.events]),
      [
        ['1.1.0', 2],
        ['1.0.0', 1],
      ],
    );
    // exclude A, written in uppercase, among a comment and a blank line
    const excluded = oracleReport([file(SEVEN)], { command: 'uniques', excludeInstalls: ['# CI machines', '', '550E8400-E29B-41D4-A716-446655440000'] });
    assert.deepStrictEqual(excluded, {
      schema: 2,
      input: { ...SEVEN_INPUT, filtered: 2 },
      uniques: 2,
      idChurn: { updateOnlyIds: 0, updateOnlyShare: 0, installsByInit: 2, signature: false },
    });
    // --command update keeps L4 (A) and L7 (B): both ids update-only, but a command filter is no signature
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'uniques', commandFilter: ['update'] }).idChurn, {
      updateOnlyIds: 2,
      updateOnlyShare: 1,
      installsByInit: 0,
      signature: false,
    });
    // today 2025-11-15: `2d` is 2025-11-14, so --since 2d keeps L4, L6, L7
    assert.equal(oracleReport([file(SEVEN)], { command: 'uniques', since: '2d', today: '2025-11-15' }).input.filtered, 2);
    assert.equal(oracleReport([file(SEVEN)], { command: 'uniques', until: '1d', today: '2025-11-13', window: '..' }).input.filtered, 3);
    // with the default window (up to 11-14, the day after today) L6 on 11-15 is outside, not filtered
    assert.deepStrictEqual(oracleReport([file(SEVEN)], { command: 'uniques', until: '1d', today: '2025-11-13' }).input, {
      ...SEVEN_INPUT,
      outside: 1,
      filtered: 2,
    });
  });

  it('ties, SemVer order, upgrades and downgrades', () => {
    const X = 'aaaaaaaa-0000-4000-8000-000000000001';
    const Y = 'bbbbbbbb-0000-4000-8000-000000000002';
    const Z = 'cccccccc-0000-4000-8000-000000000003';
    const ev = (uuid: string, command: string, version: string, timestamp: string) => JSON.stringify({ uuid, command, version, timestamp });
    const text =
      [
        ev(X, 'init', '1.9.0', '2025-11-12T10:00:00Z'), //                   x1  t0
        ev(X, 'update', '1.10.0', '2025-11-12T10:00:00.000000001Z'), //      x2  t0 + 1 ns
        ev(X, 'update', '2.0.0-beta.10', '2025-11-12T15:30:00.000000001+05:30'), // x3 = x2's instant, later line
        ev(X, 'update', 'dev', '2025-11-12T10:00:00'), //                    x4 = x1's instant, later line
        ev(Y, 'update', '2.0.0-beta.2', '2025-11-13T00:00:00Z'), //          y1
        ev(Y, 'update', '2.0.0-beta.10', '2025-11-13 00:00:00.000'), //      y2 = y1's instant, later line
        ev(Y, 'update', '1.9.0', '2025-11-12T23:59:59.999999999Z'), //       y3 before y1
        ev(Z, 'update', '1.10.0', '2025-11-14T00:00:00Z'), //                z1
        ev(Z, 'update', '1.9.0', '2025-11-15T00:00:00Z'), //                 z2
      ].join('\n') + '\n';
    // Per install in time order: X: x1 1.9.0, x4 dev, x2 1.10.0, x3 2.0.0-beta.10
    //                            Y: y3 1.9.0, y1 2.0.0-beta.2, y2 2.0.0-beta.10;  Z: 1.10.0, 1.9.0
    // current: X → 2.0.0-beta.10, Y → 2.0.0-beta.10, Z → 1.9.0.
    const report = oracleReport([file(text)], { command: 'report' });
    assert.equal(report.latest, '2.0.0-beta.10');
    assert.deepStrictEqual(report.versions, [
      { version: '1.9.0', events: 3, installs: 3, current: 1, share: 1 / 3 },
      { version: '2.0.0-beta.10', events: 2, installs: 2, current: 2, share: 2 / 3 }, // ties on 2 events: SemVer desc
      { version: '1.10.0', events: 2, installs: 2, current: 0, share: 0 },
      { version: '2.0.0-beta.2', events: 1, installs: 1, current: 0, share: 0 }, // SemVer above non-SemVer
      { version: 'dev', events: 1, installs: 1, current: 0, share: 0 },
    ]);
    assert.deepStrictEqual(report.commands, [
      { command: 'update', events: 8, installs: 3 },
      { command: 'init', events: 1, installs: 1 },
    ]);
    // 11-12: X (4 events) and Y's y3; 11-13: Y; 11-14: Z (new); 11-15: Z again.
    assert.deepStrictEqual(report.daily, [
      // from 11-12 10:00 to 11-15 00:00: the first and last days partial
      row('2025-11-12', 5, 2, 2, 0, 0, 0, 2, true),
      row('2025-11-13', 2, 1, 0, 1, 0, 1, 2),
      row('2025-11-14', 1, 1, 1, 0, 0, 1, 3),
      row('2025-11-15', 1, 1, 0, 1, 0, 0, 3, true),
    ]);
    // every move once; ordered by installs (all 1), then `from` in version order, then `to`
    assert.deepStrictEqual(oracleReport([file(text)], { command: 'upgrades' }).upgrades, [
      { from: 'dev', to: '1.10.0', installs: 1, downgrade: false },
      { from: '1.9.0', to: 'dev', installs: 1, downgrade: true },
      { from: '1.9.0', to: '2.0.0-beta.2', installs: 1, downgrade: false },
      { from: '1.10.0', to: '1.9.0', installs: 1, downgrade: true },
      { from: '1.10.0', to: '2.0.0-beta.10', installs: 1, downgrade: false },
      { from: '2.0.0-beta.2', to: '2.0.0-beta.10', installs: 1, downgrade: false },
    ]);
  });

  it('retention over weeks', () => {
    // P first seen W46 (Mon 11-10) active W46, W48; Q first seen W46 active W46, W47; R first seen W48.
    const ev = (uuid: string, timestamp: string) => JSON.stringify({ uuid, command: 'init', version: '1.0.0', timestamp });
    const P = 'dddddddd-0000-4000-8000-000000000001';
    const Q = 'eeeeeeee-0000-4000-8000-000000000002';
    const R = 'ffffffff-0000-4000-8000-000000000003';
    const text = [
      ev(P, '2025-11-10T00:00:00'),
      ev(Q, '2025-11-16T23:59:59'),
      ev(Q, '2025-11-17T00:00:00'),
      ev(P, '2025-11-26T12:00:00'),
      ev(R, '2025-11-30T23:00:00'),
    ].join('\r\n');
    assert.deepStrictEqual(oracleReport([file(text)], { command: 'retention' }).retention, [
      { cohort: '2025-W46', installs: 2, active: [2, 1, 1] },
      { cohort: '2025-W47', installs: 0, active: [0, 0] }, // no install starts in W47
      { cohort: '2025-W48', installs: 1, active: [1] },
    ]);
    // In Chatham (+13:45) Q's 11-16T23:59:59Z is already Monday 11-17 (W47) and R's 23:00Z is Monday 12-01 (W49).
    // No install starts in W48: by default (undecided rule, the CLI's choice) it still has a row of zeros.
    assert.deepStrictEqual(oracleReport([file(text)], { command: 'retention', tz: 'Pacific/Chatham' }).retention, [
      { cohort: '2025-W46', installs: 1, active: [1, 0, 1, 0] },
      { cohort: '2025-W47', installs: 1, active: [1, 0, 0] },
      { cohort: '2025-W48', installs: 0, active: [0, 0] },
      { cohort: '2025-W49', installs: 1, active: [1] },
    ]);
    assert.deepStrictEqual(
      oracleReport([file(text)], { command: 'retention', tz: 'Pacific/Chatham', emptyCohorts: 'omit' }).retention!.map((r) => r.cohort),
      ['2025-W46', '2025-W47', '2025-W49'],
    );
    // weekly rows: W46 {P,Q} new 2; W47 {Q} returning, P dormant; W48 {P,R}: R new, P resurrecting, Q dormant
    assert.deepStrictEqual(oracleReport([file(text)], { command: 'daily', by: 'week' }).weekly, [
      // from Monday 00:00 (W46) to Sunday 23:00 (W48, within the last hour): every week whole
      { period: '2025-W46', events: 2, installs: 2, new: 2, returning: 0, resurrecting: 0, dormant: 0, total: 2, partial: false },
      { period: '2025-W47', events: 1, installs: 1, new: 0, returning: 1, resurrecting: 0, dormant: 1, total: 2, partial: false },
      { period: '2025-W48', events: 2, installs: 2, new: 1, returning: 0, resurrecting: 1, dormant: 1, total: 3, partial: false },
    ]);
  });

  it('the time window: default 2000-01-01..the day after today, custom, none, in zones', () => {
    // Today pinned to 2026-11-30, so the default window is 2000-01-01..2026-12-01 (inclusive, days in tz).
    const U = '11111111-0000-4000-8000-000000000001';
    const ev = (version: string, timestamp: string) => JSON.stringify({ uuid: U, command: 'init', version, timestamp });
    const text = [
      ev('dead-battery', '1970-01-01T00:00:00'), //  UTC 1970-01-01: outside everywhere
      ev('eve', '1999-12-31T23:30:00Z'), //          UTC 1999-12-31 (outside); Kolkata 2000-01-01 05:00 (inside)
      ev('first', '2000-01-01T00:00:00Z'), //        UTC 2000-01-01 (inside); Los Angeles 1999-12-31 16:00 (outside)
      ev('mid', '2025-06-01T12:00:00Z'), //          inside everywhere
      ev('tomorrow', '2026-12-01T23:59:59Z'), //     UTC 12-01 = today + 1 (inside); Chatham 12-02 13:44 (outside)
      ev('after', '2026-12-02T00:00:00Z'), //        UTC 12-02 (outside); Los Angeles 12-01 16:00 (inside)
      ev('typo', '9999-12-31T23:59:59'), //          outside everywhere
    ].join('\n');
    const seen = (tz: string, extra: Partial<OracleOptions> = {}) => {
      const r = oracleReport([file(text)], { command: 'versions', tz, today: '2026-11-30', ...extra });
      return [r.input.outside, r.versions!.map((v) => v.version).sort()];
    };
    assert.deepStrictEqual(seen('UTC'), [4, ['first', 'mid', 'tomorrow']]);
    assert.deepStrictEqual(seen('Asia/Kolkata'), [4, ['eve', 'first', 'mid']]); // tomorrow: 12-02 05:29:59 there
    assert.deepStrictEqual(seen('America/Los_Angeles'), [4, ['after', 'mid', 'tomorrow']]);
    assert.deepStrictEqual(seen('Pacific/Chatham'), [4, ['eve', 'first', 'mid']]); // eve: 2000-01-01 13:15 there
    assert.deepStrictEqual(seen('UTC', { window: '..' }), [0, ['after', 'dead-battery', 'eve', 'first', 'mid', 'tomorrow', 'typo']]);
    assert.deepStrictEqual(seen('UTC', { window: '2000-01-01..' }), [2, ['after', 'first', 'mid', 'tomorrow', 'typo']]);
    assert.deepStrictEqual(seen('UTC', { window: '..1999-12-31' }), [5, ['dead-battery', 'eve']]);
    assert.deepStrictEqual(seen('UTC', { window: '2025-06-01..2025-06-01' }), [6, ['mid']]);
    // outside events reach no filter: `filtered` counts only what the filters drop inside the window
    const filtered = oracleReport([file(text)], { command: 'uniques', today: '2026-11-30', since: '2026-01-01' });
    assert.deepStrictEqual(filtered.input, { files: 1, lines: 7, events: 7, blank: 0, invalid: 0, outside: 4, filtered: 2 });
    // ... nor first seen: the install is new on its first day inside the window
    assert.deepStrictEqual(oracleReport([file(text)], { command: 'daily', window: '2026-12-01..2026-12-31' }).daily, [
      // from 12-01 23:59:59 to 12-02 00:00:00: both days partial
      row('2026-12-01', 1, 1, 1, 0, 0, 0, 1, true),
      row('2026-12-02', 1, 1, 0, 1, 0, 0, 1, true),
    ]);
  });

  it('no events at all', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n  \nnull\n[]\n{}\n')]);
    const input = { files: 2, lines: 5, events: 0, blank: 2, invalid: 3, outside: 0, filtered: 0 };
    const files = [file(text), file('')];
    assert.deepStrictEqual(oracleReport(files, { command: 'report' }), {
      schema: 2,
      input,
      uniques: 0,
      idChurn: { updateOnlyIds: 0, updateOnlyShare: 0, installsByInit: 0, signature: false },
      daily: [],
      latest: null,
      versions: [],
      commands: [],
    });
    assert.deepStrictEqual(oracleReport(files, { command: 'upgrades' }).upgrades, []);
    assert.deepStrictEqual(oracleReport(files, { command: 'retention' }).retention, []);
  });

  it('lines', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const split = (b: Buffer) => splitLines(b).map((l) => l.toString('latin1'));
    assert.deepStrictEqual(split(Buffer.concat([bom, Buffer.from('a\r\nb\n\nc')])), ['a', 'b', '', 'c']);
    assert.deepStrictEqual(split(Buffer.from('a\n')), ['a']);
    assert.deepStrictEqual(split(Buffer.from('')), []);
    assert.deepStrictEqual(split(bom), []);
    assert.deepStrictEqual(split(Buffer.concat([bom, bom, Buffer.from('x')])), ['\xef\xbb\xbfx']); // only one BOM is skipped
    assert.deepStrictEqual(split(Buffer.from('\r\r\n\r\n')), ['\r', '']);
    const kind = (s: string | Buffer) => judgeLine(Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')).kind;
    const ok = '{"uuid":"550e8400-e29b-41d4-a716-446655440000","command":"init","version":"1","timestamp":"2025-11-12T10:30:45"}';
    assert.equal(kind(''), 'blank');
    assert.equal(kind(' \t '), 'blank');
    assert.equal(kind('\r'), 'invalid');
    assert.equal(kind(ok), 'event');
    assert.equal(kind(` \t${ok}\t `), 'event');
    assert.equal(kind(`\r${ok}`), 'event'); // \r is JSON whitespace
    assert.equal(kind(`\v${ok}`), 'invalid');
    assert.equal(kind(`\ufeff${ok}`), 'invalid');
    assert.equal(kind(`[${ok}]`), 'invalid');
    assert.equal(kind(ok.replace('"init"', '"in\\u0069t"')), 'event');
    assert.equal(kind(ok.replace('{', '{"uuid":5,')), 'event'); // last duplicate wins
    assert.equal(kind(ok.replace('}', ',"uuid":5}')), 'invalid');
    assert.equal(kind(ok.replace('"init"', '""')), 'invalid');
    assert.equal(kind(ok.replace('"1"', '1')), 'invalid');
    assert.equal(kind(ok.replace('550e8400', '{550e840')), 'invalid');
    assert.equal(kind(ok.replace('550e8400', '550E840G')), 'invalid');
    assert.equal(kind(ok.replace('}', ',"x":{"y":[1,{"z":null}]}}')), 'event');
    assert.equal(kind(Buffer.from(ok.replace('"1"', '"1\xff"'), 'latin1')), 'invalid'); // not UTF-8
    const verdict = judgeLine(Buffer.from(ok.replace('550e8400', '550E8400')));
    assert.ok(verdict.kind === 'event' && verdict.event.install === '550e8400-e29b-41d4-a716-446655440000');
    const lone = judgeLine(Buffer.from(ok.replace('"1"', '"x\\ud800y"'))); // JSON.parse keeps a lone surrogate
    assert.ok(lone.kind === 'event' && lone.event.version === 'x\ud800y');
  });

  it('timestamps', () => {
    assert.equal(parseTimestamp('1970-01-01T00:00:00'), 0n);
    assert.equal(parseTimestamp('1970-01-01T05:30:00+05:30'), 0n);
    assert.equal(parseTimestamp('1969-12-31 16:00:00-08:00'), 0n);
    assert.equal(parseTimestamp('1970-01-01T00:00:00.000000001Z'), 1n);
    assert.equal(parseTimestamp('1970-01-01T00:00:00.1'), 100_000_000n);
    assert.equal(parseTimestamp('1969-12-31T23:59:59.999999999Z'), -1n);
    assert.equal(parseTimestamp('2025-11-12T10:30:45.123456'), 1762943445_123456000n);
    assert.equal(parseTimestamp('2025-11-12T10:30:45-00:00'), 1762943445_000000000n);
    assert.equal(parseTimestamp('2024-02-29T00:00:00'), BigInt(Date.UTC(2024, 1, 29)) * 1_000_000n);
    assert.equal(parseTimestamp('0000-02-29T00:00:00'), BigInt(Date.parse('0000-02-29T00:00:00Z')) * 1_000_000n);
    assert.equal(parseTimestamp('9999-12-31T23:59:59.999999999+23:59') !== null, true);
    for (const bad of [
      '2025-02-29T00:00:00',
      '1900-02-29T00:00:00',
      '2025-02-30T00:00:00',
      '2025-13-01T00:00:00',
      '2025-11-12T24:00:00',
      '2025-11-12T23:60:00',
      '2025-11-12T23:59:60',
      '2025-11-12t10:00:00',
      '2025-11-12T10:00:00z',
      '2025-11-12T10:00:00.1234567890',
      '2025-11-12T10:00:00+24:00',
      '2025-11-12T10:00:00+05:60',
      '2025-11-12T10:00:00+0530',
      '2025-11-12T10:00:00.',
      '2025-11-12T10:00',
      '2025-11-12T10:00:00\n',
      '２０２５-11-12T10:00:00',
      '2025-11-12T10:00:00 ',
    ]) {
      assert.equal(parseTimestamp(bad), null, bad);
    }
  });

  it('calendar in a zone', () => {
    const at = (ts: string, tz: string) => dayLabel(localDay(parseTimestamp(ts)!, tz));
    assert.equal(at('2025-11-13T08:00:00Z', 'America/Los_Angeles'), '2025-11-13');
    assert.equal(at('2025-11-13T07:59:59.999999999Z', 'America/Los_Angeles'), '2025-11-12');
    assert.equal(at('2025-11-02T07:00:00Z', 'America/Los_Angeles'), '2025-11-02'); // PDT: midnight is 07:00Z
    assert.equal(at('2025-11-12T10:15:00Z', 'Pacific/Chatham'), '2025-11-13'); // +13:45
    assert.equal(at('2025-11-12T10:14:59.999999999Z', 'Pacific/Chatham'), '2025-11-12');
    assert.equal(at('2025-11-12T18:30:00Z', 'Asia/Kolkata'), '2025-11-13');
    assert.equal(at('1969-12-31T23:59:59.999999999Z', 'UTC'), '1969-12-31');
    assert.equal(at('0000-02-29T12:00:00Z', 'UTC'), '0000-02-29');
    assert.equal(at('9999-12-31T23:59:59Z', 'UTC'), '9999-12-31');
    const week = (date: string) => {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      return isoWeekLabel(daysFromCivil(y, m, d));
    };
    assert.equal(week('2025-11-12'), '2025-W46');
    assert.equal(week('2025-11-10'), '2025-W46');
    assert.equal(week('2025-11-16'), '2025-W46');
    assert.equal(week('2025-12-29'), '2026-W01');
    assert.equal(week('2024-12-30'), '2025-W01');
    assert.equal(week('2021-01-03'), '2020-W53');
    assert.equal(week('2026-12-31'), '2026-W53');
    for (const day of [-800000, -1, 0, 59, 10957, 20404, 2932896])
      assert.equal(daysFromCivil(...(Object.values(civilFromDays(day)) as [number, number, number])), day);
  });

  it('version order', () => {
    const ordered = [
      'Dev',
      'dev',
      'v1.2', // non-SemVer, by string
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.0+build.1',
      '1.0.0+build.2', // equal precedence: by string
      '1.9.0',
      '1.10.0',
      '2.0.0-beta.2',
      '2.0.0-beta.10',
      '2.0.0',
      '99999999999999999999.0.0',
    ];
    const shuffled = [...ordered].reverse();
    assert.deepStrictEqual(shuffled.sort(compareVersions), ordered);
    assert.ok(compareVersions('1.0.0-0A', '1.0.0-1') > 0); // alphanumeric above numeric
    assert.ok(compareVersions('01.0.0', '0.0.1') < 0); // leading zero: not SemVer
  });
});

// =====================================================================================================
// The CLI against the oracle

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], stdin: Buffer | null, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...env };
    delete childEnv.FORCE_COLOR;
    if (!('BAZINGA_STATS_TODAY' in env)) delete childEnv.BAZINGA_STATS_TODAY;
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv, stdio: [stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (stdin !== null && child.stdin !== null) {
      child.stdin.on('error', () => {}); // the CLI may exit before reading everything
      child.stdin.end(stdin);
    }
  });
}

/** The first place where two JSON values differ in key order (deepStrictEqual ignores key order). */
function keyOrderDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = keyOrderDifference(a[i], b[i], `${at}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join('\0') !== kb.join('\0')) return `${at}: keys ${JSON.stringify(ka)}, expected ${JSON.stringify(kb)}`;
    for (const k of ka) {
      const d = keyOrderDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d !== null) return d;
    }
  }
  return null;
}

/** stderr must say how many lines were invalid (plain or with thousands separators). */
function countPattern(n: number): RegExp {
  const spellings = [...new Set([String(n), n.toLocaleString('en-US')])];
  return new RegExp(`(?<![\\d,])(${spellings.join('|')})(?!\\d|,\\d)`);
}

interface Case {
  name: string;
  command: OracleOptions['command'];
  flags: string[];
  /** CLI arguments naming inputs (paths or '-') */
  inputs: string[];
  stdin: Buffer | null;
  env?: Record<string, string>;
  /** what the oracle reads: decompressed bytes of the same inputs, in the same order */
  oracleFiles: OracleFile[];
  oracle: Omit<OracleOptions, 'command'>;
}

async function checkCase(c: Case, invalidUtf8: 'invalid' | 'replace' = 'invalid'): Promise<void> {
  assert.ok(existsSync(CLI), `the CLI is not built: ${CLI} is missing`);
  const args = [c.command, '--format', 'json', ...c.flags, ...c.inputs];
  const result = await runCli(args, c.stdin, c.env);
  const expected: OracleReport = oracleReport(c.oracleFiles, { command: c.command, ...c.oracle, invalidUtf8 });
  const shown = `bazinga-stats ${args.map((a) => path.basename(a)).join(' ')}`;
  assert.equal(result.code, 0, `${shown}: exit ${result.code}\n${result.stderr.slice(0, 2000)}`);
  let actual: unknown;
  try {
    actual = JSON.parse(result.stdout);
  } catch {
    assert.fail(`${shown}: stdout is not JSON:\n${result.stdout.slice(0, 500)}\nstderr:\n${result.stderr.slice(0, 1000)}`);
  }
  assert.deepStrictEqual(actual, expected, `${shown}: differs from the oracle`);
  const order = keyOrderDifference(actual, expected);
  assert.equal(order, null, `${shown}: key order: ${order}`);
  if (expected.input.invalid > 0) {
    assert.match(result.stderr, countPattern(expected.input.invalid), `${shown}: stderr does not mention ${expected.input.invalid} invalid lines`);
  }
  assert.ok(!/\x1b\[/.test(result.stdout), `${shown}: colour codes in JSON`);
}

const COMMANDS = [
  'report',
  'uniques',
  'daily',
  'versions',
  'commands',
  'upgrades',
  'retention',
  'adoption',
  'active',
  'activation',
  'churn',
  'quality',
] as const;
/** issue #13's commands that have periods */
const ANALYTICS = ['adoption', 'active', 'activation', 'churn'] as const;
const ZONES = ['UTC', 'Asia/Kolkata', 'America/Los_Angeles', 'Pacific/Chatham'] as const;

const work = mkdtempSync(path.join(tmpdir(), 'bazinga-differential-'));
const removeWork = () => rmSync(work, { recursive: true, force: true });
after(removeWork);
process.on('exit', removeWork); // also when the run is cut short

function write(name: string, bytes: Buffer): string {
  const p = path.join(work, name);
  writeFileSync(p, bytes);
  return p;
}

// --- data
const SEEDS = [
  { seed: 1, lines: 1500, options: {} },
  { seed: 2, lines: 400, options: { bom: true, noFinalNewline: true } },
  { seed: 3, lines: 2500, options: { outliers: true } },
];
const seeded = SEEDS.map(({ seed, lines, options }) => {
  const data = generateTrickyData(seed, lines, options);
  return { seed, data, path: write(`seed-${seed}.jsonl`, data.bytes) };
});

const single = (s: (typeof seeded)[number]): Pick<Case, 'inputs' | 'stdin' | 'oracleFiles'> => ({
  inputs: [s.path],
  stdin: null,
  oracleFiles: [{ name: s.path, bytes: s.data.bytes }],
});

describe('generator and oracle agree on every line', () => {
  for (const s of seeded) {
    it(`seed ${s.seed}`, () => {
      const { input } = oracleReport([{ name: 'x', bytes: s.data.bytes }], { command: 'uniques' });
      const { lines, events, blank, invalid } = s.data.expected;
      assert.deepStrictEqual(input, { files: 1, lines, events, blank, invalid, outside: 0, filtered: 0 });
    });
  }
});

const cases: Case[] = [];

// every command, every zone, every seed (UTC without --tz: the default)
for (const s of seeded) {
  for (const tz of ZONES) {
    for (const command of COMMANDS) {
      cases.push({
        name: `seed ${s.seed} ${command} ${tz}`,
        command,
        flags: tz === 'UTC' ? [] : ['--tz', tz],
        ...single(s),
        oracle: { tz },
      });
    }
  }
}

// weeks and months
for (const s of seeded) {
  for (const tz of ['UTC', 'Pacific/Chatham', 'America/Los_Angeles']) {
    for (const by of ['week', 'month', 'day'] as const) {
      for (const command of ['daily', 'report'] as const) {
        if (by === 'day' && tz !== 'UTC') continue; // covered above without --by
        cases.push({ name: `seed ${s.seed} ${command} --by ${by} ${tz}`, command, flags: ['--by', by, '--tz', tz], ...single(s), oracle: { tz, by } });
      }
    }
  }
}

// issue #13: periods and each command's own flag, small values so that every branch is taken
for (const s of seeded) {
  for (const tz of ['UTC', 'Pacific/Chatham', 'America/Los_Angeles']) {
    for (const by of ['week', 'month'] as const) {
      for (const command of ANALYTICS) {
        cases.push({ name: `seed ${s.seed} ${command} --by ${by} ${tz}`, command, flags: ['--by', by, '--tz', tz], ...single(s), oracle: { tz, by } });
      }
    }
  }
  const own: [OracleOptions['command'], string[], Omit<OracleOptions, 'command'>][] = [
    ['adoption', ['--active-days', '3'], { activeDays: 3 }],
    ['adoption', ['--active-days', '1', '--by', 'week'], { activeDays: 1, by: 'week' }],
    ['active', ['--window-days', '7'], { windowDays: 7 }],
    ['activation', ['--within', '2', '--by', 'week'], { within: 2, by: 'week' }],
    ['activation', ['--within', '0'], { within: 0 }],
    ['churn', ['--quiet-days', '5'], { quietDays: 5 }],
    ['churn', ['--quiet-days', '1', '--by', 'month', '--tz', 'Asia/Kolkata'], { quietDays: 1, by: 'month', tz: 'Asia/Kolkata' }],
    ['quality', ['--max-daily', '2'], { maxDaily: 2 }],
  ];
  for (const [command, flags, oracle] of own) {
    cases.push({ name: `seed ${s.seed} ${command} ${flags.join(' ')}`, command, flags, ...single(s), oracle });
  }
  cases.push({
    name: `seed ${s.seed} quality, today inside the data`,
    command: 'quality',
    flags: [],
    ...single(s),
    env: { BAZINGA_STATS_TODAY: '2025-11-20' },
    oracle: { today: '2025-11-20' },
  });
}

// filters
const excludeLines = (s: (typeof seeded)[number]): string[] => [
  '# CI machines and the team',
  '',
  s.data.installs[0]!.toUpperCase(),
  '   ',
  s.data.installs[3]!,
  '# ' + s.data.installs[1]!, // a comment, not an exclusion
];
for (const s of [seeded[0]!, seeded[2]!]) {
  const exclude = excludeLines(s);
  const excludePath = write(`exclude-${s.seed}.txt`, Buffer.from(exclude.join('\n') + '\n'));
  const filterFlags = [
    '--since',
    '2025-11-01',
    '--until',
    '2025-12-15',
    '--command',
    'init',
    '--command',
    'update',
    '--release',
    '1.*',
    '--release',
    '2.0.0-beta.2',
    '--exclude-installs',
    excludePath,
  ];
  const oracle = {
    tz: 'America/Los_Angeles',
    since: '2025-11-01',
    until: '2025-12-15',
    commandFilter: ['init', 'update'],
    versionFilter: ['1.*', '2.0.0-beta.2'],
    excludeInstalls: exclude,
  };
  for (const command of COMMANDS) {
    cases.push({ name: `seed ${s.seed} ${command} with filters`, command, flags: ['--tz', 'America/Los_Angeles', ...filterFlags], ...single(s), oracle });
  }
  cases.push({
    name: `seed ${s.seed} report --by week with filters`,
    command: 'report',
    flags: ['--tz', 'America/Los_Angeles', '--by', 'week', ...filterFlags],
    ...single(s),
    oracle: { ...oracle, by: 'week' },
  });
  cases.push({
    name: `seed ${s.seed} daily --by month with filters`,
    command: 'daily',
    flags: ['--tz', 'America/Los_Angeles', '--by', 'month', ...filterFlags],
    ...single(s),
    oracle: { ...oracle, by: 'month' },
  });
  // one kind of filter at a time
  cases.push({
    name: `seed ${s.seed} report --since 2030-01-01: everything filtered`,
    command: 'report',
    flags: ['--since', '2030-01-01'],
    ...single(s),
    oracle: { since: '2030-01-01' },
  });
  cases.push({
    name: `seed ${s.seed} commands --command 'up"date' --command 'a\\b' --command démarrer`,
    command: 'commands',
    flags: ['--command', 'up"date', '--command', 'a\\b', '--command', 'démarrer'],
    ...single(s),
    oracle: { commandFilter: ['up"date', 'a\\b', 'démarrer'] },
  });
  cases.push({
    name: `seed ${s.seed} versions --release '2.*'`,
    command: 'versions',
    flags: ['--release', '2.*'],
    ...single(s),
    oracle: { versionFilter: ['2.*'] },
  });
  cases.push({
    name: `seed ${s.seed} commands --command status --command Init`,
    command: 'commands',
    flags: ['--command', 'status', '--command', 'Init'],
    ...single(s),
    oracle: { commandFilter: ['status', 'Init'] },
  });
  cases.push({
    name: `seed ${s.seed} upgrades --exclude-installs`,
    command: 'upgrades',
    flags: ['--exclude-installs', excludePath],
    ...single(s),
    oracle: { excludeInstalls: exclude },
  });
  cases.push({
    name: `seed ${s.seed} retention --since 2025-11-17 (Chatham)`,
    command: 'retention',
    flags: ['--since', '2025-11-17', '--tz', 'Pacific/Chatham'],
    ...single(s),
    oracle: { since: '2025-11-17', tz: 'Pacific/Chatham' },
  });
  cases.push({
    name: `seed ${s.seed} daily --until 2025-11-02 (Los Angeles)`,
    command: 'daily',
    flags: ['--until', '2025-11-02', '--tz', 'America/Los_Angeles'],
    ...single(s),
    oracle: { until: '2025-11-02', tz: 'America/Los_Angeles' },
  });
}

// the time window: edge stamps (1970, the 2000-01-01 boundary, the day after today, 9999) mixed into tricky
// data, in several zones; default (today pinned, and by the clock), custom, open-ended and no window
{
  const U = 'abcdef01-0000-4000-8000-00000000000a';
  const V = 'abcdef01-0000-4000-8000-00000000000b';
  const ev = (uuid: string, version: string, timestamp: string) => JSON.stringify({ uuid, command: 'update', version, timestamp });
  const edges =
    [
      ev(U, '1.0.0', '1970-01-01T00:00:00'),
      ev(V, '0.1.0', '1999-12-31T23:30:00Z'),
      ev(U, '1.1.0', '2000-01-01T00:00:00Z'),
      ev(V, '1.1.0', '2000-01-01T07:59:59.999999999Z'),
      ev(U, '1.2.0', '2025-11-30T23:30:00-01:00'),
      ev(V, '1.2.0', '2025-12-01T23:59:59Z'),
      ev(U, '1.3.0', '2025-12-02T00:00:00Z'),
      ev(V, '1.3.0', '2025-12-02T10:00:00Z'),
      ev(U, '9.9.9', '9999-12-31T23:59:59.999999999'),
      ev(V, '0.0.0', '0000-01-01T00:00:00'),
    ].join('\n') + '\n';
  const tricky = seeded[0]!;
  const bytes = Buffer.concat([Buffer.from(edges), tricky.data.bytes, Buffer.from(edges.replace(/"update"/g, '"init"'))]);
  const p = write('window-edges.jsonl', bytes);
  const files: OracleFile[] = [{ name: p, bytes }];
  const today = '2025-11-30';
  const env = { BAZINGA_STATS_TODAY: today };
  const on = (name: string, command: Case['command'], flags: string[], oracle: Case['oracle'], caseEnv: Record<string, string> | undefined = env) =>
    cases.push({
      name: `window: ${name}`,
      command,
      flags,
      inputs: [p],
      stdin: null,
      env: caseEnv,
      oracleFiles: files,
      oracle: caseEnv === env ? { today, ...oracle } : oracle,
    });
  for (const tz of ZONES) {
    on(`default, today pinned, ${tz}`, 'report', ['--tz', tz], { tz });
    on(`2025-11-01..2025-11-30, ${tz}`, 'daily', ['--tz', tz, '--window', '2025-11-01..2025-11-30'], { tz, window: '2025-11-01..2025-11-30' });
  }
  for (const command of COMMANDS) on(`default ${command}`, command, [], {});
  on('default, by the clock', 'report', [], {}, undefined);
  on('default, by the clock, Chatham', 'versions', ['--tz', 'Pacific/Chatham'], { tz: 'Pacific/Chatham' }, undefined);
  // open ends reach year 0000 or 9999 here: sections without a row per period
  on('open end 2025-11-15..', 'versions', ['--window', '2025-11-15..'], { window: '2025-11-15..' });
  on('open start ..2000-01-01 (Kolkata)', 'upgrades', ['--window', '..2000-01-01', '--tz', 'Asia/Kolkata'], { window: '..2000-01-01', tz: 'Asia/Kolkata' });
  on('none (..) uniques', 'uniques', ['--window', '..'], { window: '..' });
  on('none (..) commands', 'commands', ['--window', '..'], { window: '..' });
  on('none (..) upgrades, Los Angeles', 'upgrades', ['--window', '..', '--tz', 'America/Los_Angeles'], { window: '..', tz: 'America/Los_Angeles' });
  on('with filters inside it', 'report', ['--since', '2025-11-10', '--command', 'init', '--release', '1.*', '--tz', 'Asia/Kolkata'], {
    since: '2025-11-10',
    commandFilter: ['init'],
    versionFilter: ['1.*'],
    tz: 'Asia/Kolkata',
  });
  on('with --since 7d', 'versions', ['--since', '7d', '--window', '2025-11-01..2025-11-27'], { since: '7d', window: '2025-11-01..2025-11-27' });
}

// relative dates, today pinned
for (const s of [seeded[0]!, seeded[1]!]) {
  const env = { BAZINGA_STATS_TODAY: '2025-12-01' };
  const today = '2025-12-01';
  cases.push({
    name: `seed ${s.seed} report --since 30d (Kolkata)`,
    command: 'report',
    flags: ['--since', '30d', '--tz', 'Asia/Kolkata'],
    ...single(s),
    env,
    oracle: { since: '30d', today, tz: 'Asia/Kolkata' },
  });
  cases.push({
    name: `seed ${s.seed} retention --since 30d`,
    command: 'retention',
    flags: ['--since', '30d'],
    ...single(s),
    env,
    oracle: { since: '30d', today },
  });
  cases.push({
    name: `seed ${s.seed} daily --since 2025-11-01 --until 10d (Chatham)`,
    command: 'daily',
    flags: ['--since', '2025-11-01', '--until', '10d', '--tz', 'Pacific/Chatham'],
    ...single(s),
    env,
    oracle: { since: '2025-11-01', until: '10d', today, tz: 'Pacific/Chatham' },
  });
  cases.push({
    name: `seed ${s.seed} uniques --since 1d`,
    command: 'uniques',
    flags: ['--since', '1d'],
    ...single(s),
    env: { BAZINGA_STATS_TODAY: '2025-11-20' },
    oracle: { since: '1d', today: '2025-11-20' },
  });
}

// several files: plain, gzip with a .gz name, multi-member gzip without one, long lines; then stdin
{
  const a = generateTrickyData(4, 600, { bom: true });
  const b = generateTrickyData(5, 500, { noFinalNewline: true });
  const c = generateTrickyData(6, 700, { start: '2025-12-15', days: 40 });
  const d = generateTrickyData(7, 60, { longLines: true });
  const aPath = write('a.jsonl', a.bytes);
  const bPath = write('b.jsonl.gz', gzipSync(b.bytes));
  const half = Math.floor(c.bytes.length / 2);
  const cPath = write('c.log', Buffer.concat([gzipSync(c.bytes.subarray(0, half)), gzipSync(c.bytes.subarray(half))]));
  const dPath = write('d.jsonl', d.bytes);
  const files: OracleFile[] = [
    { name: aPath, bytes: a.bytes },
    { name: bPath, bytes: b.bytes },
    { name: cPath, bytes: c.bytes },
    { name: dPath, bytes: d.bytes },
  ];
  const inputs = [aPath, bPath, cPath, dPath];
  for (const command of COMMANDS) {
    cases.push({
      name: `four files (gzip, multi-member gzip, long lines) ${command}`,
      command,
      flags: [],
      inputs,
      stdin: null,
      oracleFiles: files,
      oracle: {},
    });
  }
  cases.push({
    name: 'four files report --by week Chatham',
    command: 'report',
    flags: ['--by', 'week', '--tz', 'Pacific/Chatham'],
    inputs,
    stdin: null,
    oracleFiles: files,
    oracle: { by: 'week', tz: 'Pacific/Chatham' },
  });
  // the same files in another order: ties between files change sides
  const reversed = [...files].reverse();
  cases.push({
    name: 'four files reversed upgrades',
    command: 'upgrades',
    flags: [],
    inputs: [...inputs].reverse(),
    stdin: null,
    oracleFiles: reversed,
    oracle: {},
  });
  cases.push({
    name: 'four files reversed versions',
    command: 'versions',
    flags: [],
    inputs: [...inputs].reverse(),
    stdin: null,
    oracleFiles: reversed,
    oracle: {},
  });

  const e = generateTrickyData(8, 800, {});
  cases.push({
    name: 'stdin, no file argument: report',
    command: 'report',
    flags: [],
    inputs: [],
    stdin: e.bytes,
    oracleFiles: [{ name: '-', bytes: e.bytes }],
    oracle: {},
  });
  cases.push({
    name: 'stdin as -: daily Kolkata',
    command: 'daily',
    flags: ['--tz', 'Asia/Kolkata'],
    inputs: ['-'],
    stdin: e.bytes,
    oracleFiles: [{ name: '-', bytes: e.bytes }],
    oracle: { tz: 'Asia/Kolkata' },
  });
  cases.push({
    name: 'gzip on stdin: versions',
    command: 'versions',
    flags: [],
    inputs: [],
    stdin: gzipSync(e.bytes),
    oracleFiles: [{ name: '-', bytes: e.bytes }],
    oracle: {},
  });
  cases.push({
    name: 'file, stdin, gzip file: upgrades',
    command: 'upgrades',
    flags: [],
    inputs: [aPath, '-', bPath],
    stdin: e.bytes,
    oracleFiles: [files[0]!, { name: '-', bytes: e.bytes }, files[1]!],
    oracle: {},
  });
  cases.push({
    name: 'file, stdin, gzip file: retention LA',
    command: 'retention',
    flags: ['--tz', 'America/Los_Angeles'],
    inputs: [aPath, '-', bPath],
    stdin: e.bytes,
    oracleFiles: [files[0]!, { name: '-', bytes: e.bytes }, files[1]!],
    oracle: { tz: 'America/Los_Angeles' },
  });
}

// a file of several MiB so 1 MiB reads and gzip output chunks end inside lines, inside \r\n, inside escapes
{
  const big = generateTrickyData(9, 60000, { bom: true, noFinalNewline: true });
  const long = generateTrickyData(10, 200, { longLines: true });
  const bigPath = write('big.jsonl', big.bytes);
  const bigGzPath = write('big.jsonl.gz', gzipSync(big.bytes));
  const longPath = write('long.jsonl', long.bytes);
  const bigFiles: OracleFile[] = [{ name: bigPath, bytes: big.bytes }];
  const both: OracleFile[] = [
    { name: longPath, bytes: long.bytes },
    { name: bigPath, bytes: big.bytes },
    { name: longPath, bytes: long.bytes },
  ];
  for (const command of ['report', 'upgrades', 'retention'] as const) {
    cases.push({ name: `big file ${command}`, command, flags: [], inputs: [bigPath], stdin: null, oracleFiles: bigFiles, oracle: {} });
    cases.push({
      name: `big file ${command} (Los Angeles)`,
      command,
      flags: ['--tz', 'America/Los_Angeles'],
      inputs: [bigPath],
      stdin: null,
      oracleFiles: bigFiles,
      oracle: { tz: 'America/Los_Angeles' },
    });
    cases.push({
      name: `long lines, big file, long lines again: ${command}`,
      command,
      flags: [],
      inputs: [longPath, bigPath, longPath],
      stdin: null,
      oracleFiles: both,
      oracle: {},
    });
  }
  cases.push({
    name: 'big gzip file report --by week (Kolkata)',
    command: 'report',
    flags: ['--by', 'week', '--tz', 'Asia/Kolkata'],
    inputs: [bigGzPath],
    stdin: null,
    oracleFiles: bigFiles,
    oracle: { by: 'week', tz: 'Asia/Kolkata' },
  });
  cases.push({
    name: 'big file on stdin: versions',
    command: 'versions',
    flags: [],
    inputs: ['-'],
    stdin: big.bytes,
    oracleFiles: [{ name: '-', bytes: big.bytes }],
    oracle: {},
  });
}

// small edge files
{
  const ev = (uuid: string, version: string, timestamp: string) => JSON.stringify({ uuid, command: 'init', version, timestamp });
  const U = '12345678-9abc-def0-1234-56789abcdef0';
  const V = 'FEDCBA98-7654-3210-FEDC-BA9876543210';
  const yearZero = [
    ev(U, '0.0.1', '0000-02-29T12:00:00Z'),
    ev(U, '0.0.2', '0000-03-01T00:30:00+01:00'), // 0000-02-29T23:30Z
    ev(V, '0.0.1', '0000-03-06 00:00:00'),
  ].join('\n');
  const yearMax = [
    ev(U, '9.0.0', '9999-12-31T23:59:59.999999999'),
    ev(V, '9.0.0-rc.1', '9999-12-30T10:00:00-08:00'),
    ev(V, '9.0.0', '9999-12-01T00:00:00+14:00'), // 9999-11-30T10:00Z
  ].join('\n');
  // JSON.parse semantics: a lone surrogate escape is a string of its own, not U+FFFD; an escaped pair is the character
  const surrogates = [
    '{"uuid": "12345678-9abc-def0-1234-56789abcdef0", "command": "init", "version": "x\\ud800y", "timestamp": "2025-11-12T10:00:00"}',
    '{"uuid": "12345678-9abc-def0-1234-56789abcdef0", "command": "update", "version": "x\\ufffdy", "timestamp": "2025-11-13T10:00:00"}',
    '{"uuid": "fedcba98-7654-3210-fedc-ba9876543210", "command": "in\\udfffit", "version": "x\\ufffdy", "timestamp": "2025-11-12T11:00:00"}',
    '{"uuid": "fedcba98-7654-3210-fedc-ba9876543210", "command": "update", "version": "\\ud83d\\ude80", "timestamp": "2025-11-14T10:00:00"}',
    '{"uuid": "12345678-9abc-def0-1234-56789abcdef0", "command": "update", "version": "🚀", "timestamp": "2025-11-14T10:00:00"}',
    '{"uuid": "12345678-9abc-def0-1234-56789abcdef0", "command": "update", "version": "x\\ud800y", "timestamp": "2025-11-15T10:00:00"}',
  ].join('\n');
  // more versions (100) and commands (40) than the per-install bit masks hold (64 and 32): the rest go
  // through the pair log, and both must add up the same
  let state = 11;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const hex = (n: number) => n.toString(16).padStart(12, '0');
  const manyKeys = Array.from({ length: 3000 }, () => {
    const install = next(200);
    const day = String(1 + next(28)).padStart(2, '0');
    const hour = String(next(24)).padStart(2, '0');
    return `{"uuid": "00000000-0000-4000-8000-${hex(install)}", "command": "cmd-${next(40)}", "version": "1.${next(100)}.0", "timestamp": "2025-02-${day}T${hour}:00:00"}`;
  }).join('\n');
  const empty = Buffer.from('');
  const onlyBad = Buffer.from('\ufeff\n \n{}\n[1]\n"x"\n\t\n');
  for (const [label, bytes, commands, zones] of [
    ['year 0000', Buffer.from(yearZero), COMMANDS, ['UTC', 'Asia/Kolkata']],
    ['year 9999', Buffer.from(yearMax), COMMANDS, ['UTC', 'America/Los_Angeles']],
    ['lone surrogate escapes', Buffer.from(surrogates), ['report', 'upgrades'], ['UTC']],
    ['100 versions, 40 commands', Buffer.from(manyKeys), COMMANDS, ['UTC']],
    ['empty file', empty, COMMANDS, ['UTC']],
    ['no events', onlyBad, COMMANDS, ['UTC']],
  ] as const) {
    const p = write(`${label.replace(/\s/g, '-')}.jsonl`, bytes);
    for (const tz of zones) {
      for (const command of commands) {
        cases.push({
          name: `${label} ${command} ${tz}`,
          command,
          flags: ['--tz', tz],
          inputs: [p],
          stdin: null,
          oracleFiles: [{ name: p, bytes }],
          oracle: { tz },
        });
      }
    }
    cases.push({
      name: `${label} report --by week`,
      command: 'report',
      flags: ['--by', 'week'],
      inputs: [p],
      stdin: null,
      oracleFiles: [{ name: p, bytes }],
      oracle: { by: 'week' },
    });
    cases.push({
      name: `${label} report --by month`,
      command: 'report',
      flags: ['--by', 'month'],
      inputs: [p],
      stdin: null,
      oracleFiles: [{ name: p, bytes }],
      oracle: { by: 'month' },
    });
    // the default window sets years 0000 and 9999 aside; without one their calendar is compared too
    for (const command of commands) {
      cases.push({
        name: `${label} ${command} --window ..`,
        command,
        flags: ['--window', '..', '--tz', zones[zones.length - 1]!],
        inputs: [p],
        stdin: null,
        oracleFiles: [{ name: p, bytes }],
        oracle: { window: '..', tz: zones[zones.length - 1]! },
      });
    }
  }
  const sevenPath = write('seven.jsonl', Buffer.from(SEVEN));
  for (const tz of ZONES) {
    for (const command of COMMANDS) {
      cases.push({
        name: `seven lines ${command} ${tz}`,
        command,
        flags: ['--tz', tz],
        inputs: [sevenPath],
        stdin: null,
        oracleFiles: [file(SEVEN)],
        oracle: { tz },
      });
    }
  }
}

describe('CLI against the oracle', { concurrency: 3 }, () => {
  for (const c of cases) it(c.name, () => checkCase(c));
});

// =====================================================================================================
// Edge rules first probed here and then decided (README, "The rules"): bad UTF-8 makes a line invalid,
// the 1 MiB limit counts bytes without the trailing \r, retention keeps empty cohort weeks.

describe('edge rules', { concurrency: 2 }, () => {
  it('a line that is not UTF-8 is invalid (not decoded with U+FFFD)', async () => {
    // bytes that are not UTF-8 in a version, a command and an extra field of otherwise valid events
    const line = (version: Buffer, command: Buffer, note: Buffer, seconds: number) =>
      Buffer.concat([
        Buffer.from('{"uuid": "550e8400-e29b-41d4-a716-44665544000' + (seconds % 3) + '", "command": "'),
        command,
        Buffer.from('", "version": "'),
        version,
        Buffer.from(`", "timestamp": "2025-11-12T10:30:0${seconds}", "note": "`),
        note,
        Buffer.from('"}\n'),
      ]);
    const ascii = (s: string) => Buffer.from(s);
    const bytes = Buffer.concat([
      line(ascii('1.0.0'), ascii('init'), ascii('fine'), 0),
      line(Buffer.from([0x31, 0xff]), ascii('init'), ascii(''), 1), // "1" then a byte that is never UTF-8
      line(Buffer.from([0x31, 0xc3]), ascii('init'), ascii(''), 2), // "1" then a cut two-byte sequence
      line(Buffer.from([0x31, 0xed, 0xa0, 0x80]), ascii('update'), ascii(''), 3), // an encoded surrogate
      line(ascii('1.1.0'), Buffer.from([0x69, 0xc0, 0xaf]), ascii(''), 4), // an overlong '/' in the command
      line(ascii('1.2.0'), ascii('update'), Buffer.from([0xfe, 0xfe]), 5), // only an extra field
    ]);
    const p = write('not-utf8.jsonl', bytes);
    const c: Case = { name: 'utf8', command: 'report', flags: [], inputs: [p], stdin: null, oracleFiles: [{ name: p, bytes }], oracle: {} };
    try {
      await checkCase(c, 'invalid');
    } catch (error) {
      let replaces = false;
      try {
        await checkCase(c, 'replace');
        replaces = true;
      } catch {
        // neither reading
      }
      throw new Error(replaces ? 'the CLI decodes bad UTF-8 with U+FFFD (oracle: invalid line)' : `matches neither reading: ${String(error)}`);
    }
  });

  it('1 MiB: a line of exactly 1,048,576 bytes is fine, one more byte is not; a trailing \\r is not counted', async () => {
    const head = '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "init", "version": "1.0.0", "timestamp": "2025-11-12T10:30:45", "pad": "';
    const line = (size: number) => head + 'x'.repeat(size - head.length - 2) + '"}';
    const bytes = Buffer.from([line(1024 * 1024), line(1024 * 1024 + 1), line(1024 * 1024) + '\r', line(1024 * 1024 - 1) + '\r'].join('\n') + '\n');
    const p = write('mib.jsonl', bytes);
    await checkCase({ name: 'mib', command: 'uniques', flags: [], inputs: [p], stdin: null, oracleFiles: [{ name: p, bytes }], oracle: {} });
  });

  it('retention has a row of zeros for a week in which no install was first seen', async () => {
    const ev = (uuid: string, timestamp: string) => JSON.stringify({ uuid, command: 'init', version: '1.0.0', timestamp });
    const bytes = Buffer.from(
      [
        ev('dddddddd-0000-4000-8000-000000000001', '2025-11-10T00:00:00'),
        ev('dddddddd-0000-4000-8000-000000000001', '2025-11-25T00:00:00'),
        ev('eeeeeeee-0000-4000-8000-000000000002', '2025-12-02T00:00:00'),
      ].join('\n'),
    );
    const p = write('gap-week.jsonl', bytes);
    await checkCase({ name: 'gap', command: 'retention', flags: [], inputs: [p], stdin: null, oracleFiles: [{ name: p, bytes }], oracle: {} });
  });

  it('exclude-installs lines are trimmed (CRLF, spaces)', async () => {
    const data = seeded[0]!.data;
    const lines = [`  ${data.installs[0]!}  `, `${data.installs[1]!}\r`, `\t${data.installs[2]!.toUpperCase()}`];
    const p = write('exclude-crlf.txt', Buffer.from(lines.join('\n')));
    await checkCase({ name: 'exclude', command: 'uniques', flags: ['--exclude-installs', p], ...single(seeded[0]!), oracle: { excludeInstalls: lines } });
  });
});
