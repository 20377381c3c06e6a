// Reading + the core + a writer: runs an Analyzer over the inputs with no sections and writes every event it
// lets through (the window and the filters, judged by the core exactly as for a report) as CSV or Parquet,
// and every line it turns away to the rejects file. The only place where the export meets I/O.

import { closeSync, createReadStream, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import type { Hash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { AnalyzeResult, ProgressListener } from '../analyze.js';
import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';
import { stateSettings } from '../state/analyzer-state.js';
import { BazingaError } from '../errors.js';
import { openSources } from '../read/sources.js';
import { reason } from '../cli/output.js';
import { CSV_HEADER, csvRows } from './csv-rows.js';
import { EventRows, type ExportNames } from './event-rows.js';
import { ParquetEvents } from './parquet-file.js';
import { EXPORT_STATE_FORMAT, hashPrefix, lastLineEnd, readExportState, writeExportState, type ExportState } from './export-state.js';

export type ExportFormat = 'parquet' | 'csv';

export interface ExportTarget {
  format: ExportFormat;
  /** the file to write (replaced only when the export is complete); null: stdout (CSV only) */
  output: string | null;
  /** a JSONL file of `{file, line, reason}` for every invalid line and event outside the window; null: none */
  rejects: string | null;
  /** Parquet's `created_by` */
  createdBy: string;
  /** `--state FILE`: export only the lines added since the last export with this state (see export-state.ts) */
  state: string | null;
}

export interface ExportResult extends AnalyzeResult {
  /** events written */
  rows: number;
  /** lines written to the rejects file */
  rejected: number;
}

/** Text to a file descriptor in large writes. A reader of stdout that went away (`| head`) ends the writing quietly. */
class TextSink {
  private parts: string[] = [];
  private size = 0;
  private closed = false;
  /** `label`: how messages name it (`stdout`, `-o events.csv`) */
  constructor(
    private readonly fd: number,
    private readonly label: string,
  ) {}
  write(text: string): void {
    if (this.closed) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const bytes = Buffer.from(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(this.fd, bytes, at);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (this.fd === 1 && code === 'EPIPE') {
          this.closed = true;
          return;
        }
        // stdout can be a non-blocking pipe: wait a little until it takes more
        if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        else throw new BazingaError('OUTPUT', `${this.label}: ${reason(error)}`);
      }
    }
  }
}

/**
 * A file written beside its target and renamed over it at the end; removed if the export fails. A target that
 * exists and is not a regular file (`-o /dev/stdout`, a FIFO, a device) is written in place: renaming over it
 * would replace the device or the pipe with a file. A symlink is followed (the file it names is replaced).
 */
class PendingFile {
  readonly temporary: string;
  private readonly inPlace: boolean;
  constructor(
    readonly target: string,
    readonly flag: string,
  ) {
    let path = target;
    let existing: import('node:fs').Stats | null = null;
    try {
      path = realpathSync(target);
      existing = statSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new BazingaError('OUTPUT', `${flag} ${target}: ${reason(error)}`);
    }
    if (existing?.isDirectory()) throw new BazingaError('OUTPUT', `${flag} ${target}: is a directory`);
    this.inPlace = existing !== null && !existing.isFile();
    this.temporary = this.inPlace ? path : join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.final = path;
  }
  private readonly final: string;
  place(): void {
    if (this.inPlace) return;
    try {
      renameSync(this.temporary, this.final);
    } catch (error) {
      throw new BazingaError('OUTPUT', `${this.flag} ${this.target}: ${reason(error)}`);
    }
  }
  discard(): void {
    if (!this.inPlace) rmSync(this.temporary, { force: true });
  }
}

function openFile(file: PendingFile): number {
  try {
    return openSync(file.temporary, 'w');
  } catch (error) {
    throw new BazingaError('OUTPUT', `${file.flag} ${file.target}: ${reason(error)}`);
  }
}

export async function exportEvents(
  paths: string[],
  analysis: Partial<AnalysisOptions>,
  target: ExportTarget,
  onProgress?: ProgressListener,
): Promise<ExportResult> {
  const analyzer = new Analyzer({ ...analysis, sections: [] });
  const names: ExportNames = {
    command: (id) => analyzer.commandName(id),
    version: (id) => analyzer.versionName(id),
    input: (id) => analyzer.inputs[id].name,
  };
  const pending: PendingFile[] = [];
  const output = target.output === null ? null : new PendingFile(target.output, '-o');
  const rejectsFile = target.rejects === null ? null : new PendingFile(target.rejects, '--rejects');
  if (output) pending.push(output);
  if (rejectsFile) pending.push(rejectsFile);
  const fds: number[] = [];
  try {
    let parquet: ParquetEvents | null = null;
    let csv: TextSink | null = null;
    if (target.format === 'parquet') {
      if (output === null) throw new BazingaError('USAGE', 'export --format parquet needs -o FILE (Parquet is not written to a terminal or a pipe)');
      try {
        parquet = new ParquetEvents(output.temporary, target.createdBy);
      } catch (error) {
        throw new BazingaError('OUTPUT', `-o ${output.target}: ${reason(error)}`);
      }
    } else {
      const fd = output === null ? 1 : openFile(output);
      if (output !== null) fds.push(fd);
      csv = new TextSink(fd, output === null ? 'stdout' : `-o ${output.target}`);
      csv.write(CSV_HEADER);
    }
    let rejectSink: TextSink | null = null;
    if (rejectsFile) {
      const fd = openFile(rejectsFile);
      fds.push(fd);
      rejectSink = new TextSink(fd, `--rejects ${rejectsFile.target}`);
    }
    // CSV text is made and written 65,536 rows at a time: a row group's worth of text at once is a 100 MB string
    const rows = new EventRows(parquet ? undefined : 1 << 16);
    let written = 0;
    let firstSeq = 1;
    let rejected = 0;
    /** a Parquet write that fails (a full disk) is an output error, worded as for -o */
    const toFile = (write: () => void) => {
      try {
        write();
      } catch (error) {
        throw error instanceof BazingaError ? error : new BazingaError('OUTPUT', `-o ${output!.target}: ${reason(error)}`);
      }
    };
    const flushRows = () => {
      if (parquet) toFile(() => parquet!.write(rows, names));
      else csv!.write(csvRows(rows, names));
      written += rows.size;
      rows.clear();
    };
    analyzer.listen({
      events(batch) {
        for (let from = 0; from < batch.size; ) {
          from = rows.addBatch(batch, from, written + rows.size + 1);
          if (rows.full) flushRows();
        }
      },
      rejected:
        rejectSink === null
          ? undefined
          : (input, line, why, timestamp) => {
              rejected++;
              const text = why ?? `timestamp ${timestamp} is outside ${analyzer.windowText}`;
              rejectSink!.write(`${JSON.stringify({ file: analyzer.inputs[input].name, line, reason: text })}\n`);
            },
    });
    let next: ExportState | null = null;
    if (target.state === null) {
      for (const source of await openSources(paths)) {
        analyzer.beginInput(source.name);
        for await (const chunk of source.chunks()) {
          analyzer.push(chunk);
          onProgress?.(source.consumed, source);
        }
        analyzer.endInput();
      }
    } else {
      next = await readNewLines(analyzer, paths, target.state, output?.target ?? null, (seq) => {
        firstSeq = seq;
        written = seq - 1;
      });
    }
    const report = analyzer.finish();
    if (rows.size > 0) flushRows();
    if (parquet) toFile(() => parquet!.finish());
    csv?.flush();
    rejectSink?.flush();
    for (const fd of fds.splice(0)) closeSync(fd);
    for (const file of pending) file.place();
    pending.length = 0;
    if (next !== null) {
      next.parts.push({ file: target.output!, events: written - firstSeq + 1, firstSeq });
      next.nextSeq = written + 1;
      writeExportState(target.state!, next);
    }
    return { report, invalidLines: analyzer.invalidLines, rows: written - firstSeq + 1, rejected };
  } finally {
    for (const fd of fds) closeSync(fd);
    for (const file of pending) file.discard();
  }
}

/**
 * `--state`: checks the state against the run and the inputs, then reads each input's lines added since (up to
 * its last line feed: a line being written waits for the next run) into the analyzer, numbered on. Returns
 * the next state (its parts list not yet updated); tells `startSeq` the first seq of this part.
 */
async function readNewLines(
  analyzer: Analyzer,
  paths: string[],
  statePath: string,
  output: string | null,
  startSeq: (seq: number) => void,
): Promise<ExportState> {
  // what decides which events count (not the analytics flags: they change no event)
  const { analytics: _analytics, ...counted } = stateSettings(analyzer);
  const settings = JSON.stringify(counted);
  const saved = readExportState(statePath);
  if (analyzer.options.window === null) {
    throw new BazingaError(
      'USAGE',
      '--state: export --state needs --window (e.g. --window 2000-01-01..): the default window ends tomorrow, and an event after it would never be exported',
    );
  }
  if (saved !== null && saved.settings !== settings) {
    throw new BazingaError(
      'USAGE',
      `--state ${statePath}: its parts were exported with other settings (--tz, --window, the filters); give a new --state file for these`,
    );
  }
  if (output === null) throw new BazingaError('USAGE', '--state needs -o FILE: each run writes a new part');
  if (saved?.parts.some((part) => part.file === output))
    throw new BazingaError('USAGE', `-o ${output}: is a part listed in --state ${statePath} already; name each run's part anew (e.g. by date)`);
  const state: ExportState = saved ?? { format: EXPORT_STATE_FORMAT, settings, inputs: [], nextSeq: 1, parts: [] };
  startSeq(state.nextSeq);
  if (paths.length === 0 || paths.includes('-'))
    throw new BazingaError('USAGE', '--state: stdin cannot be read again from where it stopped; give the log as FILE');
  analyzer.continueInputs(state.inputs.map((i) => ({ name: i.name, lines: i.lines })));
  const hashes = new Map<number, Hash>();
  const plans: { path: string; name: string; index: number | null; from: number; to: number }[] = [];
  for (const given of paths) {
    let real: string;
    let size: number;
    try {
      real = realpathSync(given);
      const stat = statSync(real);
      if (!stat.isFile()) throw new BazingaError('USAGE', `--state: ${given} is not a regular file; only a file can be read again from where it stopped`);
      size = stat.size;
    } catch (error) {
      if (error instanceof BazingaError) throw error;
      throw new BazingaError('INPUT', `${given}: ${reason(error)}`);
    }
    const head = Buffer.alloc(2);
    const fd = openSync(real, 'r');
    try {
      readSync(fd, head, 0, 2, 0);
    } finally {
      closeSync(fd);
    }
    if (head[0] === 0x1f && head[1] === 0x8b) throw new BazingaError('USAGE', `--state: ${given} is gzip; export --state reads plain logs that grow`);
    const index = state.inputs.findIndex((i) => i.path === real);
    const known = index >= 0 ? state.inputs[index] : null;
    const hash = hashPrefix(real, known?.bytes ?? 0);
    if (hash === null || (known !== null && hash.copy().digest('hex') !== known.hash)) {
      throw new BazingaError(
        'USAGE',
        `--state ${statePath}: ${given} no longer starts with the lines exported from it (rotated, truncated or edited); give a new --state file`,
      );
    }
    const from = known?.bytes ?? 0;
    const to = lastLineEnd(real, from, size);
    plans.push({ path: real, name: known?.name ?? given, index: index >= 0 ? index : null, from, to });
    hashes.set(plans.length - 1, hash);
  }
  for (const [k, plan] of plans.entries()) {
    if (plan.index === null) analyzer.beginInput(plan.name);
    else analyzer.resumeInput(plan.index, plan.name, plan.from === 0);
    const hash = hashes.get(k)!;
    if (plan.to > plan.from) {
      for await (const chunk of createReadStream(plan.path, { start: plan.from, end: plan.to - 1, highWaterMark: 1 << 20 })) {
        hash.update(chunk as Buffer);
        analyzer.push(chunk as Buffer);
      }
    }
    analyzer.endInput();
    const lines = analyzer.inputs[plan.index ?? analyzer.inputs.length - 1].lines;
    const record = { path: plan.path, name: plan.name, bytes: plan.to, lines, hash: hash.digest('hex') };
    if (plan.index === null) state.inputs.push(record);
    else state.inputs[plan.index] = record;
  }
  return state;
}
