// Reads of 16 and 32 bits at any offset of a byte array, through a DataView (V8 compiles its getters to
// single loads): the parsers compare and decode a word at a time instead of a byte at a time. Offsets are
// those of the byte array itself. One view is kept for the last array asked for, as lines of one read
// buffer arrive one after another.

let lastBytes: Uint8Array | null = null;
let lastView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

export function viewOf(bytes: Uint8Array): DataView<ArrayBufferLike> {
  if (bytes !== lastBytes) {
    lastView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    lastBytes = bytes;
  }
  return lastView;
}
