// A state's large parts are checked a slice at a time as they are read (SummaryReader's checked reads),
// while each slice is still in the CPU's cache: the install table's ids (InstallTable.countTags) and a pair
// log's offsets and values. Slice by slice must see every entry once, in order, and refuse what the whole
// part would have been refused for. And what a run does with a loaded pair log: the installs it touched,
// each with its base days and its added ones (PairLog.forEachChanged, which the kept period totals use).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InstallTable } from '../src/core/install-table.js';
import { PairLog } from '../src/core/pair-log.js';
import { StateError, SummaryReader, SummaryWriter } from '../src/state/summary.js';

const bytesOf = (write: (out: SummaryWriter) => void) => {
  const out = new SummaryWriter();
  write(out);
  return out.bytes();
};

test('a checked part is read whole, its slices (at most 1 MiB) in order and each once', () => {
  const values = new Uint32Array(700_000).map((_, i) => (i * 2654435761) >>> 0);
  const slices: [number, number][] = [];
  const read = new SummaryReader(bytesOf((out) => out.array(values))).u32Checked('words', (_v, from, to) => {
    slices.push([from, to]);
    return true;
  });
  assert.deepStrictEqual(read, values);
  assert.ok(slices.length >= 3);
  slices.forEach(([from, to], k) => {
    assert.equal(from, k === 0 ? 0 : slices[k - 1][1]);
    assert.ok((to - from) * 4 <= 1 << 20);
  });
  assert.equal(slices[slices.length - 1][1], values.length);
  // a slice refused, a wrong length, a part cut short
  const reader = () => new SummaryReader(bytesOf((out) => out.array(values)));
  assert.throws(
    () => reader().u32Checked('words', (_v, from) => from === 0),
    (e: unknown) => e instanceof StateError && e.message === 'has a broken words',
  );
  assert.throws(() => reader().u32Checked('words', () => true, 5), StateError);
  assert.throws(() => new SummaryReader(bytesOf((out) => out.array(values)).subarray(0, 1000)).u32Checked('words', () => true), StateError);
});

test('InstallTable.countTags over slices counts what it counts over the whole table, and finds an id out of range anywhere', () => {
  const table = new InstallTable();
  const uuid = new Uint32Array(4);
  for (let i = 0; i < 100_000; i++) {
    uuid[0] = i;
    uuid[1] = Math.imul(i, 2654435761);
    table.idOf(uuid);
  }
  const slots = table.rawSlots;
  for (const slice of [1, 7, 4096, 262_144]) {
    let sum = 0;
    for (let from = 0; from < slots.length; from += slice) sum += InstallTable.countTags(slots, from, Math.min(slots.length, from + slice), table.size);
    assert.equal(sum, table.size, `slices of ${slice}`);
  }
  const bad = slots.slice();
  const last = bad.length - 1; // the last slot's id word
  bad[last] = table.size + 1;
  assert.equal(InstallTable.countTags(bad, bad.length - 262_144, bad.length, table.size), -1);
  assert.equal(new InstallTable().adopt(bad, table.size), false);
  assert.equal(new InstallTable().adopt(slots.slice(), table.size), true);
});

test('a pair log is refused for a decreasing offset or a value out of range in any slice, and taken whole otherwise', () => {
  const installs = 400_000;
  const log = (mutate: (offsets: Int32Array, values: Uint16Array) => void) => {
    const offsets = new Int32Array(installs + 1).map((_, i) => i);
    const values = new Uint16Array(installs).map((_, i) => i % 1000);
    mutate(offsets, values);
    return new SummaryReader(
      bytesOf((out) => {
        out.json({ installs, shift: 100, wide: false });
        out.array(offsets);
        out.array(values);
      }),
    );
  };
  new PairLog().absorb(
    log(() => undefined),
    null,
    installs,
    100,
    1099,
  );
  assert.throws(
    () =>
      new PairLog().absorb(
        log(() => undefined),
        null,
        installs,
        100,
        1098,
      ),
    /out of range/,
  );
  assert.throws(
    () =>
      new PairLog().absorb(
        log((_o, v) => (v[installs - 3] = 1000)),
        null,
        installs,
        100,
        1099,
      ),
    /out of range/,
  );
  assert.throws(
    () =>
      new PairLog().absorb(
        log((o) => (o[350_000] = 10)),
        null,
        installs,
        100,
        1099,
      ),
    /broken pair log/,
  );
  assert.throws(
    () =>
      new PairLog().absorb(
        log((o) => (o[0] = 1)),
        null,
        installs,
        100,
        1099,
      ),
    /broken pair log/,
  );
});

test('PairLog.forEachChanged visits each changed install once with its base and added days, whatever the order the pairs came in', () => {
  const installs = 5000;
  let seed = 99;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
  // a base: install i has days 200 + (i % 7) * 3 + k for k < i % 5
  const offsets = new Int32Array(installs + 1);
  const days: number[] = [];
  for (let i = 0; i < installs; i++) {
    for (let k = 0; k < i % 5; k++) days.push((i % 7) * 3 + k);
    offsets[i + 1] = days.length;
  }
  const saved = () =>
    new SummaryReader(
      bytesOf((out) => {
        out.json({ installs, shift: 200, wide: false });
        out.array(offsets);
        out.array(Uint16Array.from(days));
      }),
    );
  for (const grouped of [true, false]) {
    const log = new PairLog();
    log.absorb(saved(), null, installs, 0, 100_000);
    const added = new Map<number, Set<number>>();
    const pairs: [number, number][] = [];
    // touched installs, some new (beyond the base), each with a few days (ascending, as a saved state gives)
    for (let t = 0; t < 800; t++) {
      const install = next() % (installs + 300);
      if (added.has(install)) continue;
      const mine = new Set<number>();
      for (let d = 190 + (next() % 5); d < 230; d += 1 + (next() % 9)) mine.add(d);
      added.set(install, mine);
      for (const day of mine) pairs.push([day, install]);
    }
    if (!grouped) {
      for (let i = pairs.length - 1; i > 0; i--) {
        const j = next() % (i + 1);
        [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
      }
      pairs.push(pairs[0]); // and a repeat
    }
    for (const [day, install] of pairs) log.push(day, install);
    const seen = new Map<number, { base: number[]; added: number[] }>();
    assert.ok(
      log.forEachChanged((install, base, start, end, shift, add, addEnd) => {
        assert.ok(!seen.has(install), `install ${install} visited twice`);
        seen.set(install, { base: Array.from(base.subarray(start, end), (v) => v + shift), added: Array.from(add.subarray(0, addEnd)) });
      }),
    );
    assert.equal(seen.size, added.size);
    for (const [install, mine] of added) {
      const expectedBase = install < installs ? days.slice(offsets[install], offsets[install + 1]).map((v) => v + 200) : [];
      assert.deepStrictEqual(
        seen.get(install),
        { base: expectedBase, added: [...mine].sort((a, b) => a - b) },
        `install ${install} (${grouped ? 'grouped' : 'shuffled'})`,
      );
    }
  }
});
