// `--state FILE` and `merge` through the built CLI (issue #12): for every command and format, a log that grows
// in random steps and is reported with a state each time prints what a full run prints, stdout and stderr;
// shards' states merged print what one run over the shards prints; and every kind of state that does not
// fit the inputs or the flags gives a full run with one line on stderr.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { COMMANDS, FORMATS } from '../../src/cli/options.js';
import { generateTrickyData } from '../support/generate-tricky.js';
import { runCli, type CliResult } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bazinga-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);

/** The HTML page says when it was made: the one line that may differ between two runs. */
const stable = (r: CliResult) => ({ ...r, stdout: r.stdout.replace(/generated \d{4}-\d\d-\d\dT[\d:.]+Z/g, 'generated …') });

function lineEnds(bytes: Buffer): number[] {
  const ends: number[] = [];
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) ends.push(i + 1);
  return ends;
}

// export keeps a state of its own (parts, test/engines-*.test.ts) and sql reads no log
const reportCommands = COMMANDS.filter((c) => !['merge', 'collect', 'export', 'sql'].includes(c.name)).map((c) => c.name);
const flagSets: string[][] = [[], ['--tz', 'America/Los_Angeles', '--by', 'month'], ['--since', '2025-11-03', '--command', 'update', '--tz', 'Asia/Kolkata']];

describe('--state: a growing log, every command and format', () => {
  reportCommands.forEach((command, c) => {
    it(command, () => {
      // a log full of edge cases, grown in three steps that may cut anywhere, even inside a line
      const { bytes } = generateTrickyData(40 + c, 500, { noFinalNewline: true });
      const flags = flagSets[c % flagSets.length];
      const log = at(`${command}.jsonl`);
      const state = at(`${command}.state`);
      const bounds = [0, Math.floor(bytes.length * 0.3) + c, Math.floor(bytes.length * 0.7), bytes.length];
      writeFileSync(log, '');
      for (let step = 1; step < bounds.length; step++) {
        appendFileSync(log, bytes.subarray(bounds[step - 1], bounds[step]));
        const incremental = runCli([command, '--format', 'json', '--state', state, ...flags, log]);
        const full = runCli([command, '--format', 'json', ...flags, log]);
        assert.equal(incremental.stdout, full.stdout, `step ${step}`);
        // upgrades may say that the state cannot be exact and make a full run: the report is still the same
        if (command !== 'upgrades') assert.equal(incremental.stderr, full.stderr, `step ${step}`);
      }
      for (const format of FORMATS) {
        const full = stable(runCli([command, '--format', format, ...flags, log]));
        let incremental = stable(runCli([command, '--format', format, '--state', state, ...flags, log]));
        if (command === 'report' && format === 'html') {
          // the page needs more sections than the report state holds: one full run, which keeps them all
          const [note, ...rest] = incremental.stderr.split('\n');
          assert.match(note, /: it holds uniques, periods, versions, commands, not upgrades, retention, adoption, active, activation; full run$/);
          assert.deepStrictEqual({ ...incremental, stderr: rest.join('\n') }, full, format);
          incremental = stable(runCli([command, '--format', format, '--state', state, ...flags, log]));
        }
        assert.deepStrictEqual(incremental, full, format);
      }
    });
  });
});

describe('merge: shards summarised apart, merged, reported', () => {
  for (const command of ['report', 'upgrades', 'retention', 'daily', 'adoption', 'activation', 'quality']) {
    it(command, () => {
      const { bytes } = generateTrickyData(77, 900, { noFinalNewline: false });
      const ends = lineEnds(bytes);
      const cuts = [ends[Math.floor(ends.length / 3)], ends[Math.floor((ends.length * 2) / 3)]];
      const shards = [bytes.subarray(0, cuts[0]), bytes.subarray(cuts[0], cuts[1]), bytes.subarray(cuts[1])].map((part, i) => {
        const file = at(`${command}-shard${i}.jsonl${i === 1 ? '.gz' : ''}`);
        writeFileSync(file, i === 1 ? gzipSync(part) : part);
        return file;
      });
      const states = shards.map((file, i) => {
        const state = at(`${command}-shard${i}.state`);
        rmSync(state, { force: true });
        const run = runCli([command, '--format', 'json', '--state', state, file]);
        assert.equal(run.code, 0, run.stderr);
        return state;
      });
      const all = at(`${command}-all.state`);
      const merged = runCli(['merge', '-o', all, ...states]);
      const full = runCli([command, '--format', 'json', ...shards]);
      if (merged.code !== 0) {
        // only upgrades may refuse, and then it says why
        assert.equal(command, 'upgrades');
        assert.match(merged.stderr, /^bazinga-stats: merge: .*overlap in time/);
        return;
      }
      assert.match(merged.stderr, /^bazinga-stats: merged 3 states into .*: \d+ events, \d+ installs\n$/);
      // the merged state alone, and the merged state with its inputs listed again (nothing new to read)
      assert.deepStrictEqual(runCli([command, '--format', 'json', '--state', all]), full);
      assert.deepStrictEqual(runCli([command, '--format', 'json', '--state', all, ...shards]), full);
      // or the shards' states given as inputs: merged in memory, nothing written
      assert.deepStrictEqual(runCli([command, '--format', 'json', ...states]), full);
    });
  }

  it('states of other settings do not merge; a corrupt one is named', () => {
    const log = at('m.jsonl');
    writeFileSync(log, generateTrickyData(5, 200).bytes);
    runCli(['daily', '--state', at('m-utc.state'), log]);
    runCli(['daily', '--tz', 'Europe/Berlin', '--state', at('m-berlin.state'), log]);
    const r = runCli(['merge', '-o', at('m-all.state'), at('m-utc.state'), at('m-berlin.state')]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `bazinga-stats: merge: ${at('m-berlin.state')} does not fit ${at('m-utc.state')}: it was made with --tz Europe/Berlin, this run uses UTC\n`,
    );
    writeFileSync(at('m-bad.state'), 'not a state');
    assert.equal(
      runCli(['merge', '-o', at('m-all.state'), at('m-bad.state')]).stderr,
      `bazinga-stats: merge: ${at('m-bad.state')} is not a bazinga-stats state file\n`,
    );
    assert.equal(runCli(['merge', at('m-utc.state')]).stderr, 'bazinga-stats: merge: give the merged state file with -o FILE\n');
  });
});

describe('--state: whatever does not fit gives a full run and one line', () => {
  const { bytes } = generateTrickyData(11, 600, { noFinalNewline: false });
  const ends = lineEnds(bytes);
  const half = ends[Math.floor(ends.length / 2)];

  /** A state made from the first half of the log, then `change` applied; the run must equal a full one. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a change returns the inputs to give, or nothing for the log alone
  function check(name: string, change: (log: string, state: string) => string[] | void, reason: RegExp, flags: string[] = []) {
    it(name, () => {
      const log = at(`${name.replace(/\W+/g, '-')}.jsonl`);
      const state = `${log}.state`;
      rmSync(state, { force: true });
      writeFileSync(log, bytes.subarray(0, half));
      assert.equal(runCli(['report', '--format', 'json', '--state', state, log]).code, 0);
      writeFileSync(log, bytes); // the log grows
      const files = change(log, state) ?? [log];
      const incremental = runCli(['report', '--format', 'json', '--state', state, ...flags, ...files]);
      const full = runCli(['report', '--format', 'json', ...flags, ...files]);
      assert.equal(incremental.stdout, full.stdout);
      const [note, ...rest] = incremental.stderr.split('\n');
      assert.match(note, reason);
      assert.match(note, /; full run$/);
      assert.equal(rest.join('\n'), full.stderr);
      // and the state written by that full run serves the next run
      const again = runCli(['report', '--format', 'json', '--state', state, ...flags, ...files]);
      assert.deepStrictEqual(again, full);
    });
  }

  check(
    'rotated: a new file under the old name',
    (log) => {
      renameSync(log, `${log}.1`);
      writeFileSync(log, bytes.subarray(half));
    },
    /is not the file the state read/,
  );
  check('truncated', (log) => truncateSync(log, half - 10), /is shorter than the \d+ bytes the state read/);
  check(
    'edited in the middle, same size',
    (log) => {
      const edited = Buffer.from(bytes);
      edited[Math.floor(half / 2)] ^= 0x01;
      writeFileSync(log, edited); // same inode, same size
    },
    /was edited in the part already read/,
  );
  check(
    'corrupt state',
    (_log, state) => {
      const b = readFileSync(state);
      b[b.length - 5] ^= 0xff;
      writeFileSync(state, b);
    },
    /is corrupt \(checksum mismatch\)/,
  );
  check('truncated state', (_log, state) => truncateSync(state, 100), /is truncated/);
  // (a file that does not start as a state is never written over: test/state-misuse.test.ts)
  check(
    'a state of another frame version',
    (_log, state) => {
      const b = readFileSync(state);
      b.writeUInt32LE(7, 8);
      writeFileSync(state, b);
    },
    /is a state file of frame version 7; this bazinga-stats reads version 1/,
  );
  check('other settings', () => undefined, /it was made with --tz UTC, this run uses Asia\/Tokyo/, ['--tz', 'Asia/Tokyo']);
  check('other filters', () => undefined, /it was made with --command none, this run uses init/, ['--command', 'init']);
  check(
    'an input the state read is missing',
    (log) => {
      writeFileSync(`${log}.other`, bytes.subarray(half));
      return [`${log}.other`];
    },
    /is not the file the state read/,
  );
  it('an input grew that is not the last the state read', () => {
    const [a, b] = [at('grew-a.jsonl'), at('grew-b.jsonl')];
    const state = at('grew.state');
    writeFileSync(a, bytes.subarray(0, half));
    writeFileSync(b, bytes.subarray(half, ends[ends.length - 20]));
    runCli(['daily', '--state', state, a, b]);
    appendFileSync(a, bytes.subarray(ends[ends.length - 20]));
    const incremental = runCli(['daily', '--format', 'csv', '--state', state, a, b]);
    const full = runCli(['daily', '--format', 'csv', a, b]);
    assert.equal(incremental.stdout, full.stdout);
    assert.equal(incremental.stderr, `bazinga-stats: --state ${state}: ${a} grew, but the state read inputs after it; full run\n${full.stderr}`);
  });

  it('rotation listed again: the old file resumed, the new one read whole, no full run', () => {
    const log = at('rot.jsonl');
    const state = at('rot.state');
    writeFileSync(log, bytes.subarray(0, half));
    runCli(['report', '--format', 'json', '--state', state, log]);
    appendFileSync(log, bytes.subarray(half, ends[ends.length - 10]));
    renameSync(log, `${log}.1`);
    writeFileSync(log, bytes.subarray(ends[ends.length - 10]));
    const incremental = runCli(['report', '--format', 'json', '--state', state, `${log}.1`, log]);
    assert.deepStrictEqual(incremental, runCli(['report', '--format', 'json', `${log}.1`, log]));
  });

  it('stdin cannot be resumed; --state alone needs a state', () => {
    const r = runCli(['report', '--state', at('x.state'), '-'], { input: bytes });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'bazinga-stats: --state: stdin cannot be resumed; give the log as a FILE (a gzip file is fine)\n');
    const none = runCli(['report', '--state', at('none.state')]);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, `bazinga-stats: --state: ${at('none.state')}: no such file, and no input to read\n`);
  });
});

describe("--state and the time window (issue 9): yesterday's state serves today's run", () => {
  const uuid = (i: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const ev = (i: number, command: string, version: string, timestamp: string) => JSON.stringify({ uuid: uuid(i), command, version, timestamp });
  // today 2026-11-30 (window 2000-01-01..2026-12-01): events of 12-02 and 12-05 are outside until the window
  // reaches them; 1970 stays outside; ties in time across the deferral are broken by line order
  const lines = [
    ev(1, 'init', '1.0.0', '2026-11-29T10:00:00'),
    ev(2, 'init', '1.0.0', '1970-01-01T00:00:00'),
    ev(1, 'update', '2.0.0', '2026-12-02T08:00:00'),
    ev(3, 'init', '2.0.0', '2026-12-05T00:00:00'),
    'not json',
    ev(1, 'update', '1.5.0', '2026-11-30T23:59:59'),
  ];
  const later = [
    ev(1, 'update', '3.0.0', '2026-12-02T08:00:00'),
    ev(4, 'init', '2.0.0', '2026-12-03T12:00:00'),
    ev(3, 'update', '2.1.0', '2026-12-09T00:00:00'),
  ];
  const today = (day: string) => ({ env: { BAZINGA_STATS_TODAY: day } });

  // quality counts the events after today, and today moves: each run counts them against its own
  for (const command of ['report', 'upgrades', 'versions', 'retention', 'adoption', 'activation', 'quality']) {
    it(command, () => {
      const log = at(`window-${command}.jsonl`);
      const state = at(`window-${command}.state`);
      rmSync(state, { force: true });
      writeFileSync(log, lines.join('\n') + '\n');
      const first = runCli([command, '--format', 'json', '--state', state, log], today('2026-11-30'));
      assert.deepStrictEqual(first, runCli([command, '--format', 'json', log], today('2026-11-30')));
      assert.match(first.stderr, /outside the window 2000-01-01\.\.2026-12-01/);
      // three days later, with more lines: 12-02 comes in (before the new lines), 12-05 and 12-09 stay out
      appendFileSync(log, later.join('\n') + '\n');
      for (const day of ['2026-12-03', '2026-12-06', '2026-12-10']) {
        const incremental = runCli([command, '--format', 'json', '--state', state, log], today(day));
        assert.deepStrictEqual(incremental, runCli([command, '--format', 'json', log], today(day)), day);
      }
      // a state of a later day cannot serve an earlier one: it already let those events in
      const back = runCli([command, '--format', 'json', '--state', state, log], today('2026-12-04'));
      const full = runCli([command, '--format', 'json', log], today('2026-12-04'));
      assert.equal(back.stdout, full.stdout);
      assert.equal(
        back.stderr,
        `bazinga-stats: --state ${state}: its window ends 2026-12-11, this run's ends 2026-12-05 (the state was made on a later day, or with another --window); full run\n${full.stderr}`,
      );
    });
  }

  it('another --window, and a relative --since on another day, give a full run', () => {
    const log = at('window-flags.jsonl');
    const state = at('window-flags.state');
    writeFileSync(log, [...lines, ...later].join('\n') + '\n');
    runCli(['daily', '--since', '3d', '--state', state, log], today('2026-12-03'));
    const same = runCli(['daily', '--since', '3d', '--state', state, log], today('2026-12-03'));
    assert.deepStrictEqual(same, runCli(['daily', '--since', '3d', log], today('2026-12-03')));
    const moved = runCli(['daily', '--since', '3d', '--state', state, log], today('2026-12-04'));
    assert.match(moved.stderr, /^bazinga-stats: --state .*: it was made with --since 2026-12-01, this run means 2026-12-02; full run\n/);
    assert.equal(moved.stdout, runCli(['daily', '--since', '3d', log], today('2026-12-04')).stdout);
    const window = runCli(['daily', '--since', '3d', '--window', '2026-01-01..', '--state', state, log], today('2026-12-04'));
    assert.match(window.stderr, /^bazinga-stats: --state .*: it was made with --window default, this run uses 2026-01-01\.\.; full run\n/);
  });

  it('merge: shards of different days take the latest window', () => {
    const [a, b] = [at('wm-a.jsonl'), at('wm-b.jsonl')];
    writeFileSync(a, lines.join('\n') + '\n');
    writeFileSync(b, later.join('\n') + '\n');
    for (const f of [a, b]) rmSync(`${f}.state`, { force: true });
    runCli(['report', '--state', `${a}.state`, a], today('2026-11-30'));
    runCli(['report', '--state', `${b}.state`, b], today('2026-12-06'));
    const merged = runCli(['merge', '-o', at('wm.state'), `${a}.state`, `${b}.state`]);
    assert.equal(merged.code, 0, merged.stderr);
    assert.deepStrictEqual(
      runCli(['report', '--format', 'json', '--state', at('wm.state')], today('2026-12-06')),
      runCli(['report', '--format', 'json', a, b], today('2026-12-06')),
    );
  });
});

describe('--state with --exclude-installs', () => {
  it('the count of excluded installs seen survives the state', () => {
    const data = generateTrickyData(23, 400, { noFinalNewline: false });
    const ends = lineEnds(data.bytes);
    const exclude = at('exclude.txt');
    writeFileSync(
      exclude,
      `# two busy installs and one never seen\n${data.installs[0]}\n${data.installs[1].toUpperCase()}\n00000000-0000-4000-8000-000000000000\n`,
    );
    const log = at('exclude.jsonl');
    const state = at('exclude.state');
    rmSync(state, { force: true });
    for (const end of [ends[20], ends[200], data.bytes.length]) {
      writeFileSync(log, data.bytes.subarray(0, end));
      const incremental = runCli(['uniques', '--exclude-installs', exclude, '--state', state, log]);
      assert.deepStrictEqual(incremental, runCli(['uniques', '--exclude-installs', exclude, log]), `up to byte ${end}`);
    }
    // the summary wraps at spaces to fit the width (issue #21)
    assert.match(runCli(['uniques', '--exclude-installs', exclude, '--state', state, log]).stdout, /2 installs\s+excluded/);
  });
});

describe('--state: one state serves --by day, week and month, and the commands whose sections it holds', () => {
  it('a report state serves daily --by week and month, uniques, versions and commands, with no full run', () => {
    const log = at('serve.jsonl');
    const state = at('serve.state');
    writeFileSync(log, generateTrickyData(31, 300).bytes);
    rmSync(state, { force: true });
    runCli(['report', '--state', state, log]);
    for (const argv of [
      ['daily', '--by', 'week'],
      ['daily', '--by', 'month', '--format', 'csv'],
      ['uniques'],
      ['versions', '--format', 'markdown'],
      ['commands'],
    ]) {
      assert.deepStrictEqual(runCli([...argv, '--state', state, log]), runCli([...argv, log]), argv.join(' '));
    }
  });
});

describe('--state: a file that was empty, or held only part of a line, when the state was made', () => {
  it('a BOM at the start is still skipped, and a line cut in two is read whole', () => {
    const log = at('empty-first.jsonl');
    const state = at('empty-first.state');
    rmSync(state, { force: true });
    const line = '{"uuid": "aaaaaaaa-0000-4000-8000-000000000001", "command": "init", "version": "1.0.0", "timestamp": "2025-11-12T10:00:00"}';
    writeFileSync(log, '');
    runCli(['report', '--format', 'json', '--state', state, log]);
    writeFileSync(log, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line.slice(0, 40))]));
    assert.deepStrictEqual(runCli(['report', '--format', 'json', '--state', state, log]), runCli(['report', '--format', 'json', log]));
    appendFileSync(log, `${line.slice(40)}\n${line}\n`);
    const incremental = runCli(['report', '--format', 'json', '--state', state, log]);
    assert.deepStrictEqual(incremental, runCli(['report', '--format', 'json', log]));
    assert.equal(JSON.parse(incremental.stdout).input.invalid, 0);
  });
});

describe('--state: adoption, activation, quality and report --format html, split inside a day (issue #13 joins #12)', () => {
  const uuid = (i: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-00000000000${i % 10}`;
  const ev = (i: number, command: string, version: string, timestamp: string) => JSON.stringify({ uuid: uuid(i), command, version, timestamp });
  // one day, 2025-11-12, cut in the middle: install 1's duplicate update has a copy on each side; install 2's
  // update is before its init until a second init after the cut, earlier than both, moves that away;
  // install 3 downgrades across the cut, and ties in time with its own earlier line; install 4 runs a CI
  // loop whose events of the day fall on both sides (busy-day needs both halves); install 5 activates only
  // after the cut; installs 6-8 move to 2.0.0 over the following days so adoption's shares cross 50%
  const before = [
    ev(1, 'init', '1.0.0', '2025-11-10T09:00:00'),
    ev(1, 'update', '1.1.0', '2025-11-12T10:00:00'),
    ev(2, 'update', '1.1.0', '2025-11-12T11:00:00'),
    ev(2, 'init', '1.1.0', '2025-11-12T12:00:00'),
    ev(3, 'init', '1.1.0', '2025-11-12T08:00:00'),
    ev(3, 'update', '2.0.0', '2025-11-12T12:00:00'),
    ev(5, 'init', '1.0.0', '2025-11-11T07:00:00'),
    ...Array.from({ length: 6 }, (_, k) => ev(4, 'update', '1.1.0', `2025-11-12T13:0${k}:00`)),
    ev(6, 'init', '1.1.0', '2025-11-12T06:00:00'),
  ];
  const after = [
    ev(1, 'update', '1.1.0', '2025-11-12T10:00:00'),
    ev(2, 'init', '1.1.0', '2025-11-12T09:00:00'),
    ev(3, 'update', '1.0.0', '2025-11-12T12:00:00'),
    ...Array.from({ length: 6 }, (_, k) => ev(4, 'update', '1.1.0', `2025-11-12T14:0${k}:00`)),
    ev(5, 'update', '1.1.0', '2025-11-12T23:59:59'),
    ev(6, 'update', '2.0.0', '2025-11-13T06:00:00'),
    ev(7, 'init', '2.0.0', '2025-11-14T06:00:00'),
    ev(8, 'update', '2.0.0', '2025-11-20T06:00:00'),
    ev(2, 'update', '2.0.0', '2025-11-25T06:00:00'),
  ];
  const runs: string[][] = [
    ['adoption'],
    ['adoption', '--by', 'week', '--active-days', '3'],
    ['activation', '--within', '1'],
    ['quality', '--max-daily', '10'],
    ['report', '--format', 'html'],
  ];
  for (const argv of runs) {
    it(argv.join(' '), () => {
      const name = argv.join('-').replace(/\W+/g, '-');
      const log = at(`day-${name}.jsonl`);
      const state = at(`day-${name}.state`);
      rmSync(state, { force: true });
      writeFileSync(log, before.join('\n') + '\n');
      const firstFull = stable(runCli([...argv, log]));
      assert.deepStrictEqual(stable(runCli([...argv, '--state', state, log])), firstFull, 'first half');
      appendFileSync(log, after.join('\n') + '\n');
      const full = stable(runCli([...argv, log]));
      assert.equal(full.code, 0, full.stderr);
      assert.notEqual(full.stdout, firstFull.stdout);
      assert.deepStrictEqual(stable(runCli([...argv, '--state', state, log])), full, 'incremental');
      // shards: each half its own file and state, merged; and the two states given as inputs
      const [a, b] = [at(`day-${name}-a.jsonl`), at(`day-${name}-b.jsonl`)];
      writeFileSync(a, before.join('\n') + '\n');
      writeFileSync(b, after.join('\n') + '\n');
      for (const f of [a, b]) {
        rmSync(`${f}.state`, { force: true });
        runCli([...argv, '--state', `${f}.state`, f]);
      }
      const merged = at(`day-${name}-all.state`);
      assert.equal(runCli(['merge', '-o', merged, `${a}.state`, `${b}.state`]).code, 0);
      const shards = stable(runCli([...argv, a, b]));
      assert.deepStrictEqual(stable(runCli([...argv, '--state', merged])), shards, 'merged state');
      assert.deepStrictEqual(stable(runCli([...argv, `${a}.state`, `${b}.state`])), shards, 'states as inputs');
    });
  }

  it('the cut decides nothing: quality finds the duplicate, the init before the update, the busy day and the downgrade', () => {
    const log = at('day-quality-check.jsonl');
    const state = at('day-quality-check.state');
    rmSync(state, { force: true });
    writeFileSync(log, before.join('\n') + '\n');
    const firstHalf = JSON.parse(runCli(['quality', '--format', 'json', '--max-daily', '10', '--state', state, log]).stdout).quality;
    assert.deepStrictEqual(firstHalf.reasons.find((r: { reason: string }) => r.reason === 'before-init').samples, [`${log}:3`]);
    appendFileSync(log, after.join('\n') + '\n');
    const quality = JSON.parse(runCli(['quality', '--format', 'json', '--max-daily', '10', '--state', state, log]).stdout).quality;
    const reason = (id: string) => quality.reasons.find((r: { reason: string }) => r.reason === id);
    const line = (n: number) => `${log}:${n}`;
    assert.deepStrictEqual(reason('duplicate').samples, [line(before.length + 1)]);
    assert.equal(reason('duplicate').count, 1);
    assert.deepStrictEqual(reason('before-init'), { reason: 'before-init', unit: 'events', count: 0, samples: [] });
    assert.deepStrictEqual(reason('busy-day').samples, [line(8)]);
    assert.deepStrictEqual(reason('downgrade').samples, [line(before.length + 3)]);
  });
});

describe('--state: what a run reads is appended to the state file, which is written whole again when that grows large', () => {
  it('small steps append (same file), a large one rewrites it; every step prints what a full run prints', () => {
    const { bytes } = generateTrickyData(77, 6000);
    const ends = lineEnds(bytes);
    const log = at('segments.jsonl');
    const state = at('segments.state');
    rmSync(state, { force: true });
    // a base of 10% of the lines, six steps of 1% each (appended), then the rest (many times the base: rewritten)
    const cuts = [0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 1].map((share) => (share === 1 ? bytes.length : ends[Math.floor(ends.length * share)]));
    writeFileSync(log, '');
    let previous = { ino: -1, size: 0 };
    cuts.forEach((cut, step) => {
      appendFileSync(log, bytes.subarray(step === 0 ? 0 : cuts[step - 1], cut));
      for (const argv of [
        ['report', '--format', 'json'],
        ['daily', '--by', 'week', '--format', 'csv'],
      ]) {
        const incremental = runCli([...argv, '--state', state, log]);
        assert.deepStrictEqual(incremental, runCli([...argv, log]), `step ${step}: ${argv.join(' ')}`);
      }
      const now = statSync(state);
      if (step >= 1 && step <= 6) {
        assert.equal(now.ino, previous.ino, `step ${step}: appended to the same file`);
        assert.ok(now.size > previous.size, `step ${step}: the state grew`);
      }
      if (step === 7) assert.notEqual(now.ino, previous.ino, 'the last step writes the state whole again');
      previous = { ino: now.ino, size: now.size };
    });
  });

  it('a state whose last update was cut short: one line, the updates before it serve the run', () => {
    const { bytes } = generateTrickyData(78, 600);
    const ends = lineEnds(bytes);
    const log = at('cut-state.jsonl');
    const state = at('cut-state.state');
    rmSync(state, { force: true });
    writeFileSync(log, bytes.subarray(0, ends[300]));
    runCli(['report', '--format', 'json', '--state', state, log]);
    appendFileSync(log, bytes.subarray(ends[300], ends[320]));
    runCli(['report', '--format', 'json', '--state', state, log]);
    truncateSync(state, statSync(state).size - 40); // a crash while appending
    appendFileSync(log, bytes.subarray(ends[320]));
    const incremental = runCli(['report', '--format', 'json', '--state', state, log]);
    const full = runCli(['report', '--format', 'json', log]);
    assert.equal(incremental.stdout, full.stdout);
    assert.equal(
      incremental.stderr,
      `bazinga-stats: --state ${state}: its last update was cut short (a crash while writing?); read on from the update before it\n${full.stderr}`,
    );
    // the next run finds a whole state again
    assert.deepStrictEqual(runCli(['report', '--format', 'json', '--state', state, log]), full);
  });
});

describe('--state: the new lines read on a worker thread (a large state) give what reading them here gives', () => {
  it('every section, a log grown in steps, an unfinished last line', async () => {
    const { analyzeWithState } = await import('../../src/state/incremental.js');
    const { analyze } = await import('../../src/analyze.js');
    const { SECTIONS } = await import('../../src/reducers/index.js');
    const { bytes } = generateTrickyData(91, 1500, { noFinalNewline: true });
    const ends = lineEnds(bytes);
    // every section (upgrades may refuse these edge-case logs: a full run), then all but upgrades (never refused)
    for (const sections of [[...SECTIONS], SECTIONS.filter((s) => s !== 'upgrades')]) {
      const options = { sections, today: '2026-11-30', by: 'week' as const };
      const log = at('thread.jsonl');
      const [here, there] = [at('thread-here.state'), at('thread-there.state')];
      rmSync(here, { force: true });
      writeFileSync(log, bytes.subarray(0, ends[600]));
      await analyzeWithState([log], options, here, undefined, false);
      copyFileSync(here, there);
      for (const cut of [ends[620], ends[900] - 7, bytes.length]) {
        writeFileSync(log, bytes.subarray(0, cut));
        const a = await analyzeWithState([log], options, here, undefined, false);
        const b = await analyzeWithState([log], options, there, undefined, true);
        const full = await analyze([log], options);
        assert.equal(b.note, a.note?.replace(here, there) ?? null);
        assert.deepStrictEqual(b.report, full.report, `cut at ${cut}`);
        assert.deepStrictEqual(a.report, full.report, `cut at ${cut}`);
        assert.deepStrictEqual(b.invalidLines, full.invalidLines);
        assert.deepStrictEqual(readFileSync(there), readFileSync(here), 'the same state written');
        if (!sections.includes('upgrades')) assert.equal(a.note, null);
      }
    }
  });
});

describe('--state: a large base whose install table stays in the file', () => {
  it('look-ups many (a slice at a time), few (slot by slot) and of an unfinished line give what a full run gives', () => {
    // 420,000 installs make a base of over 32 MB: its CRC is computed on a worker thread, and its install
    // table (21 MB) is left in the file and read as look-ups need it (InstallTable.adoptSaved)
    const installs = 420_000;
    const uuid = (i: number) => {
      const h = (Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
      return `${h}-${(i & 0xffff).toString(16).padStart(4, '0')}-4${(i >>> 16).toString(16).padStart(3, '0')}-8000-${i.toString(16).padStart(12, '0')}`;
    };
    const event = (i: number, day: number, command: string, version: string) =>
      `{"uuid": "${uuid(i)}", "command": "${command}", "version": "${version}", "timestamp": "2026-${String(1 + Math.floor(day / 28)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}T12:00:${String(i % 60).padStart(2, '0')}.000000"}\n`;
    const lines = (from: number, to: number, f: (k: number) => string) => {
      const out: string[] = [];
      for (let k = from; k < to; k++) out.push(f(k));
      return out.join('');
    };
    const log = at('large.jsonl');
    const state = at('large.state');
    writeFileSync(
      log,
      lines(0, installs, (i) => event(i, i % 200, 'init', '1.0.0')),
    );
    const json = (args: string[]) => runCli(['report', '--format', 'json', ...args]);
    const first = json(['--state', state, log]);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(statSync(state).size >= 32 << 20, `the base is ${statSync(state).size} bytes`);
    const steps = [
      // many look-ups: updates of saved installs (some twice), and new installs among them
      lines(0, 6000, (k) =>
        k % 7 === 0 ? event(installs + k, 230, 'init', '1.1.0') : event((k * 7919) % installs, 210 + (k % 20), 'update', k % 3 ? '1.1.0' : '1.2.0'),
      ),
      // a few, one by one, and an unfinished last line (read, reported, not kept)
      lines(0, 40, (k) => event(k % 2 ? (k * 104729) % installs : installs + 10_000 + k, 240, 'update', '1.2.0')) +
        event(5, 241, 'update', '1.3.0').slice(0, -1),
      // the unfinished line completed, and more
      '\n' + lines(0, 3000, (k) => event((k * 31337) % (installs + 6000), 245, 'update', '1.3.0')),
    ];
    for (const [i, step] of steps.entries()) {
      appendFileSync(log, step);
      const incremental = json(['--state', state, log]);
      const full = json([log]);
      assert.equal(incremental.stdout, full.stdout, `step ${i}`);
      assert.equal(incremental.stderr, full.stderr, `step ${i}`);
    }
    // other settings: a full run (the worker started early for the new lines is let go)
    const other = json(['--tz', 'Asia/Tokyo', '--state', state, log]);
    const full = json(['--tz', 'Asia/Tokyo', log]);
    assert.equal(other.stdout, full.stdout);
    assert.equal(other.stderr, `bazinga-stats: --state ${state}: it was made with --tz UTC, this run uses Asia/Tokyo; full run\n${full.stderr}`);
  });
});
