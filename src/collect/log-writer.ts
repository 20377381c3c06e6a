// The durable write path: whole lines in, a promise that resolves only once they are on disk.
//
// Open with O_APPEND; lines wait in a queue; one loop takes every line that arrived while the previous group
// was being written, writes them with one write() and makes them durable with one fdatasync() (group commit),
// then resolves their promises. Only then are their requests answered 200. A failed write or sync rejects
// the whole group (the requests get 503) and cuts the file back to its last durable size, so a line that
// was not acknowledged does not stay behind half-written. `reopen` (on SIGHUP) swaps the file between two
// groups; `close` writes what is queued and closes.
//
// Node's fs calls share libuv's thread pool (4 threads). This loop never has more than one fs call in
// flight, so a slow fdatasync occupies one thread and never starves other fs work.

import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { newRawEvent } from '../parse/event.js';
import { parseLine } from '../parse/line.js';
import { MAX_GROUP_BYTES, MAX_QUEUED_BYTES, MAX_TORN_TAIL_BYTES } from './limits.js';

const NEWLINE = 0x0a;

/** Why an event was not stored: the disk failed, the queue is full, or the collector is stopping. */
export class StoreError extends Error {
  readonly reason: 'not_stored' | 'overloaded' | 'shutting_down';
  constructor(reason: StoreError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

interface Queued {
  line: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface LogWriterEvents {
  /** a group is on disk (called before its requests are answered): its lines, and how many */
  group?(lines: Buffer, count: number): void;
  /** seconds one fdatasync took */
  sync?(seconds: number): void;
  /** the file was opened anew (SIGHUP): its size at opening */
  reopened?(size: number): void;
  /** something worth one line on stderr (a repaired tail, a failed reopen) */
  notice?(message: string): void;
}

/** An open log: the handle, whether it is a regular file (a device like /dev/full is not), its size. */
interface OpenLog {
  handle: FileHandle;
  regular: boolean;
  size: number;
}

export class LogWriter {
  readonly path: string;
  private log: OpenLog;
  private readonly events: LogWriterEvents;
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private reopenWaiters: (() => void)[] = [];
  private closing = false;
  /** a failed group may have left part of itself in the file: cut it off before the next one */
  private needsRepair = false;
  /** the last write or sync error, until a group succeeds again (for /healthz) */
  lastError: string | null = null;
  /** bumped on every reopen, so a reader of the old file can tell it is stale */
  generation = 0;

  private constructor(path: string, log: OpenLog, events: LogWriterEvents) {
    this.path = path;
    this.log = log;
    this.events = events;
  }

  /** Opens (creating) the log for appending; a torn last line left by a crash is repaired first. */
  static async open(path: string, events: LogWriterEvents = {}): Promise<LogWriter> {
    return new LogWriter(path, await openLog(path, events), events);
  }

  /** Bytes of the file that are whole, durable lines: everything a reader may take as the log. */
  get size(): number {
    return this.log.size;
  }

  /** Reads up to `length` bytes at `position` of the current file (for the live report). */
  async read(buffer: Buffer, position: number, length: number): Promise<number> {
    const { bytesRead } = await this.log.handle.read(buffer, 0, length, position);
    return bytesRead;
  }

  /** Appends one whole line (ending in `\n`); resolves once it is on disk, rejects with a StoreError if not. */
  append(line: Buffer): Promise<void> {
    if (this.closing) return Promise.reject(new StoreError('shutting_down', 'the collector is stopping'));
    if (this.queuedBytes + line.length > MAX_QUEUED_BYTES) {
      return Promise.reject(new StoreError('overloaded', 'too many events are waiting for the disk'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.queuedBytes += line.length;
      this.kick();
    });
  }

  /** Opens the path anew between two groups (logrotate has renamed the file and wants a new one). */
  reopen(): Promise<void> {
    return new Promise((resolve) => {
      this.reopenWaiters.push(resolve);
      this.kick();
    });
  }

  /** Writes what is queued, refuses anything new, closes the file. */
  async close(): Promise<void> {
    this.closing = true;
    await this.idle();
    await this.log.handle.close();
  }

  /** Resolves when no group is being written and none is queued. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0 || this.reopenWaiters.length > 0) {
      if (this.reopenWaiters.length > 0) await this.swapFile();
      if (this.queue.length > 0) await this.writeGroup();
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Takes the queued lines (up to MAX_GROUP_BYTES, at least one), writes and syncs them, answers them. */
  private async writeGroup(): Promise<void> {
    let take = 0;
    let bytes = 0;
    while (take < this.queue.length && (take === 0 || bytes + this.queue[take].line.length <= MAX_GROUP_BYTES)) {
      bytes += this.queue[take++].line.length;
    }
    const group = this.queue.splice(0, take);
    this.queuedBytes -= bytes;
    const lines = group.length === 1 ? group[0].line : Buffer.concat(group.map((q) => q.line), bytes);
    const log = this.log;
    try {
      if (this.needsRepair) {
        await log.handle.truncate(log.size);
        this.needsRepair = false;
      }
      await writeAll(log.handle, lines);
      const started = performance.now();
      await log.handle.datasync();
      this.events.sync?.((performance.now() - started) / 1000);
    } catch (error) {
      this.lastError = describe(error);
      await this.cutBack(log);
      const failure = new StoreError('not_stored', `could not store the event: ${this.lastError}`);
      for (const q of group) q.reject(failure);
      return;
    }
    log.size += bytes;
    this.lastError = null;
    this.events.group?.(lines, group.length);
    for (const q of group) q.resolve();
  }

  /** After a failed group: cut the file back to its durable size (a device such as /dev/full has none). */
  private async cutBack(log: OpenLog): Promise<void> {
    if (!log.regular) return;
    try {
      await log.handle.truncate(log.size);
      this.needsRepair = false;
    } catch {
      this.needsRepair = true; // try again before the next group
    }
  }

  private async swapFile(): Promise<void> {
    const waiters = this.reopenWaiters.splice(0);
    try {
      const next = await openLog(this.path, this.events);
      const old = this.log;
      this.log = next;
      this.needsRepair = false;
      this.generation++;
      await old.handle.close().catch(() => {});
      this.events.reopened?.(next.size);
    } catch (error) {
      this.events.notice?.(`cannot reopen ${this.path}: ${describe(error)}; still writing to the file open before`);
    }
    for (const resolve of waiters) resolve();
  }
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    // the position is ignored under O_APPEND: every write lands at the end
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset, null);
    if (bytesWritten === 0) throw new Error('the disk accepted no bytes');
    offset += bytesWritten;
  }
}

async function openLog(path: string, events: LogWriterEvents): Promise<OpenLog> {
  // read and write: the live report reads the file through the same handle; O_APPEND for every write
  const handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o640);
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const log: OpenLog = { handle, regular: stat.isFile(), size: stat.isFile() ? stat.size : 0 };
    if (log.regular && log.size > 0) await repairTail(log, path, events);
    return log;
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/**
 * A file that does not end in `\n` was cut by a crash in the middle of a group (a write may be short when the
 * process is killed). Those lines were never acknowledged. A last fragment that is a whole event gets its
 * `\n`; anything else after the last `\n` is cut off, so nothing is glued to the next line. A fragment longer
 * than any group we write is not ours: it only gets a `\n`.
 */
async function repairTail(log: OpenLog, path: string, events: LogWriterEvents): Promise<void> {
  const last = Buffer.alloc(1);
  await log.handle.read(last, 0, 1, log.size - 1);
  if (last[0] === NEWLINE) return;
  const window = Math.min(log.size, MAX_TORN_TAIL_BYTES + 1);
  const tail = Buffer.alloc(window);
  await log.handle.read(tail, 0, window, log.size - window);
  const newline = tail.lastIndexOf(NEWLINE);
  const fragmentStart = newline + 1;
  const startsAtLineStart = newline >= 0 || window === log.size;
  const fragmentBytes = window - fragmentStart;
  if (startsAtLineStart && parseLine(tail, fragmentStart, window, newRawEvent()) !== null) {
    const keep = log.size - fragmentBytes;
    await log.handle.truncate(keep);
    await log.handle.datasync();
    log.size = keep;
    events.notice?.(`${path}: cut off a torn last line of ${fragmentBytes} bytes (a write cut short by a crash; never acknowledged)`);
  } else {
    await writeAll(log.handle, Buffer.from('\n'));
    await log.handle.datasync();
    log.size += 1;
    events.notice?.(`${path}: the last line had no newline; added one`);
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EIO':
      return 'I/O error';
    case 'EROFS':
      return 'read-only file system';
    default:
      return e?.code ?? String(e?.message ?? error);
  }
}
