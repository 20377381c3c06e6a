// Every fast path must give exactly the results of the slow, obvious one (issue #3): the byte-level line
// parser against JSON.parse, line by line, on generated tricky lines. (Whole runs are compared with the
// test oracle in differential.test.ts.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBlank, newRawEvent, parseEventLine } from '../src/parse/event.js';
import { parseFastLine } from '../src/parse/fast-line.js';
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
