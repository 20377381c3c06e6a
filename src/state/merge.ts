// `bazinga-stats merge -o all.state a.state b.state …`: states made from different files or machines into
// one, as if all their inputs had been read in one run, in the order the states are given (docs/incremental.md).
// Every state must have the settings and sections of the first; anything else is an error, never a guess.

import { Analyzer } from '../core/analyzer.js';
import { optionsOfSettings, saveRun, type ReadState } from './analyzer-state.js';
import { dayLabel } from '../core/calendar.js';
import { StateError } from './summary.js';
import fs from 'node:fs';
import type { AnalyzeResult } from '../analyze.js';
import type { AnalysisOptions } from '../core/analyzer.js';
import type { Report, Section } from '../core/report.js';
import { BazingaError, inputError, usageError } from '../errors.js';
import { STATE_MAGIC } from './state-file.js';
import { absorbState, describeMismatch, lastSegment, loadState, saveState, settingsMismatch, type Loaded } from './incremental.js';

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

/**
 * The report of state files given as inputs: merged in memory, in order, under this run's settings (which
 * must be theirs), and reported; nothing is written.
 */
export function reportStates(files: string[], options: Partial<AnalysisOptions> & { sections: Section[] }): AnalyzeResult {
  const loaded: Loaded[] = [];
  try {
    for (const file of files) loaded.push(load(file));
    const have = loaded[0].states[0].header.sections;
    const sections = [...have, ...options.sections.filter((s) => !have.includes(s))];
    const analyzer = new Analyzer({ ...options, sections });
    loaded.forEach((state, i) => {
      const why = settingsMismatch(analyzer, state);
      if (why !== null) throw usageError(`${files[i]} cannot serve this run: ${describeMismatch(why)}`);
      try {
        absorbState(analyzer, state);
      } catch (error) {
        if (error instanceof StateError) throw inputError(`${files[i]} ${error.message}`);
        throw error;
      }
    });
    let report: Report;
    try {
      report = analyzer.finish();
    } catch (error) {
      if (error instanceof StateError) throw inputError(`merge: ${error.message}`);
      throw error;
    }
    for (const section of sections) if (!options.sections.includes(section)) delete report[section];
    return { report, invalidLines: analyzer.invalidLines };
  } finally {
    for (const { file } of loaded) file?.close();
  }
}

/** A state file's segments, as far as their headers; a BazingaError when it cannot be used. */
function load(file: string): Loaded {
  const loaded = loadState(file);
  if (loaded.file === null) throw mergeError(loaded.note === null ? `${file}: no such file` : loaded.note);
  return loaded;
}

/** Merges the state files into `output`; returns the merged run's counts for a summary line. */
export async function mergeStates(files: string[], output: string | null): Promise<{ states: number; events: number; installs: number }> {
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
  states.forEach((state, i) => {
    const why = settingsMismatch(analyzer, loaded[i]);
    if (why !== null) throw mergeError(`${files[i]} does not fit ${files[0]}: ${describeMismatch(why)}`);
    try {
      absorbState(analyzer, loaded[i]);
    } catch (error) {
      if (error instanceof StateError) throw mergeError(`${files[i]} ${error.message}`);
      throw error;
    }
    const extra = state.header.extra as { inputs?: unknown[] } | null;
    // a state may cover tens of thousands of inputs: no spread into a call
    for (const input of extra?.inputs ?? []) prints.push(input);
  });
  let bytes: Uint8Array[];
  try {
    bytes = saveRun(analyzer, { inputs: prints }).parts;
  } catch (error) {
    if (error instanceof StateError) throw mergeError(error.message);
    throw error;
  }
  await saveState(output, bytes);
  return { states: files.length, events: analyzer.counts.events, installs: analyzer.installCount };
}
