// The runs test/state.test.ts and test/slow/state-sections.test.ts compare (issue #12): one full run, a run read
// in pieces with a state saved and absorbed between them, shards merged, and segments continued; seeded split
// points and a log as the real client writes it.

import { Analyzer } from '../../src/core/analyzer.js';
import type { Section } from '../../src/core/report.js';
import assert from 'node:assert/strict';
import { absorbState, readState, saveRun, stateMismatch } from '../../src/state/analyzer-state.js';

/** A seeded random source (mulberry32). */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Offsets just after a `\n`, where a state may stop reading: `count` of them, sorted, seeded. */
export function splitPoints(bytes: Buffer, count: number, seed: number): number[] {
  const ends: number[] = [];
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) ends.push(i + 1);
  const next = random(seed);
  const points = new Set<number>();
  while (points.size < Math.min(count, ends.length)) points.add(ends[Math.floor(next() * ends.length)]);
  return [...points].sort((a, b) => a - b);
}

/**
 * A log as the real client writes it: each install's events in time order with versions that mostly move up
 * (a few roll back), lines in arrival order (a little clock skew), spread over ~10 weeks.
 */
export function realisticLog(seed: number, installs: number): Buffer {
  const next = random(seed);
  const versions = ['1.0.0', '1.1.0', '1.2.0', '2.0.0-beta.1', '2.0.0', '2.1.0'];
  const start = Date.UTC(2025, 9, 20) / 1000;
  const events: { at: number; line: string }[] = [];
  for (let i = 0; i < installs; i++) {
    const uuid = `${(0x10000000 + i * 7919).toString(16).slice(-8)}-0000-4000-8000-${String(seed).padStart(12, '0')}`;
    let at = start + Math.floor(next() * 40 * 86400);
    let rung = Math.floor(next() * 3);
    const count = 1 + Math.floor(next() * 8);
    for (let k = 0; k < count; k++) {
      if (k > 0) at += Math.floor(next() * 9 * 86400);
      if (next() < 0.3) rung = Math.min(versions.length - 1, rung + 1);
      else if (next() < 0.05) rung = Math.max(0, rung - 1);
      const stamp = new Date(at * 1000)
        .toISOString()
        .replace('Z', '')
        .replace('.000', next() < 0.5 ? '' : '.250000');
      const line = JSON.stringify({ uuid, command: k === 0 ? 'init' : 'update', version: versions[rung], timestamp: stamp });
      events.push({ at: at + (next() < 0.02 ? Math.floor(next() * 600) : 0), line });
    }
  }
  events.sort((a, b) => a.at - b.at);
  if (seed % 2 === 0) events.splice(events.length >> 1, 0, { at: 0, line: 'not json' });
  return Buffer.from(events.map((e) => e.line).join('\n') + '\n');
}

/** Sections whose state is not kept yet: a command that needs one runs in full and writes no state. */
export const NOT_YET: Section[] = [];

export const options = (sections: Section[], extra: object = {}) => ({ sections, by: 'week' as const, ...extra });

export function coldRun(sections: Section[], files: Buffer[], extra: object = {}) {
  const analyzer = new Analyzer(options(sections, extra));
  files.forEach((bytes, i) => {
    analyzer.beginInput(`part${i}.jsonl`);
    analyzer.push(bytes);
    analyzer.endInput();
  });
  return { report: analyzer.finish(), invalid: analyzer.invalidLines };
}

/** One input read in pieces, a state saved and absorbed by a new run between pieces. */
export function incrementalRun(sections: Section[], bytes: Buffer, points: number[], extra: object = {}) {
  let state: Uint8Array | null = null;
  const bounds = [0, ...points, bytes.length];
  let analyzer!: Analyzer;
  for (let p = 0; p + 1 < bounds.length; p++) {
    analyzer = new Analyzer(options(sections, extra));
    if (state === null) {
      analyzer.beginInput('part0.jsonl');
    } else {
      const read = readState(state);
      assert.equal(stateMismatch(analyzer, read.header), null);
      absorbState(analyzer, read);
      analyzer.resumeInput(0, 'part0.jsonl');
    }
    analyzer.push(bytes.subarray(bounds[p], bounds[p + 1]));
    if (p + 2 < bounds.length) state = saveRun(analyzer).bytes();
  }
  analyzer.endInput();
  return { report: analyzer.finish(), invalid: analyzer.invalidLines };
}

/** Each part read by its own run and saved; the states absorbed, in order, by one run. */
export function mergedRun(sections: Section[], parts: Buffer[], extra: object = {}) {
  const states = parts.map((bytes, i) => {
    const analyzer = new Analyzer(options(sections, extra));
    analyzer.beginInput(`part${i}.jsonl`);
    analyzer.push(bytes);
    analyzer.endInput();
    return saveRun(analyzer).bytes();
  });
  const merged = new Analyzer(options(sections, extra));
  for (const state of states) absorbState(merged, readState(state));
  // and once more through bytes: a merged state saved and read back
  const again = new Analyzer(options(sections, extra));
  absorbState(again, readState(saveRun(merged).bytes()));
  return { report: again.finish(), invalid: again.invalidLines };
}

/**
 * What `--state` does (src/state/incremental.ts): a base state of the first piece; each later piece read by a run
 * that continues the inputs of the base and the segments before it, its state appended as a segment; the
 * report from the base and every segment absorbed in order. With `fold`, that run is saved whole and read
 * back first (a state written whole again when its segments grow large).
 */
export function continuedRun(sections: Section[], bytes: Buffer, points: number[], extra: object = {}, fold = false) {
  const bounds = [0, ...points, bytes.length];
  const segments: Uint8Array[] = [];
  const absorbAll = () => {
    const analyzer = new Analyzer(options(sections, extra));
    segments.forEach((segment, i) => absorbState(analyzer, readState(segment), i === 0 ? null : 0));
    return analyzer;
  };
  for (let p = 0; p + 1 < bounds.length; p++) {
    const reader = new Analyzer(options(sections, extra));
    if (p === 0) {
      reader.beginInput('part0.jsonl');
    } else {
      reader.continueInputs(absorbAll().inputs);
      reader.resumeInput(0, 'part0.jsonl');
    }
    reader.push(bytes.subarray(bounds[p], bounds[p + 1]));
    reader.endInput();
    segments.push(saveRun(reader).bytes());
  }
  let analyzer = absorbAll();
  if (fold) {
    const whole = saveRun(analyzer).bytes();
    analyzer = new Analyzer(options(sections, extra));
    absorbState(analyzer, readState(whole));
  }
  return { report: analyzer.finish(), invalid: analyzer.invalidLines };
}

export const slices = (bytes: Buffer, points: number[]) =>
  [0, ...points, bytes.length].slice(0, -1).map((start, i, all) => bytes.subarray(start, i + 1 < all.length ? all[i + 1] : bytes.length));
