// Bytes → lines, for one input. Pure: chunks go in, lines come out through a callback; it does no I/O.
// Lines end at `\n`; one trailing `\r` is dropped; a last line without `\n` still counts; a UTF-8 BOM at
// the start is skipped. A line longer than `maxLine` bytes is reported as overlong without being kept:
// its bytes are dropped as they arrive.

const NEWLINE = 0x0a;
const CR = 0x0d;

export const MAX_LINE_BYTES = 1024 * 1024;

export interface LineSink {
  /** a complete line: `buf[start, end)`, without `\n` and trailing `\r` */
  line(buf: Buffer, start: number, end: number): void;
  /** a line longer than the limit (its bytes are gone) */
  overlong(): void;
}

export class LineSplitter {
  private readonly sink: LineSink;
  private readonly maxLine: number;
  /** pieces of a line that started in an earlier chunk */
  private carry: Buffer[] = [];
  private carryLength = 0;
  /** the current partial line is over the limit: skip to the next `\n` */
  private skipping = false;
  private atStart = true;

  /** `atStart` false: the bytes continue an input read before (a state's), so no BOM is looked for. */
  constructor(sink: LineSink, maxLine = MAX_LINE_BYTES, atStart = true) {
    this.sink = sink;
    this.maxLine = maxLine;
    this.atStart = atStart;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    let pos = 0;
    if (this.atStart) {
      if (this.carryLength + chunk.length < 3) {
        // too short to tell whether a BOM starts the input: wait for more bytes
        this.carry.push(chunk);
        this.carryLength += chunk.length;
        return;
      }
      this.atStart = false;
      if (this.carryLength > 0) {
        chunk = Buffer.concat([...this.carry, chunk]);
        this.carry = [];
        this.carryLength = 0;
      }
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) pos = 3;
    }
    const length = chunk.length;
    while (pos < length) {
      const newline = chunk.indexOf(NEWLINE, pos);
      if (newline === -1) {
        this.hold(chunk, pos, length);
        return;
      }
      if (this.skipping) {
        this.skipping = false;
        this.sink.overlong();
      } else if (this.carryLength > 0) {
        this.hold(chunk, pos, newline);
        if (this.skipping) {
          this.skipping = false;
          this.sink.overlong();
        } else {
          const line = Buffer.concat(this.carry, this.carryLength);
          this.carry = [];
          this.carryLength = 0;
          this.emit(line, 0, line.length);
        }
      } else {
        this.emit(chunk, pos, newline);
      }
      pos = newline + 1;
    }
  }

  /** The input ended: a last line without `\n` still counts. */
  end(): void {
    if (this.atStart && this.carryLength > 0) {
      // fewer than three bytes in all
      this.atStart = false;
      const bytes = Buffer.concat(this.carry);
      this.carry = [];
      this.carryLength = 0;
      this.push(bytes);
    }
    if (this.skipping) {
      this.skipping = false;
      this.sink.overlong();
    } else if (this.carryLength > 0) {
      const line = Buffer.concat(this.carry, this.carryLength);
      this.carry = [];
      this.carryLength = 0;
      this.emit(line, 0, line.length);
    }
  }

  private emit(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === CR) end--;
    if (end - start > this.maxLine) this.sink.overlong();
    else this.sink.line(buf, start, end);
  }

  /** Keeps `chunk[start, end)` as part of the current line, or starts skipping once it is too long. */
  private hold(chunk: Buffer, start: number, end: number): void {
    if (this.skipping) return;
    // one more byte than the limit may still be a `\r` that is dropped
    if (this.carryLength + (end - start) > this.maxLine + 1) {
      this.carry = [];
      this.carryLength = 0;
      this.skipping = true;
      return;
    }
    // copy: the reader may reuse the chunk's memory
    this.carry.push(Buffer.from(chunk.subarray(start, end)));
    this.carryLength += end - start;
  }
}
