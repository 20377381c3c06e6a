// What a state remembers of each input file, to notice a file that is not the one it read: the inode, how
// far it was read, and CRC-32s of the first 4 KiB, of the last 4 KiB read, of 32 blocks of 4 KiB spread over
// what was read, and of all of it (kept up to date as the file is read, so it costs no extra pass).
// Checking costs a few dozen small reads; all bytes are read again only when the inode changed (a copy, or
// a file restored from a backup), to tell a copy from a replacement.

import { promises as fs } from 'node:fs';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { fileChunks } from '../read/file-chunks.js';

const BLOCK = 4096;
const BLOCKS = 32;

export interface Fingerprint {
  /** the path as given when it was read (for messages only: a renamed file is still recognised) */
  path: string;
  /** 0 where the file system has none */
  ino: number;
  gzip: boolean;
  /** bytes of the file the state covers: to the end of the last whole line read; a gzip file whole */
  offset: number;
  /** CRC-32 of bytes [0, offset) */
  all: number;
  /** CRC-32 of the first and last 4 KiB of [0, offset), and of the sampled blocks */
  head: number;
  tail: number;
  blocks: number;
}

/** The CRCs of the sampled parts of a file's first `offset` bytes. */
export async function samples(file: string, offset: number): Promise<Pick<Fingerprint, 'head' | 'tail' | 'blocks'>> {
  const handle = await fs.open(file, 'r');
  try {
    const read = async (at: number, length: number) => {
      const buffer = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(buffer, got, length - got, at + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buffer.subarray(0, got);
    };
    const head = crc32(await read(0, Math.min(BLOCK, offset)));
    const tail = crc32(await read(Math.max(0, offset - BLOCK), Math.min(BLOCK, offset)));
    let blocks = 0;
    if (offset > BLOCK) {
      for (let i = 0; i < BLOCKS; i++) {
        const at = Math.floor((i * (offset - BLOCK)) / (BLOCKS - 1));
        blocks = crc32(await read(at, BLOCK), blocks);
      }
    }
    return { head, tail, blocks };
  } finally {
    await handle.close();
  }
}

/** CRC-32 of a file's bytes [0, end). */
export async function crcOf(file: string, end: number): Promise<number> {
  let crc = 0;
  for await (const chunk of fileChunks(file, 0, end)) crc = crc32(chunk, crc);
  return crc;
}

/**
 * Why `file` (size and inode as now) is not what `print` describes up to its offset, or null when it is.
 * A file that grew past the offset still matches.
 */
export async function mismatch(file: string, size: number, ino: number, print: Fingerprint): Promise<string | null> {
  if (size < print.offset) return `${file} is shorter than the ${print.offset} bytes the state read (truncated or replaced)`;
  if (print.gzip && size !== print.offset) return `${file} is gzip and has changed (gzip inputs are read whole)`;
  const now = await samples(file, print.offset);
  if (now.head !== print.head || now.tail !== print.tail || now.blocks !== print.blocks) {
    return `${file} is not the file the state read, or was edited in the part already read`;
  }
  if (ino === 0 || ino !== print.ino) {
    if ((await crcOf(file, print.offset)) !== print.all) return `${file} is not the file the state read, or was edited in the part already read`;
  }
  return null;
}

/**
 * CRC-32 of `data` continued from `crc`. Node's zlib.crc32 returns 0 for an empty array over an empty
 * ArrayBuffer instead of the running value (Node 20.19), so empty data is skipped here.
 */
export function crc32(data: Uint8Array, crc = 0): number {
  return data.byteLength === 0 ? crc : zlibCrc32(data, crc);
}
