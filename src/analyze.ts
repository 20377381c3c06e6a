// Reading + the core: runs an Analyzer over files, stdin and gzip. The only place where the core meets I/O.
//
// One thread. Worker threads over byte ranges of a file, merged in input order, were built and measured
// (npm run bench, 2 cores): both threads slow down on shared memory bandwidth, and starting a worker and
// merging cost ~150 ms, so 1M events took 0.68 s with two threads against 0.59 s with one, and 10M events
// the same time with 50% more memory. They were removed to keep the core simple; see the README.

import { openSources, type Source } from './read/sources.js';
import { Analyzer, type AnalysisOptions, type SeenInput } from './core/analyzer.js';
import type { Report } from './core/report.js';

export interface AnalyzeResult {
  report: Report;
  /** the first few invalid lines as `FILE:LINE: reason` */
  invalidLines: string[];
  /** what the input held before the filters (to say why an answer is empty); absent where not kept */
  seen?: SeenInput;
}

/** Called as bytes are read: bytes of the current input read so far (compressed ones for gzip), and the input. */
export type ProgressListener = (read: number, source: Source) => void;

export async function analyze(paths: string[], options: Partial<AnalysisOptions> = {}, onProgress?: ProgressListener): Promise<AnalyzeResult> {
  const analyzer = new Analyzer(options);
  await readInputs(analyzer, paths, onProgress);
  return { report: analyzer.finish(), invalidLines: analyzer.invalidLines, seen: analyzer.seenInput() };
}

/** Reads each input in order into `analyzer` (which may already hold absorbed states). */
export async function readInputs(analyzer: Analyzer, paths: string[], onProgress?: ProgressListener): Promise<void> {
  const sources = await openSources(paths);
  for (const source of sources) {
    analyzer.beginInput(source.name);
    for await (const chunk of source.chunks()) {
      analyzer.push(chunk);
      onProgress?.(source.consumed, source);
    }
    analyzer.endInput();
  }
}
