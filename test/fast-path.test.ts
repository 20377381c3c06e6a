// Every fast path must give exactly the results of the slow, obvious one (issue #3): the byte-level line
// parser against JSON.parse, line by line, on generated tricky lines. (Whole runs are compared with the
// test oracle in differential.test.ts.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBlank, newRawEvent, parseEventLine } from '../src/parse/event.js';
import { parseFastLine } from '../src/parse/fast-line.js';
import { parseTimestamp } from '../src/parse/timestamp.js';
import { parseUuid } from '../src/parse/uuid.js';
import { UUID_RE, parseTimestamp as oracleTimestamp } from './oracle/oracle.js';
import { generateTricky } from './support/generate-tricky.js';

function lines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(10); i >= 0; start = i + 1, i = bytes.indexOf(10, start)) out.push(bytes.subarray(start, i));
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

const text = (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('utf8');

test('the fast line parser accepts only what JSON.parse accepts, with the same fields', () => {
  let accepted = 0;
  let total = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    for (const line of lines(generateTricky(seed, 3000))) {
      total++;
      const fast = newRawEvent();
      if (!parseFastLine(line, 0, line.length, fast)) continue;
      accepted++;
      const slow = newRawEvent();
      const source = line.toString('utf8');
      assert.equal(isBlank(source), false);
      assert.equal(parseEventLine(source, slow), null, `fast path accepted a line JSON.parse rejects: ${source}`);
      assert.deepEqual([...fast.uuid], [...slow.uuid], source);
      assert.deepEqual(fast.time, slow.time, source);
      assert.equal(text(fast.commandBytes, fast.commandStart, fast.commandEnd), text(slow.commandBytes, slow.commandStart, slow.commandEnd));
      assert.equal(text(fast.versionBytes, fast.versionStart, fast.versionEnd), text(slow.versionBytes, slow.versionStart, slow.versionEnd));
    }
  }
  // the generator must exercise both paths, or this test proves nothing
  assert.ok(accepted > total * 0.2 && accepted < total, `fast path took ${accepted} of ${total} lines`);
});

test('the fast line parser takes json.dumps lines, compact lines and reordered keys', () => {
  const shapes = [
    '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "init", "version": "1.1.0", "timestamp": "2025-11-12T10:30:45.123456"}',
    '{"uuid":"550E8400-E29B-41D4-A716-446655440000","command":"init","version":"1.1.0","timestamp":"2025-11-12T10:30:45Z"}',
    '{"timestamp": "2025-11-12 10:30:45+05:30", "version": "1.1.0", "uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "update"}',
  ];
  for (const shape of shapes) {
    const line = Buffer.from(shape);
    assert.equal(parseFastLine(line, 0, line.length, newRawEvent()), true, shape);
  }
  const fallbacks = [
    '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "init", "version": "1.1.0", "timestamp": "2025-11-12T10:30:45", "x": 1}',
    '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "in\\u0069t", "version": "1.1.0", "timestamp": "2025-11-12T10:30:45"}',
    '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "uuid": "550e8400-e29b-41d4-a716-446655440001", "version": "1.1.0", "timestamp": "2025-11-12T10:30:45"}',
    '{"uuid":\t"550e8400-e29b-41d4-a716-446655440000", "command": "init", "version": "1.1.0", "timestamp": "2025-11-12T10:30:45"}',
    ' {"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "init", "version": "1.1.0", "timestamp": "2025-11-12T10:30:45"}',
    '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "init", "version": "1.1.0", "timestamp": "2025-02-29T10:30:45"}',
  ];
  for (const shape of fallbacks) {
    const line = Buffer.from(shape);
    assert.equal(parseFastLine(line, 0, line.length, newRawEvent()), false, shape);
  }
});

test('uuids read two hex digits at a time agree with the plain reading for every byte at every position', () => {
  const valid = 'a1B2c3D4-e5F6-47a8-9b0C-d1e2f3a4b5c6';
  const words = new Uint32Array(4);
  // the same bytes at several offsets of a larger buffer, so the 16-bit reads land on odd addresses too
  for (const pad of [0, 1, 2, 3]) {
    for (let position = 0; position < 36; position++) {
      for (let byte = 0; byte < 256; byte++) {
        const text = Buffer.from(valid, 'latin1');
        text[position] = byte;
        const buf = Buffer.concat([Buffer.alloc(pad, 0x30), text, Buffer.from('"')]);
        const source = text.toString('latin1');
        const accepted = parseUuid(buf, pad, pad + 36, words);
        assert.equal(accepted, UUID_RE.test(source), source);
        if (!accepted) continue;
        const hex = source.replaceAll('-', '').toLowerCase();
        const expected = [0, 8, 16, 24].map((at) => parseInt(hex.slice(at, at + 8), 16));
        assert.deepEqual([...words], expected, source);
      }
    }
  }
});

test('a remembered YYYY-MM-DDTHH never changes what a timestamp means', () => {
  // neighbouring timestamps that share the first 13 bytes, or nearly do, in every order: a valid hour
  // prefix, then an invalid rest; an invalid prefix after a valid one; 'T' and ' ' after each other
  let seed = 7;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const pick = <T>(items: T[]) => items[random(items.length)];
  const prefixes = [
    '2025-11-12T10',
    '2025-11-12 10',
    '2025-11-12T11',
    '2025-11-13T10',
    '2024-02-29T23',
    '2025-02-29T10',
    '2025-11-12T24',
    '2025-13-12T10',
    '0000-01-01T00',
    '2025-11-12t10',
    '2025-11-12T1a',
  ];
  const rests = [
    ':30:45',
    ':30:45.1',
    ':30:45.123456789',
    ':59:59Z',
    ':00:00+05:30',
    ':00:00-23:59',
    ':60:00',
    ':30:61',
    ':30:45.',
    ':30:45.1234567890',
    ':3:45',
    '-30:45',
    ':30:45+24:00',
    ':30:45Z ',
    '',
  ];
  let valid = 0;
  for (let i = 0; i < 20000; i++) {
    const timestamp = pick(prefixes) + pick(rests);
    const buf = Buffer.from(`${'x'.repeat(random(4))}${timestamp}"`, 'latin1');
    const start = buf.length - 1 - timestamp.length;
    const instant = { sec: 0, ns: 0 };
    const accepted = parseTimestamp(buf, start, buf.length - 1, instant);
    const expected = oracleTimestamp(timestamp);
    assert.equal(accepted, expected !== null, timestamp);
    if (!accepted) continue;
    valid++;
    assert.equal(BigInt(instant.sec) * 1_000_000_000n + BigInt(instant.ns), expected, timestamp);
  }
  assert.ok(valid > 2000 && valid < 18000, `${valid} of 20000 valid`);
});

test('every single-byte change of a json.dumps line is judged as JSON.parse judges it', () => {
  // the dumps shape is checked four bytes at a time at fixed offsets: change each byte of the line to each
  // value and the fast path must still accept only lines the JSON path accepts, with the same fields
  const original = Buffer.from(
    '{"uuid": "550e8400-e29b-41d4-a716-446655440000", "command": "update", "version": "1.2.0", "timestamp": "2025-11-12T10:30:45.123456"}',
  );
  let accepted = 0;
  for (let position = 0; position < original.length; position++) {
    for (let byte = 0; byte < 256; byte++) {
      const line = Buffer.from(original);
      line[position] = byte;
      const fast = newRawEvent();
      if (!parseFastLine(line, 0, line.length, fast)) continue;
      accepted++;
      const slow = newRawEvent();
      const source = line.toString('latin1');
      assert.equal(parseEventLine(line.toString('utf8'), slow), null, `fast path accepted a line JSON.parse rejects: ${source}`);
      assert.deepEqual([...fast.uuid], [...slow.uuid], source);
      assert.deepEqual(fast.time, slow.time, source);
      assert.equal(text(fast.commandBytes, fast.commandStart, fast.commandEnd), text(slow.commandBytes, slow.commandStart, slow.commandEnd), source);
      assert.equal(text(fast.versionBytes, fast.versionStart, fast.versionEnd), text(slow.versionBytes, slow.versionStart, slow.versionEnd), source);
    }
  }
  // other hex digits and case in the uuid, other value characters, other valid digits: ~1,960 pass
  assert.ok(accepted > 1500, `${accepted} changed lines accepted`);
});
