// Issue #21 item 6: no silent empty answers. A filter value that matches nothing, filters that leave no
// event, and an input that is not JSON Lines each get one line on stderr saying what was asked (relative
// dates resolved) and what the data holds; the exit status stays 0.

import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { eventLine, runCli, scratchDir, writeInput } from './support/cli.js';

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const dir = scratchDir();
const log = writeInput(
  dir,
  'old.jsonl',
  [
    eventLine(A, 'init', '2.1.0', '2025-01-10T10:00:00'),
    eventLine(A, 'update', '2.1.1', '2025-06-01T10:00:00'),
    eventLine(B, 'init', '2.0.0', '2025-03-01T10:00:00'),
    eventLine(B, 'update', '2.1.1', '2025-12-31T10:00:00'),
  ].join('\n') + '\n',
);
const TODAY = { BAZINGA_STATS_TODAY: '2026-12-07' };

test('--since 30d on a log that ended long ago: the day it meant and the data range', () => {
  const result = runCli(['uniques', '--since', '30d', log], { env: TODAY });
  assert.equal(result.code, 0);
  // the summary wraps to fit the width (issue #21 item 4): its lines before the first blank one, joined
  const summary = result.stdout.split('\n\n')[0].replace(/\n/g, ' ');
  assert.equal(summary, '4 lines in 1 input: 4 events, 0 blank, 0 invalid, 4 filtered out; time zone UTC, since 30d (2026-11-08)');
  assert.equal(result.stderr, 'bazinga-stats: no event left after the filters (--since 30d = 2026-11-08); the data runs from 2025-01-10 to 2025-12-31\n');
});

test('a date after the data, and --until as a relative date', () => {
  const after = runCli(['uniques', '--since', '2027-01-01', '--window', '..', log], { env: TODAY });
  assert.equal(after.stderr, 'bazinga-stats: no event left after the filters (--since 2027-01-01); the data runs from 2025-01-10 to 2025-12-31\n');
  const until = runCli(['daily', '--until', '700d', log], { env: TODAY });
  assert.match(until.stdout, /until 700d \(2025-01-07\)/);
  assert.equal(until.stderr, 'bazinga-stats: no event left after the filters (--until 700d = 2025-01-07); the data runs from 2025-01-10 to 2025-12-31\n');
});

test('relative dates are resolved in the Markdown and HTML summaries too', () => {
  const markdown = runCli(['uniques', '--since', '400d', '--format', 'markdown', log], { env: TODAY });
  assert.match(markdown.stdout, /since 400d \(2025-11-03\)/);
  const html = runCli(['report', '--since', '400d', '--format', 'html', log], { env: TODAY });
  assert.match(html.stdout, /since 400d \(2025-11-03\)/);
});

test('a --release value that matches nothing: the near miss', () => {
  const cases: [string, string][] = [
    ['2.1', '--release 2.1: no version "2.1" in the data; did you mean "2.1.*"?'],
    ['v2.1.1', '--release v2.1.1: no version "v2.1.1" in the data; did you mean "2.1.1"?'],
    ['2.1.2', '--release 2.1.2: no version "2.1.2" in the data; did you mean "2.1.1"?'],
    ['3.*', '--release 3.*: no version "3.*" in the data; the newest it has: "2.1.1", "2.1.0", "2.0.0"'],
  ];
  for (const [value, line] of cases) {
    const result = runCli(['uniques', '--release', value, log], { env: TODAY });
    assert.deepEqual([result.code, result.stderr], [0, `bazinga-stats: ${line}\n`], value);
  }
  // one value that matches and one that does not: the events of the first are counted, the second is named
  const mixed = runCli(['uniques', '--release', '2.0.0', '--release', '9.9.9', log], { env: TODAY });
  assert.match(mixed.stdout, /Unique installs: 1/);
  assert.equal(mixed.stderr, 'bazinga-stats: --release 9.9.9: no version "9.9.9" in the data; the newest it has: "2.1.1", "2.1.0", "2.0.0"\n');
});

test("a --command value that matches nothing: the log's spelling, or the nearest", () => {
  const init = runCli(['uniques', '--command', 'Init', log], { env: TODAY });
  assert.equal(init.stderr, 'bazinga-stats: --command Init: no command "Init" in the data; the log has "init"\n');
  const updat = runCli(['uniques', '--command', 'updat', log], { env: TODAY });
  assert.equal(updat.stderr, 'bazinga-stats: --command updat: no command "updat" in the data; did you mean "update"?\n');
  const other = runCli(['uniques', '--command', 'deploy', log], { env: TODAY });
  assert.equal(other.stderr, 'bazinga-stats: --command deploy: no command "deploy" in the data; the log has "init", "update"\n');
});

test('filters that leave events say nothing', () => {
  const result = runCli(['uniques', '--since', '2025-06-01', '--command', 'update', log], { env: TODAY });
  assert.equal(result.stderr, '');
});

test('an input that is not JSON Lines says what it looks like and how to convert it', () => {
  const object = (uuid: string) => JSON.stringify({ uuid, command: 'init', version: '1.0.0', timestamp: '2025-11-01T10:00:00' });
  const array = writeInput(dir, 'array.json', `[${object(A)},\n${object(B)}]\n`);
  const lastLine = (path: string) => runCli(['uniques', path]).stderr.trim().split('\n').at(-1);
  assert.equal(
    lastLine(array),
    `bazinga-stats: ${array} looks like a JSON array, not JSON Lines (one object a line); convert it with: jq -c '.[]' ${array} > events.jsonl`,
  );
  const gz = writeInput(dir, 'array.json.gz', gzipSync(`[${object(A)}]`));
  assert.equal(
    lastLine(gz),
    `bazinga-stats: ${gz} looks like a JSON array, not JSON Lines (one object a line); convert it with: zcat ${gz} | jq -c '.[]' > events.jsonl`,
  );
  const pretty = writeInput(dir, 'pretty.json', JSON.stringify({ uuid: A, command: 'init' }, null, 2));
  assert.equal(
    lastLine(pretty),
    `bazinga-stats: ${pretty} looks like JSON spread over several lines, not JSON Lines (one object a line); convert it with: jq -c . ${pretty} > events.jsonl`,
  );
  const csv = writeInput(dir, 'events.csv', `uuid,command,version,timestamp\n${A},init,1.0.0,2025-11-01T10:00:00\n`);
  assert.equal(
    lastLine(csv),
    `bazinga-stats: ${csv} looks like CSV (first line: uuid,command,version,timestamp), not JSON Lines; convert it with: mlr --icsv --ojsonl cat ${csv} > events.jsonl`,
  );
  // stdin cannot be read again: the general hint
  const piped = runCli(['uniques'], { input: `[${object(A)}]\n` });
  assert.equal(
    piped.stderr.trim().split('\n').at(-1),
    "bazinga-stats: no line of the input is a JSON object; bazinga-stats reads JSON Lines, one object a line (a JSON array converts with jq -c '.[]')",
  );
  // JSON Lines whose objects are not events: the per-line reasons are enough
  const fields = writeInput(dir, 'fields.jsonl', '{"id": 1}\n{"id": 2}\n');
  assert.doesNotMatch(runCli(['uniques', fields]).stderr, /looks like|JSON Lines/);
});
