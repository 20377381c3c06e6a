// The quick argument parser (node's parseArgs) must read every invocation it accepts exactly as yargs does,
// and hand everything else to yargs. Loops over the spellings of each flag.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuickly, parseWithYargs } from '../src/cli/arguments.js';
import { COMMANDS, FLAGS } from '../src/cli/options.js';

const invocations: string[][] = [
  [],
  ['fixtures/telemetry.jsonl'],
  ['-'],
  ['report', 'a.jsonl', 'b.jsonl.gz'],
  ['uniques', 'fixtures/telemetry.jsonl'],
  ['daily', '--by', 'week', 'f.jsonl'],
  ['daily', '--by=month', '--tz', 'Europe/Berlin', 'f.jsonl'],
  ['versions', '--format', 'json', 'f.jsonl'],
  ['versions', '--format=csv', 'f.jsonl'],
  ['commands', '-f', 'markdown', 'f.jsonl'],
  ['f.jsonl', '--format', 'json', '--strict'],
  ['--strict', 'report', 'f.jsonl'],
  ['upgrades', '--release', '2.*', '--release', '1.9.0', 'f.jsonl'],
  ['retention', '--command', 'init', '--command=update', 'f.jsonl'],
  ['report', '--since', '2025-11-01', '--until', '30d', 'f.jsonl'],
  ['report', '--exclude-installs', 'ci.txt', '-o', 'out.html', '--format', 'html', 'f.jsonl'],
  ['report', '--output=out.md', '--progress', 'f.jsonl'],
  ['report', '--color', 'f.jsonl'],
  ['versions', '--top', '5', 'f.jsonl'],
  ['report', '--top=0', '--format', 'markdown', 'f.jsonl'],
  ['report', '--', '--odd-file-name.jsonl'],
  ['report', '--window', '2024-01-01..2026-12-31', 'f.jsonl'],
  ['report', '--window=..', 'f.jsonl'],
  ['daily', '--window', '..2025-12-31', '--tz', 'utc', 'f.jsonl'],
  ['report', '--state', 'daily.state', 'f.jsonl'],
  ['daily', '--state=s.state', '--by', 'week', 'a.jsonl', 'b.jsonl'],
  ['merge', '-o', 'all.state', 'a.state', 'b.state'],
  // issue #13's flags (`--window-days` is not the time window's `--window FROM..TO`)
  ['adoption', '--active-days', '7', '--by', 'week', 'f.jsonl'],
  ['active', '--window-days', '30', 'f.jsonl'],
  ['active', '--window-days=7', '--by=month', 'f.jsonl'],
  ['activation', '--within', '14', 'f.jsonl'],
  ['churn', '--quiet-days=60', '--by', 'month', 'f.jsonl'],
  ['quality', '--max-daily', '50', '--fail-on-quality', 'f.jsonl'],
];

for (const argv of invocations) {
  test(`parseArgs and yargs agree: ${argv.join(' ') || '(no arguments)'}`, async () => {
    const quick = parseQuickly(argv);
    assert.ok(quick, 'the quick parser should take this one');
    assert.deepEqual(quick, await parseWithYargs(argv));
  });
}

// These need yargs: help, negations, unknown flags, bad choices, missing values.
const forYargs: string[][] = [
  ['--help'],
  ['daily', '-h'],
  ['--no-color', 'f.jsonl'],
  ['--bogus', 'f.jsonl'],
  ['--format', 'xml', 'f.jsonl'],
  ['--by', 'year', 'f.jsonl'],
  ['--tz'],
  ['--tz', '--strict', 'f.jsonl'],
  ['active', '--window-days'],
  ['active', '--window-days', '--strict', 'f.jsonl'],
  ['quality', '--no-fail-on-quality', 'f.jsonl'],
];

for (const argv of forYargs) {
  test(`the quick parser leaves to yargs: ${argv.join(' ')}`, () => {
    assert.equal(parseQuickly(argv), null);
  });
}

test('a flag given twice is an error in both parsers', async () => {
  const argv = ['--format', 'json', '--format', 'csv', 'f.jsonl'];
  assert.throws(() => parseQuickly(argv), /--format was given more than once/);
  await assert.rejects(parseWithYargs(argv), /--format was given more than once/);
});

test('an empty value is a usage error naming the flag, in both parsers (issue 9 item 6)', async () => {
  for (const flag of Object.keys(FLAGS).filter((name) => FLAGS[name]!.type !== 'boolean')) {
    for (const argv of [
      [`--${flag}`, '', 'f.jsonl'],
      [`--${flag}=`, 'f.jsonl'],
    ]) {
      // a flag with choices (--format, --by) is left to yargs, which names the choices
      const message = FLAGS[flag]!.choices ? new RegExp(`: --${flag}: "" is not one of `) : new RegExp(`: --${flag}: the value is empty$`);
      if (FLAGS[flag]!.choices) assert.equal(parseQuickly(argv), null, argv.join(' '));
      else assert.throws(() => parseQuickly(argv), message, argv.join(' '));
      await assert.rejects(parseWithYargs(argv), message, argv.join(' '));
    }
  }
  // a repeatable flag with one empty value among others
  assert.throws(() => parseQuickly(['--release', '1.0.0', '--release', '', 'f.jsonl']), /: --release: the value is empty$/);
});

test('--help examples say what each example does, not the description of its command', () => {
  for (const command of COMMANDS) {
    assert.ok(command.exampleNote.length > 10, command.name);
    assert.notEqual(command.exampleNote, command.description.split(';')[0], command.name);
    assert.ok(!command.description.startsWith(command.exampleNote), command.name);
  }
  assert.equal(new Set(COMMANDS.map((c) => c.exampleNote)).size, COMMANDS.length, 'one note per example');
});
