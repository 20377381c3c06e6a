// Reading + the core: runs an Analyzer over files, stdin and gzip. The only place where the core meets I/O.

import { openSources, type Source } from '../read/sources.js';
import { Analyzer, type AnalysisOptions } from './analyzer.js';
import type { Report } from './report.js';

export interface AnalyzeResult {
  report: Report;
  /** the first few invalid lines as `FILE:LINE: reason` */
  invalidLines: string[];
}

/** Called as bytes are read: bytes of the current input so far, and its total size when known. */
export type ProgressListener = (read: number, source: Source) => void;

export async function analyze(
  paths: string[],
  options: Partial<AnalysisOptions> = {},
  onProgress?: ProgressListener,
): Promise<AnalyzeResult> {
  const analyzer = new Analyzer(options);
  const sources = await openSources(paths);
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
  return { report: analyzer.finish(), invalidLines: analyzer.invalidLines };
}
