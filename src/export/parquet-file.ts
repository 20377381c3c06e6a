// Exported events as a Parquet file, a row group at a time, through hyparquet-writer (pure JavaScript, one
// small dependency; chosen over DuckDB's writer for size and start-up: see docs/engines.md). The schema is
// EXPORT_COLUMNS': `install` a 16-byte UUID, `instant` a UTC timestamp in microseconds, strings as
// dictionary-encoded UTF-8 (the writer keeps a dictionary when it halves a column chunk), `line` and `seq`
// delta-encoded; Snappy-compressed pages.

import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { setInt64, type EventRows, type ExportNames } from './event-rows.js';

/** The instant's type, given to the schema only when the footer is written (see `finish`). */
const INSTANT_TYPE: Partial<SchemaElement> = { logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, converted_type: 'TIMESTAMP_MICROS' };

const schema = (): SchemaElement[] => [
  { name: 'root', num_children: 8 },
  { name: 'install', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, logical_type: { type: 'UUID' }, repetition_type: 'REQUIRED' },
  { name: 'instant', type: 'INT64', repetition_type: 'REQUIRED' },
  { name: 'instant_ns', type: 'INT32', converted_type: 'INT_16', repetition_type: 'REQUIRED' },
  { name: 'command', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'version', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'file', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'line', type: 'INT64', repetition_type: 'REQUIRED' },
  { name: 'seq', type: 'INT64', repetition_type: 'REQUIRED' },
];

export class ParquetEvents {
  private readonly writer: ParquetWriter;
  private readonly schema = schema();
  rows = 0;

  /** Starts the file at `path` (created or truncated). */
  constructor(path: string, createdBy: string) {
    this.writer = new ParquetWriter({ writer: fileWriter(path), schema: this.schema, codec: 'SNAPPY', statistics: true, createdBy });
  }

  /** Writes the rows as one row group. */
  write(rows: EventRows, names: ExportNames): void {
    const n = rows.size;
    if (n === 0) return;
    const names32 = (ids: Int32Array, name: (id: number) => string) => {
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) out[i] = name(ids[i]);
      return out;
    };
    // one value object per install, so that the dictionary encoder finds repeats by identity, not by hashing bytes
    const perInstall = rows.firstRow.map((row) => rows.uuid.subarray(row * 16, row * 16 + 16));
    const uuids = new Array<Uint8Array>(n);
    for (let i = 0; i < n; i++) uuids[i] = perInstall[rows.install[i]];
    const int64 = (values: Float64Array) => {
      const out = new BigInt64Array(n);
      const words = new Int32Array(out.buffer);
      for (let i = 0; i < n; i++) setInt64(words, i, values[i]);
      return out;
    };
    const columnData: ColumnSource[] = [
      // min/max of uuids and of free text prune nothing and cost a comparison per value: statistics are kept for
      // the columns a query narrows by range (instant, line, seq)
      { name: 'install', data: uuids, nullable: false, encoding: 'RLE_DICTIONARY', statistics: false },
      { name: 'instant', data: rows.micros.subarray(0, n), nullable: false, encoding: 'DELTA_BINARY_PACKED' },
      { name: 'instant_ns', data: Int32Array.from(rows.nanos.subarray(0, n)), nullable: false },
      { name: 'command', data: names32(rows.command, names.command), nullable: false, statistics: false },
      { name: 'version', data: names32(rows.version, names.version), nullable: false, statistics: false },
      { name: 'file', data: names32(rows.input, names.input), nullable: false, statistics: false },
      { name: 'line', data: int64(rows.line), nullable: false, encoding: 'DELTA_BINARY_PACKED' },
      { name: 'seq', data: int64(rows.seq), nullable: false, encoding: 'DELTA_BINARY_PACKED' },
    ];
    void this.writer.write({ columnData, rowGroupSize: n });
    this.rows += n;
  }

  /**
   * Writes the footer and closes the file. The instant column is written as plain INT64 microseconds and typed
   * as a UTC timestamp only now, in the footer's schema (the writer reads the same schema objects): typed from
   * the start, hyparquet-writer would turn every value into a new BigInt on the way, a million a row group.
   */
  finish(): void {
    Object.assign(this.schema[2], INSTANT_TYPE);
    void this.writer.finish();
  }
}
