// Splitting regular files into byte ranges for worker threads. Ranges are contiguous in input order and
// cut just after a `\n`, so each range holds whole lines and the ranges read in order are the input.

import { promises as fs } from 'node:fs';
import { fileChunks } from './file-chunks.js';
import { isGzip, type Source } from './sources.js';

export interface Segment {
  path: string;
  name: string;
  start: number;
  /** exclusive */
  end: number;
  /** starts after the beginning of its file (another range read that) */
  continues: boolean;
}

/** How far past a cut point to look for the end of a line before giving up on splitting. */
const MAX_SEARCH = 2 * 1024 * 1024;

/** The ranges' bytes, read in large chunks. */
export async function* segmentChunks(segment: Segment): AsyncGenerator<Buffer> {
  yield* fileChunks(segment.path, segment.start, segment.end);
}

/** Offset just after the first `\n` at or after `from` in the file, or -1 if none within MAX_SEARCH. */
async function nextLineStart(path: string, from: number, size: number): Promise<number> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    for (let pos = from; pos < size && pos - from < MAX_SEARCH; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, pos);
      if (bytesRead === 0) break;
      const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (newline >= 0) return pos + newline + 1;
      pos += bytesRead;
    }
    return -1;
  } finally {
    await handle.close();
  }
}

async function startsWithGzip(path: string): Promise<boolean> {
  const handle = await fs.open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return isGzip(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * Splits the sources into `parts` lists of segments, or returns null when the input cannot be split:
 * stdin, a pipe, gzip (a deflate stream has to be read from its start), less than `minBytes` in all, or
 * no line end near a cut point.
 */
export async function splitIntoRanges(sources: Source[], parts: number, minBytes: number): Promise<Segment[][] | null> {
  if (parts < 2 || sources.some((s) => s.size === null)) return null;
  const total = sources.reduce((sum, s) => sum + (s.size ?? 0), 0);
  if (total === 0 || total < minBytes) return null;
  for (const source of sources) if (await startsWithGzip(source.path)) return null;

  // cut points as (source index, offset), each just after a line end
  const cuts: { source: number; offset: number }[] = [];
  for (let part = 1; part < parts; part++) {
    let target = Math.floor((total * part) / parts);
    let source = 0;
    while (source < sources.length - 1 && target >= sources[source].size!) target -= sources[source++].size!;
    const offset = await nextLineStart(sources[source].path, target, sources[source].size!);
    if (offset < 0) return null;
    const previous = cuts[cuts.length - 1];
    if (previous && (source < previous.source || (source === previous.source && offset <= previous.offset))) return null;
    cuts.push({ source, offset });
  }

  const ranges: Segment[][] = [];
  let from = { source: 0, offset: 0 };
  for (const to of [...cuts, { source: sources.length - 1, offset: sources[sources.length - 1].size! }]) {
    const segments: Segment[] = [];
    for (let i = from.source; i <= to.source; i++) {
      const start = i === from.source ? from.offset : 0;
      const end = i === to.source ? to.offset : sources[i].size!;
      if (end > start || (start === 0 && end === 0)) {
        segments.push({ path: sources[i].path, name: sources[i].name, start, end, continues: start > 0 });
      }
    }
    ranges.push(segments);
    from = to;
  }
  return ranges;
}
