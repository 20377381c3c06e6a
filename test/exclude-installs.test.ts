// --exclude-installs (issue 10 item 3): the summary counts the installs excluded — distinct uuids of the
// file that occur among the events — not the lines of the file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const dir = scratchDir();
const A = '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41';
const B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const C = 'e4d909c2-90d0-4b1a-a3f6-58c2e1b7d930';
const ABSENT = '00000000-0000-4000-8000-000000000000';

writeInput(
  dir,
  'data.jsonl',
  [
    eventLine(A, 'init', '1.0.0', '2025-11-12T10:00:00'),
    eventLine(A, 'update', '1.1.0', '2025-11-13T10:00:00'),
    eventLine(B, 'init', '1.0.0', '2025-11-12T11:00:00'),
    eventLine(C, 'init', '1.0.0', '1970-01-01T00:00:00'), // outside the time window: never reaches the filters
  ].join('\n') + '\n',
);

/** The summary: the lines before the first blank one (it wraps at spaces to fit the width, issue #21). */
const summary = (stdout: string) => stdout.split('\n\n')[0].replace(/\n/g, ' ');

test('one uuid listed twice (in two cases) and one not in the data: 1 install excluded', () => {
  writeInput(dir, 'twice.txt', `# CI\n${A}\n\n${A.toUpperCase()}\n${ABSENT}\n`);
  const table = runCli(['uniques', '--exclude-installs', 'twice.txt', 'data.jsonl'], { cwd: dir });
  assert.equal(table.code, 0, table.stderr);
  assert.match(summary(table.stdout), /, 1 install excluded$/);
  const { json } = runJson(['uniques', '--exclude-installs', 'twice.txt', 'data.jsonl'], { cwd: dir });
  assert.deepEqual([json.input.filtered, json.uniques], [2, 1]);
});

test('an install whose events are all outside the window, or of a command filtered out, still counts if seen in it', () => {
  writeInput(dir, 'all.txt', `${A}\n${B}\n${C}\n`);
  const table = runCli(['uniques', '--exclude-installs', 'all.txt', '--command', 'update', 'data.jsonl'], { cwd: dir });
  // A and B occur inside the window (B only with `init`, which --command drops as well); C only in 1970
  assert.match(summary(table.stdout), /, 2 installs excluded$/);
});

test('no excluded install in the data: the summary says nothing of exclusion', () => {
  writeInput(dir, 'absent.txt', `${ABSENT}\n`);
  const table = runCli(['uniques', '--exclude-installs', 'absent.txt', 'data.jsonl'], { cwd: dir });
  assert.doesNotMatch(summary(table.stdout), /excluded/);
});
