// A state file on disk: a 32-byte frame around the core's state bytes (src/core/analyzer.ts `save`), written
// atomically and checked whole before anything in it is trusted.
//
//   0  8 bytes  magic "BZSTATE\n"
//   8  u32      frame version (1)
//  12  u32      CRC-32 of the body
//  16  u64      body length in bytes
//  24  8 bytes  zero
//  32  body     (8-byte aligned, so arrays in it are read as views)
//
// Written to FILE.tmp-PID, fsynced, renamed over FILE, and the directory fsynced: a crash leaves the old
// state or the new one, never a mix. A file that is not a state, a truncated or corrupt one, or one of
// another frame version is reported with a reason and not used. The body is read as it is parsed (a large
// state is never held twice in memory) and its CRC checked at the end, before anything built from it is used.

import fs from 'node:fs';
import { StateError, type PartSource } from '../core/summary.js';
import path from 'node:path';
import { crc32 } from './fingerprint.js';

const MAGIC = Buffer.from('BZSTATE\n', 'latin1');
/** The first 8 bytes of every state file. */
export const STATE_MAGIC: Buffer = MAGIC;
const FRAME_VERSION = 1;
const FRAME = 32;

export type StateFile = { kind: 'missing' } | { kind: 'unusable'; reason: string } | { kind: 'state'; source: StateFileSource };

/**
 * Opens a state file and checks its frame (magic, version, length against the file's size). The body is read
 * as it is parsed, through the returned source, which keeps a running CRC: call `check()` once everything
 * has been read, and trust nothing built from it until that says null. Close it in any case.
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
    const frame = Buffer.alloc(FRAME);
    const got = readFully(fd, frame, 0);
    if (got < FRAME || !frame.subarray(0, 8).equals(MAGIC)) return unusable('is not a bazinga-stats state file');
    const version = frame.readUInt32LE(8);
    if (version !== FRAME_VERSION) return unusable(`is a state file of frame version ${version}; this bazinga-stats reads version ${FRAME_VERSION}`);
    const length = Number(frame.readBigUInt64LE(16));
    if (stat.size - FRAME < length) return unusable(`is truncated (${stat.size - FRAME} of ${length} bytes)`);
    if (stat.size - FRAME > length) return unusable('has bytes after its end');
    return { kind: 'state', source: new StateFileSource(fd, length, frame.readUInt32LE(12)) };
  } catch (error) {
    return unusable((error as Error).message);
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

/** A state file's body, read in order as the core parses it (synchronously: absorbing is synchronous). */
export class StateFileSource implements PartSource {
  private position = FRAME;
  private crc = 0;
  remaining: number;

  constructor(
    private readonly fd: number,
    length: number,
    private readonly expectedCrc: number,
  ) {
    this.remaining = length;
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
    const got = readFully(this.fd, target, this.position);
    if (got !== target.byteLength) throw new StateError('ends before its length (changed while read?)');
    this.crc = crc32(target, this.crc);
    this.position += got;
    this.remaining -= got;
  }

  /**
   * Why a part that did not parse went wrong: reads the rest, and a checksum mismatch (the file is corrupt)
   * is the better reason; else `reason` (a well-formed state this version cannot use).
   */
  explain(reason: string): string {
    const block = new Uint8Array(1 << 20);
    while (this.remaining > 0) this.fill(block.subarray(0, Math.min(block.length, this.remaining)));
    return this.crc === this.expectedCrc ? reason : 'is corrupt (checksum mismatch)';
  }

  /** After the last part: why the bytes read cannot be trusted, or null. */
  check(): string | null {
    if (this.remaining !== 0) return 'has bytes after its last section';
    return this.crc === this.expectedCrc ? null : 'is corrupt (checksum mismatch)';
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

/** Writes a state whose body is `parts` in order (views are written as they are, not copied). */
export async function writeStateFile(file: string, parts: readonly Uint8Array[]): Promise<void> {
  let crc = 0;
  let length = 0;
  for (const part of parts) {
    crc = crc32(part, crc);
    length += part.byteLength;
  }
  const frame = Buffer.alloc(FRAME);
  MAGIC.copy(frame, 0);
  frame.writeUInt32LE(FRAME_VERSION, 8);
  frame.writeUInt32LE(crc, 12);
  frame.writeBigUInt64LE(BigInt(length), 16);
  const temporary = `${file}.tmp-${process.pid}`;
  const handle = await fs.promises.open(temporary, 'w');
  try {
    await writeAll(handle, frame);
    // parts are small and many (a section name, a count) or large (an array): gather the small ones
    let batch: Uint8Array[] = [];
    let batched = 0;
    const flush = async () => {
      if (batch.length > 0) await writeAll(handle, Buffer.concat(batch));
      batch = [];
      batched = 0;
    };
    for (const part of parts) {
      if (part.byteLength >= 1 << 16) {
        await flush();
        await writeAll(handle, part);
        continue;
      }
      batch.push(part);
      batched += part.byteLength;
      if (batched >= 1 << 20) await flush();
    }
    await flush();
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

async function writeAll(handle: fs.promises.FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.byteLength; ) {
    const { bytesWritten } = await handle.write(bytes, at, bytes.byteLength - at);
    at += bytesWritten;
  }
}
