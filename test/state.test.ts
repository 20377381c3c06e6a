// Incremental runs and merges (issue #12, docs/incremental.md): a run from a state plus new lines, and a merge
// of shards' states, must give what one full run over the same lines gives, byte for byte; a state that does
// not fit (other settings, rotated, truncated or edited inputs, a corrupt or foreign file) must give a full
// run and one line saying why, never a wrong report.
//
// The first part drives the core directly, for every registered section (a new reducer is included
// automatically, and one whose save or absorb loses anything fails here); the second runs the built CLI for
// every command and format.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Analyzer, defaultAnalysisOptions } from '../src/core/analyzer.js';
import { absorbState, readState, saveRun, stateMismatch } from '../src/state/analyzer-state.js';
import type { Section } from '../src/core/report.js';
import { StateError } from '../src/state/summary.js';
import { createReducer, SECTIONS } from '../src/reducers/index.js';
import { InstallState } from '../src/core/install-state.js';
import { generateTrickyData } from './support/generate-tricky.js';

/** A seeded random source (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Offsets just after a `\n`, where a state may stop reading: `count` of them, sorted, seeded. */
function splitPoints(bytes: Buffer, count: number, seed: number): number[] {
  const ends: number[] = [];
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) ends.push(i + 1);
  const next = random(seed);
  const points = new Set<number>();
  while (points.size < Math.min(count, ends.length)) points.add(ends[Math.floor(next() * ends.length)]);
  return [...points].sort((a, b) => a - b);
}

/**
 * A log as the real client writes it: each install's events in time order with versions that mostly move up
 * (a few roll back), lines in arrival order (a little clock skew), spread over ~10 weeks.
 */
function realisticLog(seed: number, installs: number): Buffer {
  const next = random(seed);
  const versions = ['1.0.0', '1.1.0', '1.2.0', '2.0.0-beta.1', '2.0.0', '2.1.0'];
  const start = Date.UTC(2025, 9, 20) / 1000;
  const events: { at: number; line: string }[] = [];
  for (let i = 0; i < installs; i++) {
    const uuid = `${(0x10000000 + i * 7919).toString(16).slice(-8)}-0000-4000-8000-${String(seed).padStart(12, '0')}`;
    let at = start + Math.floor(next() * 40 * 86400);
    let rung = Math.floor(next() * 3);
    const count = 1 + Math.floor(next() * 8);
    for (let k = 0; k < count; k++) {
      if (k > 0) at += Math.floor(next() * 9 * 86400);
      if (next() < 0.3) rung = Math.min(versions.length - 1, rung + 1);
      else if (next() < 0.05) rung = Math.max(0, rung - 1);
      const stamp = new Date(at * 1000)
        .toISOString()
        .replace('Z', '')
        .replace('.000', next() < 0.5 ? '' : '.250000');
      const line = JSON.stringify({ uuid, command: k === 0 ? 'init' : 'update', version: versions[rung], timestamp: stamp });
      events.push({ at: at + (next() < 0.02 ? Math.floor(next() * 600) : 0), line });
    }
  }
  events.sort((a, b) => a.at - b.at);
  if (seed % 2 === 0) events.splice(events.length >> 1, 0, { at: 0, line: 'not json' });
  return Buffer.from(events.map((e) => e.line).join('\n') + '\n');
}

/** Sections whose state is not kept yet: a command that needs one runs in full and writes no state. */
const NOT_YET: Section[] = [];

const options = (sections: Section[], extra: object = {}) => ({ sections, by: 'week' as const, ...extra });

function coldRun(sections: Section[], files: Buffer[], extra: object = {}) {
  const analyzer = new Analyzer(options(sections, extra));
  files.forEach((bytes, i) => {
    analyzer.beginInput(`part${i}.jsonl`);
    analyzer.push(bytes);
    analyzer.endInput();
  });
  return { report: analyzer.finish(), invalid: analyzer.invalidLines };
}

/** One input read in pieces, a state saved and absorbed by a new run between pieces. */
function incrementalRun(sections: Section[], bytes: Buffer, points: number[], extra: object = {}) {
  let state: Uint8Array | null = null;
  const bounds = [0, ...points, bytes.length];
  let analyzer!: Analyzer;
  for (let p = 0; p + 1 < bounds.length; p++) {
    analyzer = new Analyzer(options(sections, extra));
    if (state === null) {
      analyzer.beginInput('part0.jsonl');
    } else {
      const read = readState(state);
      assert.equal(stateMismatch(analyzer, read.header), null);
      absorbState(analyzer, read);
      analyzer.resumeInput(0, 'part0.jsonl');
    }
    analyzer.push(bytes.subarray(bounds[p], bounds[p + 1]));
    if (p + 2 < bounds.length) state = saveRun(analyzer).bytes();
  }
  analyzer.endInput();
  return { report: analyzer.finish(), invalid: analyzer.invalidLines };
}

/** Each part read by its own run and saved; the states absorbed, in order, by one run. */
function mergedRun(sections: Section[], parts: Buffer[], extra: object = {}) {
  const states = parts.map((bytes, i) => {
    const analyzer = new Analyzer(options(sections, extra));
    analyzer.beginInput(`part${i}.jsonl`);
    analyzer.push(bytes);
    analyzer.endInput();
    return saveRun(analyzer).bytes();
  });
  const merged = new Analyzer(options(sections, extra));
  for (const state of states) absorbState(merged, readState(state));
  // and once more through bytes: a merged state saved and read back
  const again = new Analyzer(options(sections, extra));
  absorbState(again, readState(saveRun(merged).bytes()));
  return { report: again.finish(), invalid: again.invalidLines };
}

/**
 * What `--state` does (src/state/incremental.ts): a base state of the first piece; each later piece read by a run
 * that continues the inputs of the base and the segments before it, its state appended as a segment; the
 * report from the base and every segment absorbed in order. With `fold`, that run is saved whole and read
 * back first (a state written whole again when its segments grow large).
 */
function continuedRun(sections: Section[], bytes: Buffer, points: number[], extra: object = {}, fold = false) {
  const bounds = [0, ...points, bytes.length];
  const segments: Uint8Array[] = [];
  const absorbAll = () => {
    const analyzer = new Analyzer(options(sections, extra));
    segments.forEach((segment, i) => absorbState(analyzer, readState(segment), i === 0 ? null : 0));
    return analyzer;
  };
  for (let p = 0; p + 1 < bounds.length; p++) {
    const reader = new Analyzer(options(sections, extra));
    if (p === 0) {
      reader.beginInput('part0.jsonl');
    } else {
      reader.continueInputs(absorbAll().inputs);
      reader.resumeInput(0, 'part0.jsonl');
    }
    reader.push(bytes.subarray(bounds[p], bounds[p + 1]));
    reader.endInput();
    segments.push(saveRun(reader).bytes());
  }
  let analyzer = absorbAll();
  if (fold) {
    const whole = saveRun(analyzer).bytes();
    analyzer = new Analyzer(options(sections, extra));
    absorbState(analyzer, readState(whole));
  }
  return { report: analyzer.finish(), invalid: analyzer.invalidLines };
}

const slices = (bytes: Buffer, points: number[]) =>
  [0, ...points, bytes.length].slice(0, -1).map((start, i, all) => bytes.subarray(start, i + 1 < all.length ? all[i + 1] : bytes.length));

describe('state: every registered section, full run = incremental runs = merged shards', () => {
  const settings: object[] = [
    {},
    { tz: 'Pacific/Chatham' },
    { tz: 'America/Los_Angeles', filters: { since: '2025-11-01', until: null, commands: [], versions: [], excludeInstalls: [] } },
  ];
  for (const section of SECTIONS) {
    it(section, () => {
      // a new section joins the state by implementing both (src/reducers/reducer.ts); the sections of issue #13
      // that do not yet are listed here, so that any other one without them fails
      const reducer = createReducer(section, 'day', new InstallState(), {
        analytics: defaultAnalysisOptions.analytics,
        commandNames: [],
        inputNames: [],
        today: null,
        retentionCohorts: null,
        latestPeriods: null,
        maxPeriods: null,
        collapseEmptyRuns: null,
      });
      if (NOT_YET.includes(section)) {
        assert.equal(reducer.save === undefined || reducer.absorb === undefined, true, `${section} keeps a state now: take it off NOT_YET`);
        return;
      }
      assert.equal(typeof reducer.save, 'function', `${section}: no save(): its state is not kept`);
      assert.equal(typeof reducer.absorb, 'function', `${section}: no absorb(): its state is not kept`);
      let exact = 0;
      let refused = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const { bytes } = generateTrickyData(seed, 300 + seed * 40);
        const extra = settings[seed % settings.length];
        const points = splitPoints(bytes, 1 + (seed % 3), seed);
        const cold = coldRun([section], [bytes], extra);
        try {
          assert.deepStrictEqual(incrementalRun([section], bytes, points, extra), cold, `seed ${seed}, split at ${points}`);
          exact++;
        } catch (error) {
          if (!(error instanceof StateError)) throw error;
          refused++;
        }
        const parts = slices(bytes, points);
        try {
          assert.deepStrictEqual(mergedRun([section], parts, extra), coldRun([section], parts, extra), `seed ${seed}, shards at ${points}`);
          exact++;
        } catch (error) {
          if (!(error instanceof StateError)) throw error;
          refused++;
        }
        try {
          assert.deepStrictEqual(continuedRun([section], bytes, points, extra, seed % 2 === 0), cold, `seed ${seed}, segments at ${points}`);
          exact++;
        } catch (error) {
          if (!(error instanceof StateError)) throw error;
          refused++;
        }
      }
      // refusing is allowed only where a saved version run's lost inside would decide (upgrades, on these
      // logs full of same-instant twins of another version); everything else is exact every time
      if (section === 'upgrades') assert.ok(exact >= 1, `${section}: ${exact} exact, ${refused} refused`);
      else assert.equal(refused, 0, `${section}: ${refused} refused`);
      // on logs written as the client writes them, nothing is refused
      for (let seed = 1; seed <= 6; seed++) {
        const bytes = realisticLog(seed, 150);
        const extra = settings[seed % settings.length];
        const points = splitPoints(bytes, 1 + (seed % 4), seed);
        assert.deepStrictEqual(
          incrementalRun([section], bytes, points, extra),
          coldRun([section], [bytes], extra),
          `realistic seed ${seed}, split at ${points}`,
        );
        const parts = slices(bytes, points);
        assert.deepStrictEqual(mergedRun([section], parts, extra), coldRun([section], parts, extra), `realistic seed ${seed}, shards at ${points}`);
        assert.deepStrictEqual(
          continuedRun([section], bytes, points, extra, seed % 2 === 1),
          coldRun([section], [bytes], extra),
          `realistic seed ${seed}, segments at ${points}`,
        );
      }
    });
  }

  it('all sections at once, with more installs than one block of the merges (InstallMerge: 2,048 at a time)', () => {
    const bytes = realisticLog(7, 6000);
    const points = splitPoints(bytes, 3, 7);
    const all = SECTIONS.filter((s) => !NOT_YET.includes(s));
    const cold = coldRun(all, [bytes]);
    assert.deepStrictEqual(incrementalRun(all, bytes, points), cold, 'incremental');
    assert.deepStrictEqual(continuedRun(all, bytes, points), cold, 'segments');
    const parts = slices(bytes, points);
    assert.deepStrictEqual(mergedRun(all, parts), coldRun(all, parts), 'shards');
  });

  it('all sections at once, in any order, and a section missing from the state is named', () => {
    const bytes = realisticLog(99, 300);
    const points = splitPoints(bytes, 2, 99);
    const all = SECTIONS.filter((s) => !NOT_YET.includes(s)).reverse();
    assert.deepStrictEqual(incrementalRun(all, bytes, points), coldRun(all, [bytes]));
    const some = new Analyzer({ sections: ['uniques'] });
    some.beginInput('x');
    some.push(bytes);
    some.endInput();
    const header = readState(saveRun(some).bytes()).header;
    assert.deepStrictEqual(stateMismatch(new Analyzer({ sections: ['uniques', 'periods'] }), header), {
      setting: 'sections',
      state: 'uniques',
      run: 'uniques, periods',
    });
    assert.deepStrictEqual(stateMismatch(new Analyzer({ sections: ['uniques'], tz: 'Europe/Berlin' }), header), {
      setting: 'tz',
      state: 'UTC',
      run: 'Europe/Berlin',
    });
  });
});

/** Part 0 read, then the state of part 1 absorbed, then part 2 read: new events after a state in one run. */
function mixedRun(sections: Section[], parts: Buffer[], extra: object = {}) {
  const shard = new Analyzer(options(sections, extra));
  shard.beginInput('part1.jsonl');
  shard.push(parts[1]);
  shard.endInput();
  const state = saveRun(shard).bytes();
  const analyzer = new Analyzer(options(sections, extra));
  analyzer.beginInput('part0.jsonl');
  analyzer.push(parts[0]);
  analyzer.endInput();
  absorbState(analyzer, readState(state));
  analyzer.beginInput('part2.jsonl');
  analyzer.push(parts[2]);
  analyzer.endInput();
  return { report: analyzer.finish(), invalid: analyzer.invalidLines };
}

describe('state: absorbed between inputs, its ids mapped to a run that has events, more events after it', () => {
  // the incremental run absorbs into an empty run (ids map to themselves, records are copied whole); here the
  // ids are remapped and events of the same installs and days follow, as a merge followed by reading would
  for (const section of SECTIONS.filter((s) => s !== 'upgrades')) {
    it(section, () => {
      for (let seed = 1; seed <= 8; seed++) {
        const { bytes } = generateTrickyData(100 + seed, 300 + seed * 30);
        const extra = [{}, { tz: 'Pacific/Chatham' }][seed % 2];
        const parts = slices(bytes, splitPoints(bytes, 2, seed));
        assert.deepStrictEqual(mixedRun([section], parts, extra), coldRun([section], parts, extra), `seed ${seed}`);
      }
    });
  }

  it('adoption: a tie in time on one day, across the state, goes to the later line', () => {
    // one install, one day: 09:00 read first, the state's 12:00 on 1.0.0, then a later line at 12:00 on 2.0.0
    const line = (version: string, time: string) =>
      Buffer.from(JSON.stringify({ uuid: 'aaaaaaaa-0000-4000-8000-000000000001', command: 'update', version, timestamp: `2025-11-12T${time}` }) + '\n');
    const parts = [line('0.9.0', '09:00:00'), line('1.0.0', '12:00:00'), line('2.0.0', '12:00:00')];
    const cold = coldRun(['adoption'], parts);
    assert.deepStrictEqual(cold.report.adoption?.top, ['2.0.0']);
    assert.deepStrictEqual(mixedRun(['adoption'], parts), cold);
  });
});

describe('state: quality saves its records narrow while they fit', () => {
  it('over 65,536 versions (32-bit ids) and with nanoseconds, the state is as exact as with few', () => {
    const lines: string[] = [];
    for (let i = 0; i < 66_000; i++) {
      const uuid = `aaaaaaaa-0000-4000-8000-${String(i % 50).padStart(12, '0')}`;
      // one second apart, versions up in time: no downgrade, unless a version id is cut to 16 bits
      const at = new Date(Date.UTC(2025, 10, 12) + i * 1000).toISOString().slice(0, 19);
      lines.push(
        JSON.stringify({ uuid, command: i % 7 === 0 ? 'init' : 'update', version: `1.${i}.0`, timestamp: `${at}.${String(i % 3).padStart(9, '0')}Z` }),
      );
    }
    // line 1 again a nanosecond later (not a duplicate), and again on the far side of the cut (a duplicate)
    lines.splice(1, 0, lines[0].replace('.000000000Z', '.000000001Z'));
    lines.push(lines[0]);
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const cold = coldRun(['quality'], [bytes]);
    assert.equal(cold.report.quality?.reasons.find((r) => r.reason === 'duplicate')?.count, 1);
    assert.equal(cold.report.quality?.reasons.find((r) => r.reason === 'downgrade')?.count, 0);
    // cut after every version id past 16 bits is in the state
    const ends = [...bytes.keys()].filter((i) => bytes[i] === 0x0a).map((i) => i + 1);
    const points = [ends[65_990], ends[66_000]];
    assert.deepStrictEqual(incrementalRun(['quality'], bytes, points), cold);
    const parts = slices(bytes, points);
    assert.deepStrictEqual(mergedRun(['quality'], parts), coldRun(['quality'], parts));
  });

  it('instants over more than 136 years (past 32-bit offsets), with --window ..', () => {
    const line = (i: number, timestamp: string) =>
      JSON.stringify({ uuid: `aaaaaaaa-0000-4000-8000-00000000000${i}`, command: 'update', version: '1.0.0', timestamp });
    const bytes = Buffer.from(
      [line(1, '0001-01-01T00:00:00Z'), line(2, '9999-12-31T23:59:59Z'), line(1, '2025-11-12T10:00:00Z'), line(1, '0001-01-01T00:00:00Z')].join('\n') + '\n',
    );
    const extra = { window: '..' };
    const cold = coldRun(['quality'], [bytes], extra);
    assert.equal(cold.report.quality?.reasons.find((r) => r.reason === 'duplicate')?.count, 1);
    for (const cut of [1, 2, 3]) {
      const points = [[...bytes.keys()].filter((i) => bytes[i] === 0x0a)[cut - 1] + 1];
      assert.deepStrictEqual(incrementalRun(['quality'], bytes, points, extra), cold, `cut after line ${cut}`);
    }
  });
});

describe('state: upgrades keeps version runs and says when they cannot be exact', () => {
  const X = 'aaaaaaaa-0000-4000-8000-000000000001';
  const line = (version: string, timestamp: string) => JSON.stringify({ uuid: X, command: 'update', version, timestamp }) + '\n';
  it('an event of another version inside a saved run is refused, one outside it is exact', () => {
    // saved: 1.0 at 10:00 and 12:00 (one run); new: 2.0 at 11:00, inside it — the runs' inner events are gone
    const first = Buffer.from(line('1.0.0', '2025-11-12T10:00:00') + line('1.0.0', '2025-11-12T12:00:00'));
    const inside = Buffer.from(line('2.0.0', '2025-11-12T11:00:00'));
    assert.throws(() => incrementalRun(['upgrades'], Buffer.concat([first, inside]), [first.length]), StateError);
    const after = Buffer.from(line('2.0.0', '2025-11-12T13:00:00') + line('1.0.0', '2025-11-12T09:00:00'));
    const bytes = Buffer.concat([first, after]);
    assert.deepStrictEqual(incrementalRun(['upgrades'], bytes, [first.length]), coldRun(['upgrades'], [bytes]));
    // a tie in time: the later line wins, across a state too
    const tie = Buffer.from(line('3.0.0', '2025-11-12T12:00:00'));
    const tied = Buffer.concat([first, tie]);
    assert.deepStrictEqual(incrementalRun(['upgrades', 'versions'], tied, [first.length]), coldRun(['upgrades', 'versions'], [tied]));
    assert.deepStrictEqual(coldRun(['upgrades'], [tied]).report.upgrades, [{ from: '1.0.0', to: '3.0.0', installs: 1, downgrade: false }]);
  });
});

describe('state: the period totals a state keeps, adjusted by the installs a run touched, equal a walk over every install', () => {
  // small last steps keep the new pairs under a quarter of the state's, so the totals are adjusted (not walked)
  for (const by of ['day', 'week', 'month'] as const) {
    it(`--by ${by}`, () => {
      for (let seed = 1; seed <= 8; seed++) {
        const bytes = seed % 2 === 0 ? realisticLog(seed, 400) : generateTrickyData(seed, 1500).bytes;
        const ends: number[] = [];
        for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) ends.push(i + 1);
        const points = [0.7, 0.8, 0.85, 0.9, 0.97].map((share) => ends[Math.floor(ends.length * share)]);
        const extra = { by, tz: ['UTC', 'Asia/Kolkata', 'America/New_York'][seed % 3] };
        const cold = coldRun(['periods'], [bytes], extra);
        assert.deepStrictEqual(incrementalRun(['periods'], bytes, points, extra), cold, `seed ${seed}: incremental`);
        assert.deepStrictEqual(continuedRun(['periods'], bytes, points, extra), cold, `seed ${seed}: segments`);
        assert.deepStrictEqual(continuedRun(['periods'], bytes, points, extra, true), cold, `seed ${seed}: segments folded`);
      }
    });
  }
});
