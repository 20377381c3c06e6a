// The reducers' shared per-install records: fields do not overlap, 64-bit fields stay aligned, values
// survive growth, and fields cannot be claimed once records exist.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InstallState } from '../src/core/install-state.js';

test('claimed fields do not overlap, wide ones are 8-byte aligned, and growth keeps every value', () => {
  const state = new InstallState();
  const small = state.claim(1);
  const wide = state.claim(2, true);
  const pair = state.claim(2);
  const last = state.claim(1);
  assert.deepEqual([small, wide, pair, last], [0, 2, 4, 6]);
  state.ensure(3);
  assert.equal(state.stride % 2, 0);
  assert.ok(state.stride >= 7);
  const write = (install: number) => {
    const at = install * state.stride;
    state.i32[at + small] = install + 1;
    state.f64[(at + wide) >> 1] = install * 1e10 + 0.5;
    state.i32[at + pair] = -3 * install - 1;
    state.i32[at + pair + 1] = install * 7;
    state.i32[at + last] = 42;
  };
  const check = (install: number) => {
    const at = install * state.stride;
    assert.deepEqual(
      [state.i32[at + small], state.f64[(at + wide) >> 1], state.i32[at + pair], state.i32[at + pair + 1], state.i32[at + last]],
      [install + 1, install * 1e10 + 0.5, -3 * install - 1, install * 7, 42],
      `install ${install}`,
    );
  };
  for (let install = 0; install < 3; install++) write(install);
  // past several capacities (1024, doubling, then +25% from 2^20)
  state.ensure(1_500_000);
  for (let install = 3; install < 1_500_000; install += 997) write(install);
  for (let install = 0; install < 3; install++) check(install);
  for (let install = 3; install < 1_500_000; install += 997) check(install);
  // new records are zero
  const fresh = 1_499_999 * state.stride;
  assert.equal(state.i32[fresh + small], 0);
  assert.throws(() => state.claim(1), /after the first install/);
});

test('with no fields claimed (uniques alone) no records are made', () => {
  const state = new InstallState();
  state.ensure(1_000_000);
  assert.equal(state.i32.length, 0);
});
