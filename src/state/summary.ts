// The bytes of a run's state (see docs/incremental.md): named sections of JSON and typed arrays, written and
// read in the same order. Pure: no files here (src/state/state-file.ts frames, checksums and writes them).
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
  /**
   * The state is a continuation (an appended segment): it is absorbed after the state it continues, never
   * into an empty run, so totals that only serve a state absorbed first (the period section's) are not worth
   * computing; a section writes that it has none.
   */
  constructor(readonly continuation = false) {}

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

/**
 * Where a reader's bytes come from, in order: a state in memory (BytesSource), or a file read as it is parsed
 * (src/state/state-file.ts), so that a large state is never held twice. Every array a read returns is its own
 * memory, 8-byte aligned.
 */
export interface PartSource {
  /**
   * Skips the next `size` bytes, leaving them to be read when needed through what it returns; null when
   * this source reads everything as it goes (then read them). Only a source that checks the bytes it
   * skips as well as the others (a state file whose whole body's CRC is computed apart) may skip.
   */
  defer?(size: number): DeferredBytes | null;
  /** the next `size` bytes (fewer only at the end) */
  read(size: number): Uint8Array;
  /** the next `target.byteLength` bytes into `target`; false when the source ends first */
  readInto(target: Uint8Array): boolean;
  /** bytes left */
  readonly remaining: number;
}

/** A part's bytes left where they are (in a state file), read on demand. */
export interface DeferredBytes {
  readonly length: number;
  /** fills `target` from the part's byte `offset`; false when it cannot (the file changed or was closed) */
  read(target: Uint8Array, offset: number): boolean;
}

/** A state's bytes in memory as a PartSource. */
export class BytesSource implements PartSource {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  get remaining(): number {
    return this.bytes.byteLength - this.at;
  }
  read(size: number): Uint8Array {
    const out = this.bytes.slice(this.at, this.at + size);
    this.at += out.byteLength;
    return out;
  }
  readInto(target: Uint8Array): boolean {
    if (target.byteLength > this.remaining) return false;
    target.set(this.bytes.subarray(this.at, this.at + target.byteLength));
    this.at += target.byteLength;
    return true;
  }
}

const TEXT = new TextDecoder('utf-8', { fatal: true });

/** Bytes of a checked part read at a time: 1 MiB, which stays in the CPU's cache while it is checked. */
const CHECKED_SLICE = 1 << 20;

type TypedArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

export class SummaryReader {
  private readonly source: PartSource;

  constructor(source: PartSource | Uint8Array) {
    this.source = source instanceof Uint8Array ? new BytesSource(source) : source;
  }

  get done(): boolean {
    return this.source.remaining === 0;
  }

  /** The next part's header: its kind and count (bytes for text parts, entries for arrays). */
  private head(kind: number, what: string): number {
    if (this.source.remaining < 8) throw new StateError(`ends before ${what}`);
    const head = this.source.read(8);
    const view = new DataView(head.buffer, head.byteOffset, 8);
    const found = view.getUint32(0, true);
    if (found !== kind) throw new StateError(`has part kind ${found} where ${what} was expected`);
    return view.getUint32(4, true);
  }

  private skipPadding(size: number): void {
    const padding = pad8(size) - size;
    if (padding > 0) this.source.read(padding);
  }

  private text(kind: number, what: string): string {
    const size = this.head(kind, what);
    if (size > this.source.remaining) throw new StateError(`ends inside ${what}`);
    const payload = this.source.read(size);
    this.skipPadding(size);
    try {
      return TEXT.decode(payload);
    } catch {
      throw new StateError(`has unreadable ${what}`);
    }
  }

  section(name: string): void {
    const found = this.text(SECTION, `section ${name}`);
    if (found !== name) throw new StateError(`has section '${found}' where '${name}' was expected`);
  }

  json<T>(what = 'JSON'): T {
    const text = this.text(JSON_KIND, what);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new StateError(`has unreadable ${what}`);
    }
  }

  private typed<T extends TypedArray>(
    kind: number,
    width: number,
    what: string,
    make: (buffer: ArrayBuffer, offset: number, length: number) => T,
    length?: number,
  ): T {
    const count = this.head(kind, what);
    if (length !== undefined && count !== length) throw new StateError(`has ${count} entries in ${what}, not ${length}`);
    const size = count * width;
    if (size > this.source.remaining) throw new StateError(`ends inside ${what}`);
    const payload = this.source.read(size);
    this.skipPadding(size);
    return make(payload.buffer as ArrayBuffer, payload.byteOffset, count);
  }

  f64(what: string, length?: number): Float64Array {
    return this.typed(F64, 8, what, (b, o, n) => new Float64Array(b, o, n), length);
  }
  i32(what: string, length?: number): Int32Array {
    return this.typed(I32, 4, what, (b, o, n) => new Int32Array(b, o, n), length);
  }
  u32(what: string, length?: number): Uint32Array {
    return this.typed(U32, 4, what, (b, o, n) => new Uint32Array(b, o, n), length);
  }
  u16(what: string, length?: number): Uint16Array {
    return this.typed(U16, 2, what, (b, o, n) => new Uint16Array(b, o, n), length);
  }
  u8(what: string, length?: number): Uint8Array {
    return this.typed(U8, 1, what, (b, o, n) => new Uint8Array(b, o, n), length);
  }

  /**
   * A part read a slice at a time, each slice handed to `check(values, from, to)` (entries `[from, to)` are
   * new) while it is still in the CPU's cache: checking a large part then costs no second pass through
   * memory. A StateError when a check says false.
   */
  private checked<T extends TypedArray>(
    kind: number,
    width: number,
    make: (length: number) => T,
    what: string,
    length: number | undefined,
    check: (values: T, from: number, to: number) => boolean,
  ): T {
    const count = this.head(kind, what);
    if (length !== undefined && count !== length) throw new StateError(`has ${count} entries in ${what}, not ${length}`);
    if (count * width > this.source.remaining) throw new StateError(`ends inside ${what}`);
    return this.checkedPayload(count, width, make, what, check);
  }

  /** The payload of a checked part whose head is read: see `checked`. */
  private checkedPayload<T extends TypedArray>(
    count: number,
    width: number,
    make: (length: number) => T,
    what: string,
    check: (values: T, from: number, to: number) => boolean,
  ): T {
    const values = make(count);
    const bytes = new Uint8Array(values.buffer);
    const slice = CHECKED_SLICE / width;
    for (let from = 0; from < count; ) {
      const to = Math.min(count, from + slice);
      if (!this.source.readInto(bytes.subarray(from * width, to * width))) throw new StateError(`ends inside ${what}`);
      if (!check(values, from, to)) throw new StateError(`has a broken ${what}`);
      from = to;
    }
    this.skipPadding(count * width);
    return values;
  }

  /**
   * A u32 part that the source may leave where it is (`PartSource.defer`): its entries and the bytes to read
   * them from on demand; else read now as `u32Checked` reads it.
   */
  u32Deferred(what: string, check: (values: Uint32Array, from: number, to: number) => boolean): Uint32Array | { count: number; bytes: DeferredBytes } {
    const count = this.head(U32, what);
    if (count * 4 > this.source.remaining) throw new StateError(`ends inside ${what}`);
    const bytes = this.source.defer?.(count * 4) ?? null;
    if (bytes !== null) {
      this.skipPadding(count * 4);
      return { count, bytes };
    }
    return this.checkedPayload(count, 4, (n) => new Uint32Array(n), what, check);
  }

  u32Checked(what: string, check: (values: Uint32Array, from: number, to: number) => boolean, length?: number): Uint32Array {
    return this.checked(U32, 4, (n) => new Uint32Array(n), what, length, check);
  }
  i32Checked(what: string, check: (values: Int32Array, from: number, to: number) => boolean, length?: number): Int32Array {
    return this.checked(I32, 4, (n) => new Int32Array(n), what, length, check);
  }
  u16Checked(what: string, check: (values: Uint16Array, from: number, to: number) => boolean, length?: number): Uint16Array {
    return this.checked(U16, 2, (n) => new Uint16Array(n), what, length, check);
  }

  /** Reads an Int32 part of exactly `target.length` entries straight into `target` (no second copy). */
  i32Into(what: string, target: Int32Array): void {
    const count = this.head(I32, what);
    if (count !== target.length) throw new StateError(`has ${count} entries in ${what}, not ${target.length}`);
    if (!this.source.readInto(new Uint8Array(target.buffer, target.byteOffset, target.byteLength))) throw new StateError(`ends inside ${what}`);
    this.skipPadding(target.byteLength);
  }
}

/**
 * The install-by-install part of absorbing a state: merges saved installs `[from, to)` into this run's records.
 * A section returns it from `absorb` instead of looping over every saved install there, and the analyzer runs
 * every section's a block of installs at a time once all their parts are read: each install's record (random
 * in a large run) is then brought into the cache once for all the sections, not once for each.
 */
export type InstallMerge = (from: number, to: number) => void;

/** Where the ids of an absorbed state land in this run: `install[savedId]` is this run's id, and so on. */
export interface IdMaps {
  /** installs in the absorbed state */
  installs: number;
  install: Int32Array;
  version: Int32Array;
  command: Int32Array;
  /** the absorbed state's inputs: saved input k is this run's input `inputBase + k` (k < `inputs`) */
  inputBase: number;
  inputs: number;
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
