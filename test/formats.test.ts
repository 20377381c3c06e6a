// Every format of every fixture against its golden file (issue 2: "compare each format against golden
// files"). Fixtures are found, not listed: each `fixtures/*.jsonl` is run as `report --format F` for F in
// json, csv, markdown and table (table with NO_COLOR=1 and COLUMNS=100), and its stdout compared with
// `fixtures/golden/<name>.<F>`; its stderr (the invalid-line messages) with `fixtures/golden/<name>.stderr`.
//
//   UPDATE_GOLDEN=1 node --test dist/test/formats.test.js    rewrites the golden files from the CLI's output
//
// Read the diff of the golden files before committing them: they are the expected output, not a snapshot.
//
// The fixtures:
//   telemetry.jsonl  the bundled sample (npm start); numbers worked out by hand in cli.test.ts
//   zones.jsonl      offsets and Z near midnight across a year end (2025-12-29 … 2026-01-01 UTC, all ISO week
//                    2026-W01), one install written in upper case, a leap second (invalid)
//   messy.jsonl      a BOM, CRLF then LF line ends, blank lines of spaces/tabs, no final newline, and every kind
//                    of invalid line (more than are listed on stderr), beside valid odd ones (duplicate keys,
//                    extra fields, an upper-case uuid, a space separator with an offset)
//   versions.jsonl   SemVer order (1.10.0 > 1.9.0, beta.10 > beta.2, pre-releases below releases, build
//                    metadata, non-SemVer below all), downgrades, and command names that need escaping
//                    in CSV (`x,y`, `say "hi"`) and Markdown (`a|b`, `*bold* <b>`code`</b>`)
//   empty.jsonl      no bytes at all

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const GOLDEN = join(FIXTURES, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const FORMATS = ['json', 'csv', 'markdown', 'table'] as const;
const TABLE_ENV = { NO_COLOR: '1', COLUMNS: '100' };

const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.jsonl'))
  .sort();

/** Compares `actual` with the golden file, or (UPDATE_GOLDEN=1) writes it. */
function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    if (!existsSync(path) || readFileSync(path, 'utf8') !== actual) writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `fixtures/golden/${name} is missing: run UPDATE_GOLDEN=1 node --test dist/test/formats.test.js and check it by eye`);
  assert.equal(actual, readFileSync(path, 'utf8'), `differs from fixtures/golden/${name} (UPDATE_GOLDEN=1 rewrites it)`);
}

test('fixtures are found: there are some, the bundled sample among them', () => {
  assert.ok(fixtures.includes('telemetry.jsonl'));
  assert.ok(fixtures.length >= 4, fixtures.join(', '));
});

for (const fixture of fixtures) {
  const base = fixture.replace(/\.jsonl$/, '');
  for (const format of FORMATS) {
    test(`${fixture}: report --format ${format} matches fixtures/golden/${base}.${format}`, () => {
      const result = runCli(['report', '--format', format, `fixtures/${fixture}`], { env: format === 'table' ? TABLE_ENV : {} });
      assert.equal(result.code, 0, result.stderr);
      golden(`${base}.${format}`, result.stdout);
      if (format === 'json') golden(`${base}.stderr`, result.stderr);
      else assert.equal(result.stderr, readFileSync(join(GOLDEN, `${base}.stderr`), 'utf8'), 'stderr does not depend on the format');
    });
  }
}

test('every golden file belongs to a fixture and a format (no stale goldens)', { skip: UPDATE ? 'updating' : false }, () => {
  const expected = new Set(fixtures.flatMap((f) => [...FORMATS, 'stderr'].map((format) => `${f.replace(/\.jsonl$/, '')}.${format}`)));
  const stale = readdirSync(GOLDEN).filter((name) => !expected.has(name));
  assert.deepEqual(stale, [], 'golden files without a fixture: delete them');
});

// ---- the JSON contract (schema 2) ----------------------------------------------------------------------

const PERIOD_KEYS = ['date', 'events', 'installs', 'new', 'returning', 'resurrecting', 'dormant', 'total', 'partial'];

for (const fixture of fixtures) {
  test(`${fixture}: JSON keys in contract order; lines = events + blank + invalid`, () => {
    const { json } = runJson(['report', `fixtures/${fixture}`]);
    assert.deepEqual(Object.keys(json), ['schema', 'input', 'uniques', 'idChurn', 'daily', 'latest', 'versions', 'commands']);
    assert.deepEqual(Object.keys(json.idChurn), ['updateOnlyIds', 'updateOnlyShare', 'installsByInit', 'signature']);
    assert.equal(json.schema, 2);
    assert.deepEqual(Object.keys(json.input), ['files', 'lines', 'events', 'blank', 'invalid', 'outside', 'filtered']);
    const { lines, events, blank, invalid, outside, filtered } = json.input;
    assert.equal(lines, events + blank + invalid);
    for (const row of json.daily) assert.deepEqual(Object.keys(row), PERIOD_KEYS);
    for (const row of json.versions) assert.deepEqual(Object.keys(row), ['version', 'events', 'installs', 'current', 'share']);
    for (const row of json.commands) assert.deepEqual(Object.keys(row), ['command', 'events', 'installs']);
    // sums that hold on any input
    const sum = (rows: any[], key: string) => rows.reduce((total, row) => total + row[key], 0);
    const counted = events - outside - filtered; // what reaches the sections
    assert.equal(sum(json.daily, 'events'), counted);
    assert.equal(sum(json.daily, 'new'), json.uniques);
    assert.equal(sum(json.versions, 'events'), counted);
    assert.equal(sum(json.versions, 'current'), json.uniques);
    assert.equal(sum(json.commands, 'events'), counted);
    for (const row of json.daily) assert.equal(row.installs, row.new + row.returning + row.resurrecting, row.date);
    // orders: daily by date; versions and commands by events, most first
    const dates = json.daily.map((d: any) => d.date);
    assert.deepEqual(dates, [...dates].sort());
    for (const rows of [json.versions, json.commands]) {
      for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].events >= rows[i].events, 'by events, most first');
    }
  });

  test(`${fixture}: uniques, daily, versions and commands print schema, input and their own section, as report does`, () => {
    const { json: report } = runJson(['report', `fixtures/${fixture}`]);
    const sections: Record<string, string[]> = {
      uniques: ['uniques', 'idChurn'],
      daily: ['daily'],
      versions: ['latest', 'versions'],
      commands: ['commands'],
    };
    for (const [command, keys] of Object.entries(sections)) {
      const { json } = runJson([command, `fixtures/${fixture}`]);
      assert.deepEqual(Object.keys(json), ['schema', 'input', ...keys], command);
      const expected = Object.fromEntries(['schema', 'input', ...keys].map((key) => [key, report[key]]));
      assert.deepEqual(json, expected, command);
    }
  });
}

// ---- CSV, Markdown and table: the same numbers, each in its own form -----------------------------------

/** Splits one CSV record (RFC 4180 quoting) into fields. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          value += line[i++];
        }
      }
      fields.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i) === -1 ? line.length : line.indexOf(',', i);
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

test('CSV: a header row and one row per item, exact numbers, quoted where needed', () => {
  for (const fixture of fixtures) {
    const { json } = runJson(['report', `fixtures/${fixture}`]);
    const cases: [string, string[], any[]][] = [
      ['daily', PERIOD_KEYS, json.daily],
      ['versions', ['version', 'events', 'installs', 'current', 'share'], json.versions],
      ['commands', ['command', 'events', 'installs'], json.commands],
    ];
    for (const [command, header, rows] of cases) {
      const { stdout, code } = runCli([command, '--format', 'csv', `fixtures/${fixture}`]);
      assert.equal(code, 0);
      const lines = stdout.split('\n');
      assert.equal(lines.pop(), '', 'ends with a newline');
      assert.deepEqual(csvFields(lines[0]), header, `${fixture} ${command}: header`);
      assert.deepEqual(
        lines.slice(1).map(csvFields),
        rows.map((row) => header.map((key) => String(row[key]))),
        `${fixture} ${command}: rows`,
      );
    }
  }
});

test('Markdown: GitHub tables (a header, an alignment row, the same cell count on every row), cells escaped', () => {
  for (const fixture of fixtures) {
    const { stdout } = runCli(['report', '--format', 'markdown', `fixtures/${fixture}`]);
    const lines = stdout.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith('|') || (i > 0 && lines[i - 1].startsWith('|'))) continue;
      // the first row of a table
      const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
      assert.match(lines[i + 1] ?? '', /^\|( *:?-+:? *\|)+$/, `${fixture}: line ${i + 2} is an alignment row`);
      for (let j = i; j < lines.length && lines[j].startsWith('|'); j++) {
        assert.equal(cells(lines[j]), cells(lines[i]), `${fixture}: line ${j + 1} has the header's cell count: ${lines[j]}`);
        assert.ok(lines[j].endsWith('|'), `${fixture}: line ${j + 1} ends the row`);
      }
    }
  }
  const { stdout } = runCli(['commands', '--format', 'markdown', 'fixtures/versions.jsonl']);
  assert.match(stdout, /a\\\|b/, 'a | in a command name is escaped');
  assert.doesNotMatch(stdout, /<b>/, 'no raw HTML from the data');
});

test('table: thousands separators for people; CSV and JSON keep exact numbers', () => {
  const dir = scratchDir();
  const uuid = '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41';
  const lines = Array.from({ length: 1234 }, (_, i) =>
    eventLine(uuid, 'update', '1.0.0', `2025-11-12T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${i}`),
  );
  const path = writeInput(dir, 'busy.jsonl', lines.join('\n') + '\n');
  const table = runCli(['report', path], { env: TABLE_ENV }).stdout;
  assert.match(table, /\b1,234\b/);
  assert.doesNotMatch(table, /\b1234\b/);
  assert.match(runCli(['commands', '--format', 'csv', path]).stdout, /^update,1234,1$/m);
  assert.equal(runJson(['commands', path]).json.commands[0].events, 1234);
  assert.match(runCli(['commands', '--format', 'markdown', path]).stdout, /\| 1,234 \|/);
});

test('table: every table is aligned (its lines are one width) and fits COLUMNS=100', () => {
  for (const fixture of fixtures) {
    const { stdout } = runCli(['report', `fixtures/${fixture}`], { env: TABLE_ENV });
    const lines = stdout.split('\n');
    for (const line of lines) assert.ok([...line].length <= 100, `${fixture}: ${[...line].length} columns: ${line}`);
    let width = -1;
    for (const line of lines) {
      if (/^[┌│├└]/.test(line)) {
        if (line.startsWith('┌')) width = [...line].length;
        assert.equal([...line].length, width, `${fixture}: ${line}`);
      }
    }
  }
});

test('versions: JSON lists them by events, tables and Markdown by SemVer, newest first', () => {
  const { json } = runJson(['versions', 'fixtures/versions.jsonl']);
  assert.equal(json.latest, '2.0.0');
  assert.deepEqual(
    json.versions.map((v: any) => v.version),
    ['2.0.0', '1.9.0', '2.0.0-beta.10', '2.0.0-beta.2', '1.10.0', '2.0.0-rc.1', '2.0.0-alpha', '1.10.0+build.5', 'v2.1.0', 'dev', '01.2.3'],
  );
  const bySemver = ['2.0.0', '2.0.0-rc.1', '2.0.0-beta.10', '2.0.0-beta.2', '2.0.0-alpha', '1.10.0+build.5', '1.10.0', '1.9.0', 'v2.1.0', 'dev', '01.2.3'];
  const table = runCli(['versions', 'fixtures/versions.jsonl'], { env: TABLE_ENV }).stdout;
  const tableOrder = [...table.matchAll(/^│ (\S+) +│ +\d/gm)].map((m) => m[1]);
  assert.deepEqual(tableOrder, bySemver);
  const markdown = runCli(['versions', '--format', 'markdown', 'fixtures/versions.jsonl']).stdout;
  const markdownOrder = [...markdown.matchAll(/^\| ([^|]+?) \| +\d/gm)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  assert.deepEqual(markdownOrder, bySemver);
});
