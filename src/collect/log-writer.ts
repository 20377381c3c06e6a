// The durable write path: whole lines in, a promise that resolves only once they are on disk.
//
// Open with O_APPEND; lines wait in a queue; one loop takes every line that arrived while the previous group
// was being written, writes them with one write() and makes them durable with one fdatasync() (group commit),
// then resolves their promises. Only then are their requests answered 200. A failed write or sync rejects
// the whole group (the requests get 503) and cuts the file back to its last durable size, so a line that
// was not acknowledged does not stay behind half-written — but only after proving that the bytes past that
// size are the start of the group it just tried to write (the same file, no more bytes than the group, the
// same bytes). `reopen` (on SIGHUP) swaps the file between two groups; `close` writes what is queued and closes.
//
// Before it repairs, reads or writes a file, the writer holds that file's lock (log-lock.ts): one writer per
// log. After creating or reopening a file it fsyncs the directory, so the new entry survives a power cut.
//
// Node's fs calls share libuv's thread pool (4 threads). This loop never has more than one fs call in
// flight, so a slow fdatasync occupies one thread and never starves other fs work.

import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { newRawEvent } from '../parse/event.js';
import { parseLine } from '../parse/line.js';
import { MAX_GROUP_BYTES, MAX_QUEUED_BYTES, MAX_TORN_TAIL_BYTES, PROBE_BYTES } from './limits.js';
import { LogLock } from './log-lock.js';

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

/** An open log: the handle, whether it is a regular file (a device like /dev/full is not), its size, its lock. */
interface OpenLog {
  handle: FileHandle;
  regular: boolean;
  size: number;
  /** the file's inode (the live report's state fingerprints the file by it) */
  ino: number;
  lock: LogLock;
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
  private probeWaiters: ((ok: boolean) => void)[] = [];
  private closing = false;
  /** a failed group may have left part of itself in the file: cut it off before the next one */
  private needsRepair = false;
  /** the lines of the last failed group: what a cut-back compares the bytes past the durable size with */
  private failedGroup: Buffer = Buffer.alloc(0);
  /** the last write or sync error, until a group succeeds again (for /healthz) */
  lastError: string | null = null;
  /** bumped on every reopen, so a reader of the old file can tell it is stale */
  generation = 0;

  private constructor(path: string, log: OpenLog, events: LogWriterEvents) {
    this.path = path;
    this.log = log;
    this.events = events;
  }

  /**
   * Opens (creating) the log for appending, under its lock (rejects with LockHeld when another process writes
   * to it); a torn last line left by a crash is then moved to `LOG.torn`.
   */
  static async open(path: string, events: LogWriterEvents = {}): Promise<LogWriter> {
    return new LogWriter(path, await openLog(path, events, null), events);
  }

  /** Bytes of the file that are whole, durable lines: everything a reader may take as the log. */
  get size(): number {
    return this.log.size;
  }

  /** The inode of the file written to now. */
  get ino(): number {
    return this.log.ino;
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

  /**
   * After a failed write: checks that the disk takes bytes again by writing and syncing a small side file
   * (`LOG.probe`, then removed) between two groups. True, and `lastError` cleared, when it does. A device
   * (not a regular file) is never probed: only its next write tells.
   */
  probe(): Promise<boolean> {
    if (this.lastError === null) return Promise.resolve(true);
    if (!this.log.regular || this.closing) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.probeWaiters.push(resolve);
      this.kick();
    });
  }

  /** Writes what is queued, refuses anything new, closes the file and lets its lock go. */
  async close(): Promise<void> {
    this.closing = true;
    await this.idle();
    await this.log.handle.close();
    await this.log.lock.release();
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
    while (this.queue.length > 0 || this.reopenWaiters.length > 0 || this.probeWaiters.length > 0) {
      if (this.reopenWaiters.length > 0) await this.swapFile();
      if (this.probeWaiters.length > 0) await this.runProbe();
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
    const lines =
      group.length === 1
        ? group[0].line
        : Buffer.concat(
            group.map((q) => q.line),
            bytes,
          );
    const log = this.log;
    try {
      if (this.needsRepair) await this.cutBack(log, this.failedGroup);
      if (this.needsRepair) throw new Error(this.lastError ?? 'the log could not be repaired');
      await writeAll(log.handle, lines);
      const started = performance.now();
      await log.handle.datasync();
      this.events.sync?.((performance.now() - started) / 1000);
    } catch (error) {
      this.lastError = describe(error);
      this.failedGroup = lines;
      await this.cutBack(log, lines);
      const failure = new StoreError('not_stored', `could not store the event: ${this.lastError}`);
      for (const q of group) q.reject(failure);
      return;
    }
    log.size += bytes;
    this.lastError = null;
    this.events.group?.(lines, group.length);
    for (const q of group) q.resolve();
  }

  /**
   * After a failed group: cut the file back to its durable size, if what lies past it is provably the start of
   * that group (a device such as /dev/full has no size). Bytes it cannot prove are its own stay: the writer
   * then takes the file's size as it is, says so, and the next group goes after them.
   */
  private async cutBack(log: OpenLog, group: Buffer): Promise<void> {
    if (!log.regular) return;
    try {
      const size = (await log.handle.stat()).size;
      const extra = size - log.size;
      if (extra > 0) {
        const written = Buffer.alloc(Math.min(extra, group.length));
        if (extra <= group.length) await log.handle.read(written, 0, extra, log.size);
        if (extra <= group.length && written.equals(group.subarray(0, extra))) {
          await log.handle.truncate(log.size);
        } else {
          this.events.notice?.(`${this.path}: ${extra} bytes past the last group are not this collector's; left as they are`);
          log.size = size;
        }
      } else if (extra < 0) {
        this.events.notice?.(`${this.path}: the file is ${-extra} bytes shorter than this collector wrote; writing on at its end`);
        log.size = size;
      }
      this.needsRepair = false;
    } catch {
      this.needsRepair = true; // try again before the next group
    }
  }

  private async runProbe(): Promise<void> {
    const waiters = this.probeWaiters.splice(0);
    const path = `${this.path}.probe`;
    let ok = false;
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o640);
      try {
        await writeAll(handle, Buffer.alloc(PROBE_BYTES, 0x0a));
        await handle.datasync();
        ok = true;
      } finally {
        await handle.close().catch(() => {});
        await unlink(path).catch(() => {});
      }
    } catch {
      // still failing
    }
    // a pending repair (a cut-back that failed) must succeed before the log counts as healthy again
    if (ok && this.needsRepair) await this.cutBack(this.log, this.failedGroup);
    if (ok && !this.needsRepair) this.lastError = null;
    for (const resolve of waiters) resolve(ok && !this.needsRepair);
  }

  private async swapFile(): Promise<void> {
    const waiters = this.reopenWaiters.splice(0);
    try {
      const old = this.log;
      const next = await openLog(this.path, this.events, old.lock);
      this.log = next;
      this.needsRepair = false;
      this.generation++;
      await old.handle.close().catch(() => {});
      // the lock follows the new file (the same file after a SIGHUP without rotation keeps its lock)
      if (next.lock !== old.lock) await old.lock.release();
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

/** Opens the log under its lock (`held`: the lock this writer has now, kept when the path is still that file). */
async function openLog(path: string, events: LogWriterEvents, held: LogLock | null): Promise<OpenLog> {
  // read and write: the live report reads the file through the same handle; O_APPEND for every write
  const handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o640);
  let lock: LogLock | null = null;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    lock = held !== null && held.identity === `${stat.dev}:${stat.ino}` ? held : await LogLock.take(stat);
    // the size only now, under the lock: nothing writes to the file any more but us
    const size = stat.isFile() ? (await handle.stat()).size : 0;
    const log: OpenLog = { handle, regular: stat.isFile(), size, ino: stat.ino, lock };
    if (log.regular) await syncDirectory(path); // the entry of a file just created survives a power cut
    if (log.regular && log.size > 0) await repairTail(log, path, events);
    return log;
  } catch (error) {
    await handle.close().catch(() => {});
    if (lock !== null && lock !== held) await lock.release();
    throw error;
  }
}

/** fsync of the folder that holds `path`: makes a created (or renamed-to) entry durable. */
async function syncDirectory(path: string): Promise<void> {
  const folder = await open(dirname(path), constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await folder.sync().catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EINVAL') throw error; // a file system that cannot sync a folder: nothing to do
    });
  } finally {
    await folder.close();
  }
}

/**
 * A file that does not end in `\n` was cut by a crash in the middle of a group (a write may be short when the
 * process is killed), or written so by something else. Nothing proves whose it is, so nothing is deleted: a
 * last fragment that is a whole event gets its `\n`; anything else after the last `\n` is appended to
 * `LOG.torn` (as a line of its own, synced, with its folder entry) and only then cut from the log, so nothing is
 * glued to the next line. A fragment longer than any group we write is not ours: it only gets a `\n`.
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
    const side = `${path}.torn`;
    const torn = await open(side, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o640);
    try {
      await writeAll(torn, Buffer.concat([tail.subarray(fragmentStart, window), Buffer.from('\n')]));
      await torn.datasync();
    } finally {
      await torn.close();
    }
    await syncDirectory(side);
    const keep = log.size - fragmentBytes;
    await log.handle.truncate(keep);
    await log.handle.datasync();
    log.size = keep;
    events.notice?.(`${path}: moved a torn last line of ${fragmentBytes} bytes to ${side} (a write cut short by a crash; never acknowledged)`);
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
