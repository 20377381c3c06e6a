// The worker thread of src/state/new-lines.ts: reads a state's new lines and posts their state back. Its job comes
// as its workerData, or, for a worker started before the job was known (src/state/new-lines-standby.ts), as the
// first message.

import { parentPort, workerData } from 'node:worker_threads';
import { BazingaError } from '../errors.js';
import { readNewLines, type NewLinesJob, type NewLinesReply } from './new-lines.js';

function run(job: NewLinesJob): void {
  readNewLines(job).then(
    (result) => parentPort!.postMessage({ ok: true, result } satisfies NewLinesReply, [result.segment.buffer as ArrayBuffer]),
    (error: unknown) =>
      parentPort!.postMessage({
        ok: false,
        code: error instanceof BazingaError ? error.code : null,
        message: error instanceof Error ? error.message : String(error),
      } satisfies NewLinesReply),
  );
}

if (workerData !== null && workerData !== undefined) run(workerData as NewLinesJob);
else parentPort!.once('message', (job: NewLinesJob) => run(job));
