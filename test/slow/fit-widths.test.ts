// Issue #21 item 4, every command at every width: at COLUMNS=40, 60 and 100 no line of any command's table
// output (by day, week and month) is wider than the width, on a log wide in every way (test/fit.test.ts).
// 99 runs of the CLI: about 40 s on an idle machine, so it lives under test/slow.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, scratchDir, writeInput } from '../support/cli.js';
import { wideLog } from '../support/wide-log.js';

const dir = scratchDir();
const log = writeInput(dir, `a-rather-long-directory-name-for-the-telemetry-of-bazinga-${'x'.repeat(30)}.jsonl`, wideLog());
const COMMANDS = ['report', 'daily', 'versions', 'commands', 'upgrades', 'retention', 'adoption', 'active', 'activation', 'churn', 'quality'];
const TODAY = { BAZINGA_STATS_TODAY: '2026-01-31' };

for (const columns of [40, 60, 100]) {
  test(`COLUMNS=${columns}: no line of any table wider than ${columns}`, () => {
    for (const command of COMMANDS) {
      for (const by of ['day', 'week', 'month']) {
        const { stdout, code } = runCli([command, '--by', by, log], { env: { ...TODAY, COLUMNS: String(columns) } });
        assert.equal(code, 0);
        const lines = stdout.split('\n');
        const wide = lines.filter((line) => Array.from(line).length > columns);
        assert.deepEqual(wide, [], `${command} --by ${by} at ${columns}`);
        assert.doesNotMatch(stdout, /NaN|undefined/, `${command} --by ${by} at ${columns}`);
      }
    }
  });
}
