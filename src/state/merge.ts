// `bazinga-stats merge -o all.state a.state b.state …`: states made from different files or machines into
// one, as if all their inputs had been read in one run, in the order the states are given (docs/incremental.md).
// Every state must have the settings and sections of the first; anything else is an error, never a guess.

import { Analyzer } from '../core/analyzer.js';
import { optionsOfSettings, saveRun, type ReadState } from './analyzer-state.js';
import { dayLabel } from '../core/calendar.js';
import { StateError } from './summary.js';
import fs from 'node:fs';
import path from 'node:path';
import { readInputs, type AnalyzeResult, type ProgressListener } from '../analyze.js';
import type { AnalysisOptions } from '../core/analyzer.js';
import type { Report, Section } from '../core/report.js';
import { BazingaError, inputError, usageError } from '../errors.js';
import { STATE_MAGIC } from './state-file.js';
import { BLOCK } from './fingerprint.js';
import { absorbState, describeMismatch, fingerprints, lastSegment, loadState, partialNote, saveState, settingsMismatch, type Loaded } from './incremental.js';

const mergeError = (message: string) => new BazingaError('INPUT', `merge: ${message}`);

/** True when `file` is a regular file that starts like a state file (`report a.state b.state` reports states). */
export function isStateFile(file: string): boolean {
  if (file === '-') return false;
  try {
    // stat first: opening a named pipe to look at it would take its writer's data
    if (!fs.statSync(file).isFile()) return false;
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(8);
      return fs.readSync(fd, head, 0, 8, 0) === 8 && head.equals(STATE_MAGIC);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The report of states given as inputs, and what they leave out (a damaged last update), one line each. */
export interface StatesReport extends AnalyzeResult {
  notes: string[];
}

/**
 * The report of state files given as inputs: merged in memory, in order, under this run's settings (which
 * must be theirs), then `logs` read on top of them, as lines after every line the states hold; nothing is
 * written. States that hold the same lines are refused (`refuseOverlaps`).
 */
export async function reportStates(
  files: string[],
  options: Partial<AnalysisOptions> & { sections: Section[] },
  logs: string[] = [],
  onProgress?: ProgressListener,
): Promise<StatesReport> {
  const loaded: Loaded[] = [];
  try {
    for (const file of files) loaded.push(load(file));
    const have = loaded[0].states[0].header.sections;
    const sections = [...have, ...options.sections.filter((s) => !have.includes(s))];
    const analyzer = new Analyzer({ ...options, sections });
    loaded.forEach((state, i) => {
      const why = settingsMismatch(analyzer, state);
      if (why !== null) throw usageError(`${files[i]} cannot serve this run: ${describeMismatch(why)}`);
    });
    refuseOverlaps(files, loaded, usageError);
    const notes: string[] = [];
    loaded.forEach((state, i) => {
      try {
        absorbState(analyzer, state);
      } catch (error) {
        if (error instanceof StateError) throw inputError(`${files[i]} ${error.message}`);
        throw error;
      }
      const partial = partialNote(state, 'reporting');
      if (partial !== null) notes.push(`${files[i]}: ${partial}`);
    });
    if (logs.length > 0) await readInputs(analyzer, logs, onProgress);
    let report: Report;
    try {
      report = analyzer.finish();
    } catch (error) {
      if (error instanceof StateError) throw inputError(`merge: ${error.message}`);
      throw error;
    }
    for (const section of sections) if (!options.sections.includes(section)) delete report[section];
    return { report, invalidLines: analyzer.invalidLines, notes };
  } finally {
    for (const { file } of loaded) file?.close();
  }
}

/**
 * Refuses states that hold the same lines (issue #20): a shard given twice, two states of one log, or a
 * state and its own merge. Every state reads its inputs from their first line, so two states that list the
 * same input (the same first bytes, or the same inode read to different lengths) overlap from line 1, and
 * merged they would count those lines twice. Refused rather than skipped: a report that silently left a part
 * out would answer another question than the one asked.
 */
export function refuseOverlaps(files: string[], loaded: Loaded[], error: (message: string) => BazingaError): void {
  const byHead = new Map<string, { file: string; name: string; lines: number }>();
  const byIno = new Map<number, { file: string; name: string; lines: number; covered: number }>();
  loaded.forEach((state, i) => {
    const prints = fingerprints(state) ?? [];
    const inputs = lastSegment(state).header.inputs;
    const mine: [string, number, { file: string; name: string; lines: number; covered: number }][] = [];
    prints.forEach((print, k) => {
      const lines = inputs[k]?.lines ?? 0;
      if (print.offset === 0 || lines === 0) return;
      // the first block's CRC covers the same bytes in two prints when it is whole in both, or as long
      const covered = Math.min(print.offset, BLOCK);
      const key = `${covered}:${print.blocks[0]}`;
      const entry = { file: files[i], name: inputs[k].name, lines, covered };
      const other = byHead.get(key) ?? (print.ino !== 0 && byIno.get(print.ino)?.covered !== covered ? byIno.get(print.ino) : undefined);
      if (other !== undefined) {
        if (path.resolve(other.file) === path.resolve(files[i])) throw error(`${files[i]} is given twice; its lines would be counted twice`);
        const both = Math.min(other.lines, lines);
        throw error(
          `${files[i]} and ${other.file} both hold lines 1-${both} of ${inputs[k].name}; together they would be counted twice (give each part of the log once)`,
        );
      }
      mine.push([key, print.ino, entry]);
    });
    for (const [key, ino, entry] of mine) {
      byHead.set(key, entry);
      if (ino !== 0) byIno.set(ino, entry);
    }
  });
}

/** A state file's segments, as far as their headers; a BazingaError when it cannot be used. */
function load(file: string): Loaded {
  const loaded = loadState(file);
  if (loaded.file === null) throw mergeError(loaded.note === null ? `${file}: no such file` : loaded.note);
  return loaded;
}

/** Merges the state files into `output`; returns the merged run's counts for a summary line. */
export async function mergeStates(files: string[], output: string | null): Promise<{ states: number; events: number; installs: number; notes: string[] }> {
  if (output === null) throw usageError('merge: give the merged state file with -o FILE');
  if (files.length === 0) throw usageError('merge: give the state files to merge');
  const loaded: Loaded[] = [];
  try {
    for (const file of files) loaded.push(load(file));
    return await merge(files, loaded, output);
  } finally {
    for (const { file } of loaded) file?.close();
  }
}

async function merge(files: string[], loaded: Loaded[], output: string) {
  // each file's last segment has its settings (the window's end) and its inputs' fingerprints
  const states: ReadState[] = loaded.map(lastSegment);
  const { settings, sections } = states[0].header;
  // the default window's end moves with today: the merged state takes the latest of the states' ends
  const ends = states.map((s) => s.header.settings.windowUntil).filter((end): end is number => end !== null);
  const today = settings.window === null && ends.length > 0 ? dayLabel(ends.reduce((a, b) => Math.max(a, b)) - 1) : null;
  const analyzer = new Analyzer(optionsOfSettings(settings, sections, today));
  const prints: unknown[] = [];
  loaded.forEach((state, i) => {
    const why = settingsMismatch(analyzer, state);
    if (why !== null) throw mergeError(`${files[i]} does not fit ${files[0]}: ${describeMismatch(why)}`);
  });
  refuseOverlaps(files, loaded, mergeError);
  states.forEach((_state, i) => {
    try {
      absorbState(analyzer, loaded[i]);
    } catch (error) {
      if (error instanceof StateError) throw mergeError(`${files[i]} ${error.message}`);
      throw error;
    }
    const inputs = fingerprints(loaded[i]);
    if (inputs === undefined) throw mergeError(`${files[i]} has a broken header (no fingerprints of its inputs)`);
    // a state may cover tens of thousands of inputs: no spread into a call
    for (const input of inputs) prints.push(input);
  });
  let bytes: Uint8Array[];
  try {
    bytes = saveRun(analyzer, { inputs: prints }).parts;
  } catch (error) {
    if (error instanceof StateError) throw mergeError(error.message);
    throw error;
  }
  await saveState(output, bytes);
  const notes = loaded.flatMap((state, i) => {
    const partial = partialNote(state, 'merging');
    return partial === null ? [] : [`${files[i]}: ${partial}`];
  });
  return { states: files.length, events: analyzer.counts.events, installs: analyzer.installCount, notes };
}
