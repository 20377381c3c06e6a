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
const state = analyzer.save();
// hand the typed arrays over instead of copying them
parentPort!.postMessage(state, transferables(state));

function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value instanceof Map) {
    // maps hold numbers only
  } else if (Array.isArray(value)) {
    for (const item of value) transferables(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}
