// A state file on disk: one or more segments, each a 32-byte frame around the core's state bytes
// (src/core/analyzer.ts `save`), checked before anything in it is trusted.
//
//   0  8 bytes  magic "BZSTATE\n"
//   8  u32      frame version (1)
//  12  u32      CRC-32 of the body
//  16  u64      body length in bytes
//  24  u64      where this segment starts in the file (0 for the first): a segment appended by a run that
//               read a different file is noticed
//  32  body     (8-byte aligned, so arrays in it are read as views)
//
// The first segment is a whole state (the base), written to FILE.tmp-PID, fsynced, renamed over FILE, and the
// directory fsynced: a crash leaves the old state or the new one. Each later segment holds only what one
// incremental run read (the core's `continueInputs`), appended after the last and fsynced: a crash while
// appending leaves a segment cut short or failing its CRC at the end, which is set aside with a note (the
// state before it is whole and exact: the run reads those lines again) and cut off by the next append. A
// file that is not a state, a truncated base, a corrupt segment before the last, or another frame version is
// reported with a reason and not used. The base is read as it is parsed (a large state is never held twice
// in memory) and its CRC checked at the end, before anything built from it is used; an appended segment's
// CRC is checked before it is parsed (it is small).

import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { StateError, type DeferredBytes, type PartSource } from './summary.js';
import path from 'node:path';
import { crc32 } from './fingerprint.js';

const MAGIC = Buffer.from('BZSTATE\n', 'latin1');
/** The first 8 bytes of every state file. */
export const STATE_MAGIC: Buffer = MAGIC;
const FRAME_VERSION = 1;
const FRAME = 32;
/** A set-aside update's header larger than this is not read for its message. */
const MAX_TAIL_HEADER = 16 << 20;

/** A segment of a state file: its body is `length` bytes at `start + 32`, with CRC-32 `crc`. */
interface Segment {
  start: number;
  length: number;
  crc: number;
}

export type StateFile = { kind: 'missing' } | { kind: 'unusable'; reason: string } | { kind: 'state'; file: StateFileSegments };

function frameOf(crc: number, length: number, start: number): Buffer {
  const frame = Buffer.alloc(FRAME);
  MAGIC.copy(frame, 0);
  frame.writeUInt32LE(FRAME_VERSION, 8);
  frame.writeUInt32LE(crc, 12);
  frame.writeBigUInt64LE(BigInt(length), 16);
  frame.writeBigUInt64LE(BigInt(start), 24);
  return frame;
}

/**
 * Opens a state file and checks its segments' frames (magic, version, lengths, where each starts) and the
 * CRCs of all but the first. The first segment's body is read as it is parsed, through `source(0)`, which
 * keeps a running CRC: call its `check()` once everything has been read, and trust nothing built from it
 * until that says null. Close the file in any case.
 */
export function openStateFile(file: string): StateFile {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unusable', reason: code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message };
  }
  const unusable = (reason: string): StateFile => {
    fs.closeSync(fd);
    return { kind: 'unusable', reason };
  };
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return unusable('is a directory');
    const size = stat.size;
    const segments: Segment[] = [];
    let tail: string | null = null;
    const frame = Buffer.alloc(FRAME);
    for (let at = 0; at < size; ) {
      const got = readFully(fd, frame, at);
      const whole = got === FRAME && frame.subarray(0, 8).equals(MAGIC);
      const version = whole ? frame.readUInt32LE(8) : 0;
      const length = whole ? Number(frame.readBigUInt64LE(16)) : 0;
      const start = whole ? Number(frame.readBigUInt64LE(24)) : 0;
      if (at === 0) {
        if (!whole) return unusable('is not a bazinga-stats state file');
        if (version !== FRAME_VERSION) return unusable(`is a state file of frame version ${version}; this bazinga-stats reads version ${FRAME_VERSION}`);
        if (size - FRAME < length) return unusable(`is truncated (${size - FRAME} of ${length} bytes)`);
        if (start !== 0) return unusable('is corrupt (its first segment does not start it)');
      } else {
        // an appended segment: one that is cut short or fails its CRC at the end is an append that did not
        // finish; the state before it is whole
        const last = at + FRAME + length >= size;
        if (!whole || version !== FRAME_VERSION || at + FRAME + length > size) {
          tail = 'its last update was cut short (a crash while writing?)';
          break;
        }
        if (start !== at) {
          tail = 'its last update was written by a run that read another version of the file (two runs at once?)';
          break;
        }
        if (crcOfRange(fd, at + FRAME, length) !== frame.readUInt32LE(12)) {
          if (!last) return unusable('is corrupt (checksum mismatch)');
          tail = 'its last update was cut short (a crash while writing?)';
          break;
        }
      }
      segments.push({ start: at, length, crc: frame.readUInt32LE(12) });
      at += FRAME + length;
    }
    if (segments.length === 0) return unusable('is not a bazinga-stats state file');
    const end = segments[segments.length - 1].start + FRAME + segments[segments.length - 1].length;
    return { kind: 'state', file: new StateFileSegments(fd, stat.ino, segments, end, tail) };
  } catch (error) {
    return unusable((error as Error).message);
  }
}

function crcOfRange(fd: number, position: number, length: number): number {
  const block = Buffer.allocUnsafe(Math.min(length, 1 << 20));
  let crc = 0;
  for (let done = 0; done < length; ) {
    const want = Math.min(block.length, length - done);
    const got = readFully(fd, block.subarray(0, want), position + done);
    if (got !== want) throw new Error('changed while read');
    crc = crc32(block.subarray(0, got), crc);
    done += got;
  }
  return crc;
}

/** An open state file's segments, in order. */
export class StateFileSegments {
  constructor(
    private readonly fd: number,
    /** the file's inode: an append goes only to this file */
    readonly ino: number,
    private readonly segments: Segment[],
    /** where the last whole segment ends: the next one is appended here */
    readonly end: number,
    /** why segments after `end` were set aside (a cut-short append), or null */
    readonly tail: string | null,
  ) {}

  get count(): number {
    return this.segments.length;
  }

  /**
   * The header of the update set aside after `end` (a cut-short or foreign append), when its first part can
   * still be read and parsed; null otherwise. For messages only (which lines it held): nothing else of it is
   * used, and its checksum is not checked.
   */
  tailHeader(): unknown {
    if (this.tail === null) return null;
    try {
      const part = Buffer.alloc(8);
      // the frame (32 bytes), then the body's first part: kind 2 (JSON), its length, the header's text
      if (readFully(this.fd, part, this.end + FRAME) !== 8 || part.readUInt32LE(0) !== 2) return null;
      const length = part.readUInt32LE(4);
      if (length > MAX_TAIL_HEADER) return null;
      const text = Buffer.alloc(length);
      if (readFully(this.fd, text, this.end + FRAME + 8) !== length) return null;
      return JSON.parse(text.toString('utf8'));
    } catch {
      return null;
    }
  }

  /** The bytes of the segments after the first (the appended ones). */
  get appended(): number {
    return this.end - this.segments[0].start - FRAME - this.segments[0].length;
  }

  /** The bytes of the first segment (the base). */
  get baseLength(): number {
    return FRAME + this.segments[0].length;
  }

  /**
   * Segment i's body, read in order as it is parsed. With `defer`, large parts of a base whose CRC is
   * computed on the other core may be left in the file and read when needed (`PartSource.defer`): keep the
   * file open until the run that absorbed it is done with them.
   */
  source(i: number, defer = false): StateFileSource {
    const { start, length, crc } = this.segments[i];
    // the appended segments were checked when the file was opened; a large base on the other core, from when
    // its first large part is read (a merge opens many states, and absorbs them one after another)
    const startChecker =
      i === 0 && length >= PARALLEL_CRC
        ? () => {
            const checker = CrcChecker.start(this.fd, start + FRAME, length);
            if (checker !== null) this.checkers.push(checker);
            return checker;
          }
        : null;
    return new StateFileSource(this.fd, start + FRAME, length, crc, i > 0, startChecker, defer && startChecker !== null ? () => this.closed : null);
  }

  private readonly checkers: CrcChecker[] = [];
  private closed = false;

  /** Closes the file (once: its descriptor may be another file's afterwards); deferred reads then fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const checker of this.checkers) checker.stop();
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

function readFully(fd: number, target: Uint8Array, position: number): number {
  let got = 0;
  while (got < target.byteLength) {
    const n = fs.readSync(fd, target, got, target.byteLength - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** From this size on, a base's CRC is computed by a worker thread while the main thread reads it. */
const PARALLEL_CRC = 32 << 20;

/**
 * The code of the CRC worker (evaluated: no module file to find), given {fd, position, length, result}:
 * result[0] is 0 until it starts, 3 while it runs, then 1 (result[1] is the CRC) or 2 (it failed).
 */
const CRC_WORKER = `
const fs = require('node:fs');
const { crc32 } = require('node:zlib');
const { fd, position, length, result } = require('node:worker_threads').workerData;
Atomics.store(result, 0, 3);
Atomics.notify(result, 0);
try {
  const block = Buffer.allocUnsafe(Math.min(Math.max(length, 1), 1 << 20));
  let crc = 0;
  for (let done = 0; done < length; ) {
    const got = fs.readSync(fd, block, 0, Math.min(block.length, length - done), position + done);
    if (got === 0) throw new Error('ends early');
    crc = crc32(block.subarray(0, got), crc);
    done += got;
  }
  result[1] = crc | 0;
  Atomics.store(result, 0, 1);
} catch {
  Atomics.store(result, 0, 2);
}
Atomics.notify(result, 0);
`;

/**
 * The CRC-32 of a byte range of an open file, computed on the other core (the main thread goes on reading
 * the same bytes): a 230 MB base's CRC then overlaps the reading instead of adding ~0.12 s to it. Worker
 * threads share the process's file descriptors. The result comes back through shared memory, so the main
 * thread can wait for it synchronously (absorbing is synchronous).
 */
class CrcChecker {
  private constructor(
    private readonly worker: Worker,
    private readonly result: Int32Array,
  ) {
    worker.unref();
    worker.on('error', () => undefined); // a worker that cannot start: crc() gives null and the caller computes it
  }

  static start(fd: number, position: number, length: number): CrcChecker | null {
    try {
      const result = new Int32Array(new SharedArrayBuffer(8));
      return new CrcChecker(new Worker(CRC_WORKER, { eval: true, workerData: { fd, position, length, result } }), result);
    } catch {
      return null; // no worker: the main thread computes the CRC as it reads
    }
  }

  /**
   * The CRC, once the worker has it; null when it failed, did not start within 10 s, or took over 2 minutes
   * (the caller computes it then).
   */
  crc(): number | null {
    Atomics.wait(this.result, 0, 0, 10_000); // 0: not started yet
    Atomics.wait(this.result, 0, 3, 120_000); // 3: running
    return Atomics.load(this.result, 0) === 1 ? this.result[1] >>> 0 : null;
  }

  stop(): void {
    void this.worker.terminate();
  }
}

/** A state file's body, read in order as the core parses it (synchronously: absorbing is synchronous). */
export class StateFileSource implements PartSource {
  private crc = 0;
  remaining: number;
  private readonly start: number;
  private readonly length: number;

  constructor(
    private readonly fd: number,
    private position: number,
    length: number,
    private readonly expectedCrc: number,
    /** its CRC was checked already (an appended segment, when the file was opened) */
    private readonly checked = false,
    /** starts the computing of its CRC on the other core (null: computed here, as it is read) */
    private readonly startChecker: (() => CrcChecker | null) | null = null,
    /** whether large parts may be left in the file (`defer`), and then whether the file is closed */
    private readonly fileClosed: (() => boolean) | null = null,
  ) {
    this.remaining = length;
    this.start = position;
    this.length = length;
  }

  private checker: CrcChecker | null = null;
  private started = false;

  /** Whether the body's CRC is the one its frame gives (all of it read, or checked otherwise). */
  private crcMatches(): boolean {
    if (this.checked) return true;
    if (this.startChecker !== null) {
      const crc = this.checker?.crc() ?? null;
      return (crc ?? crcOfRange(this.fd, this.start, this.length)) === this.expectedCrc;
    }
    return this.crc === this.expectedCrc;
  }

  /**
   * Leaves the next `size` bytes in the file (1 MiB or more, with the CRC computed apart, which covers them).
   * Reading them later reads what the CRC was computed from: nothing writes inside a state's segments once
   * written (appends go after them, and a whole state is renamed over the file, leaving this one open as it
   * was).
   */
  defer(size: number): DeferredBytes | null {
    const closed = this.fileClosed;
    if (closed === null || size < 1 << 20 || size > this.remaining) return null;
    if (!this.started) {
      this.started = true;
      this.checker = this.startChecker!();
    }
    const fd = this.fd;
    const at = this.position;
    this.position += size;
    this.remaining -= size;
    return {
      length: size,
      read(target: Uint8Array, offset: number): boolean {
        if (closed() || offset < 0 || offset + target.byteLength > size) return false;
        try {
          return readFully(fd, target, at + offset) === target.byteLength;
        } catch {
          return false;
        }
      },
    };
  }

  read(size: number): Uint8Array {
    const out = new Uint8Array(Math.min(size, this.remaining));
    this.fill(out);
    return out;
  }

  readInto(target: Uint8Array): boolean {
    if (target.byteLength > this.remaining) return false;
    this.fill(target);
    return true;
  }

  private fill(target: Uint8Array): void {
    if (this.startChecker !== null && !this.started && target.byteLength >= 1 << 16) {
      this.started = true;
      this.checker = this.startChecker();
    }
    const got = readFully(this.fd, target, this.position);
    if (got !== target.byteLength) throw new StateError('ends before its length (changed while read?)');
    if (this.startChecker === null && !this.checked) this.crc = crc32(target, this.crc);
    this.position += got;
    this.remaining -= got;
  }

  /**
   * Why a part that did not parse went wrong: reads the rest, and a checksum mismatch (the file is corrupt)
   * is the better reason; else `reason` (a well-formed state this version cannot use).
   */
  explain(reason: string): string {
    if (!this.checked && this.startChecker === null) {
      const block = new Uint8Array(1 << 20);
      while (this.remaining > 0) this.fill(block.subarray(0, Math.min(block.length, this.remaining)));
    }
    return this.crcMatches() ? reason : 'is corrupt (checksum mismatch)';
  }

  /** After the last part: why the bytes read cannot be trusted, or null. */
  check(): string | null {
    if (this.remaining !== 0) return 'has bytes after its last section';
    return this.crcMatches() ? null : 'is corrupt (checksum mismatch)';
  }
}

function frameFor(parts: readonly Uint8Array[], start: number): Buffer {
  let crc = 0;
  let length = 0;
  for (const part of parts) {
    crc = crc32(part, crc);
    length += part.byteLength;
  }
  return frameOf(crc, length, start);
}

/** Writes `frame` then `parts` at the handle's position (views are written as they are, not copied). */
async function writeParts(handle: fs.promises.FileHandle, frame: Uint8Array, parts: readonly Uint8Array[], position: number): Promise<void> {
  let at = position;
  const write = async (bytes: Uint8Array) => {
    await writeAll(handle, bytes, at);
    at += bytes.byteLength;
  };
  await write(frame);
  // parts are small and many (a section name, a count) or large (an array): gather the small ones
  let batch: Uint8Array[] = [];
  let batched = 0;
  const flush = async () => {
    if (batch.length > 0) await write(Buffer.concat(batch));
    batch = [];
    batched = 0;
  };
  for (const part of parts) {
    if (part.byteLength >= 1 << 16) {
      await flush();
      await write(part);
      continue;
    }
    batch.push(part);
    batched += part.byteLength;
    if (batched >= 1 << 20) await flush();
  }
  await flush();
}

/** Writes a state whose body is `parts` in order, as the file's only segment (atomically: see the top). */
export async function writeStateFile(file: string, parts: readonly Uint8Array[]): Promise<void> {
  const frame = frameFor(parts, 0);
  const temporary = `${file}.tmp-${process.pid}`;
  const handle = await fs.promises.open(temporary, 'w');
  try {
    await writeParts(handle, frame, parts, 0);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  // the rename itself is durable only once the directory is on disk
  try {
    const dir = await fs.promises.open(path.dirname(path.resolve(file)), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // some file systems cannot fsync a directory: the rename is still atomic
  }
}

/**
 * Appends a segment whose body is `parts` to a state file whose whole segments end at `end` (what
 * `openStateFile` found): anything after `end` (an append cut short) is cut off first. False, and nothing
 * written, when the file is not the one read (it is shorter than `end`, or another inode is at the path):
 * write a whole state instead.
 */
export async function appendStateSegment(file: string, end: number, ino: number, parts: readonly Uint8Array[]): Promise<boolean> {
  const frame = frameFor(parts, end);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r+');
  } catch {
    return false;
  }
  try {
    const stat = await handle.stat();
    if (stat.ino !== ino || stat.size < end) return false;
    if (stat.size > end) await handle.truncate(end);
    try {
      await writeParts(handle, frame, parts, end);
      await handle.datasync();
    } catch (error) {
      // a full disk: leave the state as it was (a crash here instead leaves a tail the next run sets aside)
      await handle.truncate(end).catch(() => undefined);
      throw error;
    }
    return true;
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: fs.promises.FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let at = 0; at < bytes.byteLength; ) {
    const { bytesWritten } = await handle.write(bytes, at, bytes.byteLength - at, position + at);
    at += bytesWritten;
  }
}
