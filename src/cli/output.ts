// `-o FILE`: checked before the analysis and written atomically (issue 10 item 2).
//
// The check is the real thing: a temporary file is created beside the target (same directory, so the final
// rename stays on one file system) before any input is read, so `-o /no/such/dir/r.txt` fails at once, not
// after minutes of reading. The report is written to it and renamed over the target at the end; a run that
// fails removes it, so a failed run leaves neither half a report nor a temporary file, and the old report,
// if any, stays as it was.
//
// A target that exists and is not a regular file (`-o /dev/stdout`, a FIFO) is written in place, since
// renaming over it would replace the device or the pipe with a file. SIGINT, SIGTERM and SIGHUP during the run
// remove the temporary file before the process dies of the signal.

import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BazingaError } from '../errors.js';

export interface ReportOutput {
  /** writes the whole report and puts it in place */
  commit(text: string): Promise<void>;
  /** removes the temporary file (a failed run); safe to call after commit */
  discard(): Promise<void>;
}

const outputError = (path: string, reason: string) => new BazingaError('OUTPUT', `-o ${path}: ${reason}`);

/** A write or open failure in words (`no space left on device`), for -o and for stdout alike. */
export function reason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'no such directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return ((error as Error)?.message ?? String(error)).replace(/^[A-Z]+: /, '');
  }
}

export async function openOutput(path: string): Promise<ReportOutput> {
  // write through a symlink to the file it names, not over the link
  let target = path;
  let existing: import('node:fs').Stats | null = null;
  try {
    target = await fs.realpath(path);
    existing = await fs.stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(path, reason(error));
  }
  if (existing?.isDirectory()) throw outputError(path, 'is a directory');
  if (existing && !existing.isFile()) {
    try {
      await fs.access(target, fsConstants.W_OK);
    } catch (error) {
      throw outputError(path, reason(error));
    }
    return {
      async commit(text) {
        try {
          await fs.writeFile(target, text);
        } catch (error) {
          throw outputError(path, reason(error));
        }
      },
      async discard() {},
    };
  }

  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // Ctrl-C or a kill during a long read is a failed run too: remove the temporary file, then die of the signal.
  // Watched before the file is created, so a signal that comes just after it appears cannot leave it behind.
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(temporary, { force: true });
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  const stopWatching = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(temporary, 'wx', 0o666);
    // a report that replaces another keeps its permissions
    if (existing) await handle.chmod(existing.mode & 0o7777);
  } catch (error) {
    stopWatching();
    await handle?.close().catch(() => {});
    if (handle) await fs.rm(temporary, { force: true });
    throw outputError(path, reason(error));
  }
  let placed = false;
  return {
    async commit(text) {
      try {
        await handle!.writeFile(text);
        await handle!.close();
        handle = null;
        await fs.rename(temporary, target);
        placed = true;
        stopWatching();
      } catch (error) {
        throw outputError(path, reason(error));
      }
    },
    async discard() {
      stopWatching();
      if (placed) return;
      await handle?.close().catch(() => {});
      handle = null;
      await fs.rm(temporary, { force: true });
    },
  };
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Refuses `-o FILE` when FILE is one of the inputs (same device and inode, whatever the spelling: a link, `./`):
 * the report would replace the log it was made from. Only regular files are compared (`-o /dev/null` with
 * input `/dev/null` harms nothing); an input that cannot be stat'ed is left to the reader to report.
 */
export async function refuseInputAsOutput(output: string, inputs: readonly string[]): Promise<void> {
  const target = await fs.stat(output, { bigint: true }).catch(() => null);
  if (target === null || !target.isFile()) return;
  for (const input of inputs) {
    if (input === '-') continue;
    const source = await fs.stat(input, { bigint: true }).catch(() => null);
    if (source !== null && source.dev === target.dev && source.ino === target.ino) {
      throw new BazingaError('USAGE', `-o ${output}: is the input ${input}; the report would replace it (write the report to another file)`);
    }
  }
}
