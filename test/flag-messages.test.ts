// Usage errors name the flag as it was typed (found in QA of issues 9 and 10): `-f` with no value said
// `--f needs a value` (there is no `--f`), and an unknown flag was yargs' `Unknown argument: bogus`, without its
// dashes, or `Unknown arguments: foo-bar, fooBar` with a camelCase twin nobody typed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, scratchDir, writeInput } from './support/cli.js';

const SAMPLE = 'fixtures/telemetry.jsonl';

const CASES: [string[], string][] = [
  [['uniques', SAMPLE, '-f'], 'bazinga-stats: -f needs a value'],
  [['uniques', SAMPLE, '-o'], 'bazinga-stats: -o needs a value'],
  [['uniques', SAMPLE, '--output'], 'bazinga-stats: --output needs a value'],
  [['uniques', SAMPLE, '--tz'], 'bazinga-stats: --tz needs a value'],
  [['uniques', SAMPLE, '--bogus'], 'bazinga-stats: unknown flag --bogus (bazinga-stats --help lists them)'],
  [['uniques', SAMPLE, '--foo-bar=1'], 'bazinga-stats: unknown flag --foo-bar (bazinga-stats --help lists them)'],
  [['uniques', SAMPLE, '--no-bogus'], 'bazinga-stats: unknown flag --no-bogus (bazinga-stats --help lists them)'],
  [['uniques', SAMPLE, '-z'], 'bazinga-stats: unknown flag -z (bazinga-stats --help lists them)'],
  [['uniques', '--bogus', SAMPLE, '--other'], 'bazinga-stats: unknown flags --bogus, --other (bazinga-stats --help lists them)'],
];

for (const [args, message] of CASES) {
  test(`usage error names the flag as typed: ${args.slice(2).join(' ') || args.join(' ')}`, () => {
    const result = runCli(args);
    assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `${message}\n`]);
  });
}

test('--top takes any whole number: one past 999,999,999 and a hundred digits list every row, as 0 does', () => {
  const all = runCli(['versions', '--format', 'markdown', '--top', '0', SAMPLE]);
  assert.equal(all.code, 0, all.stderr);
  for (const top of ['1000000000', '2147483647', '9'.repeat(100)]) {
    const result = runCli(['versions', '--format', 'markdown', '--top', top, SAMPLE]);
    assert.deepEqual([result.code, result.stdout, result.stderr], [all.code, all.stdout, all.stderr], `--top ${top.length > 12 ? '9 × 100' : top}`);
  }
  for (const top of ['-1', '1.5', '1e3', '+3', '0x10']) {
    const result = runCli(['versions', '--top', top, SAMPLE]);
    assert.deepEqual([result.code, result.stderr], [2, `bazinga-stats: --top: '${top}' is not a whole number of rows (0 lists all)\n`], top);
  }
});

test('--exclude-installs: a megabyte line that is not a uuid is echoed cut to 200 characters, on one line', () => {
  const dir = scratchDir();
  const list = writeInput(dir, 'ci-uuids.txt', `# CI machines\n${'a'.repeat(1_000_000)}\n`);
  const result = runCli(['uniques', '--exclude-installs', list, SAMPLE]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `bazinga-stats: --exclude-installs: ${list}:2: '${'a'.repeat(199)}…' is not a uuid\n`);
});
