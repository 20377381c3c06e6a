// The worker thread of src/new-lines.ts: reads a state's new lines and posts their state back.

import { parentPort, workerData } from 'node:worker_threads';
import { BazingaError } from './errors.js';
import { readNewLines, type NewLinesJob, type NewLinesReply } from './new-lines.js';

readNewLines(workerData as NewLinesJob).then(
  (result) => parentPort!.postMessage({ ok: true, result } satisfies NewLinesReply, [result.segment.buffer as ArrayBuffer]),
  (error: unknown) =>
    parentPort!.postMessage({ ok: false, code: error instanceof BazingaError ? error.code : null, message: error instanceof Error ? error.message : String(error) } satisfies NewLinesReply),
);
