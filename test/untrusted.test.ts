// Issue 10 item 1: a version or a command is whatever a client sent, and the report is read in a terminal,
// a spreadsheet, a GitHub job summary and a browser. A table of hostile strings goes through every format
// of the CLI: with colour off no byte below 0x20 but `\n` (and no C1, bidi or line-separator character)
// reaches a table, Markdown or stderr; no CSV cell starts with a formula character, and undoing the
// documented rule gives back the exact strings; HTML has no `<` from the data; JSON keeps them exactly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvText, markdownText, visible } from '../src/render/untrusted.js';
import { eventLine, runCli, scratchDir, writeInput } from './support/cli.js';

const HOSTILE = [
  '\u001b]0;pwned\u0007\u001b[31mRED',
  '=HYPERLINK("http://evil.example","x")',
  '+1+2',
  '-2+3',
  '@SUM(A1:A9)',
  '\tTAB',
  '\rCR first',
  "'quoted",
  'lone\rcarriage',
  'multi\nline',
  '&lt;b&gt;',
  '<b>bold</b>',
  '<img src=x onerror=alert(1)>',
  'pipe|in|it',
  '`tick` *em* _u_ [l](x)',
  '\u202eevil\u202c',
  '\u2066isolate\u2069',
  'line\u2028sep\u2029para',
  'c1\u009b31m\u0085',
  'nul\u0000del\u007f',
];

/** Characters that must never reach a terminal or a Markdown file raw (`\n` is the output's own line break). */
const ACTING = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

test('visible: each acting character becomes an escape; ordinary text is unchanged', () => {
  const cases: [string, string][] = [
    ['\u001b[31mRED', '\\x1b[31mRED'],
    ['a\rb\nc\td', 'a\\x0db\\x0ac\\x09d'],
    ['\u0000\u007f\u0085\u009b', '\\x00\\x7f\\x85\\x9b'],
    ['\u202eevil\u202c', '\\u202eevil\\u202c'],
    ['\u2066\u2067\u2068\u2069\u200e\u200f\u061c', '\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c'],
    ['a\u2028b\u2029', 'a\\u2028b\\u2029'],
    ['1.2.0', '1.2.0'],
    ['naïve ünïcode ✓ 日本', 'naïve ünïcode ✓ 日本'],
    ['back\\slash', 'back\\slash'],
  ];
  for (const [raw, shown] of cases) assert.equal(visible(raw), shown, JSON.stringify(raw));
});

test('csvText: a leading = + - @ tab CR or quote gets a quote; the rule is undone by dropping it', () => {
  const cases: [string, string][] = [
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ["'x", "''x"],
    ['1.2.0', '1.2.0'],
    ['a=b', 'a=b'],
    ['', ''],
  ];
  for (const [raw, cell] of cases) {
    assert.equal(csvText(raw), cell, JSON.stringify(raw));
    assert.equal(cell.startsWith("'") ? cell.slice(1) : cell, raw, 'undo');
  }
});

test('markdownText: no raw control, no HTML, nothing that ends a cell', () => {
  assert.equal(markdownText('&lt;b&gt;'), '&amp;lt;b&amp;gt;');
  assert.equal(markdownText('<b>x</b>'), '&lt;b&gt;x&lt;/b&gt;');
  assert.equal(markdownText('a|b'), 'a\\|b');
  assert.equal(markdownText('a\rb'), 'a\\\\x0db');
  assert.equal(markdownText('`x`'), '\\`x\\`');
});

// One install per hostile string, each sending two events (one with `1.0.0`, one with the string) so the
// strings are versions, commands and upgrade paths; and a second file whose name is hostile, with a bad line.
function hostileLog(): { dir: string; log: string; badName: string } {
  const dir = scratchDir();
  const lines: string[] = [];
  HOSTILE.forEach((text, i) => {
    const uuid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    lines.push(eventLine(uuid, 'init', '1.0.0', `2025-11-0${1 + (i % 5)}T10:00:00`));
    lines.push(JSON.stringify({ uuid, command: text, version: text, timestamp: `2025-11-0${2 + (i % 5)}T11:00:00` }));
  });
  const log = writeInput(dir, 'hostile.jsonl', lines.join('\n') + '\n');
  const badName = writeInput(dir, 'bad\u001b]0;x\u0007\u202ename.jsonl', '{"not": "an event"}\n');
  return { dir, log, badName };
}

const COMMANDS = ['report', 'versions', 'commands', 'upgrades', 'retention'];

function assertNoActing(text: string, where: string): void {
  const found = ACTING.exec(text);
  assert.equal(
    found,
    null,
    `${where}: raw ${JSON.stringify(found?.[0])} at ${found?.index}: ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 30), (found?.index ?? 0) + 30))}`,
  );
}

test('table and Markdown (colour off) and stderr: nothing acting reaches them, for every command', () => {
  const { log, badName } = hostileLog();
  for (const command of COMMANDS) {
    for (const format of ['table', 'markdown']) {
      const run = runCli([command, log, badName, '--format', format]);
      assert.equal(run.code, 0, run.stderr);
      assertNoActing(run.stdout, `${command} --format ${format}`);
      assertNoActing(run.stderr, `${command} --format ${format} stderr`);
      assert.ok(run.stderr.includes('bad\\x1b]0;x\\x07\\u202ename.jsonl:1: '), run.stderr);
    }
  }
  const table = runCli(['versions', log]).stdout;
  assert.ok(table.includes('\\x1b]0;pwned\\x07\\x1b[31mRED'), 'shown as escapes');
  // the filter values on the summary line too
  const filtered = runCli(['versions', log, '--release', '\u001b[2J', '--command', '<img src=x>', '--format', 'markdown']);
  assertNoActing(filtered.stdout, 'markdown summary');
  assert.ok(filtered.stdout.includes('version \\\\x1b\\[2J'), filtered.stdout);
  assert.ok(filtered.stdout.includes('command &lt;img src=x&gt;'), filtered.stdout);
});

test('Markdown: every table row keeps its cells (no raw | or CR splits one), and HTML in data stays text', () => {
  const { log } = hostileLog();
  const md = runCli(['commands', log, '--format', 'markdown']).stdout;
  const rows = md.split('\n').filter((line) => line.startsWith('|'));
  for (const row of rows) assert.equal(row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 2, 4, row);
  assert.ok(md.includes('&amp;lt;b&amp;gt;'), '&lt;b&gt; renders as itself');
  assert.ok(!/<(b|img)\b/.test(md), 'no tag from the data');
});

test('the --exclude-installs error and the top-level error line show file bytes as escapes', () => {
  const { dir, log } = hostileLog();
  const exclude = writeInput(dir, 'exclude.txt', '\u001b]0;pwned\u0007\u202e\n');
  const run = runCli(['uniques', log, '--exclude-installs', exclude]);
  assert.equal(run.code, 2);
  assertNoActing(run.stderr, 'exclude error');
  assert.match(run.stderr, /is not a uuid/);
  assert.ok(run.stderr.includes("'\\x1b]0;pwned\\x07\\u202e'"), run.stderr);
});

/** RFC 4180 fields of a CSV document (quoted fields may hold commas, quotes, CR and LF). */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else value += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n') value += text[i++];
    }
    record.push(value);
    if (text[i] === ',') i++;
    else {
      records.push(record);
      record = [];
      i++;
    }
  }
  return records;
}

test('CSV: no cell starts with a formula character, and undoing the rule gives the exact strings back', () => {
  const { log } = hostileLog();
  for (const command of ['versions', 'commands', 'upgrades']) {
    const run = runCli([command, log, '--format', 'csv']);
    assert.equal(run.code, 0, run.stderr);
    const [header, ...rows] = csvRecords(run.stdout);
    const seen = new Set<string>();
    for (const row of rows) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `${command}: ${JSON.stringify(cell)}`);
      const textColumns = command === 'upgrades' ? [0, 1] : [0];
      for (const c of textColumns) seen.add(row[c].startsWith("'") ? row[c].slice(1) : row[c]);
    }
    for (const text of HOSTILE) assert.ok(seen.has(text), `${command} (${header.join(',')}): ${JSON.stringify(text)} comes back exactly`);
  }
});

test('HTML: every < on the page starts a tag of the page; no control character from the data', () => {
  const { log } = hostileLog();
  const run = runCli(['report', log, '--format', 'html']);
  assert.equal(run.code, 0, run.stderr);
  const html = run.stdout;
  for (const match of html.matchAll(
    /<(?!\/?(?:!DOCTYPE|html|head|meta|title|style|body|header|h1|h2|p|main|section|div|dl|dt|dd|nav|ul|li|a|figure|svg|desc|g|rect|line|text|tspan|path|polyline|circle|details|summary|table|caption|thead|tbody|tr|th|td|span|footer|defs|pattern)[\s>/])/g,
  )) {
    assert.fail(`unescaped < at ${match.index}: ${JSON.stringify(html.slice(match.index!, match.index! + 40))}`);
  }
  assert.ok(!html.includes('<img'), 'no tag from the data');
  assertNoActing(html, 'html');
  assert.ok(html.includes('\\u202eevil\\u202c'));
});

test('JSON keeps every string exactly', () => {
  const { log } = hostileLog();
  const json = JSON.parse(runCli(['report', log, '--format', 'json']).stdout);
  const versions = new Set(json.versions.map((row: { version: string }) => row.version));
  const commands = new Set(json.commands.map((row: { command: string }) => row.command));
  for (const text of HOSTILE) {
    assert.ok(versions.has(text), JSON.stringify(text));
    assert.ok(commands.has(text), JSON.stringify(text));
  }
});
