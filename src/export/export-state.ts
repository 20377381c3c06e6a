// `export --state FILE`: what earlier exports of a growing log wrote, so that a run exports only the lines
// added since, to a new part (docs/engines.md, "A daily job"). A small JSON file, written atomically: the
// settings that decide which events count (a part made under other settings would not fit the others), and
// per input its real path, the bytes and lines read (up to the last whole line) and a hash of the bytes read,
// and the parts written. An input that no longer starts with the bytes read (rotated, truncated, edited) is
// refused: its lines may already be in a part, and exporting them again would count them twice.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { BazingaError, usageError } from '../errors.js';

export const EXPORT_STATE_FORMAT = 'bazinga-stats export state 1';

export interface ExportStateInput {
  /** the real path, how an input is found again */
  path: string;
  /** its name in messages and in the `file` column, as first given */
  name: string;
  /** bytes read, up to and including the last line feed */
  bytes: number;
  lines: number;
  /** sha256 of those bytes */
  hash: string;
}

export interface ExportPart {
  file: string;
  events: number;
  /** `seq` of its first event */
  firstSeq: number;
}

export interface ExportState {
  format: string;
  /** the resolved settings, as JSON: a run with others is refused */
  settings: string;
  inputs: ExportStateInput[];
  /** the next event's seq */
  nextSeq: number;
  parts: ExportPart[];
}

export function readExportState(path: string): ExportState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BazingaError('INPUT', `--state ${path}: ${(error as Error).message}`);
  }
  let state: ExportState;
  try {
    state = JSON.parse(text);
  } catch {
    throw usageError(`--state ${path}: not an export state (not JSON); give a new file to start a new series of parts`);
  }
  if (state?.format !== EXPORT_STATE_FORMAT || !Array.isArray(state.inputs) || !Array.isArray(state.parts) || !Number.isInteger(state.nextSeq)) {
    throw usageError(`--state ${path}: not an export state of this bazinga-stats; give a new file to start a new series of parts`);
  }
  return state;
}

export function writeExportState(path: string, state: ExportState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    throw new BazingaError('OUTPUT', `--state ${path}: ${(error as Error).message}`);
  }
}

/**
 * sha256 of the first `bytes` bytes of the file, as a Hash that can go on (the bytes read next are added to it
 * for the next state); null when the file is shorter.
 */
export function hashPrefix(path: string, bytes: number): Hash | null {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1 << 20);
    let at = 0;
    while (at < bytes) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, bytes - at), at);
      if (n === 0) return null;
      hash.update(buffer.subarray(0, n));
      at += n;
    }
    return hash;
  } finally {
    closeSync(fd);
  }
}

/** The offset just after the last line feed of the file's first `size` bytes, at or after `from` (`from` if none). */
export function lastLineEnd(path: string, from: number, size: number): number {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (let end = size; end > from; ) {
      const start = Math.max(from, end - buffer.length);
      const n = readSync(fd, buffer, 0, end - start, start);
      const at = buffer.subarray(0, n).lastIndexOf(0x0a);
      if (at >= 0) return start + at + 1;
      end = start;
    }
    return from;
  } finally {
    closeSync(fd);
  }
}
