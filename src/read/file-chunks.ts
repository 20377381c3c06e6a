// Reads a byte range of a file in 1 MiB chunks into ONE reused buffer. Streams allocate a new buffer per
// chunk and leave the garbage collector ~100 MB behind on a large file; this keeps memory flat.
// Each yielded chunk is only valid until the next one is asked for: consumers copy what they keep.

import { promises as fs } from 'node:fs';

const CHUNK = 1 << 20;

export async function* fileChunks(path: string, start = 0, end = Infinity): AsyncGenerator<Buffer> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let pos = start; pos < end; ) {
      const want = Math.min(CHUNK, end - pos);
      const { bytesRead } = await handle.read(buffer, 0, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
