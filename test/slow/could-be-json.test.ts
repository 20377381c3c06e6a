// `couldBeJson` may only ever say "cannot be JSON" for text that JSON.parse rejects (see
// test/broken-lines.test.ts for why it exists): 2M seeded random strings, moved here from that file (17 s on its
// own) to keep `npm test` within its 3 minutes (issue #19).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { couldBeJson } from '../../src/parse/event.js';

test('couldBeJson is false only where JSON.parse throws (2M seeded random strings of JSON characters)', () => {
  const alphabet = [
    '{',
    '}',
    '[',
    ']',
    '"',
    ' ',
    '\t',
    '\r',
    '\n',
    'a',
    '1',
    '-',
    't',
    'r',
    'u',
    'e',
    'n',
    'l',
    'f',
    ',',
    ':',
    '\\',
    'x',
    '0',
    '.',
    'E',
    '\u00a0',
    '\u2028',
    '\ufeff',
  ];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let judged = 0;
  for (let i = 0; i < 2_000_000; i++) {
    let text = '';
    for (let n = 1 + Math.floor(next() * 7); n > 0; n--) text += alphabet[Math.floor(next() * alphabet.length)];
    if (couldBeJson(text)) continue;
    judged++;
    assert.throws(() => JSON.parse(text), SyntaxError, JSON.stringify(text));
  }
  assert.ok(judged > 1_000_000, `most random strings are judged without JSON.parse (${judged})`);
  for (const text of ['{}', ' {"a":1}\t', '\r[]', '""', '"x"', '0', '-1', 'true', 'false', 'null', '1e5']) {
    assert.equal(couldBeJson(text), true, JSON.stringify(text));
  }
});
