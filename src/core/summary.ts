// The bytes of a run's state (see docs/incremental.md): named sections of JSON and typed arrays, written and
// read in the same order. Pure: no files here (src/read/state-file.ts frames, checksums and writes them).
//
// Layout, little-endian, every part 8-byte aligned so arrays are read as views without copying:
//   part   = kind u32, length u32 (bytes, or elements for arrays), payload, zero padding to 8
//   kinds  = 1 section name (UTF-8), 2 JSON (UTF-8), 3 Float64Array, 4 Int32Array, 5 Uint32Array, 6 Uint16Array,
//            7 Uint8Array
// A reader that meets another kind, name or length than it asks for throws a StateError: a state is never
// half-trusted.

export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateError';
  }
}

const SECTION = 1;
const JSON_KIND = 2;
const F64 = 3;
const I32 = 4;
const U32 = 5;
const U16 = 6;
const U8 = 7;

type Arrays = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

function kindOf(array: Arrays): number {
  if (array instanceof Float64Array) return F64;
  if (array instanceof Int32Array) return I32;
  if (array instanceof Uint32Array) return U32;
  if (array instanceof Uint16Array) return U16;
  return U8;
}

const pad8 = (n: number) => (n + 7) & ~7;

export class SummaryWriter {
  /** the parts, in order: views of the run's own arrays, so write them out before the run changes them */
  readonly parts: Uint8Array[] = [];
  length = 0;

  private part(kind: number, count: number, payload: Uint8Array): void {
    const head = new Uint8Array(8);
    const view = new DataView(head.buffer);
    view.setUint32(0, kind, true);
    view.setUint32(4, count, true);
    this.parts.push(head, payload);
    this.length += 8 + payload.byteLength;
    const padding = pad8(payload.byteLength) - payload.byteLength;
    if (padding > 0) {
      this.parts.push(new Uint8Array(padding));
      this.length += padding;
    }
  }

  /** Starts a named section (a reducer's, the installs', …): the reader checks the name. */
  section(name: string): void {
    const payload = new TextEncoder().encode(name);
    this.part(SECTION, payload.byteLength, payload);
  }

  json(value: unknown): void {
    const payload = new TextEncoder().encode(JSON.stringify(value));
    this.part(JSON_KIND, payload.byteLength, payload);
  }

  array(array: Arrays): void {
    this.part(kindOf(array), array.length, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }

  /** Every part so far, in one buffer. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.byteLength;
    }
    return out;
  }
}

export class SummaryReader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;

  /** `bytes` must start 8-byte aligned in its buffer (a fresh Buffer or a subarray at a multiple of 8). */
  constructor(bytes: Uint8Array) {
    if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.at === this.bytes.byteLength;
  }

  private next(kind: number, what: string): { count: number; payload: Uint8Array } {
    if (this.at + 8 > this.bytes.byteLength) throw new StateError(`ends before ${what}`);
    const found = this.view.getUint32(this.at, true);
    const count = this.view.getUint32(this.at + 4, true);
    if (found !== kind) throw new StateError(`has part kind ${found} where ${what} was expected`);
    const size =
      kind === SECTION || kind === JSON_KIND
        ? this.view.getUint32(this.at + 4, true)
        : count * (kind === F64 ? 8 : kind === U16 ? 2 : kind === U8 ? 1 : 4);
    return { count, payload: this.take(size, what) };
  }

  private take(size: number, what: string): Uint8Array {
    const start = this.at + 8;
    if (start + size > this.bytes.byteLength) throw new StateError(`ends inside ${what}`);
    this.at = start + pad8(size);
    return this.bytes.subarray(start, start + size);
  }

  section(name: string): void {
    const { payload } = this.nextText(SECTION, `section ${name}`);
    const found = new TextDecoder().decode(payload);
    if (found !== name) throw new StateError(`has section '${found}' where '${name}' was expected`);
  }

  private nextText(kind: number, what: string): { payload: Uint8Array } {
    if (this.at + 8 > this.bytes.byteLength) throw new StateError(`ends before ${what}`);
    const found = this.view.getUint32(this.at, true);
    if (found !== kind) throw new StateError(`has part kind ${found} where ${what} was expected`);
    const size = this.view.getUint32(this.at + 4, true);
    return { payload: this.take(size, what) };
  }

  json<T>(what = 'JSON'): T {
    const { payload } = this.nextText(JSON_KIND, what);
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)) as T;
    } catch {
      throw new StateError(`has unreadable ${what}`);
    }
  }

  private typed<T>(kind: number, what: string, make: (buffer: ArrayBuffer, offset: number, length: number) => T, length?: number): T {
    const { count, payload } = this.next(kind, what);
    if (length !== undefined && count !== length) throw new StateError(`has ${count} entries in ${what}, not ${length}`);
    return make(payload.buffer as ArrayBuffer, payload.byteOffset, count);
  }

  // Views into the state's bytes: callers copy what they keep past the reader's life.
  f64(what: string, length?: number): Float64Array {
    return this.typed(F64, what, (b, o, n) => new Float64Array(b, o, n), length);
  }
  i32(what: string, length?: number): Int32Array {
    return this.typed(I32, what, (b, o, n) => new Int32Array(b, o, n), length);
  }
  u32(what: string, length?: number): Uint32Array {
    return this.typed(U32, what, (b, o, n) => new Uint32Array(b, o, n), length);
  }
  u16(what: string, length?: number): Uint16Array {
    return this.typed(U16, what, (b, o, n) => new Uint16Array(b, o, n), length);
  }
  u8(what: string, length?: number): Uint8Array {
    return this.typed(U8, what, (b, o, n) => new Uint8Array(b, o, n), length);
  }
}

/** Where the ids of an absorbed state land in this run: `install[savedId]` is this run's id, and so on. */
export interface IdMaps {
  /** installs in the absorbed state */
  installs: number;
  install: Int32Array;
  version: Int32Array;
  command: Int32Array;
  /** every map is the identity (the first state absorbed into an empty run): fast paths may copy */
  identity: boolean;
  /**
   * The saved installs' records (src/core/install-state.ts), `stride` words each, laid out as this run's are
   * (the same sections claim the same fields). With `identity` they have already been copied in whole.
   */
  records: Int32Array;
  records64: Float64Array;
  stride: number;
}
