// The rules that define the numbers (issue 2, "The rules", and the lead's decisions in "Definitions"), one
// test per rule, each named after it and run through the built CLI with `--format json`. Inputs are tiny
// and written here, so each test shows the rule it pins.
//
// A trick used throughout: when a test asks "which of these lines are events?", each line carries its case
// name as its `version`, so the `versions` section of the report lists exactly the lines that were accepted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createGzip, gzipSync } from 'node:zlib';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const dir = scratchDir();

const A = '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41';
const B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const C = 'e4d909c2-90d0-4b1a-a3f6-58c2e1b7d930';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** An event in the collector's exact form. */
const ev = (uuid: string, timestamp: string, version = '1.0.0', command = 'update') => eventLine(uuid, command, version, timestamp);

let inputs = 0;
/** Writes `content` to a new file in the scratch directory and returns its name (relative to `dir`). */
function input(content: string | Buffer, name = `in-${++inputs}.jsonl`): string {
  writeInput(dir, name, content);
  return name;
}

/** `report --format json` over the given contents, one file each, run in the scratch directory. */
function report(contents: (string | Buffer)[], flags: string[] = []) {
  const names = contents.map((c) => input(c));
  return runJson(['report', ...flags, ...names], { cwd: dir });
}

/** The versions the report counted, i.e. the case names of the lines that were events. */
const acceptedCases = (json: any): string[] => json.versions.map((v: { version: string }) => v.version).sort();

const days = (json: any) => json.daily.map((d: any) => [d.date, d.events]);

/** The stderr lines that report an invalid line (`FILE:LINE: reason`). */
const invalidMessages = (stderr: string) => stderr.split('\n').filter((l) => /^[^\s:]+:\d+: /.test(l));

// ---- lines ---------------------------------------------------------------------------------------------

test('lines are split on \\n (and only on \\n: a lone \\r or U+2028 does not end a line)', () => {
  const { json } = report([
    [ev(A, '2025-11-12T10:00:00', 'one'), ev(B, '2025-11-12T11:00:00', 'two'), ev(C, '2025-11-12T12:00:00', 'three')].join('\n') + '\n',
    // one line with a \r in the middle: not two lines, and not JSON either
    ev(A, '2025-11-12T10:00:00', 'cr-a') + '\r' + ev(B, '2025-11-12T10:00:00', 'cr-b') + '\n',
    // U+2028 is a line separator to some tools, but only an ordinary character inside a JSON string
    JSON.stringify({ uuid: A, command: 'up\u2028date', version: 'ls', timestamp: '2025-11-12T10:00:00' }) + '\n',
  ]);
  assert.deepEqual(json.input, { files: 3, lines: 5, events: 4, blank: 0, invalid: 1, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['ls', 'one', 'three', 'two']);
});

test('a trailing \\r is dropped (CRLF files read like LF files)', () => {
  const lf = [ev(A, '2025-11-12T10:00:00'), '', ev(B, '2025-11-13T10:00:00')].join('\n') + '\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  const plain = report([lf]).json;
  const windows = report([crlf]).json;
  assert.deepEqual(windows, plain);
  assert.deepEqual(windows.input, { files: 1, lines: 3, events: 2, blank: 1, invalid: 0, outside: 0, filtered: 0 });
});

test('only one trailing \\r is dropped: a line of "\\r" alone is not blank', () => {
  // "\r\r\n" leaves "\r": not spaces/tabs, not JSON → invalid. (JSON.parse accepts "\r" as whitespace
  // around a value, so an event followed by "\r\r" is still an event.)
  const { json } = report(['\r\r\n' + ev(A, '2025-11-12T10:00:00', 'cr-cr') + '\r\r\n']);
  assert.deepEqual(json.input, { files: 1, lines: 2, events: 1, blank: 0, invalid: 1, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['cr-cr']);
});

test('a UTF-8 BOM at the start of a file is ignored, in every file, and only at the start', () => {
  const first = Buffer.concat([BOM, Buffer.from(ev(A, '2025-11-12T10:00:00', 'bom-first') + '\n')]);
  const second = Buffer.concat([
    BOM,
    Buffer.from(ev(B, '2025-11-12T10:00:00', 'bom-second') + '\n'),
    // a BOM in the middle of a file is not a BOM at the start: the line is not JSON
    BOM,
    Buffer.from(ev(C, '2025-11-12T10:00:00', 'bom-middle') + '\n'),
  ]);
  const blankAfterBom = Buffer.concat([BOM, Buffer.from('\n')]);
  const onlyBom = BOM;
  const { json } = report([first, second, blankAfterBom, onlyBom]);
  assert.deepEqual(json.input, { files: 4, lines: 4, events: 2, blank: 1, invalid: 1, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['bom-first', 'bom-second']);
});

test('a last line without \\n still counts (and an empty file has no lines)', () => {
  const { json } = report([ev(A, '2025-11-12T10:00:00', 'first') + '\n' + ev(B, '2025-11-12T10:00:00', 'no-newline'), 'not json, no newline', '', '\n']);
  assert.deepEqual(json.input, { files: 4, lines: 4, events: 2, blank: 1, invalid: 1, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['first', 'no-newline']);
});

test('a line of only spaces/tabs is blank: counted, not invalid', () => {
  const blanks = ['', ' ', '\t', '  \t \t  ', ' \r'];
  // other white space is not "spaces/tabs": these are invalid lines
  const notBlank = ['\v', '\f', '\u00a0', '\u3000'];
  const { json, stderr } = report([[...blanks, ...notBlank, ev(A, '2025-11-12T10:00:00')].join('\n') + '\n'], ['--strict']);
  assert.deepEqual(json.input, { files: 1, lines: 10, events: 1, blank: 5, invalid: 4, outside: 0, filtered: 0 });
  assert.deepEqual(
    invalidMessages(stderr).map((l) => l.split(':')[1]),
    ['6', '7', '8', '9'],
    'only the non-space white-space lines are reported',
  );
});

test('blank lines alone never fail --strict', () => {
  const name = input(['', ' ', '\t', ev(A, '2025-11-12T10:00:00'), ''].join('\n') + '\n');
  const result = runCli(['report', '--strict', '--format', 'json', name], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.equal(JSON.parse(result.stdout).input.blank, 4);
});

// ---- events: strict JSON -------------------------------------------------------------------------------

test('an event is strict JSON (JSON.parse semantics): anything JSON.parse rejects is invalid', () => {
  const fields = `"uuid": "${A}", "command": "init", "version": "1.0.0", "timestamp": "2025-11-12T10:00:00"`;
  const notJson = [
    `{${fields},}`, // trailing comma
    `{${fields}, "extra": NaN}`,
    `{${fields}, "extra": Infinity}`,
    `{${fields}, "extra": undefined}`,
    `{'uuid': '${A}', 'command': 'init', 'version': '1.0.0', 'timestamp': '2025-11-12T10:00:00'}`, // single quotes
    `{uuid: "${A}", "command": "init", "version": "1.0.0", "timestamp": "2025-11-12T10:00:00"}`, // bare key
    `{${fields}} // a comment`,
    `{${fields}}}`,
    `{${fields}} {${fields}}`, // two objects on one line
    `{${fields}`, // cut short
    `{${fields}, "extra": 0x10}`,
    `{${fields}, "extra": 01}`,
    `{${fields}, "extra": "tab\there"}`, // a raw control character inside a string
  ];
  const notAnObject = [`[{${fields}}]`, `"{${fields}}"`, '42', 'null', 'true', '[]'];
  const { json } = report([[...notJson, ...notAnObject].join('\n') + '\n']);
  assert.deepEqual(json.input, { files: 1, lines: 19, events: 0, blank: 0, invalid: 19, outside: 0, filtered: 0 });
});

test('JSON white space and escapes are JSON.parse semantics: spacing, key order and \\u escapes do not matter', () => {
  const lines = [
    `{"uuid":"${A}","command":"init","version":"compact","timestamp":"2025-11-12T10:00:00"}`,
    `{"timestamp": "2025-11-12T10:00:00", "version": "reordered", "command": "init", "uuid": "${A}"}`,
    `\t{ "uuid" :\t"${A}" , "command" : "init" , "version" : "tabs" , "timestamp" : "2025-11-12T10:00:00" }\t`,
    `  {"uuid": "${A}", "command": "init", "version": "indented", "timestamp": "2025-11-12T10:00:00"}  `,
    // \u0033 is "3", \u0054 is "T", \u0069 is "i": the decoded strings are what count
    `{"uuid": "\\u0033f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41", "command": "\\u0069nit", "version": "escaped", "timestamp": "2025-11-12\\u005410:00:00"}`,
    `{"uu\\u0069d": "${A}", "command": "init", "version": "escaped-key", "timestamp": "2025-11-12T10:00:00"}`,
    `{"uuid": "${A}", "command": "init", "version": "caf\u00e9 \u2603", "timestamp": "2025-11-12T10:00:00"}`,
  ];
  const { json } = report([lines.join('\n') + '\n']);
  assert.deepEqual(json.input, { files: 1, lines: 7, events: 7, blank: 0, invalid: 0, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['caf\u00e9 \u2603', 'compact', 'escaped', 'escaped-key', 'indented', 'reordered', 'tabs']);
  assert.equal(json.uniques, 1);
  assert.deepEqual(json.commands, [{ command: 'init', events: 7, installs: 1 }]);
});

test('duplicate keys: the last one wins', () => {
  const lines = [
    // the bad uuid comes first and is overwritten by a good one: an event
    `{"uuid": "not-a-uuid", "command": "init", "version": "first-bad", "timestamp": "2025-11-12T10:00:00", "uuid": "${A}"}`,
    // a good uuid overwritten by a bad one: invalid
    `{"uuid": "${B}", "command": "init", "version": "last-bad", "timestamp": "2025-11-12T10:00:00", "uuid": "nope"}`,
    // the version that counts is the last one
    `{"uuid": "${C}", "command": "init", "version": "shadowed", "timestamp": "2025-11-12T10:00:00", "version": "last-version"}`,
    // a later duplicate timestamp moves the event to another day
    `{"uuid": "${C}", "command": "update", "version": "moved", "timestamp": "2025-11-12T10:00:00", "timestamp": "2025-11-14T10:00:00"}`,
    // a later null makes the field not a string
    `{"uuid": "${C}", "command": "init", "version": "nulled", "timestamp": "2025-11-12T10:00:00", "command": null}`,
  ];
  const { json } = report([lines.join('\n') + '\n']);
  assert.deepEqual(json.input, { files: 1, lines: 5, events: 3, blank: 0, invalid: 2, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['first-bad', 'last-version', 'moved']);
  assert.deepEqual(days(json), [
    ['2025-11-12', 2],
    ['2025-11-13', 0],
    ['2025-11-14', 1],
  ]);
});

test('extra fields are ignored, nested objects and arrays included', () => {
  const base = { uuid: A, command: 'init', timestamp: '2025-11-12T10:00:00' };
  const lines = [
    { ...base, version: 'extra-string', os: 'linux', python: '3.12.1' },
    { ...base, version: 'extra-nested', env: { ci: true, runner: { name: 'gha', cores: [1, 2] } }, tags: ['a', { b: null }] },
    { ...base, version: 'extra-number', pid: 1234, ratio: 1.5e300, ok: false, nothing: null },
    // "__proto__" is an ordinary key to JSON.parse: it is an extra field, and a "command" inside it is not
    { ...base, version: 'extra-proto', ['__proto__']: { evil: true } },
  ].map((o) => JSON.stringify(o));
  lines.push(`{"uuid": "${A}", "version": "proto-command", "timestamp": "2025-11-12T10:00:00", "__proto__": {"command": "init"}}`);
  const { json } = report([lines.join('\n') + '\n']);
  assert.deepEqual(json.input, { files: 1, lines: 5, events: 4, blank: 0, invalid: 1, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['extra-nested', 'extra-number', 'extra-proto', 'extra-string']);
});

test('uuid, command, version and timestamp must be non-empty strings', () => {
  const good = { uuid: A, command: 'init', version: '1.0.0', timestamp: '2025-11-12T10:00:00' };
  const lines: string[] = [];
  for (const field of Object.keys(good) as (keyof typeof good)[]) {
    const { [field]: _dropped, ...missing } = good;
    lines.push(JSON.stringify(missing));
    for (const bad of [null, '', 42, true, [], {}, [good[field]], { value: good[field] }]) {
      lines.push(JSON.stringify({ ...good, [field]: bad }));
    }
  }
  // controls: a single space is a non-empty string; so is any odd command name
  lines.push(JSON.stringify({ ...good, command: ' ', version: 'space-command' }));
  lines.push(JSON.stringify({ ...good, command: 'weird command / ü', version: 'odd-command' }));
  const { json } = report([lines.join('\n') + '\n']);
  assert.deepEqual(json.input, { files: 1, lines: 38, events: 2, blank: 0, invalid: 36, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['odd-command', 'space-command']);
});

// ---- events: uuid --------------------------------------------------------------------------------------

test('uuid has the form 8-4-4-4-12 hex digits, any case', () => {
  const valid: Record<string, string> = {
    lower: A,
    upper: A.toUpperCase(),
    mixed: '3F2b8C1e-9D4a-4E6b-8F1c-2A7d5E9b0C41',
    nil: '00000000-0000-0000-0000-000000000000',
    max: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'not-v4': '6fa459ea-ee8a-3ca4-894e-db77e160355e', // the form is checked, not the uuid version
  };
  const invalid: Record<string, string> = {
    braces: `{${A}}`,
    urn: `urn:uuid:${A}`,
    'no-dashes': A.replace(/-/g, ''),
    'dashes-moved': '3f2b8c1e9-d4a-4e6b-8f1c-2a7d5e9b0c41',
    'non-hex': '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c4g',
    short: A.slice(0, -1),
    long: A + '0',
    'leading-space': ' ' + A.slice(1),
    'trailing-space': A.slice(0, -1) + ' ',
    underscores: A.replace(/-/g, '_'),
    'fullwidth-digit': A.slice(0, -1) + '\uff11',
    'five-groups-wrong': '3f2b8c1-e9d4a-4e6b-8f1c-2a7d5e9b0c41',
  };
  const lines = [
    ...Object.entries(valid).map(([name, uuid]) => ev(uuid, '2025-11-12T10:00:00', name)),
    ...Object.entries(invalid).map(([name, uuid]) => ev(uuid, '2025-11-12T10:00:00', name)),
  ];
  const { json } = report([lines.join('\n') + '\n']);
  assert.deepEqual(acceptedCases(json), Object.keys(valid).sort());
  assert.equal(json.input.invalid, Object.keys(invalid).length);
});

test('installs are uuids compared case-insensitively (the lowercase form)', () => {
  const lines = [
    ev(A, '2025-11-12T10:00:00', '1.0.0', 'init'),
    ev(A.toUpperCase(), '2025-11-13T10:00:00', '1.1.0'),
    ev('3F2b8C1e-9D4a-4E6b-8F1c-2A7d5E9b0C41', '2025-11-14T10:00:00', '1.1.0'),
    ev(B.toUpperCase(), '2025-11-14T11:00:00', '1.1.0', 'init'),
  ];
  // the same install in two files, in two cases
  const { json } = report([lines.join('\n') + '\n', ev(B, '2025-11-15T10:00:00', '1.1.0') + '\n']);
  assert.equal(json.uniques, 2);
  assert.deepEqual(
    json.daily.map((d: any) => [d.date, d.installs, d.new, d.total]),
    [
      ['2025-11-12', 1, 1, 1],
      ['2025-11-13', 1, 0, 1],
      ['2025-11-14', 2, 1, 2],
      ['2025-11-15', 1, 0, 2],
    ],
  );
  assert.deepEqual(
    json.versions.map((v: any) => [v.version, v.events, v.installs, v.current]),
    [
      ['1.1.0', 4, 2, 2],
      ['1.0.0', 1, 1, 0],
    ],
  );
  assert.deepEqual(json.commands, [
    { command: 'update', events: 3, installs: 2 },
    { command: 'init', events: 2, installs: 2 },
  ]);
});

// ---- events: timestamp ---------------------------------------------------------------------------------

test('timestamp is YYYY-MM-DD[T or space]HH:MM:SS[.1-9 digits][Z or ±HH:MM], a real date and time', () => {
  const valid = [
    '2025-11-12T10:30:45',
    ...Array.from({ length: 9 }, (_, n) => `2025-11-12T10:30:45.${'123456789'.slice(0, n + 1)}`),
    '2025-11-12T10:30:45.000000000',
    '2025-11-12T10:30:45Z',
    '2025-11-12T10:30:45.123456Z',
    '2025-11-12T10:30:45+05:30',
    '2025-11-12T10:30:45-08:00',
    '2025-11-12T10:30:45+00:00',
    '2025-11-12T10:30:45-00:00',
    '2025-11-12T10:30:45.5+23:59',
    '2025-11-12T10:30:45-23:59',
    '2025-11-12 10:30:45',
    '2025-11-12 10:30:45.123Z',
    '2025-11-12 10:30:45-03:00',
    '2024-02-29T12:00:00', // leap year
    '2000-02-29T12:00:00', // divisible by 400: leap
    '2025-11-12T00:00:00',
    '2025-11-12T23:59:59.999999999',
    '2025-12-31T23:59:59',
    '2025-01-31T12:00:00',
    '2025-04-30T12:00:00',
  ];
  const invalid = [
    '2025-11-12T10:30:45.1234567890', // 10 fraction digits
    '2025-11-12T10:30:45.', // a dot and no digits
    '2025-11-12T10:30:45,123', // comma fraction
    '2025-11-12t10:30:45', // lowercase t
    '2025-11-12T10:30:45z', // lowercase z
    '2025-11-12T24:00:00', // hour 24
    '2025-11-12T10:60:00',
    '2025-11-12T23:59:60', // no leap seconds
    '2025-02-29T12:00:00', // not a leap year
    '1900-02-29T12:00:00', // divisible by 100, not 400: not leap
    '2025-04-31T12:00:00',
    '2025-00-12T12:00:00',
    '2025-13-12T12:00:00',
    '2025-11-00T12:00:00',
    '2025-11-32T12:00:00',
    '2025-11-12T10:30:45+0530', // offset without colon
    '2025-11-12T10:30:45+05', // offset without minutes
    '2025-11-12T10:30:45+24:00',
    '2025-11-12T10:30:45+05:60',
    '2025-11-12T10:30:45Z+01:00',
    '2025-11-12T10:30:45 Z',
    '2025-11-12T10:30:45 UTC',
    '2025-11-12T10:30:45GMT',
    '2025-11-12',
    '2025-11-12T10:30',
    '2025-11-12T10:30:45.123456+5:30',
    '2025-1-12T10:30:45',
    '2025-11-12T1:30:45',
    '12025-11-12T10:30:45',
    ' 2025-11-12T10:30:45',
    '2025-11-12T10:30:45 ',
    '2025-11-12_10:30:45',
    '2025/11/12T10:30:45',
    '20251112T103045',
    '2025-11-12T10:30:45.12345678901234567890',
    '\uff12025-11-12T10:30:45', // a fullwidth digit
  ];
  const lines = [...valid, ...invalid].map((ts) => ev(A, ts, `ts ${ts}`));
  const { json } = report([lines.join('\n') + '\n']);
  assert.deepEqual(acceptedCases(json), valid.map((ts) => `ts ${ts}`).sort());
  assert.equal(json.input.invalid, invalid.length);
});

test('any 4-digit year 0000-9999 is a calendar year (proleptic Gregorian; year 0 is a leap year)', () => {
  const valid = ['0000-02-29T12:00:00', '0001-01-01T00:00:00', '1582-10-10T12:00:00', '9999-12-31T23:59:59.999999999'];
  const invalid = ['0100-02-29T12:00:00', '-001-01-01T00:00:00'];
  const lines = [...valid, ...invalid].map((ts) => ev(A, ts, `ts ${ts}`));
  // --window ..: years outside the default time window are still events (the grammar is the subject here)
  const { json } = runJson(['versions', '--window', '..', input(lines.join('\n') + '\n')], { cwd: dir });
  assert.deepEqual(acceptedCases(json), valid.map((ts) => `ts ${ts}`).sort());
  assert.equal(json.input.invalid, invalid.length);
});

test('a timestamp without an offset is UTC; one with an offset (or Z) is converted', () => {
  const cases: [string, string][] = [
    ['2025-11-12T23:59:59.999999999', '2025-11-12'], // no rounding into the next day
    ['2025-11-12T23:59:59Z', '2025-11-12'],
    ['2025-11-12T23:30:00-05:00', '2025-11-13'], // 04:30 UTC next day
    ['2025-11-13T01:00:00+05:30', '2025-11-12'], // 19:30 UTC the day before
    ['2025-11-13T05:29:59+05:30', '2025-11-12'],
    ['2025-11-13T05:30:00+05:30', '2025-11-13'],
    ['2025-12-31T23:00:00-01:00', '2026-01-01'], // into the next year
    ['2024-03-01T00:30:00+01:00', '2024-02-29'], // back onto a leap day
    ['2025-11-12 18:00:00-08:00', '2025-11-13'],
  ];
  for (const [timestamp, day] of cases) {
    const { json } = runJson(['daily', input(ev(A, timestamp) + '\n')], { cwd: dir });
    assert.deepEqual(days(json), [[day, 1]], timestamp);
  }
});

test('the day of an event is its calendar date in --tz (America/Los_Angeles, Asia/Kolkata)', () => {
  const name = input(
    [
      ev(A, '2025-11-12T05:00:00'), // LA 2025-11-11 21:00, Kolkata 10:30
      ev(B, '2025-11-12T20:00:00'), // LA 12:00, Kolkata 2025-11-13 01:30
      ev(C, '2025-11-12T18:29:59Z'), // Kolkata 23:59:59
      ev(C, '2025-11-12T18:30:00+00:00'), // Kolkata 2025-11-13 00:00:00
    ].join('\n') + '\n',
  );
  const byZone: Record<string, [string, number][]> = {
    UTC: [['2025-11-12', 4]],
    'America/Los_Angeles': [
      ['2025-11-11', 1],
      ['2025-11-12', 3],
    ],
    'Asia/Kolkata': [
      ['2025-11-12', 2],
      ['2025-11-13', 2],
    ],
  };
  const inputs = new Set<string>();
  for (const [tz, expected] of Object.entries(byZone)) {
    const { json } = runJson(['report', '--tz', tz, name], { cwd: dir });
    assert.deepEqual(days(json), expected, tz);
    assert.equal(json.uniques, 3, tz);
    inputs.add(JSON.stringify(json.input));
  }
  assert.equal(inputs.size, 1, '--tz changes days, never which lines are events');
});

test('--tz cuts days by the zone offset in force at each instant (a DST change in America/Los_Angeles)', () => {
  // DST ended 2025-11-02 at 09:00 UTC (02:00 PDT → 01:00 PST): midnight is 07:00 UTC before, 08:00 UTC after.
  const name = input(
    [
      ev(A, '2025-11-02T06:59:59'), // 2025-11-01 23:59:59 PDT
      ev(A, '2025-11-02T07:00:00'), // 2025-11-02 00:00:00 PDT
      ev(B, '2025-11-03T07:59:59.999999999'), // 2025-11-02 23:59:59.999… PST
      ev(B, '2025-11-03T08:00:00'), // 2025-11-03 00:00:00 PST
    ].join('\n') + '\n',
  );
  const { json } = runJson(['daily', '--tz', 'America/Los_Angeles', name], { cwd: dir });
  assert.deepEqual(days(json), [
    ['2025-11-01', 1],
    ['2025-11-02', 2],
    ['2025-11-03', 1],
  ]);
  const utc = runJson(['daily', name], { cwd: dir }).json;
  assert.deepEqual(days(utc), [
    ['2025-11-02', 2],
    ['2025-11-03', 2],
  ]);
});

test('--tz: a day label outside years 0000-9999 is still a well-formed date', () => {
  // the first and last instants of the timestamp grammar, moved out of it by the zone
  const cases: [string, string, string][] = [
    ['0000-01-01T00:00:00', 'America/Los_Angeles', '-0001-12-31'],
    ['9999-12-31T23:59:59', 'Asia/Kolkata', '10000-01-01'],
  ];
  for (const [timestamp, tz, day] of cases) {
    const { json } = runJson(['daily', '--window', '..', '--tz', tz, input(ev(A, timestamp) + '\n')], { cwd: dir });
    assert.equal(json.daily.length, 1, timestamp);
    assert.match(json.daily[0].date, /^[+-]?\d{4,}-\d{2}-\d{2}$/, timestamp);
    assert.equal(Number(json.daily[0].date.slice(0, -6)), Number(day.slice(0, -6)), `${timestamp} in ${tz}: the year`);
    assert.equal(json.daily[0].date.slice(-5), day.slice(-5), `${timestamp} in ${tz}: month and day`);
  }
});

// ---- daily ---------------------------------------------------------------------------------------------

test('daily covers every day from the first to the last event day, with zero rows between', () => {
  const { json } = report([[ev(A, '2025-11-14T10:00:00'), ev(B, '2025-11-10T10:00:00'), ev(B, '2025-11-14T11:00:00')].join('\n') + '\n']);
  assert.deepEqual(json.daily, [
    // the data runs from 10:00 on the first day to 11:00 on the last: both are partial
    { date: '2025-11-10', events: 1, installs: 1, new: 1, returning: 0, resurrecting: 0, dormant: 0, total: 1, partial: true },
    { date: '2025-11-11', events: 0, installs: 0, new: 0, returning: 0, resurrecting: 0, dormant: 1, total: 1, partial: false },
    { date: '2025-11-12', events: 0, installs: 0, new: 0, returning: 0, resurrecting: 0, dormant: 0, total: 1, partial: false },
    { date: '2025-11-13', events: 0, installs: 0, new: 0, returning: 0, resurrecting: 0, dormant: 0, total: 1, partial: false },
    { date: '2025-11-14', events: 2, installs: 2, new: 1, returning: 0, resurrecting: 1, dormant: 0, total: 2, partial: true },
  ]);
});

test('daily zero rows run across month ends, year ends and leap days', () => {
  const spans: [string, string, number][] = [
    ['2025-12-30T12:00:00', '2026-01-02T12:00:00', 4],
    ['2024-02-28T12:00:00', '2024-03-01T12:00:00', 3],
    ['2025-02-28T12:00:00', '2025-03-01T12:00:00', 2],
    ['2025-01-31T12:00:00', '2025-03-01T12:00:00', 30],
  ];
  for (const [first, last, rows] of spans) {
    const { json } = runJson(['daily', input([ev(A, last), ev(A, first)].join('\n') + '\n')], { cwd: dir });
    assert.equal(json.daily.length, rows, `${first} … ${last}`);
    assert.equal(json.daily[0].date, first.slice(0, 10));
    assert.equal(json.daily.at(-1).date, last.slice(0, 10));
    const dates = json.daily.map((d: any) => d.date);
    assert.deepEqual(dates, [...dates].sort(), 'ascending');
    assert.equal(new Set(dates).size, rows, 'no day twice');
  }
});

test('daily of an input without events is empty', () => {
  const { json } = report(['', '\n \n', 'garbage\n']);
  assert.deepEqual(json.daily, []);
  assert.equal(json.uniques, 0);
  assert.deepEqual(json.versions, []);
  assert.deepEqual(json.commands, []);
  assert.equal(json.latest, null);
});

test('new counts an install on the day of its earliest timestamp across all input, files in any order', () => {
  const later = [ev(A, '2025-11-20T10:00:00'), ev(B, '2025-11-15T10:00:00'), ev(B, '2025-11-12T09:00:00')].join('\n') + '\n';
  const earlier = [ev(A, '2025-11-10T10:00:00'), ev(C, '2025-11-18T10:00:00'), ev(C, '2025-11-18T09:59:59.999999999Z')].join('\n') + '\n';
  const newByDay = (json: any) => json.daily.filter((d: any) => d.new > 0).map((d: any) => [d.date, d.new]);
  const expected = [
    ['2025-11-10', 1],
    ['2025-11-12', 1],
    ['2025-11-18', 1],
  ];
  assert.deepEqual(newByDay(report([later, earlier]).json), expected);
  assert.deepEqual(newByDay(report([earlier, later]).json), expected);
  // the earliest timestamp is by instant, offsets included: 2025-11-13T01:00+05:30 is 2025-11-12 UTC
  const offset = report([ev(A, '2025-11-12T22:00:00') + '\n' + ev(A, '2025-11-13T01:00:00+05:30') + '\n']).json;
  assert.deepEqual(newByDay(offset), [['2025-11-12', 1]]);
});

// ---- invalid lines -------------------------------------------------------------------------------------

test('invalid lines go to stderr as FILE:LINE: reason, never to stdout', () => {
  const first = Buffer.concat([BOM, Buffer.from(['SECRET-LINE-1', '', ev(A, '2025-11-12T10:00:00'), '{"uuid": "SECRET-LINE-4"}'].join('\r\n') + '\r\n')]);
  const second = [ev(B, '2025-11-12T10:00:00'), ' ', "{'SECRET-LINE-3': 1}"].join('\n'); // no final \n
  const a = input(first, 'first.jsonl');
  const b = input(second, 'second.jsonl');
  for (const format of ['json', 'csv', 'markdown', 'table']) {
    const result = runCli(['report', '--format', format, a, b], { cwd: dir });
    assert.equal(result.code, 0, format);
    assert.doesNotMatch(result.stdout, /SECRET|first\.jsonl|second\.jsonl/, `${format}: nothing of the invalid lines on stdout`);
    assert.deepEqual(
      invalidMessages(result.stderr).map((l) => l.slice(0, l.indexOf(': '))),
      ['first.jsonl:1', 'first.jsonl:4', 'second.jsonl:3'],
      format,
    );
    for (const message of invalidMessages(result.stderr)) assert.match(message, /^\S+:\d+: \S.*$/, 'a reason follows');
  }
});

test('invalid lines: the first 10 are listed, then a count of all of them', () => {
  const lines = Array.from({ length: 250 }, (_, i) => (i % 50 === 0 ? ev(A, '2025-11-12T10:00:00') : `bad line ${i + 1}`));
  const name = input(lines.join('\n') + '\n', 'many-bad.jsonl');
  const { json, stderr, code } = runJson(['uniques', name], { cwd: dir });
  assert.equal(code, 0);
  assert.deepEqual(json.input, { files: 1, lines: 250, events: 5, blank: 0, invalid: 245, outside: 0, filtered: 0 });
  const listed = invalidMessages(stderr);
  // the contract (README, "Invalid lines"): the first 10, then the count line says how many were not shown
  assert.equal(listed.length, 10, `the first 10 of 245 are listed: ${listed.length}`);
  assert.deepEqual(
    listed.map((l) => l.split(':')[1]),
    lines
      .map((_, i) => String(i + 1))
      .filter((_, i) => i % 50 !== 0)
      .slice(0, listed.length),
    'the first ones, in order, with their line numbers',
  );
  const rest = stderr.split('\n').filter((l) => l !== '' && !invalidMessages(l).length);
  assert.deepEqual(rest, ['bazinga-stats: 245 of 250 lines invalid (first 10 shown)'], 'one count line, of all of them');
});

test('invalid lines from stdin are named <stdin>', () => {
  const result = runCli(['uniques', '--format', 'json'], { input: ev(A, '2025-11-12T10:00:00') + '\nnope\n' });
  assert.equal(result.code, 0);
  // the contract (README, "Usage"): in messages stdin is called `<stdin>`
  assert.deepEqual(invalidMessages(result.stderr), ['<stdin>:2: not valid JSON']);
});

test('a line longer than 1 MiB is invalid; a line of exactly 1 MiB is not', () => {
  const MiB = 1024 * 1024;
  /** a valid event padded with an extra field to exactly `bytes` bytes */
  const padded = (bytes: number, version: string) => {
    const short = JSON.stringify({ uuid: A, command: 'init', version, timestamp: '2025-11-12T10:00:00', pad: '' });
    const line = JSON.stringify({ uuid: A, command: 'init', version, timestamp: '2025-11-12T10:00:00', pad: 'x'.repeat(bytes - short.length) });
    assert.equal(Buffer.byteLength(line), bytes);
    return line;
  };
  const name = input(
    [padded(MiB, 'exactly-1MiB'), padded(MiB + 1, 'over-by-one'), ev(B, '2025-11-12T10:00:00', 'after'), 'x', padded(3 * MiB, 'three-MiB')].join('\n'),
    'long-lines.jsonl',
  );
  const { json, stderr } = runJson(['report', name], { cwd: dir });
  assert.deepEqual(json.input, { files: 1, lines: 5, events: 2, blank: 0, invalid: 3, outside: 0, filtered: 0 });
  assert.deepEqual(acceptedCases(json), ['after', 'exactly-1MiB']);
  assert.deepEqual(
    invalidMessages(stderr).map((l) => l.slice(0, l.indexOf(': '))),
    ['long-lines.jsonl:2', 'long-lines.jsonl:4', 'long-lines.jsonl:5'],
  );
  assert.ok(stderr.length < 10_000, 'the long line itself is not echoed');
});

test('a line longer than 1 MiB is not held in memory whole (a 256 MiB line, gzipped)', async () => {
  // 256 MiB of "x" compresses to ~1 MiB. Built as a stream so that this process never holds the line either.
  const gzip = createGzip({ level: 1 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const MiB = Buffer.alloc(1024 * 1024, 0x78);
  for (let i = 0; i < 256; i++) if (!gzip.write(MiB)) await once(gzip, 'drain');
  gzip.end('\n' + ev(A, '2025-11-12T10:00:00') + '\n');
  await once(gzip, 'end');
  const name = input(Buffer.concat(parts), 'one-huge-line.jsonl.gz');
  // The CLI samples its own resident memory and reports the peak on stderr as it exits. (Not the kernel's
  // maxRSS: on Linux that is inherited from the forking parent, i.e. from the test runner.)
  const probe =
    'data:text/javascript,import {writeSync} from "node:fs"; let peak = 0; const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the probe's source, with a template literal of its own
    ' setInterval(sample, 2).unref(); process.on("exit", () => { sample(); writeSync(2, `peakRSS=${peak}\\n`); });';
  const { json, stderr } = runJson(['uniques', name], { cwd: dir, nodeArgs: ['--import', probe] });
  assert.deepEqual(json.input, { files: 1, lines: 2, events: 1, blank: 0, invalid: 1, outside: 0, filtered: 0 });
  const peak = Number(/peakRSS=(\d+)/.exec(stderr)?.[1]);
  assert.ok(peak > 0, stderr);
  assert.ok(peak < 200 * 1024 * 1024, `peak RSS ${Math.round(peak / 1024 / 1024)} MiB for a 256 MiB line`);
});

// ---- inputs --------------------------------------------------------------------------------------------

test('several files are one input', () => {
  const one = [ev(A, '2025-11-10T10:00:00', '1.0.0', 'init'), ev(B, '2025-11-12T10:00:00', '1.0.0', 'init')].join('\n') + '\n';
  const two = [ev(A, '2025-11-12T11:00:00', '1.1.0'), ev(C, '2025-11-14T10:00:00', '1.1.0', 'init'), 'bad'].join('\n') + '\n';
  const split = report([one, two]).json;
  const joined = report([one + two]).json;
  assert.deepEqual(split.input, { files: 2, lines: 5, events: 4, blank: 0, invalid: 1, outside: 0, filtered: 0 });
  assert.deepEqual({ ...split, input: null }, { ...joined, input: null }, 'same numbers as the concatenation');
  assert.equal(split.uniques, 3);
  assert.equal(split.daily.length, 5);
  // and a file given twice counts twice: it is two inputs
  const twice = runJson(['uniques', input(one), input(one)], { cwd: dir }).json;
  assert.deepEqual(twice.input, { files: 2, lines: 4, events: 4, blank: 0, invalid: 0, outside: 0, filtered: 0 });
});

test('no file, or -, reads stdin', () => {
  const text = [ev(A, '2025-11-12T10:00:00'), ev(B, '2025-11-13T10:00:00')].join('\n') + '\n';
  const none = runJson(['report'], { input: text });
  const dash = runJson(['report', '-'], { input: text });
  const file = runJson(['report', input(text)], { cwd: dir });
  assert.deepEqual(none.json, file.json);
  assert.deepEqual(dash.json, file.json);
  assert.deepEqual(runJson([], { input: text }).json, file.json, 'no command, no file');
  // an empty stdin is an empty input, not an error
  const empty = runJson(['report'], { input: '' });
  assert.equal(empty.code, 0);
  assert.deepEqual(empty.json.input, { files: 1, lines: 0, events: 0, blank: 0, invalid: 0, outside: 0, filtered: 0 });
});

test('- among files reads stdin at its place in the list', () => {
  const text = [ev(A, '2025-11-12T10:00:00'), ev(B, '2025-11-13T10:00:00')].join('\n') + '\n';
  const file = input(ev(C, '2025-11-11T10:00:00') + '\n');
  for (const args of [
    [file, '-'],
    ['-', file],
  ]) {
    const { json } = runJson(['uniques', ...args], { cwd: dir, input: text });
    assert.deepEqual(json.input, { files: 2, lines: 3, events: 3, blank: 0, invalid: 0, outside: 0, filtered: 0 }, args.join(' '));
    assert.equal(json.uniques, 3);
  }
});

test('gzip is detected by its magic bytes, not by the file name', () => {
  const text = [ev(A, '2025-11-12T10:00:00'), '', ev(B, '2025-11-13T10:00:00'), 'bad'].join('\n') + '\n';
  const expected = report([text]).json;
  const gz = gzipSync(text);
  for (const name of ['telemetry.log', 'telemetry.jsonl', 'no-extension', 'telemetry.jsonl.gz']) {
    assert.deepEqual(runJson(['report', input(gz, name)], { cwd: dir }).json, expected, name);
  }
  // a plain file named .gz is read as plain text
  assert.deepEqual(runJson(['report', input(text, 'plain.jsonl.gz')], { cwd: dir }).json, expected, 'plain .gz');
  // gzip on stdin
  assert.deepEqual(runJson(['report'], { input: gz }).json, expected, 'stdin');
  // a BOM inside the compressed text is still at the start of the file
  assert.deepEqual(runJson(['report', input(gzipSync(Buffer.concat([BOM, Buffer.from(text)])), 'bom.log')], { cwd: dir }).json, expected, 'BOM');
});

test('multi-member gzip (two gzip streams concatenated) reads as one file', () => {
  const first = [ev(A, '2025-11-12T10:00:00'), ev(B, '2025-11-12T11:00:00')].join('\n') + '\n';
  // the second member starts mid-line: members join at the byte level, like `cat a.gz b.gz | gunzip`
  const second = ev(C, '2025-11-13T10:00:00');
  const third = '\n' + ev(A, '2025-11-14T10:00:00') + '\n';
  const gz = Buffer.concat([gzipSync(first), gzipSync(second), gzipSync(third)]);
  const { json } = runJson(['report', input(gz, 'rotated.log')], { cwd: dir });
  assert.deepEqual(json, report([first + second + third]).json);
  assert.deepEqual(json.input, { files: 1, lines: 4, events: 4, blank: 0, invalid: 0, outside: 0, filtered: 0 });
  assert.equal(json.uniques, 3);
  assert.deepEqual(runJson(['report'], { input: gz }).json, json, 'on stdin too');
});

// ---- exit status ---------------------------------------------------------------------------------------

test('--strict: any invalid line makes the exit status 1, and the report still prints', () => {
  const name = input([ev(A, '2025-11-12T10:00:00'), 'oops', ''].join('\n') + '\n', 'strict.jsonl');
  for (const format of ['json', 'csv', 'markdown', 'table']) {
    const loose = runCli(['report', '--format', format, name], { cwd: dir });
    const strict = runCli(['report', '--strict', '--format', format, name], { cwd: dir });
    assert.equal(strict.code, 1, format);
    assert.equal(strict.stdout, loose.stdout, `${format}: the same report`);
    assert.match(strict.stderr, /^strict\.jsonl:2: /m);
  }
  const { json } = runJson(['report', '--strict', name], { cwd: dir });
  assert.deepEqual(json.input, { files: 1, lines: 3, events: 1, blank: 1, invalid: 1, outside: 0, filtered: 0 });
});

test('exit status 0 without --strict, invalid lines or not', () => {
  const clean = input(ev(A, '2025-11-12T10:00:00') + '\n');
  const dirty = input('not json\n' + ev(A, '2025-11-12T10:00:00') + '\n');
  const onlyBad = input('not json\n{}\n[]\n');
  for (const command of ['report', 'uniques', 'daily', 'versions', 'commands']) {
    for (const name of [clean, dirty, onlyBad]) {
      assert.equal(runCli([command, name], { cwd: dir }).code, 0, `${command} ${name}`);
    }
    assert.equal(runCli([command, '--strict', clean], { cwd: dir }).code, 0, `${command} --strict clean`);
  }
  assert.equal(runCli(['uniques', '--strict', clean], { cwd: dir }).stderr, '', 'nothing on stderr for a clean input');
});
