// `--state` and `merge` under the slips people make (issue #20), with real files in a temporary folder: a state
// is only ever written over a state, an empty file or nothing (the log survives every misuse byte for byte); a
// state used without its log says when its last update is cut short; states among the inputs are recognised
// wherever they stand; the same lines are never counted twice; names follow the files; and a same-size edit
// in the part already read is caught (the end-to-end edit test is in test/slow/edit-detection.test.ts).

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { BLOCK, blocksToCheck, CHECK_BUDGET } from '../src/state/fingerprint.js';
import { generateTrickyData, Random } from './support/generate-tricky.js';
import { fixture, runCli } from './support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bazinga-misuse-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);
const cwd = dir;
const run = (args: string[]) => runCli(args, { cwd });

/** A file's bytes, to compare before and after a misuse. */
const bytesOf = (name: string) => readFileSync(at(name));

describe('a state is only ever written over a state, an empty file or nothing', () => {
  const log = readFileSync(fixture('telemetry.jsonl'));
  const misuses: [string, string[], string][] = [
    [
      '--state naming the input',
      ['uniques', '--state', 't.jsonl', 't.jsonl'],
      'bazinga-stats: --state t.jsonl: is also the input t.jsonl; the state would replace it (give the state its own file)\n',
    ],
    [
      '--state naming the input by another path',
      ['uniques', '--state', './t.jsonl', 't.jsonl'],
      'bazinga-stats: --state ./t.jsonl: is also the input t.jsonl; the state would replace it (give the state its own file)\n',
    ],
    [
      '--state naming a log that is not an input',
      ['uniques', '--state', 't.jsonl', 'other.jsonl'],
      'bazinga-stats: --state t.jsonl: not a bazinga-stats state (it starts like a JSON Lines log); give a new file name\n',
    ],
    [
      '--state naming the exclude file',
      ['uniques', '--exclude-installs', 'ex.txt', '--state', 'ex.txt', 'other.jsonl'],
      'bazinga-stats: --state ex.txt: is also the --exclude-installs file ex.txt; the state would replace it (give the state its own file)\n',
    ],
    [
      '--state naming -o',
      ['uniques', '-o', 'out.txt', '--state', 'out.txt', 'other.jsonl'],
      "bazinga-stats: --state out.txt: is also -o's file out.txt; the state would replace it (give the state its own file)\n",
    ],
    [
      '--state naming a text file',
      ['uniques', '--state', 'notes.md', 'other.jsonl'],
      'bazinga-stats: --state notes.md: not a bazinga-stats state (it starts like text); give a new file name\n',
    ],
    [
      '--state naming gzip data',
      ['uniques', '--state', 't.jsonl.gz', 'other.jsonl'],
      'bazinga-stats: --state t.jsonl.gz: not a bazinga-stats state (it starts like gzip data); give a new file name\n',
    ],
    [
      '--state alone naming a log',
      ['uniques', '--state', 't.jsonl'],
      'bazinga-stats: --state t.jsonl: not a bazinga-stats state (it starts like a JSON Lines log); give a new file name\n',
    ],
    [
      'merge -o naming a log',
      ['merge', '-o', 't.jsonl', 'u.state'],
      'bazinga-stats: -o t.jsonl: not a bazinga-stats state (it starts like a JSON Lines log); give a new file name\n',
    ],
    [
      'merge -o naming one of the states',
      ['merge', '-o', 'u.state', 'u.state'],
      'bazinga-stats: -o u.state: is also the input u.state; the state would replace it (give the state its own file)\n',
    ],
  ];
  for (const [name, args, stderr] of misuses) {
    it(name, () => {
      writeFileSync(at('t.jsonl'), log);
      writeFileSync(at('other.jsonl'), log);
      writeFileSync(at('t.jsonl.gz'), gzipSync(log));
      writeFileSync(at('ex.txt'), '# no installs excluded\n');
      writeFileSync(at('out.txt'), 'an old report\n');
      writeFileSync(at('notes.md'), '# Notes\n\nkeep these\n');
      rmSync(at('u.state'), { force: true });
      assert.equal(run(['uniques', '--state', 'u.state', 'other.jsonl']).code, 0);
      const before = ['t.jsonl', 't.jsonl.gz', 'ex.txt', 'out.txt', 'notes.md', 'u.state'].map(bytesOf);
      const result = run(args);
      assert.deepEqual({ code: result.code, stdout: result.stdout, stderr: result.stderr }, { code: 2, stdout: '', stderr });
      const after = ['t.jsonl', 't.jsonl.gz', 'ex.txt', 'out.txt', 'notes.md', 'u.state'].map(bytesOf);
      assert.deepEqual(after, before, 'every file is as it was, byte for byte');
    });
  }

  it('a state, an empty file or no file is written', () => {
    writeFileSync(at('t.jsonl'), log);
    writeFileSync(at('empty.state'), '');
    rmSync(at('new.state'), { force: true });
    for (const state of ['empty.state', 'new.state', 'new.state']) {
      const result = run(['uniques', '--format', 'json', '--state', state, 't.jsonl']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(bytesOf(state).subarray(0, 8).toString('latin1'), 'BZSTATE\n');
    }
    assert.deepEqual(bytesOf('t.jsonl'), log);
  });
});

/** A log in two steps, the state of the first and an appended update for the second. */
function stateWithUpdate(name: string): { log: string; state: string; full: Buffer; firstLines: number; lines: number } {
  const { bytes } = generateTrickyData(8, 200, { noFinalNewline: false });
  const lines = bytes.toString('latin1').split('\n').length - 1;
  let cut = 0;
  for (let i = 0; i < 100; i++) cut = bytes.indexOf(0x0a, cut) + 1;
  const log = `${name}.jsonl`;
  const state = `${name}.state`;
  writeFileSync(at(log), bytes.subarray(0, cut));
  rmSync(at(state), { force: true });
  assert.equal(run(['uniques', '--state', state, log]).code, 0);
  const base = statSync(at(state)).size;
  writeFileSync(at(log), bytes);
  assert.equal(run(['uniques', '--state', state, log]).code, 0);
  assert.ok(statSync(at(state)).size > base, 'the second run appended an update');
  return { log, state, full: bytes, firstLines: 100, lines };
}

describe('a state whose last update is cut short, used without its log', () => {
  it('alone, as an input and merged: reported as the lines it holds, with a line saying so; --strict fails', () => {
    const { log, state, lines } = stateWithUpdate('cut');
    truncateSync(at(state), statSync(at(state)).size - 40);
    const note = `its last update (lines 101-${lines} of ${log}) is cut short; reporting lines 1-100`;
    const first100 = readFileSync(at(log)).toString('latin1').split('\n').slice(0, 100).join('\n') + '\n';
    writeFileSync(at('first100.jsonl'), first100, 'latin1');
    const expected = run(['uniques', '--format', 'json', 'first100.jsonl']).stdout;

    const alone = run(['uniques', '--format', 'json', '--state', state]);
    assert.equal(alone.code, 0);
    assert.equal(alone.stderr.split('\n')[0], `bazinga-stats: --state ${state}: ${note}`);
    assert.equal(JSON.parse(alone.stdout).uniques, JSON.parse(expected).uniques);
    const strict = run(['uniques', '--strict', '--state', state]);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /is cut short; reporting lines 1-100; failing because of --strict\n/);

    const input = run(['uniques', '--format', 'json', state]);
    assert.equal(input.code, 0);
    assert.equal(input.stderr.split('\n')[0], `bazinga-stats: ${state}: ${note}`);
    assert.equal(run(['uniques', '--strict', state]).code, 1);

    const merged = run(['merge', '-o', 'merged.state', state]);
    assert.equal(merged.code, 0);
    assert.equal(
      merged.stderr.split('\n')[0],
      `bazinga-stats: merge: ${state}: its last update (lines 101-${lines} of ${log}) is cut short; merging lines 1-100`,
    );
    assert.equal(JSON.parse(run(['uniques', '--format', 'json', '--state', 'merged.state']).stdout).uniques, JSON.parse(expected).uniques);

    // with its log, the lines are read again: a full answer, and a line saying why
    const withLog = run(['uniques', '--format', 'json', '--state', state, log]);
    assert.equal(withLog.stdout, run(['uniques', '--format', 'json', log]).stdout);
    assert.match(withLog.stderr, /its last update was cut short \(a crash while writing\?\); read on from the update before it/);
  });

  it('an update whose header is lost too is still said, without its lines', () => {
    const { state } = stateWithUpdate('cut-header');
    const size = statSync(at(state)).size;
    // keep only the update's frame: its header is gone
    const bytes = readFileSync(at(state));
    let at2 = 0;
    let last = 0;
    while (at2 < size) {
      last = at2;
      at2 += 32 + Number(bytes.readBigUInt64LE(at2 + 16));
    }
    truncateSync(at(state), last + 36);
    const alone = run(['uniques', '--state', state]);
    assert.equal(alone.code, 0);
    assert.match(alone.stderr, /: its last update is cut short; reporting lines 1-100\n/);
  });
});

describe('states among the inputs', () => {
  const { bytes } = generateTrickyData(9, 400, { noFinalNewline: false });
  let cut = 0;
  for (let i = 0; i < 150; i++) cut = bytes.indexOf(0x0a, cut) + 1;

  it('a state before logs: absorbed, and the logs read on top, as a run over all the logs', () => {
    writeFileSync(at('jan.jsonl'), bytes.subarray(0, cut));
    writeFileSync(at('feb.jsonl'), bytes.subarray(cut));
    rmSync(at('jan.state'), { force: true });
    for (const command of ['report', 'quality', 'retention']) {
      rmSync(at('jan.state'), { force: true });
      assert.equal(run([command, '--state', 'jan.state', 'jan.jsonl']).code, 0);
      const mixed = run([command, '--format', 'json', 'jan.state', 'feb.jsonl']);
      const cold = run([command, '--format', 'json', 'jan.jsonl', 'feb.jsonl']);
      assert.equal(mixed.code, 0, mixed.stderr);
      assert.equal(mixed.stdout, cold.stdout, command);
      assert.equal(mixed.stderr, cold.stderr, command);
    }
  });

  it('a state after a log, or with --state: exit 2 with the reason; never read as JSON Lines', () => {
    rmSync(at('jan.state'), { force: true });
    assert.equal(run(['uniques', '--state', 'jan.state', 'jan.jsonl']).code, 0);
    const after = run(['uniques', 'feb.jsonl', 'jan.state']);
    assert.deepEqual(after, {
      code: 2,
      stdout: '',
      stderr: 'bazinga-stats: jan.state: a state must come before the logs (it holds lines read before them; give jan.state before feb.jsonl)\n',
    });
    const withState = run(['uniques', '--state', 'all.state', 'jan.state', 'feb.jsonl']);
    assert.equal(withState.code, 2);
    assert.equal(
      withState.stderr,
      'bazinga-stats: --state all.state: jan.state is a state, and --state resumes logs only (merge the states with bazinga-stats merge, or report them without --state)\n',
    );
  });
});

describe('the same lines are never counted twice', () => {
  it('a shard given twice, or two states of one growing log, or a state with its own merge: refused', () => {
    const { bytes } = generateTrickyData(10, 200, { noFinalNewline: false });
    writeFileSync(at('a.jsonl'), bytes.subarray(0, bytes.length >> 1));
    for (const s of ['a.state', 'a-later.state', 'ab.state', 'c.state', 'ac.state']) rmSync(at(s), { force: true });
    run(['uniques', '--state', 'a.state', 'a.jsonl']);
    // the same log later, in a state of its own: both hold its first lines
    appendFileSync(at('a.jsonl'), bytes.subarray(bytes.length >> 1));
    run(['uniques', '--state', 'a-later.state', 'a.jsonl']);
    const twice = run(['merge', '-o', 'ab.state', 'a.state', 'a.state']);
    assert.deepEqual(twice, { code: 2, stdout: '', stderr: 'bazinga-stats: merge: a.state is given twice; its lines would be counted twice\n' });
    assert.equal(run(['uniques', 'a.state', 'a.state']).stderr, 'bazinga-stats: a.state is given twice; its lines would be counted twice\n');
    const overlap = run(['uniques', 'a.state', 'a-later.state']);
    assert.equal(overlap.code, 2);
    assert.match(
      overlap.stderr,
      /^bazinga-stats: a-later\.state and a\.state both hold lines 1-\d+ of a\.jsonl; together they would be counted twice \(give each part of the log once\)\n$/,
    );
    assert.equal(run(['merge', '-o', 'ab.state', 'a.state', 'a-later.state']).code, 2);
    // a merge and one of its parts
    writeFileSync(at('c.jsonl'), generateTrickyData(12, 50, { noFinalNewline: false }).bytes);
    run(['uniques', '--state', 'c.state', 'c.jsonl']);
    assert.equal(run(['merge', '-o', 'ac.state', 'a.state', 'c.state']).code, 0);
    assert.match(run(['uniques', 'ac.state', 'c.state']).stderr, /both hold lines/);
    // different logs merge
    assert.equal(run(['uniques', 'a.state', 'c.state']).code, 0);
  });
});

describe('names follow the files', () => {
  it('a rotated gzip input and ./x for x: every message and quality place says the name given now', () => {
    const { bytes } = generateTrickyData(13, 300, { noFinalNewline: false });
    writeFileSync(at('old.jsonl.1.gz'), gzipSync(bytes.subarray(0, bytes.length >> 1)));
    writeFileSync(at('new.jsonl'), bytes.subarray(bytes.length >> 1));
    rmSync(at('rot.state'), { force: true });
    assert.equal(run(['quality', '--state', 'rot.state', 'old.jsonl.1.gz', 'new.jsonl']).code, 0);
    renameSync(at('old.jsonl.1.gz'), at('old.jsonl.2.gz'));
    const incremental = run(['quality', '--format', 'json', '--state', 'rot.state', 'old.jsonl.2.gz', './new.jsonl']);
    const cold = run(['quality', '--format', 'json', 'old.jsonl.2.gz', './new.jsonl']);
    assert.equal(incremental.stdout, cold.stdout);
    assert.equal(incremental.stderr, cold.stderr);
    assert.match(cold.stderr, /old\.jsonl\.2\.gz:\d+: /);
    assert.doesNotMatch(incremental.stdout + incremental.stderr, /old\.jsonl\.1\.gz/);
  });
});

describe('a same-size edit in the part already read', () => {
  it('beyond 64 MiB, the first and last blocks and random others, 16 MiB a run, chosen anew', () => {
    const count = 1300; // a 1.3 GB log
    const budget = CHECK_BUDGET / BLOCK;
    const random = new Random(16);
    const covered = new Set<number>();
    let runs = 0;
    while (covered.size < count && runs < 10_000) {
      const chosen = blocksToCheck(count, false, () => random.next());
      assert.equal(chosen.length, budget);
      assert.ok(chosen.includes(0) && chosen.includes(count - 1), 'the first block and the last before the resume point');
      assert.deepEqual(
        chosen,
        [...new Set(chosen)].sort((a, b) => a - b),
      );
      for (const k of chosen) covered.add(k);
      runs++;
    }
    assert.equal(covered.size, count, 'repeated runs cover every block');
    // 16 of 1,300 blocks a run: each block is checked about every 81 runs; all of them within ~600-900 runs
    assert.ok(runs < 2000, `${runs} runs covered all ${count} blocks`);
    assert.deepEqual(blocksToCheck(5, false), [0, 1, 2, 3, 4], 'a small file is checked whole');
    assert.equal(blocksToCheck(count, true).length, count, 'a new inode: every block');
  });
});
