// The live report: the core's Analyzer over the log file as it was when opened, then fed every group of
// lines as it reaches the disk, so GET /report needs no re-read and says what `bazinga-stats report` would
// say about the file at that moment (the same parse, the same reducers, `Analyzer.snapshot()`).
//
// Two things make a fresh `bazinga-stats report` differ from one kept up to date, and both rebuild the
// Analyzer from the file once: a new day (relative filters such as `--since 30d`, and the default time window
// `2000-01-01..` the day after today, are cut from today: an event dated tomorrow+1 enters the report when the
// day turns) and a new file (SIGHUP after logrotate). A rebuild reads the durable bytes
// [0, size) through the writer's handle while groups that reach the disk meanwhile wait in `pending`.

import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';
import type { Report } from '../core/report.js';
import type { LogWriter } from './log-writer.js';

const READ_CHUNK = 1 << 20;

export class LiveReport {
  private readonly writer: LogWriter;
  private readonly options: Partial<AnalysisOptions>;
  /** today's date (YYYY-MM-DD) in the report's zone: the clock, or BAZINGA_STATS_TODAY */
  private readonly today: () => string;
  private analyzer: Analyzer | null = null;
  /** the day the latest rebuild (finished or not) was started on */
  private buildDay = '';
  private cached: Report | null = null;
  /** groups that reached the disk while a rebuild was reading the file */
  private pending: Buffer[] | null = null;
  private building: Promise<void> = Promise.resolve();
  /** bumped by each rebuild: an older one still reading gives up */
  private builds = 0;
  private failure: string | null = null;

  constructor(writer: LogWriter, options: Partial<AnalysisOptions>, today: () => string) {
    this.writer = writer;
    this.options = options;
    this.today = today;
  }

  /** Reads the log as it is now. */
  load(): Promise<void> {
    return this.rebuild();
  }

  /** A group of whole lines is on disk. */
  added(lines: Buffer): void {
    if (this.pending !== null) this.pending.push(lines);
    else if (this.analyzer !== null) {
      this.analyzer.push(lines);
      this.cached = null;
    }
  }

  /** The writer opened a new file. */
  reopened(): void {
    void this.rebuild();
  }

  /** The report now: rebuilt first when the day has changed since the last one was made. */
  async report(): Promise<Report> {
    if (this.today() !== this.buildDay) void this.rebuild();
    await this.building;
    if (this.failure !== null) throw new Error(this.failure);
    this.cached ??= this.analyzer!.snapshot();
    return this.cached;
  }

  private rebuild(): Promise<void> {
    const build = ++this.builds;
    const day = this.today();
    this.buildDay = day;
    const analyzer = new Analyzer({ ...this.options, today: day });
    const size = this.writer.size;
    const pending: Buffer[] = [];
    this.pending = pending;
    this.building = (async () => {
      analyzer.beginInput(this.writer.path);
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      try {
        for (let position = 0; position < size; ) {
          const read = await this.writer.read(chunk, position, Math.min(READ_CHUNK, size - position));
          if (build !== this.builds) return; // a newer rebuild (another file, another day) took over
          if (read === 0) break;
          analyzer.push(chunk.subarray(0, read));
          position += read;
        }
      } catch (error) {
        if (build !== this.builds) return;
        this.failure = `cannot read ${this.writer.path}: ${(error as Error).message}`;
        this.pending = null;
        return;
      }
      if (build !== this.builds) return;
      for (const lines of pending) analyzer.push(lines);
      this.pending = null;
      this.analyzer = analyzer;
      this.cached = null;
      this.failure = null;
    })();
    return this.building;
  }
}
