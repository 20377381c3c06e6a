// The live report's Analyzers, in a worker thread: a report of a million events takes about a second to
// compute, and on the collector's own thread that second would hold up every POST /track. Messages are
// handled in the order they were posted, so a group pushed before a snapshot request is in that snapshot.
//
// A build may start from the report's state beside the log (the `--state` machinery: src/state/incremental.ts
// loads, checks and absorbs it, src/state/fingerprint.ts tells whether the log is still the file it read):
// then only the bytes after the state's offset are read. `save` writes the state of a build's events so far.

import { parentPort } from 'node:worker_threads';
import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';
import { saveRun } from '../state/analyzer-state.js';
import { mismatch, type Fingerprint } from '../state/fingerprint.js';
import { absorbState, describeMismatch, fingerprints, lastSegment, loadState, saveState, settingsMismatch } from '../state/incremental.js';
import type { StateFileSegments } from '../state/state-file.js';
import { StateError } from '../state/summary.js';

/** Where the state is, and the log as it is now (to check the state's fingerprint against). */
export interface StateSource {
  path: string;
  log: string;
  size: number;
  ino: number;
}

export type ReportWorkerMessage =
  /** answered `{ id, from, blocks, note }`: the log's bytes the state already holds (0: none), their block CRCs, why not */
  | { type: 'create'; build: number; name: string; options: Partial<AnalysisOptions>; state: StateSource | null; id: number }
  /** with an `id`, the worker answers `{ id }` once the bytes are in: the sender's back-pressure */
  | { type: 'push'; build: number; bytes: Uint8Array; id?: number }
  | { type: 'drop'; build: number }
  | { type: 'snapshot'; build: number; id: number }
  /** answered `{ id, error? }` once the state file is written */
  | { type: 'save'; build: number; path: string; print: Fingerprint; id: number };

const analyzers = new Map<number, Analyzer>();
/** a build that started from a state reads the state's large parts from it as it needs them: open until dropped */
const stateFiles = new Map<number, StateFileSegments>();
/**
 * A state is being written: the parts saved are views of the Analyzer's own tables, so nothing may change them
 * until they are on disk. Messages wait here meanwhile, and are handled in order afterwards.
 */
let saving = false;
const waiting: ReportWorkerMessage[] = [];

parentPort!.on('message', (message: ReportWorkerMessage) => {
  if (saving) waiting.push(message);
  else handle(message);
});

function handle(message: ReportWorkerMessage): void {
  switch (message.type) {
    case 'create': {
      void create(message).then(
        (answer) => parentPort!.postMessage({ id: message.id, ...answer }),
        (error: Error) => parentPort!.postMessage({ id: message.id, from: 0, blocks: [], note: null, error: error.message }),
      );
      break;
    }
    case 'push':
      analyzers.get(message.build)?.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
      if (message.id !== undefined) parentPort!.postMessage({ id: message.id });
      break;
    case 'drop':
      analyzers.delete(message.build);
      stateFiles.get(message.build)?.close();
      stateFiles.delete(message.build);
      break;
    case 'snapshot':
      parentPort!.postMessage({ id: message.id, report: analyzers.get(message.build)!.snapshot() });
      break;
    case 'save': {
      const analyzer = analyzers.get(message.build);
      if (analyzer === undefined) {
        parentPort!.postMessage({ id: message.id, error: 'no such build' });
        break;
      }
      // the parts now, before later pushes: the state holds exactly the bytes up to the print's offset
      const parts = saveRun(analyzer, { inputs: [message.print] }).parts;
      saving = true;
      saveState(message.path, parts)
        .then(
          () => parentPort!.postMessage({ id: message.id }),
          (error: Error) => parentPort!.postMessage({ id: message.id, error: error.message }),
        )
        .finally(() => {
          saving = false;
          while (!saving && waiting.length > 0) handle(waiting.shift()!);
        });
      break;
    }
  }
}

/** A build's Analyzer, from the state when it serves this log and these settings. */
async function create(message: Extract<ReportWorkerMessage, { type: 'create' }>): Promise<{ from: number; blocks: number[]; note: string | null }> {
  let analyzer: Analyzer | null = null;
  let from = 0;
  let blocks: number[] = [];
  let note: string | null = null;
  if (message.state !== null) {
    const resumed = await resume(message.options, message.state);
    if ('note' in resumed) note = resumed.note;
    else {
      ({ analyzer, from, blocks } = resumed);
      stateFiles.set(message.build, resumed.file);
    }
  }
  analyzer ??= new Analyzer(message.options);
  if (from === 0) analyzer.beginInput(message.name);
  else analyzer.resumeInput(0, message.name);
  analyzers.set(message.build, analyzer);
  return { from, blocks, note };
}

async function resume(
  options: Partial<AnalysisOptions>,
  state: StateSource,
): Promise<{ analyzer: Analyzer; from: number; blocks: number[]; file: StateFileSegments } | { note: string | null }> {
  // deferred, as `--state` reads a large base: its install table stays in the file until looked up
  const loaded = loadState(state.path, true);
  if (loaded.file === null) return { note: loaded.note };
  let used = false;
  try {
    const analyzer = new Analyzer(options);
    const settings = settingsMismatch(analyzer, loaded);
    if (settings !== null) return { note: `${state.path}: ${describeMismatch(settings)}` };
    const last = lastSegment(loaded).header;
    const print = fingerprints(loaded)?.[0];
    if (print === undefined || last.inputs.length !== 1) return { note: `${state.path}: not a state of one log` };
    const why = await mismatch(state.log, state.size, state.ino, print);
    if (why !== null) return { note: `${state.path}: ${why}` };
    absorbState(analyzer, loaded);
    used = true;
    return { analyzer, from: print.offset, blocks: print.blocks, file: loaded.file };
  } catch (error) {
    if (error instanceof StateError) return { note: `${state.path} ${error.message}` };
    throw error;
  } finally {
    if (!used) loaded.file.close();
  }
}
