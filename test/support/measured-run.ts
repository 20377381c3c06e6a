// Runs the built CLI as a subprocess and measures what the pathological-input suite bounds: the exit
// status, the size of stdout (counted as it streams, the process killed once it passes a cap, so a
// runaway report cannot fill the disk or the test's memory), stderr, the wall time, and the peak
// resident set size.
//
// Peak memory comes from the CLI's own process: `node --import peak-rss-probe.js` writes
// `process.resourceUsage().maxRSS` to fd 3 on exit (see the probe). That is the peak of the whole
// process (heap, buffers, code), which is what a user's machine pays; `/usr/bin/time -v` would say the
// same but is not on every CI image. V8's heap is also capped (`--max-old-space-size`), so an input that
// makes the CLI grow without bound fails within seconds with a non-zero status instead of taking the
// machine's memory first.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, ROOT, pinnedEnv } from './cli.js';

const PROBE = fileURLToPath(new URL('./peak-rss-probe.js', import.meta.url));

/** Runs still going: killed if the test process exits first (a cut-short run leaves no CLI behind). */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface MeasuredOptions {
  env?: Record<string, string | undefined>;
  /** kill the run after this long (it then fails on its status); default 60 s */
  timeoutMs?: number;
  /** kill the run once stdout passes this many bytes; default 64 MiB */
  maxStdoutBytes?: number;
  /** keep stdout only when it is at most this long (else `stdout` is null); default 32 MiB */
  keepStdoutBytes?: number;
  /** V8's old-space limit for the CLI, in MiB; default 1024 */
  heapMiB?: number;
}

export interface MeasuredRun {
  args: string[];
  /** exit status, null when killed */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** why the test killed it, if it did */
  killed: 'timeout' | 'output' | null;
  stdoutBytes: number;
  stdout: Buffer | null;
  stderr: string;
  /** peak resident set size in bytes, null when the process did not exit normally */
  peakRssBytes: number | null;
  wallMs: number;
}

/** Runs `bazinga-stats ARGS...` (the built CLI) and measures it. */
export function runMeasured(args: string[], options: MeasuredOptions = {}): Promise<MeasuredRun> {
  return measureNode([BIN, ...args], options);
}

/** Runs `node [heap cap] --import probe SCRIPT_ARGS...` and measures it (runMeasured's engine; the probe's own test uses it). */
export function measureNode(scriptArgs: string[], options: MeasuredOptions = {}): Promise<MeasuredRun> {
  const args = scriptArgs;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxStdout = options.maxStdoutBytes ?? 64 * 1024 * 1024;
  const keepStdout = options.keepStdoutBytes ?? 32 * 1024 * 1024;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${options.heapMiB ?? 1024}`, '--import', PROBE, ...scriptArgs], {
      cwd: ROOT,
      env: pinnedEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let rss = '';
    let killed: MeasuredRun['killed'] = null;
    const kill = (why: NonNullable<MeasuredRun['killed']>) => {
      if (killed === null) killed = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= keepStdout) out.push(chunk);
      if (stdoutBytes > maxStdout) kill('output');
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      // stderr is bounded by the contract (10 samples and a summary); keep 1 MiB to show what went wrong
      if (stderrBytes < 1024 * 1024) err.push(chunk);
      stderrBytes += chunk.length;
    });
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (rss += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const kib = Number.parseInt(rss, 10);
      resolve({
        args,
        code,
        signal,
        killed,
        stdoutBytes,
        stdout: stdoutBytes <= keepStdout ? Buffer.concat(out) : null,
        stderr: Buffer.concat(err).toString('utf8'),
        peakRssBytes: Number.isFinite(kib) ? kib * 1024 : null,
        wallMs: performance.now() - started,
      });
    });
  });
}

/** Runs `jobs` at most `limit` at a time, results in the order of `jobs`. */
export async function inPool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
