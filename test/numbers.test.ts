// Counts for people: thousands separators without creating an Intl.NumberFormat at start-up (it loads ICU's
// number data, ~20 ms of every run). The grouping must read exactly as Intl's en-US format does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, groupThousands } from '../src/render/numbers.js';
import { formatCount as htmlCount } from '../src/render/html/format.js';

const intl = new Intl.NumberFormat('en-US');

test('formatCount: whole numbers read as Intl en-US reads them, at every length and sign', () => {
  const cases = [
    0,
    1,
    -1,
    12,
    999,
    1000,
    -1000,
    1234,
    99_999,
    100_000,
    999_999,
    1_000_000,
    1_234_567,
    -1_234_567,
    2 ** 31,
    2 ** 32 + 1,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    2 ** 60,
    -(2 ** 64),
    9.99e20,
  ];
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const digits = 1 + (seed % 16);
    const n = Math.floor((seed / 2 ** 32) * 10 ** digits);
    cases.push(i % 2 === 0 ? n : -n);
  }
  for (const n of cases) {
    assert.equal(formatCount(n), intl.format(n), `${n}`);
    assert.equal(htmlCount(n), intl.format(n), `${n}`);
  }
  assert.equal(groupThousands(1_234_567), '1,234,567');
});

test('formatCount: anything else still reads as Intl reads it (the table); the page prints it as JavaScript does', () => {
  for (const n of [0.5, 1234.5678, -9876543.21, 1e21, 1e300, NaN, Infinity]) assert.equal(formatCount(n), intl.format(n), `${n}`);
  assert.equal(htmlCount(1234.5), '1234.5');
});
