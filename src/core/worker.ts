// A worker thread: analyses its byte ranges with the same options as the main thread and sends back the
// Analyzer's state for merging (see core/analyze.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { segmentChunks, type Segment } from '../read/byte-ranges.js';
import { Analyzer, type AnalysisOptions } from './analyzer.js';

const { options, segments } = workerData as { options: AnalysisOptions; segments: Segment[] };
const analyzer = new Analyzer(options);
for (const segment of segments) {
  analyzer.beginInput(segment.name, segment.continues);
  for await (const chunk of segmentChunks(segment)) analyzer.push(chunk);
  analyzer.endInput();
}
parentPort!.postMessage(analyzer.save());
