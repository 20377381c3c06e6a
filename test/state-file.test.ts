// State files on disk (src/state/state-file.ts): a base written whole and segments appended after it. What
// a crash, a full disk or two runs at once can leave behind (a segment cut short, failing its CRC, or
// appended by a run that read another version of the file) is set aside with a reason, and the state before
// it is used; corruption before the last segment makes the file unusable. A large base's CRC is computed on
// a worker thread: its verdict must be the one the main thread would reach.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { appendStateSegment, openStateFile, writeStateFile, type StateFileSegments } from '../src/state/state-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bazinga-state-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);

/** `n` bytes of a seeded pattern (8-byte aligned lengths, as the core's parts are). */
function body(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function open(file: string): StateFileSegments {
  const opened = openStateFile(file);
  assert.equal(opened.kind, 'state', JSON.stringify(opened));
  return (opened as { file: StateFileSegments }).file;
}

/** Every segment's body, read back whole and checked. */
function bodies(file: StateFileSegments): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < file.count; i++) {
    const source = file.source(i);
    out.push(source.read(source.remaining));
    assert.equal(source.check(), null, `segment ${i}`);
  }
  return out;
}

/** A file with a base and two appended segments; returns its path and the three bodies. */
async function threeSegments(name: string): Promise<{ file: string; parts: Uint8Array[] }> {
  const file = at(name);
  const parts = [body(4096, 1), body(512, 2), body(1024, 3)];
  await writeStateFile(file, [parts[0]]);
  for (const part of parts.slice(1)) {
    const opened = open(file);
    opened.close();
    assert.equal(await appendStateSegment(file, opened.end, opened.ino, [part]), true);
  }
  return { file, parts };
}

describe('state file: a base and appended segments', () => {
  it('appends keep the file (same inode) and read back in order', async () => {
    const { file, parts } = await threeSegments('three.state');
    const opened = open(file);
    try {
      assert.equal(opened.count, 3);
      assert.equal(opened.tail, null);
      assert.equal(opened.end, statSync(file).size);
      assert.equal(opened.baseLength, 32 + 4096);
      assert.equal(opened.appended, 2 * 32 + 512 + 1024);
      assert.deepStrictEqual(bodies(opened), parts);
    } finally {
      opened.close();
    }
  });

  it('a last segment cut short is set aside, and the next append cuts it off', async () => {
    const { file, parts } = await threeSegments('cut.state');
    const size = statSync(file).size;
    truncateSync(file, size - 100);
    let opened = open(file);
    assert.equal(opened.count, 2);
    assert.match(opened.tail!, /its last update was cut short/);
    assert.deepStrictEqual(bodies(opened), parts.slice(0, 2));
    opened.close();
    assert.equal(await appendStateSegment(file, opened.end, opened.ino, [parts[2]]), true);
    opened = open(file);
    assert.equal(opened.count, 3);
    assert.equal(opened.tail, null);
    assert.deepStrictEqual(bodies(opened), parts);
    opened.close();
    // only a frame's first bytes: the same
    appendFileSync(file, Buffer.from('BZSTA'));
    opened = open(file);
    assert.equal(opened.count, 3);
    assert.match(opened.tail!, /cut short/);
    opened.close();
  });

  it('a last segment failing its CRC is set aside; a failing one before it makes the file corrupt', async () => {
    const { file, parts } = await threeSegments('crc.state');
    const bytes = readFileSync(file);
    const last = Buffer.from(bytes);
    last[last.length - 7] ^= 0x20;
    writeFileSync(file, last);
    const opened = open(file);
    assert.equal(opened.count, 2);
    assert.match(opened.tail!, /cut short/);
    assert.deepStrictEqual(bodies(opened), parts.slice(0, 2));
    opened.close();
    const middle = Buffer.from(bytes);
    middle[32 + 4096 + 32 + 100] ^= 0x20; // inside the second segment's body
    writeFileSync(file, middle);
    assert.deepStrictEqual(openStateFile(file), { kind: 'unusable', reason: 'is corrupt (checksum mismatch)' });
  });

  it('a segment appended by a run that read another version of the file is set aside', async () => {
    const { file, parts } = await threeSegments('race.state');
    // two runs read the same two segments and both append: the second lands after the first
    const first = open(file);
    first.close();
    truncateSync(file, first.end - 32 - 1024);
    const two = open(file);
    two.close();
    assert.equal(await appendStateSegment(file, two.end, two.ino, [parts[2]]), true);
    // the other run's segment, framed for the same start, appended after it by hand
    const framed = readFileSync(file).subarray(two.end);
    appendFileSync(file, framed);
    const raced = open(file);
    assert.equal(raced.count, 3);
    assert.match(raced.tail!, /written by a run that read another version of the file/);
    raced.close();
  });

  it('an append to a file replaced since it was read writes nothing and says so', async () => {
    const { file } = await threeSegments('moved.state');
    const opened = open(file);
    opened.close();
    await writeStateFile(file, [body(64, 9)]); // a new inode at the path
    assert.equal(await appendStateSegment(file, opened.end, opened.ino, [body(8, 1)]), false);
    const now = open(file);
    assert.equal(now.count, 1);
    now.close();
  });

  it('a large base is checked on a worker thread, with the same verdict', async () => {
    const file = at('large.state');
    const base = body(40 << 20, 7);
    await writeStateFile(file, [base]);
    let opened = open(file);
    let source = opened.source(0);
    assert.deepStrictEqual(source.read(source.remaining), base);
    assert.equal(source.check(), null);
    opened.close();
    const bytes = readFileSync(file);
    bytes[32 + (20 << 20)] ^= 0x01;
    writeFileSync(file, bytes);
    opened = open(file);
    source = opened.source(0);
    source.read(source.remaining);
    assert.equal(source.check(), 'is corrupt (checksum mismatch)');
    // and the reason given for a part that did not parse
    assert.equal(opened.source(0).explain('has a broken header'), 'is corrupt (checksum mismatch)');
    opened.close();
  });
});
