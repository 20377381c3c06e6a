// A state's install table left in its file (InstallTable.adoptSaved): look-ups read the slots they probe, one
// by one or, for many, a slice of the file at a time in slot order; anything that needs the whole table reads
// it then. The oracle is the same table held in memory (`adopt`): every id, every new id and the table saved
// again must be the same, whichever way the look-ups go.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { InstallTable } from '../src/core/install-table.js';
import { StateError, type DeferredBytes } from '../src/state/summary.js';

/** A seeded stream of 32-bit words. */
function words(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** A table of `n` random uuids (their words too, in id order). */
function tableOf(n: number, seed: number): { table: InstallTable; uuids: Uint32Array } {
  const next = words(seed);
  const table = new InstallTable(1024);
  const uuids = new Uint32Array(n * 4);
  for (let i = 0; i < n * 4; i++) uuids[i] = next();
  for (let i = 0; i < n; i++) table.idOf(uuids, i * 4);
  return { table, uuids };
}

/** The table's slots as a state file holds them, read through DeferredBytes (with a count of reads). */
function savedBytes(slots: Uint32Array): DeferredBytes & { reads: number; bytesRead: number; fail: boolean } {
  const bytes = new Uint8Array(slots.buffer.slice(slots.byteOffset, slots.byteOffset + slots.byteLength));
  return {
    length: bytes.length,
    reads: 0,
    bytesRead: 0,
    fail: false,
    read(target: Uint8Array, offset: number): boolean {
      if (this.fail || offset + target.byteLength > bytes.length) return false;
      this.reads++;
      this.bytesRead += target.byteLength;
      target.set(bytes.subarray(offset, offset + target.byteLength));
      return true;
    },
  };
}

/** The same saved table twice: held in memory, and left in its "file". */
function twoWays(n: number, seed: number) {
  const { table, uuids } = tableOf(n, seed);
  const slots = table.rawSlots.slice();
  const inMemory = new InstallTable(1024);
  assert.equal(inMemory.adopt(slots.slice(), n), true);
  const bytes = savedBytes(slots);
  const saved = new InstallTable(1 << 16);
  assert.equal(saved.adoptSaved(bytes, slots.length / 5, n), true);
  return { uuids, inMemory, saved, bytes, capacity: slots.length / 5 };
}

/** Look-ups: some saved uuids, some new ones, and some of each twice. */
function lookups(uuids: Uint32Array, n: number, count: number, seed: number): Uint32Array {
  const next = words(seed);
  const out = new Uint32Array(count * 4);
  for (let k = 0; k < count; k++) {
    const kind = next() % 5;
    if (kind < 3) {
      const i = next() % n;
      out.set(uuids.subarray(i * 4, i * 4 + 4), k * 4);
    } else if (kind === 3 && k > 0) {
      const j = next() % k;
      out.copyWithin(k * 4, j * 4, j * 4 + 4);
    } else {
      for (let w = 0; w < 4; w++) out[k * 4 + w] = next();
    }
  }
  return out;
}

/** Sequential idOf on the table in memory: the oracle. */
function oracleIds(table: InstallTable, uuids: Uint32Array, count: number): Int32Array {
  const ids = new Int32Array(count);
  for (let k = 0; k < count; k++) ids[k] = table.idOf(uuids, k * 4);
  return ids;
}

describe('an install table left in its file', () => {
  const N = 150_000;

  it('many look-ups (in slot order, a slice at a time) give the ids, new ones included, that a table in memory gives', () => {
    const { uuids, inMemory, saved, bytes, capacity } = twoWays(N, 1);
    const count = 20_000;
    const wanted = lookups(uuids, N, count, 2);
    const ids = new Int32Array(count);
    saved.idsOf(wanted, count, ids);
    assert.deepStrictEqual(ids, oracleIds(inMemory, wanted, count));
    assert.equal(saved.size, inMemory.size);
    assert.ok(saved.size > N, 'some look-ups were new installs');
    // each slice read once: the whole table, not 20,000 separate reads
    assert.ok(bytes.bytesRead <= capacity * 20 + 20 * 20_000 && bytes.reads < 200, `${bytes.reads} reads, ${bytes.bytesRead} bytes`);
    // later look-ups, one by one, and the table saved again
    const more = lookups(uuids, N, 300, 3);
    assert.deepStrictEqual(oracleIds(saved, more, 300), oracleIds(inMemory, more, 300));
    assert.deepStrictEqual(saved.uuids(), inMemory.uuids());
    assert.deepStrictEqual(saved.rawSlots.length, inMemory.rawSlots.length);
  });

  it('few look-ups read only the slots they probe', () => {
    const { uuids, inMemory, saved, bytes } = twoWays(N, 4);
    const wanted = lookups(uuids, N, 200, 5);
    const ids = new Int32Array(200);
    saved.idsOf(wanted, 200, ids);
    assert.deepStrictEqual(ids, oracleIds(inMemory, wanted, 200));
    assert.ok(bytes.bytesRead < 200 * 2 * 16 * 20, `${bytes.bytesRead} bytes read`);
    for (let k = 0; k < 50; k++) assert.equal(saved.find(uuids.subarray(k * 4, k * 4 + 4)), k);
    assert.equal(saved.find(new Uint32Array([1, 2, 3, 4])), inMemory.find(new Uint32Array([1, 2, 3, 4])));
    assert.deepStrictEqual(saved.uuids(), inMemory.uuids());
  });

  it('probes that run past a slice and past the end of the table (wrapping to its start) find their uuids', () => {
    // uuids whose probe starts on the last slot of the table and on the last slot of the first slice
    const { table, uuids } = tableOf(60_000, 6);
    const capacity = table.rawSlots.length / 5;
    const hash = (InstallTable as unknown as { hash(a: number, b: number, c: number, d: number): number }).hash;
    const next = words(7);
    const crafted: number[] = [];
    for (const home of [capacity - 1, 52_427 % capacity]) {
      for (let found = 0; found < 6; ) {
        const w = [next(), next(), next(), next()];
        if ((hash(w[0], w[1], w[2], w[3]) & (capacity - 1)) === home) {
          crafted.push(...w);
          found++;
        }
      }
    }
    const extra = new Uint32Array(crafted);
    // the first four of each home go into the table; the last two are new
    for (const k of [0, 1, 2, 3, 6, 7, 8, 9]) table.idOf(extra, k * 4);
    const n = table.size;
    const slots = table.rawSlots.slice();
    const inMemory = new InstallTable(1024);
    assert.equal(inMemory.adopt(slots.slice(), n), true);
    const saved = new InstallTable(1 << 16);
    assert.equal(saved.adoptSaved(savedBytes(slots), capacity, n), true);
    // many look-ups (the slice path) with the crafted ones among them
    const count = 4_000;
    const wanted = new Uint32Array(count * 4);
    wanted.set(lookups(uuids, 60_000, count, 8));
    wanted.set(extra, 0);
    const ids = new Int32Array(count);
    saved.idsOf(wanted, count, ids);
    assert.deepStrictEqual(ids, oracleIds(inMemory, wanted, count));
    // and one by one
    const single = new InstallTable(1 << 16);
    assert.equal(single.adoptSaved(savedBytes(slots), capacity, n), true);
    const inMemory2 = new InstallTable(1024);
    assert.equal(inMemory2.adopt(slots.slice(), n), true);
    assert.deepStrictEqual(oracleIds(single, extra, 12), oracleIds(inMemory2, extra, 12));
  });

  it('after many look-ups one by one the table is read whole, and the ids go on as before', () => {
    const { uuids, inMemory, saved, bytes, capacity } = twoWays(N, 9);
    const count = 80_000; // some 64,000 look-ups reach the file: more than it takes to read it whole
    const wanted = lookups(uuids, N, count, 10);
    assert.deepStrictEqual(oracleIds(saved, wanted, count), oracleIds(inMemory, wanted, count));
    const before = bytes.bytesRead;
    // 50,000 probes of a window or two each, then the whole table once
    assert.ok(before >= capacity * 20 && before <= capacity * 20 + 50_001 * 2 * 16 * 20, `${before} bytes read`);
    const more = lookups(uuids, N, 1000, 11);
    assert.deepStrictEqual(oracleIds(saved, more, 1000), oracleIds(inMemory, more, 1000));
    assert.equal(bytes.bytesRead, before, 'nothing read once it is in memory');
    assert.deepStrictEqual(saved.uuids(), inMemory.uuids());
  });

  it('a slot with an id out of range, or a file that cannot be read, is a StateError, never a wrong id', () => {
    const { table, uuids } = tableOf(N, 12);
    const slots = table.rawSlots.slice();
    // break the id of the slot holding install 5
    for (let s = 4; s < slots.length; s += 5) if (slots[s] === 6) slots[s] = N + 10;
    const broken = new InstallTable(1 << 16);
    assert.equal(broken.adoptSaved(savedBytes(slots), slots.length / 5, N), true);
    assert.throws(() => broken.idOf(uuids, 5 * 4), StateError);
    const many = new InstallTable(1 << 16);
    assert.equal(many.adoptSaved(savedBytes(slots), slots.length / 5, N), true);
    assert.throws(() => many.idsOf(uuids, 20_000, new Int32Array(20_000)), StateError);
    const whole = new InstallTable(1 << 16);
    assert.equal(whole.adoptSaved(savedBytes(slots), slots.length / 5, N), true);
    assert.throws(() => whole.uuids(), StateError);
    const good = table.rawSlots.slice();
    const bytes = savedBytes(good);
    const failing = new InstallTable(1 << 16);
    assert.equal(failing.adoptSaved(bytes, good.length / 5, N), true);
    bytes.fail = true;
    assert.throws(() => failing.idOf(uuids, 0), StateError);
    // a table that is not one: refused
    assert.equal(new InstallTable(1 << 16).adoptSaved(savedBytes(good), good.length / 5 - 1, N), false);
    assert.equal(new InstallTable(1 << 16).adoptSaved(savedBytes(good), good.length / 5, good.length), false);
  });
});
