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
//
// With a state path (`LOG.report-state`, beside the log), a build starts from the state when it serves the log
// as it is and these settings (checked by the `--state` machinery, in the worker), and reads only the bytes
// after it: a restart on a 10M-event log reads the lines added since the last save, not 1.3 GB. The state is
// saved when a build has read the log (from its start, or SAVE_AFTER_READING bytes after the state), every
// STATE_INTERVAL_MS and when the collector stops, each time only when it would hold more than the file does.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';
import type { Report } from '../core/report.js';
import { BlockCrcs, type Fingerprint } from '../state/fingerprint.js';
import type { LogWriter } from './log-writer.js';
import type { ReportWorkerMessage } from './report-worker.js';

/** How long stopping waits for the last state to be written. */
const SAVE_TIMEOUT_MS = 10_000;

/**
 * A build that started from the state writes a new one at once only when it read at least this much after it.
 * Writing the whole state again takes seconds on a large log (4 s for the 475 MB of a 10M-event log, during
 * which the worker holds back report requests), while reading 64 MiB again at the next start takes about 1 s;
 * the state is written anyway at the next checkpoint and at stop, when the report holds more than it.
 */
const SAVE_AFTER_READING = 64 << 20;

interface WorkerAnswer {
  id: number;
  report?: Report;
  from?: number;
  blocks?: number[];
  note?: string | null;
  error?: string;
}

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
  private requests = new Map<number, { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>();
  private nextRequest = 1;
  /** the state beside the log, or null: none kept */
  private readonly statePath: string | null;
  private readonly notice: (message: string) => void;
  /** the log's bytes the active build holds, and their block CRCs (the state's fingerprint) */
  private offset = 0;
  private crcs = new BlockCrcs();
  /** stopping: a save cut short by the stop is said once, by close() */
  private closing = false;
  /** what the state file holds: the first `offset` bytes of build `build`'s log (null: nothing known) */
  private saved: { build: number; offset: number } | null = null;

  constructor(
    writer: LogWriter,
    options: Partial<AnalysisOptions>,
    today: () => string,
    statePath: string | null = null,
    notice: (message: string) => void = () => {},
  ) {
    this.writer = writer;
    this.options = options;
    this.today = today;
    this.statePath = statePath;
    this.notice = notice;
    // settings a user can get wrong (--tz, --window, --since …) fail here, at start-up, with their message
    new Analyzer({ ...options, today: today(), sections: [] }); // the settings alone: no reducer is made
    this.worker = new Worker(new URL('./report-worker.js', import.meta.url));
    this.worker.on('message', (answer: WorkerAnswer) => {
      const id = answer.id;
      this.requests.get(id)?.resolve(answer);
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
      this.offset += lines.length;
      this.crcs.add(lines);
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
    const report = (await this.call((id) => ({ type: 'snapshot', build: this.active, id }))).report!;
    this.cached = { report, fed };
    return report;
  }

  /** Posts a message that the worker answers, and waits for the answer. */
  private call(message: (id: number) => ReportWorkerMessage): Promise<WorkerAnswer> {
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      if (this.workerFailure !== null) return reject(new Error(this.workerFailure));
      this.requests.set(id, { resolve, reject });
      this.worker.ref(); // an answer is awaited: keep the process up until it comes
      this.post(message(id));
    });
  }

  /**
   * Saves the state of the active build now (the collector does so every STATE_INTERVAL_MS), so a restart after a
   * crash reads only the lines since. Groups that arrive meanwhile wait, so the state holds exactly the bytes
   * its fingerprint covers.
   */
  async checkpoint(): Promise<void> {
    if (this.statePath === null || this.active === 0 || this.pending !== null || this.workerFailure !== null || this.isSaved()) return;
    const build = this.active;
    const held: Buffer[] = [];
    this.pending = held;
    const print = this.printOf(this.offset, this.crcs);
    const saved = print !== null && build === this.active ? this.sendSave(build, print) : null;
    // a rebuild that started meanwhile reads these groups from the file itself
    if (this.pending === held) {
      this.pending = null;
      for (const lines of held) this.added(lines);
    }
    await saved;
  }

  /** Saves the state of the active build (when one is kept), then stops the worker. */
  async close(): Promise<number> {
    this.closing = true;
    if (this.statePath !== null && this.active !== 0 && this.workerFailure === null && !this.isSaved()) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, SAVE_TIMEOUT_MS)));
      const saved = await Promise.race([this.save(this.active, this.offset, this.crcs).then(() => true), timeout.then(() => false)]);
      clearTimeout(timer);
      if (!saved) {
        const code = await this.worker.terminate();
        // a write cut short leaves its temporary file (the state itself is replaced only by a whole one)
        await rm(`${this.statePath}.tmp-${process.pid}`, { force: true }).catch(() => {});
        this.notice(`the live report's state was not saved in ${SAVE_TIMEOUT_MS / 1000} s; the last one stays`);
        return code;
      }
    }
    return this.worker.terminate();
  }

  /** Writes the state of `build`, which holds the log's first `offset` bytes (block CRCs `crcs`); a failure is one line. */
  private async save(build: number, offset: number, crcs: BlockCrcs): Promise<void> {
    await this.sendSave(build, this.printOf(offset, crcs));
  }

  /** The state file holds everything the active build holds: writing it again would write the same (unless it was deleted). */
  private isSaved(): boolean {
    return this.saved !== null && this.saved.build === this.active && this.saved.offset === this.offset && existsSync(this.statePath!);
  }

  /** The fingerprint of the log's first `offset` bytes, whose block CRCs are `crcs` as they are now. */
  private printOf(offset: number, crcs: BlockCrcs): Fingerprint {
    return { path: this.writer.path, ino: this.writer.ino, gzip: false, offset, blocks: [...crcs.blocks] };
  }

  /** Asks the worker to save `build` now: it takes the build's events as they are when the message arrives. */
  private async sendSave(build: number, print: Fingerprint): Promise<void> {
    try {
      const answer = await this.call((id) => ({ type: 'save', build, path: this.statePath!, print, id }));
      if (answer.error !== undefined) this.notice(`cannot save the live report's state: ${answer.error}`);
      else this.saved = { build, offset: print.offset };
    } catch (error) {
      if (!this.closing) this.notice(`cannot save the live report's state: ${(error as Error).message}`);
    }
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
    const state = this.statePath === null ? null : { path: this.statePath, log: this.writer.path, size, ino: this.writer.ino };
    const created = this.call((id) => ({ type: 'create', build, name: this.writer.path, options: { ...this.options, today: day }, state, id }));
    this.building = (async () => {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      let crcs = new BlockCrcs();
      /** the log's bytes the state held (0: read from the start) */
      let from = 0;
      try {
        const start = await created;
        if (start.error !== undefined) throw new Error(start.error);
        if (start.note) this.notice(`the live report's state is not used: ${start.note}; reading the whole log`);
        else if (start.from! > 0) this.notice(`the live report starts from its state (${start.from} bytes), reading the ${size - start.from!} bytes after it`);
        from = start.from!;
        crcs = new BlockCrcs(start.blocks!, from);
        for (let position = from; position < size; ) {
          const read = await this.writer.read(chunk, position, Math.min(READ_CHUNK, size - position));
          if (build !== this.builds) break; // a newer rebuild (another file, another day) took over
          if (read === 0) break;
          // one chunk at a time: the worker parses slower than the disk reads, and queued copies would hold
          // the whole file in memory at once
          await this.call((id) => ({ type: 'push', build, bytes: chunk.subarray(0, read), id }));
          crcs.add(chunk.subarray(0, read));
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
      // the state of the log as read: asked for before the groups that came meanwhile are pushed after it
      const print = this.statePath === null ? null : this.printOf(size, crcs);
      if (build !== this.builds) {
        this.post({ type: 'drop', build });
        return;
      }
      // a state that holds all but a few bytes of the log is not written again now (SAVE_AFTER_READING)
      const saved = print === null || (from > 0 && size - from < SAVE_AFTER_READING) ? null : this.sendSave(build, print);
      if (saved === null && from > 0) this.saved = { build, offset: from };
      let offset = size;
      for (const lines of pending) {
        this.post({ type: 'push', build, bytes: lines });
        offset += lines.length;
        crcs.add(lines);
      }
      this.pending = null;
      if (this.active !== 0) this.post({ type: 'drop', build: this.active });
      this.active = build;
      this.offset = offset;
      this.crcs = crcs;
      this.fed = 0;
      this.cached = null;
      this.readFailure = null;
      void saved;
    })();
    return this.building;
  }
}
