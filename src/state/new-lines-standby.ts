// The worker thread that reads a large state's new lines (src/state/new-lines.ts), started before anything else.
//
// Loading the modules it needs takes a worker ~0.1 s. Started when the state is loaded, that is 0.1 s on the
// other core while it is busiest (the state's CRC is computed there, and the main thread reads the state);
// started by bin/bazinga-stats.js before the command line's own modules load, it loads while that core is
// idle, and waits for its job (a message). This module is that early start: small, and it imports nothing
// but Node's. A run that does not use the worker (no state, a small one, a full run) lets it go.

import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** From this size of a state file, its new lines are read on a worker thread (src/state/incremental.ts). */
export const THREAD_FROM = 32 << 20;

let standby: { worker: Worker; exited: boolean } | null = null;

/** The state file named by `--state FILE` or `--state=FILE` in `argv`, or null. */
function stateFile(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return null;
    if (arg === '--state') return argv[i + 1] ?? null;
    if (arg.startsWith('--state=')) return arg.slice('--state='.length);
  }
  return null;
}

/**
 * Starts the worker, waiting for its job, when `argv` (the command line's arguments) names a state file large
 * enough for one. A guess from the arguments alone: a run that turns out not to need it lets it go.
 */
export function startStandby(argv: readonly string[]): void {
  const file = stateFile(argv);
  if (file === null || standby !== null) return;
  try {
    if (statSync(file).size < THREAD_FROM) return;
    const worker = new Worker(new URL('./new-lines-worker.js', import.meta.url));
    const started = { worker, exited: false };
    worker.on('error', () => undefined); // its user hears of it through 'exit'
    worker.once('exit', () => {
      started.exited = true;
    });
    worker.unref(); // waiting for a job that may never come must not keep the process alive
    standby = started;
  } catch {
    // no such file, or no worker: the run starts one when (and if) it needs it
  }
}

/** The waiting worker, for the caller to post a job to (and ref while it runs), or null. */
export function takeStandby(): Worker | null {
  const taken = standby;
  standby = null;
  if (taken === null || taken.exited) return null;
  return taken.worker;
}

/** Lets the waiting worker go: this run does not need it. */
export function dropStandby(): void {
  void takeStandby()?.terminate();
}
