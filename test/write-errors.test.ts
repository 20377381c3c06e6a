// stdout or stderr that cannot be written, other than a closed pipe (found in QA of issues 9 and 10): a full
// disk (`> /dev/full`), an I/O error. The report cannot reach its reader, so the run fails as an -o FILE that
// cannot be written does: exit status 2, one line on stderr, no stack trace. A stderr that cannot be written
// loses only the messages: the report on stdout is whole, and the exit status stays what it would be.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { BIN, ROOT, pinnedEnv, runCli } from './support/cli.js';

const SAMPLE = 'fixtures/telemetry.jsonl';
const FULL = '/dev/full';
const skip = existsSync(FULL) ? false : `no ${FULL} on this machine`;

function runInto(stdout: number | 'pipe', stderr: number | 'pipe', args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: pinnedEnv(), encoding: 'utf8', stdio: ['ignore', stdout, stderr] });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

test('stdout on a full disk (> /dev/full): exit 2, one line naming stdout, no stack trace', { skip }, () => {
  const full = openSync(FULL, 'w');
  try {
    for (const args of [['uniques', SAMPLE], ['report', '--format', 'json', SAMPLE], ['--version']]) {
      const result = runInto(full, 'pipe', args);
      assert.equal(result.code, 2, `${args.join(' ')}: exit status (stderr: ${result.stderr})`);
      assert.doesNotMatch(result.stderr, /^\s+at |Error:|node:/m, `${args.join(' ')}: no stack trace`);
      const lines = result.stderr.split('\n').filter((line) => line.startsWith('bazinga-stats: stdout'));
      assert.deepEqual(lines, ['bazinga-stats: stdout: no space left on device'], `${args.join(' ')}: ${result.stderr}`);
    }
  } finally {
    closeSync(full);
  }
});

test('stderr on a full disk (2> /dev/full): the report is whole and the exit status unchanged', { skip }, () => {
  const full = openSync(FULL, 'w');
  try {
    const printed = runCli(['report', SAMPLE]);
    const result = runInto('pipe', full, ['report', SAMPLE]);
    assert.equal(result.stdout, printed.stdout);
    assert.equal(result.code, 0);
    const strict = runInto('pipe', full, ['report', '--strict', SAMPLE]);
    assert.equal(strict.code, 1, '--strict still fails on the invalid line');
  } finally {
    closeSync(full);
  }
});
