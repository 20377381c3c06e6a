// The collector's pure parts: the line it writes is Python's json.dumps of the four fields (the expected
// strings below were printed by CPython 3's json.dumps), the schema at the door (issue #23), and the rate
// limiter's client keys.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dumpsString, eventLine } from '../src/collect/event-line.js';
import { RateLimiter, clientKey } from '../src/collect/rate-limit.js';

test('dumpsString writes what json.dumps writes (ensure_ascii)', () => {
  const cases: [string, string][] = [
    ['init', '"init"'],
    ['in"it', String.raw`"in\"it"`],
    ['a\\b', String.raw`"a\\b"`],
    ['tab\there', String.raw`"tab\there"`],
    ['nl\nx', String.raw`"nl\nx"`],
    ['cr\rx', String.raw`"cr\rx"`],
    ['\x00\x01\x1f', String.raw`"\u0000\u0001\u001f"`],
    ['del\x7f', String.raw`"del\u007f"`],
    ['é', String.raw`"\u00e9"`],
    ['naïve ☃', String.raw`"na\u00efve \u2603"`],
    ['😀', String.raw`"\ud83d\ude00"`],
    ['\ud800', String.raw`"\ud800"`],
    ['\u2028', String.raw`"\u2028"`],
    ['\b\f', String.raw`"\b\f"`],
    ['/', '"/"'],
  ];
  for (const [value, dumped] of cases) assert.equal(dumpsString(value), dumped, JSON.stringify(value));
});

test('eventLine: the four fields in json.dumps shape, kept extra fields after them, everything else dropped', () => {
  const body = Buffer.from(
    '{"timestamp":"t0","os":{"name":"Linux","v":[1,2.5,true,null]},"version":"v","ip":"10.0.0.1","command":"c","uuid":"550E8400-E29B-41D4-A716-446655440000"}'.replace(
      't0',
      '2025-11-12T10:30:45',
    ),
  );
  // the uuid is canonicalised to lowercase on the way in
  assert.deepEqual(eventLine(body), {
    line: Buffer.from('{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "c", "version": "v", "timestamp": "2025-11-12T10:30:45"}\n'),
    command: 'c',
    version: 'v',
  });
  const kept = eventLine(body, ['os', 'absent']);
  assert.ok('line' in kept);
  // CPython: json.dumps({"uuid": …, "os": {"name": "Linux", "v": [1, 2.5, True, None]}}) spells the value so
  assert.match(kept.line.toString(), /, "os": \{"name": "Linux", "v": \[1, 2\.5, true, null\]\}\}\n$/);
  assert.doesNotMatch(kept.line.toString(), /10\.0\.0\.1|absent/);
  assert.deepEqual(eventLine(Buffer.from('  \t ')), { error: 'empty body' });
  assert.deepEqual(eventLine(Buffer.from('{"uuid": 1}')), { error: '"uuid" is not a string' });
});

const event = (fields: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ uuid: '550e8400-e29b-41d4-a716-446655440000', command: 'init', version: '2.0.0', timestamp: '2025-11-12T10:30:45', ...fields }));
const errorOf = (body: Buffer, keep: string[] = []) => {
  const judged = eventLine(body, keep);
  return 'error' in judged ? judged.error : null;
};

test('eventLine: the schema at the door names the field it refuses (issue #23)', () => {
  const cases: [Record<string, unknown>, string | null][] = [
    [{ command: 'rm -rf /' }, 'command: not a lowercase word (a letter, then up to 31 letters, digits, "_" or "-")'],
    [{ command: 'Init' }, 'command: not a lowercase word (a letter, then up to 31 letters, digits, "_" or "-")'],
    [{ command: '9init' }, 'command: not a lowercase word (a letter, then up to 31 letters, digits, "_" or "-")'],
    [{ command: 'a'.repeat(33) }, 'command: not a lowercase word (a letter, then up to 31 letters, digits, "_" or "-")'],
    [{ command: 'a'.repeat(32) }, null],
    [{ command: 'check-all_2' }, null],
    [{ version: '1'.repeat(65) }, 'version: more than 64 characters'],
    [{ version: '1'.repeat(16_000) }, 'version: more than 64 characters'],
    [{ version: '1'.repeat(64) }, null],
    [{ version: '2.0.0-rc.1+build.5' }, null],
    [{ version: '2.0 beta' }, 'version: only letters, digits, ".", "-" and "+" are allowed'],
    [{ version: '2.0.0\u00e9' }, 'version: only letters, digits, ".", "-" and "+" are allowed'],
  ];
  for (const [fields, expected] of cases) assert.equal(errorOf(event(fields)), expected, JSON.stringify(fields).slice(0, 80));
});

test('eventLine: a leading byte-order mark is skipped; a lone surrogate in a kept field is a 400', () => {
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), event({})]);
  const judged = eventLine(bom);
  assert.ok('line' in judged && judged.line.toString().startsWith('{"uuid": "550e8400'));
  assert.equal(errorOf(Buffer.from(event({}).toString().replace('}', ', "os": "x\\ud800"}')), ['os']), 'os: a lone surrogate is not I-JSON (RFC 7493)');
  assert.equal(errorOf(Buffer.from(event({}).toString().replace('}', ', "os": ["\\udc00"]}')), ['os']), 'os: a lone surrogate is not I-JSON (RFC 7493)');
  // a pair is fine, and stays a pair
  const pair = eventLine(Buffer.from(event({}).toString().replace('}', ', "os": "\\ud83d\\ude00 \u00e9"}')), ['os']);
  assert.ok('line' in pair);
  assert.match(pair.line.toString('latin1'), /, "os": "\\ud83d\\ude00 \\u00e9"\}\n$/);
  // not kept: not stored, so not judged
  assert.equal(errorOf(Buffer.from(event({}).toString().replace('}', ', "extra": "\\ud800"}'))), null);
});

test('eventLine: --keep-field keeps the JSON text as sent (numbers exact) and refuses deep nesting', () => {
  const body = Buffer.from(event({}).toString().replace('}', ', "n": 12345678901234567890, "f": 1.10e+2 , "o" : { "a" :[ -0.0,1E400 ,"x\\"y"] } }'));
  const kept = eventLine(body, ['n', 'f', 'o']);
  assert.ok('line' in kept);
  assert.match(kept.line.toString(), /, "n": 12345678901234567890, "f": 1\.10e\+2, "o": \{"a": \[-0\.0, 1E400, "x\\"y"\]\}\}\n$/);
  const deep = (n: number) =>
    Buffer.from(
      event({})
        .toString()
        .replace('}', `, "d": ${'['.repeat(n)}${']'.repeat(n)}}`),
    );
  assert.ok('line' in eventLine(deep(32), ['d']));
  assert.equal(errorOf(deep(33), ['d']), 'd: nested deeper than 32 levels');
  assert.equal(errorOf(deep(6000), ['d']), 'd: nested deeper than 32 levels');
  assert.equal(errorOf(deep(6000)), null, 'a field not kept is not stored, however deep');
});

test('clientKey: IPv4 as it is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
  assert.equal(clientKey('203.0.113.9'), '203.0.113.9');
  assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(clientKey('2001:db8:0:42:1:2:3:4'), '2001:db8:0:42::/64');
  assert.equal(clientKey('2001:DB8:0:42::99'), '2001:db8:0:42::/64');
  assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(clientKey('::1'), '0:0:0:0::/64');
});

test('RateLimiter: a burst of 5 s of events, refills with time, one /64 shares a bucket, 0 turns it off', () => {
  const limiter = new RateLimiter(2);
  const now = 1_000_000;
  const taken = Array.from({ length: 12 }, () => limiter.take('2001:db8::1', now));
  assert.deepEqual(taken, [...new Array(10).fill(true), false, false]);
  assert.equal(limiter.take('2001:db8::2', now), false, 'the same /64');
  assert.equal(limiter.take('2001:db8:1::1', now), true, 'another /64');
  assert.equal(limiter.take('2001:db8::1', now + 500), true, 'one event back after half a second');
  assert.equal(limiter.take('2001:db8::1', now + 500), false);
  // a bucket refills in 5 s: the /64 untouched since `now` is forgotten then, the other one 0.5 s later
  limiter.forgetIdle(now + 5_000);
  assert.equal(limiter.clients, 1);
  limiter.forgetIdle(now + 5_500);
  assert.equal(limiter.clients, 0);
  const off = new RateLimiter(0);
  assert.ok(Array.from({ length: 1000 }, () => off.take('203.0.113.9')).every(Boolean));
});
