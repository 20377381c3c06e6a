// Where bytes come from: files and stdin, plain or gzip. Gzip is recognised by its magic bytes (1f 8b), not
// by the file name, and decompressed while the lines are parsed (zlib runs on libuv's thread pool).
// Concatenated gzip members (`cat a.gz b.gz`) are read as one stream, as gunzip does.

import { constants as fsConstants, createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { BazingaError, inputError } from '../errors.js';
import { fileChunks } from './file-chunks.js';

export const STDIN = '-';
const CHUNK = 1 << 20;

export interface Source {
  /** the path as given, `-` for stdin */
  path: string;
  /** the name used in messages: the path, or `<stdin>` */
  name: string;
  /** size in bytes when known (a regular file), for progress */
  size: number | null;
  /** the input's bytes, gunzipped when they are gzip */
  chunks(): AsyncIterable<Buffer>;
  /** bytes of the input (compressed, for gzip) read so far: progress against `size` */
  consumed: number;
}

export const displayName = (path: string) => (path === STDIN ? '<stdin>' : path);

/**
 * Checks every path up front, so that a missing or unreadable file fails the run before any output, but opens
 * none: each input is opened when it is reached and closed when it is done, so a run over 10,000 files needs
 * one descriptor at a time (`ulimit -n 256` is enough), and a named pipe is opened once, by its reader (opening
 * it to look and again to read would take its one writer's data and then wait for another forever).
 * The checks run side by side (stat and access use no descriptor); the first failure in input order is thrown.
 */
export async function openSources(paths: string[]): Promise<Source[]> {
  const list = paths.length === 0 ? [STDIN] : paths;
  const checked = await Promise.all(list.map((path) => checkSource(path).catch((error: unknown) => error)));
  const failed = checked.find((result) => !isSource(result));
  if (failed !== undefined) throw failed;
  return checked as Source[];
}

const isSource = (value: unknown): value is Source => typeof value === 'object' && value !== null && 'chunks' in value;

async function checkSource(path: string): Promise<Source> {
  if (path === STDIN) return source(path, null, () => process.stdin);
  let regular: boolean;
  let size: number;
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) throw inputError(`${path}: is a directory`);
    await fs.access(path, fsConstants.R_OK);
    regular = stat.isFile();
    size = stat.size;
  } catch (error) {
    if (error instanceof BazingaError) throw error;
    if (error instanceof Error && 'code' in error) throw inputError(`${path}: ${describe(error as NodeJS.ErrnoException)}`);
    throw error;
  }
  // regular files are read into reused buffers; pipes and devices (`<(zcat …)`, a FIFO) as streams
  if (regular) return source(path, size, () => fileChunks(path, 0, Infinity, size));
  return source(path, null, () => createReadStream(path, { highWaterMark: CHUNK }));
}

function source(path: string, size: number | null, raw: () => AsyncIterable<Buffer | string>): Source {
  const name = displayName(path);
  const self: Source = {
    path,
    name,
    size,
    consumed: 0,
    chunks: () => decode(counted(raw()), name),
  };
  async function* counted(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    for await (const chunk of chunks) {
      self.consumed += chunk.length;
      yield chunk;
    }
  }
  return self;
}

function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error.message.replace(/^[A-Z]+: /, '');
  }
}

export const isGzip = (head: Uint8Array) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** The bytes of a stream, gunzipped when they start with the gzip magic bytes. */
async function* decode(stream: AsyncIterable<Buffer | string>, name: string): AsyncGenerator<Buffer> {
  const it = stream[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  try {
    // collect at least two bytes to look for the magic number
    while (head.length < 2) {
      const next = await it.next();
      if (next.done) break;
      head = Buffer.concat([head, Buffer.from(next.value)]);
    }
  } catch (error) {
    throw readError(name, error);
  }
  if (!isGzip(head)) {
    if (head.length > 0) yield head;
    try {
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value as Buffer;
    } catch (error) {
      throw readError(name, error);
    }
    return;
  }
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const feed = (async () => {
    gunzip.write(head);
    for (let next = await it.next(); !next.done && !gunzip.destroyed; next = await it.next()) {
      // copy: file chunks share one buffer, and zlib reads what it is given later
      if (!gunzip.write(Buffer.from(next.value as Buffer))) {
        await new Promise<void>((resolve) => {
          const done = () => {
            gunzip.off('drain', done);
            gunzip.off('close', done);
            resolve();
          };
          gunzip.on('drain', done);
          gunzip.on('close', done);
        });
      }
    }
    gunzip.end();
  })().catch((error) => gunzip.destroy(error));
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    throw readError(name, error, 'gzip: ');
  } finally {
    await feed;
  }
}

function readError(name: string, error: unknown, prefix = ''): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message =
    code === 'Z_BUF_ERROR' || (error as Error)?.message === 'unexpected end of file'
      ? 'unexpected end of file (truncated gzip data)'
      : code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR'
        ? describe(error as NodeJS.ErrnoException) // gone or changed since it was checked
        : ((error as Error)?.message ?? String(error));
  return inputError(`${name}: ${prefix}${message}`);
}
