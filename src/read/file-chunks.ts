// Reads a byte range of a file in 1 MiB chunks into two buffers used in turn: while the caller parses one
// chunk, the next is already being read (the read runs on libuv's thread pool), so the parser does not sit
// idle waiting for the disk. Streams would allocate a buffer per chunk and leave ~100 MB to the garbage
// collector on a large file; two fixed buffers keep memory flat.
// Each yielded chunk is valid only until the next one is asked for: consumers copy what they keep.

import { promises as fs } from 'node:fs';

const CHUNK = 1 << 20;

export async function* fileChunks(path: string, start = 0, end = Infinity): AsyncGenerator<Buffer> {
  const handle = await fs.open(path, 'r');
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let pos = start;
    const readInto = (buffer: Buffer) => {
      const want = Math.min(CHUNK, end - pos);
      const read = want > 0 ? handle.read(buffer, 0, want, pos) : Promise.resolve({ bytesRead: 0 });
      pos += Math.max(0, want);
      return read;
    };
    let turn = 0;
    let pending = readInto(buffers[turn]);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const chunk = buffers[turn].subarray(0, bytesRead);
      turn ^= 1;
      // a short read means the end of the file (or of the range): no read ahead then
      pending = bytesRead < CHUNK ? Promise.resolve({ bytesRead: 0 }) : readInto(buffers[turn]);
      yield chunk;
    }
    await pending;
  } finally {
    await handle.close();
  }
}
