// Reading + the core + a writer: runs an Analyzer over the inputs with no sections and writes every event it
// lets through (the window and the filters, judged by the core exactly as for a report) as CSV or Parquet,
// and every line it turns away to the rejects file. The only place where the export meets I/O.

import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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

/** Text to a file descriptor in large writes. */
class TextSink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const bytes = Buffer.from(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
  }
}

/** A file written beside its target and renamed over it at the end; removed if the export fails. */
class PendingFile {
  readonly temporary: string;
  constructor(readonly target: string, readonly flag: string) {
    this.temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  }
  place(): void {
    try {
      renameSync(this.temporary, this.target);
    } catch (error) {
      throw new BazingaError('OUTPUT', `${this.flag} ${this.target}: ${reason(error)}`);
    }
  }
  discard(): void {
    rmSync(this.temporary, { force: true });
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
      csv = new TextSink(fd);
      csv.write(CSV_HEADER);
    }
    let rejectSink: TextSink | null = null;
    if (rejectsFile) {
      const fd = openFile(rejectsFile);
      fds.push(fd);
      rejectSink = new TextSink(fd);
    }
    // CSV text is made and written 65,536 rows at a time: a row group's worth of text at once is a 100 MB string
    const rows = new EventRows(parquet ? undefined : 1 << 16);
    let written = 0;
    let rejected = 0;
    const flushRows = () => {
      if (parquet) parquet.write(rows, names);
      else csv!.write(csvRows(rows, names));
      written += rows.size;
      rows.clear();
    };
    analyzer.listen({
      event(uuid, at, sec, ns, version, command, input, line) {
        rows.add(uuid, at, sec, ns, version, command, input, line, written + rows.size + 1);
        if (rows.full) flushRows();
      },
      rejected(input, line, why, timestamp) {
        if (rejectSink === null) return;
        rejected++;
        const text = why ?? `timestamp ${timestamp} is outside ${analyzer.windowText}`;
        rejectSink.write(`${JSON.stringify({ file: analyzer.inputs[input].name, line, reason: text })}\n`);
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
    parquet?.finish();
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
