// The command line as a user meets it (issue 2, "Errors and exit codes", "Set-up"; issue 5, `-o FILE`):
// the bundled sample, usage errors, unreadable inputs, --help, the default command, a closed pipe, -o and
// colour. Every test runs the built CLI as a subprocess and checks stdout, stderr and the exit code together.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BIN, ROOT, eventLine, fixture, pinnedEnv, runCli, runJson, scratchDir, writeInput, type CliResult } from './support/cli.js';

const dir = scratchDir();
const SAMPLE = 'fixtures/telemetry.jsonl';
const COMMAND_NAMES = ['report', 'uniques', 'daily', 'versions', 'commands', 'upgrades', 'retention'];
const ESC = '\u001b';

/** The one-line failure every user error must be: exit 2, nothing on stdout, one line on stderr, no stack. */
function assertOneLineFailure(result: CliResult, mentions: RegExp, what: string): void {
  assert.equal(result.code, 2, `${what}: exit status (stderr: ${result.stderr})`);
  assert.equal(result.stdout, '', `${what}: nothing on stdout`);
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${result.stderr}`);
  assert.ok(result.stderr.endsWith('\n'), `${what}: the line ends with a newline`);
  assert.doesNotMatch(result.stderr, /^\s+at /m, `${what}: no stack trace`);
  assert.doesNotMatch(result.stderr, /\b(TypeError|RangeError|ReferenceError|internal error)\b/, `${what}: not a crash`);
  assert.match(lines[0], mentions, `${what}: names the problem`);
}

// ---- the bundled sample --------------------------------------------------------------------------------

// fixtures/telemetry.jsonl, worked out by hand. Installs by their first letter (a = 3f2b8c1e…):
//   W45 (Nov 3-9):   a b c d k first seen, all on 1.0.0        W46: e f g first seen on 1.1.0
//   W47 (Nov 17-23): h first seen on 1.1.0; i j l on 1.2.0     W48: no one new
//   b stays on 1.0.0; c goes 1.0.0 → 1.1.0 → 1.2.0 and back to 1.1.0; d is quiet Nov 7-19 and k Nov 15-24.
// Line 21 is a write cut short (invalid), line 32 is blank; Nov 12 08:00:00 has no fraction, Nov 20 14:03 ends in Z.
const SAMPLE_DAILY: [string, number, number, number, number, number, number, number][] = [
  // date        events installs new returning resurrecting dormant total
  ['2025-11-03', 2, 2, 2, 0, 0, 0, 2], // a b
  ['2025-11-04', 1, 1, 1, 0, 0, 2, 3], // c; a b dormant
  ['2025-11-05', 2, 2, 1, 0, 1, 1, 4], // a back, d new
  ['2025-11-06', 2, 2, 0, 1, 1, 1, 4], // d returning, b back
  ['2025-11-07', 2, 1, 1, 0, 0, 2, 5], // k twice
  ['2025-11-08', 0, 0, 0, 0, 0, 1, 5],
  ['2025-11-09', 0, 0, 0, 0, 0, 0, 5],
  ['2025-11-10', 2, 2, 1, 0, 1, 0, 6], // a on 1.1.0, e new
  ['2025-11-11', 2, 2, 0, 1, 1, 1, 6], // c e
  ['2025-11-12', 3, 3, 1, 1, 1, 1, 7], // b e f
  ['2025-11-13', 2, 2, 1, 0, 1, 3, 8], // a g
  ['2025-11-14', 2, 2, 0, 1, 1, 1, 8], // g k
  ['2025-11-15', 0, 0, 0, 0, 0, 2, 8],
  ['2025-11-16', 0, 0, 0, 0, 0, 0, 8],
  ['2025-11-17', 2, 2, 1, 0, 1, 0, 9], // f h
  ['2025-11-18', 0, 0, 0, 0, 0, 2, 9],
  ['2025-11-19', 5, 5, 1, 0, 4, 0, 10], // 1.2.0 day: a c e h, i new
  ['2025-11-20', 3, 3, 0, 1, 2, 4, 10], // b d i
  ['2025-11-21', 3, 3, 1, 0, 2, 3, 11], // c (downgrade) h j
  ['2025-11-22', 1, 1, 1, 0, 0, 3, 12], // l
  ['2025-11-23', 0, 0, 0, 0, 0, 1, 12],
  ['2025-11-24', 3, 3, 0, 0, 3, 0, 12], // a f i
  ['2025-11-25', 3, 3, 0, 0, 3, 3, 12], // c h k
  ['2025-11-26', 2, 2, 0, 0, 2, 3, 12], // e j
];

test('the bundled sample (npm start): every number worked out by hand', () => {
  const { json, stderr, code } = runJson(['report', SAMPLE]);
  assert.equal(code, 0);
  assert.deepEqual(json.input, { files: 1, lines: 44, events: 42, blank: 1, invalid: 1, outside: 0, filtered: 0 });
  assert.equal(json.uniques, 12);
  assert.deepEqual(
    json.daily,
    SAMPLE_DAILY.map(([date, events, installs, isNew, returning, resurrecting, dormant, total]) => ({
      date,
      events,
      installs,
      new: isNew,
      returning,
      resurrecting,
      dormant,
      total,
      // the log starts at 09:14 on its first day and ends at 15:52 on its last: both are covered in part
      partial: date === '2025-11-03' || date === '2025-11-26',
    })),
  );
  assert.equal(json.latest, '1.2.0');
  assert.deepEqual(json.versions, [
    { version: '1.2.0', events: 17, installs: 10, current: 9, share: 9 / 12 },
    { version: '1.1.0', events: 14, installs: 7, current: 2, share: 2 / 12 }, // c (downgraded) and g (gone)
    { version: '1.0.0', events: 11, installs: 5, current: 1, share: 1 / 12 }, // b
  ]);
  assert.deepEqual(json.commands, [
    { command: 'update', events: 30, installs: 11 }, // everyone but l
    { command: 'init', events: 12, installs: 12 },
  ]);
  // the cut-short line, then the count
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, stderr);
  assert.match(lines[0], /^fixtures\/telemetry\.jsonl:21: \S/);
  assert.match(lines[1], /\b1 of 44\b.*invalid/);
});

test('the bundled sample by ISO week, its upgrade paths and its retention', () => {
  const weekly = runJson(['daily', '--by', 'week', SAMPLE]).json;
  assert.deepEqual(
    weekly.weekly.map((w: any) => [w.period, w.events, w.installs, w.new, w.returning, w.resurrecting, w.dormant, w.total]),
    [
      ['2025-W45', 9, 5, 5, 0, 0, 0, 5],
      ['2025-W46', 11, 7, 3, 4, 0, 1, 8], // d dormant
      ['2025-W47', 14, 10, 4, 5, 1, 2, 12], // d resurrecting; g k dormant
      ['2025-W48', 8, 8, 0, 7, 1, 3, 12], // k resurrecting; b d l dormant
    ],
  );
  const upgrades = runJson(['upgrades', SAMPLE]).json;
  assert.deepEqual(upgrades.upgrades, [
    { from: '1.1.0', to: '1.2.0', installs: 6, downgrade: false }, // a c e f h k
    { from: '1.0.0', to: '1.1.0', installs: 3, downgrade: false }, // a c k
    { from: '1.0.0', to: '1.2.0', installs: 1, downgrade: false }, // d
    { from: '1.2.0', to: '1.1.0', installs: 1, downgrade: true }, // c
  ]);
  const retention = runJson(['retention', SAMPLE]).json;
  assert.deepEqual(
    retention.retention.filter((r: any) => r.installs > 0),
    [
      { cohort: '2025-W45', installs: 5, active: [5, 4, 4, 3] },
      { cohort: '2025-W46', installs: 3, active: [3, 2, 2] },
      { cohort: '2025-W47', installs: 4, active: [4, 3] },
    ],
  );
});

test('npm start prints the full report of the bundled sample as tables', () => {
  // the start script as npm runs it, `sh -c SCRIPT` with nothing after `--`
  const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
  const started = spawnSync('sh', ['-c', script], { cwd: ROOT, env: pinnedEnv(), encoding: 'utf8' });
  const result = { stdout: started.stdout, stderr: started.stderr, code: started.status };
  assert.equal(result.code, 0);
  for (const heading of ['Unique installs', 'Daily activity', 'Versions', 'Commands']) assert.match(result.stdout, new RegExp(heading));
  assert.match(result.stdout, /Unique installs:? +12\b/);
  assert.match(result.stderr, /^fixtures\/telemetry\.jsonl:21: .+\n.*1 of 44 lines invalid/m, 'the bad line is reported');
});

// ---- usage errors --------------------------------------------------------------------------------------

const USAGE_ERRORS: [string, string[], RegExp][] = [
  ['unknown flag', ['--frobnicate'], /frobnicate/],
  ['unknown short flag', ['-Q'], /\bQ\b/],
  ['bad --format', ['--format', 'xml'], /format.*xml|xml.*format/],
  ['bad -f', ['-f', 'yaml'], /format.*yaml|yaml.*format/],
  ['bad --format=', ['--format=xml'], /format/],
  ['--format without a value', ['--format'], /format/],
  ['--format twice', ['--format', 'json', '--format', 'csv'], /format/],
  ['bad --tz', ['--tz', 'Mars/Olympus'], /tz.*Mars\/Olympus|Mars\/Olympus.*tz/],
  ['empty --tz', ['--tz', ''], /tz/],
  ['unknown --tz zone', ['--tz', 'Europe/Atlantis'], /tz.*Europe\/Atlantis/],
  ['bad --by', ['--by', 'fortnight'], /by.*fortnight|fortnight.*by/],
  ['bad --since word', ['--since', 'yesterday'], /since/],
  ['bad --since date', ['--since', '2025-02-30'], /since/],
  ['bad --until', ['--until', '2025-13-01'], /until/],
  ['missing --exclude-installs file', ['--exclude-installs', 'no-such-list.txt'], /exclude-installs/],
];

for (const [what, flags, mentions] of USAGE_ERRORS) {
  test(`usage error: ${what} → exit 2, one line naming it, nothing on stdout`, () => {
    assertOneLineFailure(runCli(['report', SAMPLE, ...flags]), mentions, what);
    // the same before the file and with another command
    if (flags.length === 2) assertOneLineFailure(runCli(['daily', ...flags, SAMPLE]), mentions, `${what} (daily)`);
  });
}

test('usage error: a misspelt command → exit 2, one line naming it', () => {
  assertOneLineFailure(runCli(['dialy', SAMPLE]), /dialy/, 'dialy');
});

test('a file named like a word is a file when it exists, not a misspelt command', () => {
  writeInput(dir, 'telemetry', readFileSync(fixture('telemetry.jsonl')));
  const asFile = runCli(['telemetry', '--format', 'json'], { cwd: dir });
  assert.equal(asFile.code, 0, asFile.stderr);
  assert.equal(JSON.parse(asFile.stdout).uniques, 12);
});

// ---- unreadable input ----------------------------------------------------------------------------------

test('a missing file → exit 2, one line naming it, even after good files', () => {
  assertOneLineFailure(runCli(['report', 'no-such-file.jsonl']), /no-such-file\.jsonl/, 'missing');
  assertOneLineFailure(runCli(['report', SAMPLE, 'no-such-file.jsonl', '--format', 'json']), /no-such-file\.jsonl/, 'missing second');
  assertOneLineFailure(runCli(['uniques', 'no-such-file.jsonl'], { input: 'stdin is not read instead' }), /no-such-file/, 'uniques');
});

test('a directory → exit 2, one line naming it', () => {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  assertOneLineFailure(runCli(['report', 'logs'], { cwd: dir }), /logs/, 'directory');
  assertOneLineFailure(runCli(['daily', 'fixtures']), /fixtures/, 'fixtures/');
});

test('an unreadable file (no permission) → exit 2, one line naming it', {
  skip: process.getuid?.() === 0 ? 'running as root: chmod 000 does not stop root from reading' : false,
}, () => {
  const path = writeInput(dir, 'secret.jsonl', readFileSync(fixture('telemetry.jsonl')));
  chmodSync(path, 0o000);
  assertOneLineFailure(runCli(['report', 'secret.jsonl'], { cwd: dir }), /secret\.jsonl/, 'chmod 000');
});

test('a truncated gzip file → exit 2, one line naming it, nothing on stdout', () => {
  const gz = gzipSync(readFileSync(fixture('telemetry.jsonl')));
  writeInput(dir, 'cut.jsonl.gz', gz.subarray(0, gz.length - 200));
  assertOneLineFailure(runCli(['report', 'cut.jsonl.gz'], { cwd: dir }), /cut\.jsonl\.gz/, 'truncated gzip');
});

test('-o into a directory that does not exist → exit 2, one line', () => {
  assertOneLineFailure(runCli(['report', SAMPLE, '-o', join(dir, 'no', 'such', 'dir', 'out.txt')]), /out\.txt|no\/such/, '-o');
});

// ---- help ----------------------------------------------------------------------------------------------

test('--help lists every command and has examples; exit 0, nothing on stderr', () => {
  for (const spelling of ['--help', '-h']) {
    const result = runCli([spelling]);
    assert.equal(result.code, 0, spelling);
    assert.equal(result.stderr, '', spelling);
    for (const name of COMMAND_NAMES) {
      assert.match(result.stdout, new RegExp(`^\\s+bazinga-stats ${name}\\b`, 'm'), `${spelling} lists ${name}`);
    }
    assert.match(result.stdout, /^Examples:$/m, `${spelling}: an Examples section`);
    for (const flag of ['--format', '--tz', '--strict', '--by', '--since', '--until', '--output']) {
      assert.match(result.stdout, new RegExp(`${flag}\\b`), `${spelling} documents ${flag}`);
    }
  }
});

test('COMMAND --help shows an example of that command', () => {
  for (const name of COMMAND_NAMES) {
    const result = runCli([name, '--help']);
    assert.equal(result.code, 0, name);
    assert.equal(result.stderr, '', name);
    const examples = result.stdout.slice(result.stdout.indexOf('Examples:'));
    assert.match(examples, new RegExp(`bazinga-stats ${name}\\b`), `${name} --help has an example of ${name}`);
  }
});

test('--help shows every command with an example', () => {
  const { stdout } = runCli(['--help']);
  const examples = stdout.slice(stdout.indexOf('Examples:'));
  for (const name of COMMAND_NAMES.filter((n) => n !== 'report')) {
    assert.match(examples, new RegExp(`bazinga-stats ${name}\\b`), `an example of ${name}`);
  }
});

// ---- the default command -------------------------------------------------------------------------------

test('bazinga-stats FILE is bazinga-stats report FILE, in every format', () => {
  for (const format of ['table', 'json', 'csv', 'markdown']) {
    const bare = runCli([SAMPLE, '--format', format]);
    const report = runCli(['report', SAMPLE, '--format', format]);
    assert.equal(bare.code, 0, format);
    assert.deepEqual(bare, report, format);
  }
  // and with no file either: the report of stdin
  const bare = runCli(['--format', 'json'], { input: readFileSync(fixture('telemetry.jsonl')) });
  const report = runCli(['report', '-', '--format', 'json'], { input: readFileSync(fixture('telemetry.jsonl')) });
  assert.deepEqual(bare, report);
});

// ---- a closed pipe -------------------------------------------------------------------------------------

test('a closed pipe (bazinga-stats daily big.jsonl | head -1) ends quietly', () => {
  // one event a day for 5,000 days: every format's output is far bigger than a pipe's buffer
  const uuid = '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41';
  const lines: string[] = [];
  for (let day = 0; day < 5000; day++) {
    const date = new Date(Date.UTC(2010, 0, 1) + day * 86_400_000).toISOString().slice(0, 19);
    lines.push(eventLine(uuid, 'update', '1.0.0', date));
  }
  const big = writeInput(dir, 'big.jsonl', lines.join('\n') + '\n');
  const status = join(dir, 'status');
  for (const format of ['table', 'json', 'csv', 'markdown']) {
    // the CLI's own exit status goes to a file: the pipeline's status is head's
    const script = `{ "${process.execPath}" "${BIN}" daily --format ${format} "${big}"; echo $? > "${status}"; } | head -1`;
    const result = spawnSync('sh', ['-c', script], { env: pinnedEnv(), encoding: 'utf8' });
    assert.equal(result.status, 0, `${format}: pipeline status`);
    assert.equal(result.stderr, '', `${format}: nothing on stderr`);
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 1, `${format}: one line through head`);
    assert.equal(readFileSync(status, 'utf8').trim(), '0', `${format}: bazinga-stats' own exit status`);
  }
});

// ---- -o FILE -------------------------------------------------------------------------------------------

test('-o FILE writes the report to FILE and nothing to stdout', () => {
  for (const format of ['json', 'csv', 'markdown', 'table']) {
    for (const flag of ['-o', '--output']) {
      const out = join(dir, `out-${format}${flag}.txt`);
      const written = runCli(['report', SAMPLE, '--format', format, flag, out]);
      const printed = runCli(['report', SAMPLE, '--format', format]);
      assert.equal(written.code, 0, `${format} ${flag}`);
      assert.equal(written.stdout, '', `${format} ${flag}: nothing on stdout`);
      assert.equal(readFileSync(out, 'utf8'), printed.stdout, `${format} ${flag}: the file holds what stdout would`);
      assert.equal(written.stderr, printed.stderr, `${format} ${flag}: invalid lines still go to stderr`);
    }
  }
  const strict = join(dir, 'strict.json');
  const result = runCli(['report', SAMPLE, '--strict', '--format', 'json', '-o', strict]);
  assert.equal(result.code, 1, '--strict still fails');
  assert.equal(JSON.parse(readFileSync(strict, 'utf8')).uniques, 12, '--strict still writes the report');
});

test('-o FILE never writes colour, even with FORCE_COLOR=1', () => {
  const out = join(dir, 'coloured.txt');
  const result = runCli(['report', SAMPLE, '-o', out], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  assert.equal(result.code, 0);
  assert.ok(!readFileSync(out, 'utf8').includes(ESC), 'no escape codes in the file');
});

// ---- colour --------------------------------------------------------------------------------------------

const FORCED = { NO_COLOR: undefined, FORCE_COLOR: '1' };

test('colour: none with NO_COLOR=1', () => {
  for (const format of ['table', 'json', 'csv', 'markdown']) {
    const result = runCli(['report', SAMPLE, '--format', format]);
    assert.ok(!result.stdout.includes(ESC), format);
    assert.ok(!result.stderr.includes(ESC), `${format} stderr`);
  }
});

test('colour: never in json, csv or markdown, even with FORCE_COLOR=1', () => {
  for (const format of ['json', 'csv', 'markdown']) {
    for (const command of ['report', 'daily', 'versions', 'upgrades', 'retention']) {
      const result = runCli([command, SAMPLE, '--format', format], { env: FORCED });
      assert.equal(result.code, 0);
      assert.ok(!result.stdout.includes(ESC), `${command} --format ${format}`);
    }
  }
});

test('colour: escape codes in tables with FORCE_COLOR=1', () => {
  const result = runCli(['report', SAMPLE], { env: FORCED });
  assert.equal(result.code, 0);
  assert.ok(result.stdout.includes(`${ESC}[`), 'escape codes');
  // the colour is decoration only: without it the text is the plain table
  const plain = runCli(['report', SAMPLE]).stdout;
  assert.equal(result.stdout.replace(/\u001b\[[0-9;]*m/g, ''), plain);
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), stdout only (stderr to /dev/null). */
function onTerminal(args: string[], env: Record<string, string | undefined>): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ') + ' 2>/dev/null';
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    env: pinnedEnv({ TERM: 'xterm-256color', ...env }),
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

// util-linux `script` runs a command on a new pseudo-terminal; without it (or without /dev/ptmx) these tests skip
const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0;

test('colour: on a terminal, tables are coloured', { skip: hasScript ? false : 'no util-linux `script` for a pseudo-terminal' }, () => {
  const out = onTerminal(['uniques', SAMPLE], { NO_COLOR: undefined });
  assert.match(out, /Unique installs/);
  assert.ok(out.includes(`${ESC}[`), 'escape codes on a terminal');
});

test('colour: NO_COLOR=1 turns colour off on a terminal', { skip: hasScript ? false : 'no util-linux `script` for a pseudo-terminal' }, () => {
  const out = onTerminal(['uniques', SAMPLE], { NO_COLOR: '1' });
  assert.match(out, /Unique installs/);
  assert.ok(!out.includes(ESC), 'no escape codes');
});

test('colour: --no-color turns it off on a terminal, --color turns it on in a pipe', { skip: hasScript ? false : 'no util-linux `script`' }, () => {
  const off = onTerminal(['uniques', SAMPLE, '--no-color'], { NO_COLOR: undefined });
  assert.match(off, /Unique installs/);
  assert.ok(!off.includes(ESC), '--no-color on a terminal');
  const on = runCli(['uniques', SAMPLE, '--color'], { env: { NO_COLOR: undefined } });
  assert.ok(on.stdout.includes(`${ESC}[`), '--color in a pipe');
  const json = runCli(['uniques', SAMPLE, '--color', '--format', 'json'], { env: { NO_COLOR: undefined } });
  assert.ok(!json.stdout.includes(ESC), '--color never colours json');
});

test('messages on stderr carry no colour, even with FORCE_COLOR=1', () => {
  const error = runCli(['--format', 'xml', SAMPLE], { env: FORCED });
  assert.equal(error.code, 2);
  assert.ok(!error.stderr.includes(ESC), 'a usage error is plain text');
  const invalid = runCli(['report', SAMPLE], { env: FORCED });
  assert.ok(!invalid.stderr.includes(ESC), 'invalid-line messages are plain text');
});

test('no input on a terminal is a usage error, not a wait for typed lines', { skip: hasScript ? false : 'no util-linux `script`' }, () => {
  // stdin of the pseudo-terminal is a terminal; stderr goes to the terminal too, and so into stdout here
  const command = `'${process.execPath}' '${BIN}' uniques; echo "exit=$?"`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: pinnedEnv(), encoding: 'utf8', timeout: 20000 });
  assert.match(result.stdout, /bazinga-stats: no input: give FILE\.\.\. or pipe the log into stdin/);
  assert.match(result.stdout, /exit=2/);
});

test('-V and --version print the tool version wherever they stand; the filter is --release', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const spellings = [['--version'], ['-V'], ['--version', SAMPLE], ['-V', 'daily'], ['daily', SAMPLE, '--version'], ['quality', '-V', SAMPLE]];
  for (const args of spellings) {
    const result = runCli(args);
    assert.deepEqual([result.stdout, result.stderr, result.code], [`${pkg.version}\n`, '', 0], args.join(' '));
  }
  const filtered = runCli(['uniques', '--format', 'json', '--release', '1.0.0', SAMPLE]);
  assert.equal(filtered.code, 0, filtered.stderr);
  assert.ok(JSON.parse(filtered.stdout).input.filtered > 0);
  // the old filter spelling is a usage error that names the new flag
  for (const [args, value] of [
    [['--version', '2.1', SAMPLE], '2.1'],
    [['uniques', '--version=2.*', SAMPLE], '2.*'],
    [['--version', '1.0.0', '--version', 'dev', SAMPLE], '1.0.0'],
  ] as const) {
    const result = runCli([...args]);
    assert.deepEqual(
      [result.stdout, result.stderr, result.code],
      ['', `bazinga-stats: --version takes no value; to keep the events of a version use --release ${value}\n`, 2],
      args.join(' '),
    );
  }
});

test("each command's --help lists its own flags, whole numbers typed as numbers", () => {
  const daily = runCli(['daily', '--help']).stdout;
  assert.match(daily, /--by /);
  assert.match(daily, /--release /);
  for (const other of ['--top', '--quiet-days', '--max-daily', '--within', '--fail-on-quality', '--version']) assert.ok(!daily.includes(other), other);
  const quality = runCli(['quality', '--help']).stdout;
  assert.match(quality, /--max-daily +quality: more than N events[^[]*\[number\]/);
  assert.ok(!quality.includes('--by '));
  assert.ok(!/\[string\]/.test(runCli(['churn', '--help']).stdout.split('--quiet-days')[1].split('\n').slice(0, 2).join('')));
  const merge = runCli(['merge', '--help']).stdout;
  assert.deepEqual(
    merge.match(/^ +(-\w, )?--[\w-]+/gm)?.map((flag) => flag.trim()),
    ['-h, --help', '-o, --output'],
  );
  // the top-level help lists every flag and -V
  const top = runCli(['--help']).stdout;
  for (const flag of ['--by', '--top', '--quiet-days', '--max-daily', '-V, --version']) assert.ok(top.includes(flag), flag);
});

test('did you mean: a misspelt command or flag gets the nearest name', () => {
  const cases: [string[], string][] = [
    [
      ['dialy', SAMPLE],
      "bazinga-stats: unknown command 'dialy'; did you mean 'daily'? (commands: report, uniques, daily, versions, commands, upgrades, retention, merge, adoption, active, activation, churn, quality, export, sql, collect)\n",
    ],
    [['daily', '--formt', 'json', SAMPLE], 'bazinga-stats: unknown flag --formt; did you mean --format? (bazinga-stats --help lists them)\n'],
    [['--relase', '2.*', SAMPLE], 'bazinga-stats: unknown flag --relase; did you mean --release? (bazinga-stats --help lists them)\n'],
    [['--no-colr', SAMPLE], 'bazinga-stats: unknown flag --no-colr; did you mean --no-color? (bazinga-stats --help lists them)\n'],
    [['--zzzzzz', SAMPLE], 'bazinga-stats: unknown flag --zzzzzz (bazinga-stats --help lists them)\n'],
  ];
  for (const [args, stderr] of cases) {
    const result = runCli(args);
    assert.deepEqual([result.stdout, result.stderr, result.code], ['', stderr, 2], args.join(' '));
  }
});

test('npm start -- FILE reports FILE alone; npm start alone reports the bundled sample', () => {
  // the start script as npm runs it: `sh -c SCRIPT` with the arguments after `--` appended
  const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
  const start = (args: string[]) =>
    spawnSync('sh', ['-c', `${script} ${args.map((arg) => `'${arg}'`).join(' ')}`], { cwd: ROOT, env: pinnedEnv(), encoding: 'utf8' });
  const own = start(['--format', 'json', 'fixtures/versions.jsonl']);
  assert.equal(own.status, 0, own.stderr);
  assert.equal(JSON.parse(own.stdout).input.files, 1);
  assert.deepEqual(JSON.parse(own.stdout), JSON.parse(runCli(['report', '--format', 'json', 'fixtures/versions.jsonl']).stdout));
  const sample = start([]);
  assert.equal(sample.status, 0);
  assert.equal(sample.stdout, runCli(['report', 'fixtures/telemetry.jsonl']).stdout);
});
