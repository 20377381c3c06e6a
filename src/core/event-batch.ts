// Valid, filtered events in columns, a batch at a time. Reducers loop over a batch in a tight loop: the
// per-install look-ups of neighbouring events (random reads in tables larger than the CPU caches) then
// overlap instead of waiting one after another between parsing lines.

export const BATCH_SIZE = 2048;

export class EventBatch {
  size = 0;
  /** dense install ids: 0, 1, 2, … in order of first appearance */
  readonly install = new Int32Array(BATCH_SIZE);
  /** local calendar day in the report's zone (days since 1970-01-01) */
  readonly day = new Int32Array(BATCH_SIZE);
  /** interned version and command ids; names in FinishContext */
  readonly version = new Int32Array(BATCH_SIZE);
  readonly command = new Int32Array(BATCH_SIZE);
  /** the instant: whole seconds since the epoch and nanoseconds */
  readonly sec = new Float64Array(BATCH_SIZE);
  readonly ns = new Int32Array(BATCH_SIZE);
  /**
   * where each event is: the input (an index into `ReducerSetup.inputNames`) and its line number; filled
   * only when a reducer asks for locations (`quality`), so other runs do not pay for the stores
   */
  readonly input = new Int32Array(BATCH_SIZE);
  readonly line = new Int32Array(BATCH_SIZE);
  /** packed uuids, four words an event (turned into `install` ids when the batch is full) */
  readonly uuid = new Uint32Array(BATCH_SIZE * 4);
}
