// Reading + the core + a writer: runs an Analyzer over the inputs with no sections and writes every event it
// lets through (the window and the filters, judged by the core exactly as for a report) as CSV or Parquet,
// and every line it turns away to the rejects file. The only place where the export meets I/O.

import { closeSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AnalyzeResult, ProgressListener } from '../analyze.js';
import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';
import { BazingaError } from '../errors.js';
import { openSources } from '../read/sources.js';
import { reason } from '../cli/output.js';
import { CSV_HEADER, csvRows } from './csv-rows.js';
import { EventRows, type ExportNames } from './event-rows.js';
import { ParquetEvents } from './parquet-file.js';

export type ExportFormat = 'parquet' | 'csv';

export interface ExportTarget {
  format: ExportFormat;
  /** the file to write (replaced only when the export is complete); null: stdout (CSV only) */
  output: string | null;
  /** a JSONL file of `{file, line, reason}` for every invalid line and event outside the window; null: none */
  rejects: string | null;
  /** Parquet's `created_by` */
  createdBy: string;
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
  constructor(private readonly fd: number, private readonly label: string) {}
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
  constructor(readonly target: string, readonly flag: string) {
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

export async function exportEvents(paths: string[], analysis: Partial<AnalysisOptions>, target: ExportTarget, onProgress?: ProgressListener): Promise<ExportResult> {
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
    for (const source of await openSources(paths)) {
      analyzer.beginInput(source.name);
      for await (const chunk of source.chunks()) {
        analyzer.push(chunk);
        onProgress?.(source.consumed, source);
      }
      analyzer.endInput();
    }
    const report = analyzer.finish();
    if (rows.size > 0) flushRows();
    if (parquet) toFile(() => parquet!.finish());
    csv?.flush();
    rejectSink?.flush();
    for (const fd of fds.splice(0)) closeSync(fd);
    for (const file of pending) file.place();
    pending.length = 0;
    return { report, invalidLines: analyzer.invalidLines, rows: written, rejected };
  } finally {
    for (const fd of fds) closeSync(fd);
    for (const file of pending) file.discard();
  }
}
