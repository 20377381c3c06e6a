// Reading a state's inputs on from where it stopped (src/state/incremental.ts): every input in order, the files the
// state has read resumed at their offsets, unchanged gzip files skipped, new files read whole; the last input
// only up to its last whole line (its unfinished line is read after the state is taken). Feeds an Analyzer and
// returns the inputs' new fingerprints.
//
// With a large state, the new lines are read on a worker thread (src/state/new-lines-worker.ts) by an Analyzer that
// continues the state's inputs, while the main thread absorbs the state: the two are independent until the
// new lines' own state is absorbed, and on two cores they overlap.

import { promises as fs } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ProgressListener } from '../analyze.js';
import { Analyzer, type AnalysisOptions, type InputRecord } from '../core/analyzer.js';
import { saveRun } from './analyzer-state.js';
import { BazingaError } from '../errors.js';
import { fileChunks } from '../read/file-chunks.js';
import { BlockCrcs, blocksOf, type Fingerprint } from './fingerprint.js';
import { openSources, type Source } from '../read/sources.js';
import { takeStandby } from './new-lines-standby.js';

export interface InputFile {
  path: string;
  size: number;
  ino: number;
  gzip: boolean;
}

/** What is left of the last input after its last whole line (an unfinished line), or null. */
export interface Rest {
  index: number;
  input: InputFile;
  from: number;
}

/** Where the last whole line of `[from, to)` ends (after its `\n`); `from` when there is none. */
async function lastLineEnd(path: string, from: number, to: number): Promise<number> {
  const handle = await fs.open(path, 'r');
  try {
    const block = Buffer.alloc(1 << 16);
    for (let end = to; end > from; ) {
      const start = Math.max(from, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const at = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) return start + at + 1;
      end = start;
    }
    return from;
  } finally {
    await handle.close();
  }
}

/**
 * Feeds `reader` every input's bytes after `resumed` (the state's fingerprints, input by input). The last
 * input is left open at its last whole line when it has an unfinished one (`rest`); every other is ended.
 */
export async function feedInputs(
  reader: Analyzer,
  inputs: InputFile[],
  resumed: Fingerprint[],
  onProgress?: ProgressListener,
): Promise<{ prints: Fingerprint[]; rest: Rest | null }> {
  const prints: Fingerprint[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const last = i === inputs.length - 1;
    const before = i < resumed.length ? resumed[i] : null;
    if (input.gzip) {
      if (before !== null) {
        prints.push(before); // unchanged (checked): all of it is in the state
        continue;
      }
      reader.beginInput(input.path);
      const [source] = await openSources([input.path]);
      for await (const chunk of source.chunks()) {
        reader.push(chunk);
        onProgress?.(source.consumed, source);
      }
      reader.endInput();
      prints.push({ path: input.path, ino: input.ino, gzip: true, offset: input.size, blocks: await blocksOf(input.path, input.size) });
      continue;
    }
    const from = before?.offset ?? 0;
    if (before !== null) reader.resumeInput(i, input.path, from === 0);
    else reader.beginInput(input.path);
    const progress: Source = { path: input.path, name: input.path, size: input.size, consumed: from, chunks: () => fileChunks(input.path) };
    const blocks = new BlockCrcs(before?.blocks, from);
    const cut = last ? await lastLineEnd(input.path, from, input.size) : input.size;
    for await (const chunk of fileChunks(input.path, from, cut)) {
      blocks.add(chunk);
      reader.push(chunk);
      progress.consumed += chunk.length;
      onProgress?.(progress.consumed, progress);
    }
    prints.push({ path: input.path, ino: input.ino, gzip: false, offset: cut, blocks: blocks.blocks });
    if (last && cut < input.size) return { prints, rest: { index: i, input, from: cut } };
    reader.endInput();
  }
  return { prints, rest: null };
}

/** What reading the new lines needs: the run's options, and the state's inputs and fingerprints. */
export interface NewLinesJob {
  options: Partial<AnalysisOptions>;
  /** the state's inputs (names, lines read), which the new lines continue */
  stateInputs: InputRecord[];
  inputs: InputFile[];
  resumed: Fingerprint[];
}

export interface NewLines {
  /** the state of the new lines alone: absorbed with `absorb(state, 0)`, appended to the state file */
  segment: Uint8Array;
  prints: Fingerprint[];
  /** lines read */
  lines: number;
  rest: Rest | null;
}

/** Reads the new lines of a job, here. */
export async function readNewLines(job: NewLinesJob, onProgress?: ProgressListener): Promise<NewLines> {
  const reader = new Analyzer(job.options);
  reader.continueInputs(job.stateInputs);
  const { prints, rest } = await feedInputs(reader, job.inputs, job.resumed, onProgress);
  return { segment: saveRun(reader, { inputs: prints }).bytes(), prints, lines: reader.counts.lines, rest };
}

/** The worker's answer: the new lines, or the error it met (a BazingaError keeps its code). */
export type NewLinesReply = { ok: true; result: NewLines } | { ok: false; code: string | null; message: string };

/**
 * Reads the new lines of a job on a worker thread; the promise settles with them, or with the error met
 * (a usage or input error as the main thread would have thrown it). `stop()` ends the worker early.
 */
export function readNewLinesInThread(job: NewLinesJob): { result: Promise<NewLines>; stop: () => void } {
  // the worker started early, if there is one (src/state/new-lines-standby.ts), else a new one
  let worker = takeStandby();
  if (worker === null) {
    worker = new Worker(new URL('./new-lines-worker.js', import.meta.url), { workerData: job });
  } else {
    worker.ref();
    worker.postMessage(job);
  }
  const result = new Promise<NewLines>((resolve, reject) => {
    worker.once('message', (reply: NewLinesReply) => {
      if (reply.ok) resolve(reply.result);
      else reject(reply.code === null ? new Error(reply.message) : new BazingaError(reply.code as BazingaError['code'], reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker reading the new lines stopped (exit code ${code})`)));
  });
  const stop = () => {
    result.catch(() => undefined); // its answer is not wanted any more
    void worker.terminate();
  };
  return { result, stop };
}
