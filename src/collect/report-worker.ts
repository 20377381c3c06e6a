// The live report's Analyzers, in a worker thread: a report of a million events takes about a second to
// compute, and on the collector's own thread that second would hold up every POST /track. Messages are
// handled in the order they were posted, so a group pushed before a snapshot request is in that snapshot.

import { parentPort } from 'node:worker_threads';
import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';

export type ReportWorkerMessage =
  | { type: 'create'; build: number; name: string; options: Partial<AnalysisOptions> }
  /** with an `id`, the worker answers `{ id }` once the bytes are in: the sender's back-pressure */
  | { type: 'push'; build: number; bytes: Uint8Array; id?: number }
  | { type: 'drop'; build: number }
  | { type: 'snapshot'; build: number; id: number };

const analyzers = new Map<number, Analyzer>();

parentPort!.on('message', (message: ReportWorkerMessage) => {
  switch (message.type) {
    case 'create': {
      const analyzer = new Analyzer(message.options);
      analyzer.beginInput(message.name);
      analyzers.set(message.build, analyzer);
      break;
    }
    case 'push':
      analyzers.get(message.build)?.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
      if (message.id !== undefined) parentPort!.postMessage({ id: message.id });
      break;
    case 'drop':
      analyzers.delete(message.build);
      break;
    case 'snapshot':
      parentPort!.postMessage({ id: message.id, report: analyzers.get(message.build)!.snapshot() });
      break;
  }
});
