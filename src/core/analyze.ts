// Reading + the core: runs an Analyzer over files, stdin and gzip. The only place where the core meets I/O.
// Large plain files are cut into byte ranges read by worker threads at the same time; their Analyzers'
// states are merged in input order, which gives exactly the single-thread result (tests compare both).

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { segmentChunks, splitIntoRanges, type Segment } from '../read/byte-ranges.js';
import { openSources, type Source } from '../read/sources.js';
import { dayLabel } from './calendar.js';
import { Analyzer, type AnalysisOptions, type AnalyzerState } from './analyzer.js';
import type { Report } from './report.js';

export interface AnalyzeResult {
  report: Report;
  /** the first few invalid lines as `FILE:LINE: reason` */
  invalidLines: string[];
}

/** Called as bytes are read: bytes of the current input so far, and its total size when known. */
export type ProgressListener = (read: number, source: Source) => void;

/** Below this much input a second thread costs more than it saves (BAZINGA_STATS_PARALLEL_MIN_BYTES: tests). */
function minParallelBytes(): number {
  const configured = Number(process.env.BAZINGA_STATS_PARALLEL_MIN_BYTES);
  return Number.isInteger(configured) && configured >= 0 ? configured : 16 * 1024 * 1024;
}

/**
 * Threads to use: BAZINGA_STATS_THREADS (0 or unset: one). Measured on the 2-core machine this is built on
 * (npm run bench): a second thread saves nothing on 1M events (0.78 s vs 0.72 s: both threads slow down
 * on shared memory bandwidth, and starting the worker and merging cost ~150 ms) and ~20% on 10M events
 * while peak memory grows by half (673 MB vs 429 MB). So one thread is the default; more are opt-in for
 * big files on machines with memory to spare.
 */
function threadCount(): number {
  const configured = Number(process.env.BAZINGA_STATS_THREADS);
  if (Number.isInteger(configured) && configured >= 1) return Math.min(configured, availableParallelism() * 2);
  return 1;
}

export async function analyze(
  paths: string[],
  options: Partial<AnalysisOptions> = {},
  onProgress?: ProgressListener,
): Promise<AnalyzeResult> {
  const analyzer = new Analyzer(options);
  const sources = await openSources(paths);
  const ranges = await splitIntoRanges(sources, threadCount(), minParallelBytes());
  if (ranges === null) {
    for (const source of sources) {
      analyzer.beginInput(source.name);
      let read = 0;
      for await (const chunk of source.chunks()) {
        analyzer.push(chunk);
        read += chunk.length;
        onProgress?.(read, source);
      }
      analyzer.endInput();
    }
  } else {
    // every thread cuts days and resolves relative dates the same way
    const shared: AnalysisOptions = { ...analyzer.options, today: dayLabel(analyzer.today) };
    const workers = ranges.slice(1).map((segments) => runWorker(shared, segments));
    // keep a failed worker from being an unhandled rejection while this thread reads
    workers.forEach((w) => w.catch(() => {}));
    for (const segment of ranges[0]) {
      analyzer.beginInput(segment.name, segment.continues);
      const size = segment.end - segment.start;
      let read = 0;
      for await (const chunk of segmentChunks(segment)) {
        analyzer.push(chunk);
        read += chunk.length;
        onProgress?.(read, { path: segment.path, name: segment.name, size, chunks: () => segmentChunks(segment) });
      }
      analyzer.endInput();
    }
    for (const worker of workers) analyzer.merge(await worker);
  }
  return { report: analyzer.finish(), invalidLines: analyzer.invalidLines };
}

function runWorker(options: AnalysisOptions, segments: Segment[]): Promise<AnalyzerState> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { options, segments } });
    worker.once('message', (state: AnalyzerState) => {
      resolve(state);
      void worker.terminate(); // its heap is no longer needed
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`worker thread stopped with exit code ${code}`));
    });
  });
}
