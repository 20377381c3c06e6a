// The lines a run lists on stderr, and the events it keeps for a later day: the core's, saved and read by
// src/state/analyzer-state.ts.

import { Growable } from './growable.js';

/**
 * A line listed on stderr: an invalid line (its reason), or an event outside the window (its timestamp as
 * written: the message names the window, which is known only when the lines are listed).
 */
export interface LineNote {
  /** index in `inputs` */
  input: number;
  line: number;
  reason: string | null;
  timestamp: string | null;
}

/** Events after the end of a moving window, kept whole in input order (see Analyzer.deferred; saved and read by src/state/analyzer-state.ts). */
export class DeferredEvents {
  size = 0;
  readonly uuid = new Growable(Uint32Array, 16);
  readonly sec = new Growable(Float64Array, 4);
  readonly ns = new Growable(Int32Array, 4);
  readonly version = new Growable(Int32Array, 4);
  readonly command = new Growable(Int32Array, 4);
  readonly input = new Growable(Int32Array, 4);
  readonly line = new Growable(Int32Array, 4);
  readonly timestamps: string[] = [];

  add(uuid: Uint32Array, at: number, sec: number, ns: number, version: number, command: number, input: number, line: number, timestamp: string): void {
    const i = this.size++;
    this.uuid.ensure(i * 4 + 3).set(uuid.subarray(at, at + 4), i * 4);
    this.sec.ensure(i)[i] = sec;
    this.ns.ensure(i)[i] = ns;
    this.version.ensure(i)[i] = version;
    this.command.ensure(i)[i] = command;
    this.input.ensure(i)[i] = input;
    this.line.ensure(i)[i] = line;
    this.timestamps.push(timestamp);
  }

  /** The first `limit` as notes to list (they are in input order). */
  notes(limit: number): LineNote[] {
    const notes: LineNote[] = [];
    for (let i = 0; i < Math.min(limit, this.size); i++) {
      notes.push({ input: this.input.array[i], line: this.line.array[i], reason: null, timestamp: this.timestamps[i] });
    }
    return notes;
  }
}
