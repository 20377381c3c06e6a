// Usage errors name the flag as it was typed (found in QA of issues 9 and 10): `-f` with no value said
// `--f needs a value` (there is no `--f`), and an unknown flag was yargs' `Unknown argument: bogus`, without its
// dashes, or `Unknown arguments: foo-bar, fooBar` with a camelCase twin nobody typed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './support/cli.js';

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
