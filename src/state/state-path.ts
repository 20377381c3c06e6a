// Where a state may be written (issue #20): only over a state, an empty file or nothing. `--state FILE` and
// `merge -o FILE` replace FILE, so a slip of the command line (`--state telemetry.jsonl telemetry.jsonl`, the
// exclude list or `-o`'s report named again) would destroy a log or a list: refused before any work, naming
// what the file is.

import { promises as fs, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { BazingaError, usageError } from '../errors.js';
import { STATE_MAGIC } from './state-file.js';

/** Another file of the command line that a state must not be written over. */
export interface NamedFile {
  /** how the message names it: `the input t.jsonl`, `the --exclude-installs file ex.txt`, `-o's file out.txt` */
  what: string;
  path: string;
}

/** What a file's first bytes look like, for a message. */
export function looksLike(head: Buffer): string {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip data';
  let at = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (at < head.length && (head[at] === 0x20 || head[at] === 0x09 || head[at] === 0x0a || head[at] === 0x0d)) at++;
  if (head[at] === 0x7b) return 'a JSON Lines log';
  if (head[at] === 0x5b) return 'a JSON array';
  const text = head.subarray(at).every((byte) => byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
  return text ? 'text' : 'binary data';
}

/** Whether `other` names the file at `file` (whose stat is `target`, null when it does not exist yet). */
async function sameFile(file: string, target: BigIntStats | null, other: string): Promise<boolean> {
  if (path.resolve(file) === path.resolve(other)) return true;
  if (target === null) return false;
  const stat = await fs.stat(other, { bigint: true }).catch(() => null);
  return stat !== null && stat.dev === target.dev && stat.ino === target.ino;
}

/**
 * Refuses (a usage error, exit 2) to write a state at `file` when it is one of `others`, or exists, is not
 * empty and does not start as a state. `flag` names the option in the message (`--state`, `-o`).
 */
export async function refuseNonState(flag: string, file: string, others: readonly NamedFile[]): Promise<void> {
  const target = await fs.stat(file, { bigint: true }).catch(() => null);
  for (const other of others) {
    if (other.path !== '-' && (await sameFile(file, target, other.path))) {
      throw usageError(`${flag} ${file}: is also ${other.what}; the state would replace it (give the state its own file)`);
    }
  }
  if (target === null) return;
  if (target.isDirectory()) throw usageError(`${flag} ${file}: is a directory`);
  if (!target.isFile() || target.size === 0n) return;
  const head = Buffer.alloc(64);
  let got = 0;
  try {
    const handle = await fs.open(file, 'r');
    try {
      ({ bytesRead: got } = await handle.read(head, 0, head.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new BazingaError('OUTPUT', `${flag} ${file}: ${(error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  const start = head.subarray(0, got);
  if (got >= STATE_MAGIC.length && start.subarray(0, STATE_MAGIC.length).equals(STATE_MAGIC)) return;
  throw usageError(`${flag} ${file}: not a bazinga-stats state (it starts like ${looksLike(start)}); give a new file name`);
}
