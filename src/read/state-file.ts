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
// another frame version is reported with a reason and not used.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32 } from './fingerprint.js';

const MAGIC = Buffer.from('BZSTATE\n', 'latin1');
const FRAME_VERSION = 1;
const FRAME = 32;

export type StateFile = { kind: 'missing' } | { kind: 'unusable'; reason: string } | { kind: 'state'; body: Uint8Array };

export async function readStateFile(file: string): Promise<StateFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unusable', reason: code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message };
  }
  if (bytes.length < FRAME || !bytes.subarray(0, 8).equals(MAGIC)) return { kind: 'unusable', reason: 'is not a bazinga-stats state file' };
  const version = bytes.readUInt32LE(8);
  if (version !== FRAME_VERSION) return { kind: 'unusable', reason: `is a state file of frame version ${version}; this bazinga-stats reads version ${FRAME_VERSION}` };
  const length = Number(bytes.readBigUInt64LE(16));
  if (bytes.length - FRAME < length) return { kind: 'unusable', reason: `is truncated (${bytes.length - FRAME} of ${length} bytes)` };
  if (bytes.length - FRAME > length) return { kind: 'unusable', reason: 'has bytes after its end' };
  const body = bytes.subarray(FRAME);
  if (crc32(body) !== bytes.readUInt32LE(12)) return { kind: 'unusable', reason: 'is corrupt (checksum mismatch)' };
  return { kind: 'state', body };
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
  const handle = await fs.open(temporary, 'w');
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
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  // the rename itself is durable only once the directory is on disk
  try {
    const dir = await fs.open(path.dirname(path.resolve(file)), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // some file systems cannot fsync a directory: the rename is still atomic
  }
}

async function writeAll(handle: fs.FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.byteLength; ) {
    const { bytesWritten } = await handle.write(bytes, at, bytes.byteLength - at);
    at += bytesWritten;
  }
}
