// What a state remembers of each input file, to notice a file that is not the one it read: the inode, how
// far it was read, and the CRC-32 of each 1 MiB block of what was read (the last one partial), kept up to date
// as the file is read, so they cost no extra pass: a block is continued from its CRC when the file grows.
//
// Checking a file that is still the one read (same inode) reads every block when the part read is at most
// 64 MiB (a one-byte edit anywhere in it is caught), and beyond that the first block, the last one before the
// resume point and random others, 16 MiB in all, chosen anew at every run, so repeated runs cover the whole
// file (docs/incremental.md has the measured catch rates and costs). Every block is read again when the inode
// changed (a copy, or a file restored from a backup), to tell a copy from a replacement.

import { promises as fs } from 'node:fs';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { fileChunks } from '../read/file-chunks.js';

/** Bytes a block CRC covers. */
export const BLOCK = 1 << 20;
/** A part read of at most this many bytes is checked whole at every run. */
export const CHECK_WHOLE = 64 << 20;
/** Beyond that, this many bytes of blocks are checked at every run. */
export const CHECK_BUDGET = 16 << 20;

export interface Fingerprint {
  /** the path as given when it was read (for messages only: a renamed file is still recognised) */
  path: string;
  /** 0 where the file system has none */
  ino: number;
  gzip: boolean;
  /** bytes of the file the state covers: to the end of the last whole line read; a gzip file whole */
  offset: number;
  /** CRC-32 of each BLOCK bytes of [0, offset), the last of what is left */
  blocks: number[];
}

const isU32 = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffffff;

/** Whether a state's record of an input has every field, typed and in range (a state's header is untrusted). */
export function isFingerprint(value: unknown): value is Fingerprint {
  if (value === null || typeof value !== 'object') return false;
  const print = value as Record<string, unknown>;
  return (
    typeof print.path === 'string' &&
    Number.isSafeInteger(print.ino) &&
    (print.ino as number) >= 0 &&
    typeof print.gzip === 'boolean' &&
    Number.isSafeInteger(print.offset) &&
    (print.offset as number) >= 0 &&
    Array.isArray(print.blocks) &&
    print.blocks.length === Math.ceil((print.offset as number) / BLOCK) &&
    print.blocks.every(isU32)
  );
}

/**
 * The block CRCs of a file as it is read on from `before` (the blocks of its first `from` bytes): `add` each
 * chunk in order, then `blocks`.
 */
export class BlockCrcs {
  readonly blocks: number[];
  private at: number;

  constructor(before: readonly number[] = [], from = 0) {
    this.blocks = [...before];
    this.at = from;
  }

  add(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      const block = Math.floor(this.at / BLOCK);
      const take = Math.min(chunk.length - i, (block + 1) * BLOCK - this.at);
      const part = chunk.subarray(i, i + take);
      this.blocks[block] = crc32(part, block < this.blocks.length ? this.blocks[block] : 0);
      this.at += take;
      i += take;
    }
  }
}

/** The block CRCs of a file's bytes [0, end). */
export async function blocksOf(file: string, end: number): Promise<number[]> {
  const crcs = new BlockCrcs();
  for await (const chunk of fileChunks(file, 0, end)) crcs.add(chunk);
  return crcs.blocks;
}

/** The blocks a run checks: every one when `whole`, else the first, the last and random others within the budget. */
export function blocksToCheck(count: number, whole: boolean, random: () => number = Math.random): number[] {
  const budget = Math.floor(CHECK_BUDGET / BLOCK);
  if (whole || count <= budget) return Array.from({ length: count }, (_, k) => k);
  const chosen = new Set([0, count - 1]);
  while (chosen.size < budget) chosen.add(Math.floor(random() * count));
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Why `file` (size and inode as now) is not what `print` describes up to its offset, or null when it is.
 * A file that grew past the offset still matches.
 */
export async function mismatch(file: string, size: number, ino: number, print: Fingerprint): Promise<string | null> {
  if (size < print.offset) return `${file} is shorter than the ${print.offset} bytes the state read (truncated or replaced)`;
  if (print.gzip && size !== print.offset) return `${file} is gzip and has changed (gzip inputs are read whole)`;
  const whole = ino === 0 || ino !== print.ino || print.offset <= CHECK_WHOLE;
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(BLOCK, print.offset));
    for (const k of blocksToCheck(print.blocks.length, whole)) {
      const length = Math.min(BLOCK, print.offset - k * BLOCK);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(buffer, got, length - got, k * BLOCK + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      if (got !== length || crc32(buffer.subarray(0, length)) !== print.blocks[k]) {
        return `${file} is not the file the state read, or was edited in the part already read`;
      }
    }
  } finally {
    await handle.close();
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
