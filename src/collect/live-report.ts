// The live report: the core's Analyzer over the log file as it was when opened, then fed every group of
// lines as it reaches the disk, so GET /report needs no re-read and says what `bazinga-stats report` would
// say about the file at that moment (the same parse, the same reducers, `Analyzer.snapshot()`). The Analyzer
// lives in a worker thread (report-worker.ts), so computing a report never holds up POST /track.
//
// Two things make a fresh `bazinga-stats report` differ from one kept up to date, and both rebuild the
// Analyzer from the file once: a new day (relative filters such as `--since 30d`, and the default time window
// `2000-01-01..` the day after today, are cut from today: an event dated tomorrow+1 enters the report when the
// day turns) and a new file (SIGHUP after logrotate). A rebuild reads the durable bytes [0, size) through the
// writer's handle while groups that reach the disk meanwhile wait in `pending`.

import { Worker } from 'node:worker_threads';
import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';
import type { Report } from '../core/report.js';
import type { LogWriter } from './log-writer.js';
import type { ReportWorkerMessage } from './report-worker.js';

const READ_CHUNK = 1 << 20;

export class LiveReport {
  private readonly writer: LogWriter;
  private readonly options: Partial<AnalysisOptions>;
  /** today's date (YYYY-MM-DD) in the report's zone: the clock, or BAZINGA_STATS_TODAY */
  private readonly today: () => string;
  private readonly worker: Worker;
  /** the build whose Analyzer answers snapshots; 0: none yet */
  private active = 0;
  /** the day the latest rebuild (finished or not) was started on */
  private buildDay = '';
  /** groups fed to the active Analyzer so far: a cached report is good while this has not moved */
  private fed = 0;
  private cached: { report: Report; fed: number } | null = null;
  /** groups that reached the disk while a rebuild was reading the file */
  private pending: Buffer[] | null = null;
  private building: Promise<void> = Promise.resolve();
  /** bumped by each rebuild: an older one still reading gives up */
  private builds = 0;
  /** the worker died: no report any more */
  private workerFailure: string | null = null;
  /** the last rebuild could not read the file (the previous report stays unavailable until one can) */
  private readFailure: string | null = null;
  /** messages awaiting the worker's answer: snapshots, and file chunks (back-pressure) */
  private requests = new Map<number, { resolve: (report: Report | undefined) => void; reject: (error: Error) => void }>();
  private nextRequest = 1;

  constructor(writer: LogWriter, options: Partial<AnalysisOptions>, today: () => string) {
    this.writer = writer;
    this.options = options;
    this.today = today;
    // settings a user can get wrong (--tz, --window, --since …) fail here, at start-up, with their message
    new Analyzer({ ...options, today: today() });
    this.worker = new Worker(new URL('./report-worker.js', import.meta.url));
    this.worker.on('message', ({ id, report }: { id: number; report?: Report }) => {
      this.requests.get(id)?.resolve(report);
      this.requests.delete(id);
      if (this.requests.size === 0) this.worker.unref();
    });
    this.worker.on('error', (error) => (this.workerFailure = `the report worker failed: ${error.message}`));
    this.worker.on('exit', () => {
      this.workerFailure ??= 'the report worker stopped';
      for (const request of this.requests.values()) request.reject(new Error(this.workerFailure));
      this.requests.clear();
    });
    // the server keeps the process alive, not the worker (unref after the listeners, which ref it again)
    this.worker.unref();
  }

  /** Reads the log as it is now (the collector does not wait for it: it serves /track meanwhile). */
  async load(): Promise<void> {
    void this.rebuild();
    await this.built();
  }

  /** No report yet: the first read of the log is still going (and has not failed). */
  get loading(): boolean {
    return this.active === 0 && this.workerFailure === null && this.readFailure === null;
  }

  /** Waits for the latest rebuild, also one started while waiting (a SIGHUP during a rebuild). */
  private async built(): Promise<void> {
    let building: Promise<void>;
    do {
      building = this.building;
      await building;
    } while (building !== this.building);
  }

  /** A group of whole lines is on disk. */
  added(lines: Buffer): void {
    if (this.pending !== null) this.pending.push(lines);
    else if (this.active !== 0) {
      this.post({ type: 'push', build: this.active, bytes: lines });
      this.fed++;
    }
  }

  /** The writer opened a new file. */
  reopened(): void {
    void this.rebuild();
  }

  /** The report now: rebuilt first when the day has changed since the last one was made. */
  async report(): Promise<Report> {
    if (this.today() !== this.buildDay) void this.rebuild();
    await this.built();
    const failure = this.workerFailure ?? this.readFailure;
    if (failure !== null) throw new Error(failure);
    if (this.cached !== null && this.cached.fed === this.fed) return this.cached.report;
    const fed = this.fed;
    const report = (await this.call((id) => ({ type: 'snapshot', build: this.active, id })))!;
    this.cached = { report, fed };
    return report;
  }

  /** Posts a message that the worker answers, and waits for the answer. */
  private call(message: (id: number) => ReportWorkerMessage): Promise<Report | undefined> {
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      if (this.workerFailure !== null) return reject(new Error(this.workerFailure));
      this.requests.set(id, { resolve, reject });
      this.worker.ref(); // an answer is awaited: keep the process up until it comes
      this.post(message(id));
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }

  private post(message: ReportWorkerMessage): void {
    this.worker.postMessage(message);
  }

  private rebuild(): Promise<void> {
    const build = ++this.builds;
    const day = this.today();
    this.buildDay = day;
    const size = this.writer.size;
    const pending: Buffer[] = [];
    this.pending = pending;
    this.post({ type: 'create', build, name: this.writer.path, options: { ...this.options, today: day } });
    this.building = (async () => {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      try {
        for (let position = 0; position < size; ) {
          const read = await this.writer.read(chunk, position, Math.min(READ_CHUNK, size - position));
          if (build !== this.builds) break; // a newer rebuild (another file, another day) took over
          if (read === 0) break;
          // one chunk at a time: the worker parses slower than the disk reads, and queued copies would hold
          // the whole file in memory at once
          await this.call((id) => ({ type: 'push', build, bytes: chunk.subarray(0, read), id }));
          position += read;
        }
      } catch (error) {
        if (build === this.builds) {
          this.readFailure = `cannot read ${this.writer.path}: ${(error as Error).message}`;
          this.pending = null;
          this.post({ type: 'drop', build });
          return;
        }
      }
      if (build !== this.builds) {
        this.post({ type: 'drop', build });
        return;
      }
      for (const lines of pending) this.post({ type: 'push', build, bytes: lines });
      this.pending = null;
      if (this.active !== 0) this.post({ type: 'drop', build: this.active });
      this.active = build;
      this.fed = 0;
      this.cached = null;
      this.readFailure = null;
    })();
    return this.building;
  }
}
