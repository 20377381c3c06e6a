// src/state/: everything that exists for `--state` and `merge` (docs/incremental.md). This file is its door.
//
//   incremental.ts        `--state FILE` (this file): load, check, read only the new bytes, save, report;
//                         the report of a state alone
//   merge.ts              `bazinga-stats merge` and states given as inputs: states into one
//   analyzer-state.ts     the analyzer's state half: a run saved as a state, a header read and checked, a
//                         state absorbed into a run (pure, like the core)
//   summary.ts            the bytes of a state: named parts of JSON and typed arrays (pure)
//   state-file.ts         the file: frame, CRC, atomic write, appended segments, the CRC worker
//   fingerprint.ts        what identifies an input that was read (size, CRCs of sampled blocks)
//   new-lines.ts          reading the inputs on from where the state stopped; on a worker thread for large
//                         states (new-lines-worker.ts), started early by new-lines-standby.ts
//
// The reducers keep their own save/absorb methods (src/reducers/), beside the counting they summarise.
//
// Reading + the core, with a state file (`--state FILE`, docs/incremental.md): load the state, check that it
// serves this run (same settings, the same files, unchanged where they were read), read only the bytes that
// came after it, save the new state, report. Anything that does not fit gives a full run and one line saying
// why, never a report that differs from a full run's.
//
// The order of events is the order of lines: the state's inputs must be the first of this run's, in the same
// order, and only the last of them may have grown (its new lines come after every line the state has, as in
// a full run). The last input's unfinished last line (no `\n` yet) is reported but left out of the saved
// state, so the next run reads it again whole.

import { promises as fs } from 'node:fs';
import type { ProgressListener, AnalyzeResult } from '../analyze.js';
import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';
import {
  absorbState as absorbInto,
  readState,
  saveRun,
  stateMismatch as headerMismatch,
  stateSettings,
  unsavable as unsavableSections,
  type ReadState,
  type StateMismatch,
} from './analyzer-state.js';
import type { Report, Section } from '../core/report.js';
import { StateError } from './summary.js';
import { BazingaError, inputError, usageError } from '../errors.js';
import { feedInputs, readNewLines, readNewLinesInThread, type InputFile, type NewLines, type NewLinesJob } from './new-lines.js';
import { dropStandby, THREAD_FROM } from './new-lines-standby.js';
import { fileChunks } from '../read/file-chunks.js';
import { isFingerprint, mismatch, type Fingerprint } from './fingerprint.js';
import { isGzip, STDIN } from '../read/sources.js';
import { appendStateSegment, openStateFile, writeStateFile, type StateFileSegments, type StateFileSource } from './state-file.js';

export interface StateRunResult extends AnalyzeResult {
  /** why the state was not used (one line), or null */
  note: string | null;
}

/** What the state keeps for the reading side: a fingerprint per input, in input order. */
interface StateExtra {
  inputs: Fingerprint[];
}

const FLAGS: Record<Exclude<StateMismatch['setting'], 'sections' | 'windowEnd' | 'window' | 'analytics'>, string> = {
  tz: '--tz',
  since: '--since',
  until: '--until',
  commands: '--command',
  versions: '--release',
  excludeInstalls: '--exclude-installs',
};

/** A mismatch in words: `it was made with --tz UTC, this run uses Europe/Berlin`. */
export function describeMismatch(m: StateMismatch): string {
  switch (m.setting) {
    case 'sections': {
      const have = m.state.split(', ');
      const missing = m.run.split(', ').filter((s) => !have.includes(s));
      return missing.length > 0 ? `it holds ${m.state || 'no sections'}, not ${missing.join(', ')}` : `it holds ${m.state}, this run computes ${m.run}`;
    }
    case 'window':
      return `it was made with --window ${m.state.split(' ')[0]}, this run uses ${m.run.split(' ')[0]}`;
    case 'windowEnd':
      return `its window ends ${m.state}, this run's ends ${m.run} (the state was made on a later day, or with another --window)`;
    case 'excludeInstalls':
      return 'it was made with another --exclude-installs list';
    case 'analytics':
      return 'it was made with other --active-days, --window-days, --within, --quiet-days or --max-daily';
    case 'since':
    case 'until':
      return `it was made with ${FLAGS[m.setting]} ${m.state}, this run means ${m.run}`;
    default:
      return `it was made with ${FLAGS[m.setting]} ${m.state}, this run uses ${m.run}`;
  }
}

/** A state file's segments, read as far as their headers: the rest is read by `absorbState`. */
export interface Loaded {
  /** one per segment: the first is the base, the others continue it (see src/state/state-file.ts) */
  states: ReadState[];
  /** each segment's body, as its state reads it */
  sources: StateFileSource[];
  file: StateFileSegments | null;
  /** why the file cannot be used (then `states` is empty), or null */
  note: string | null;
}

/**
 * Opens a state file and reads its segments' headers; closes it when it cannot be used. With `defer`, a
 * large base may leave parts in the file to be read when needed (see StateFileSegments.source): close the
 * file only when the run is done.
 */
export function loadState(statePath: string, defer = false): Loaded {
  const opened = openStateFile(statePath);
  if (opened.kind === 'missing') return { states: [], sources: [], file: null, note: null };
  if (opened.kind === 'unusable') return { states: [], sources: [], file: null, note: `${statePath} ${opened.reason}` };
  const file = opened.file;
  const states: ReadState[] = [];
  const sources: StateFileSource[] = [];
  for (let i = 0; i < file.count; i++) {
    const source = file.source(i, defer);
    try {
      states.push(readState(source));
      sources.push(source);
    } catch (error) {
      const note = error instanceof StateError ? `${statePath} ${source.explain(error.message)}` : null;
      file.close();
      if (note !== null) return { states: [], sources: [], file: null, note };
      throw error;
    }
  }
  return { states, sources, file, note: null };
}

/**
 * Absorbs every segment of a loaded state, in order, checking each one's CRC (the base's once it has been
 * read): a StateError when it cannot be trusted. The file stays open (`loaded.file.close()`).
 */
export function absorbState(analyzer: Analyzer, loaded: Loaded): void {
  const base = analyzer.inputs.length;
  loaded.states.forEach((state, i) => {
    const source = loaded.sources[i];
    try {
      absorbInto(analyzer, state, i === 0 ? null : base);
    } catch (error) {
      if (error instanceof StateError) throw new StateError(source.explain(error.message));
      throw error;
    }
    const why = source.check();
    if (why !== null) throw new StateError(why);
  });
}

/** A loaded state's last segment: its header has the state's inputs, fingerprints and window's end. */
export function lastSegment(loaded: Loaded): ReadState {
  return loaded.states[loaded.states.length - 1];
}

/** The fingerprints of a loaded state's inputs: its last segment's. */
export function fingerprints(loaded: Loaded): Fingerprint[] | undefined {
  const prints = (lastSegment(loaded).header.extra as StateExtra | null)?.inputs;
  return Array.isArray(prints) && prints.every(isFingerprint) ? prints : undefined;
}

/**
 * What a state used without its log leaves out, in one line, or null when it is whole (issue #20): a last
 * update cut short or written by another run is set aside, and the report is of the lines before it. `verb`
 * says what is done with them (`reporting`, `merging`). Its line ranges come from the set-aside update's
 * header when that can still be read: `its last update (lines 101-200 of t.jsonl) is cut short; reporting
 * lines 1-100`.
 */
export function partialNote(loaded: Loaded, verb: string): string | null {
  const tail = loaded.file?.tail ?? null;
  if (tail === null || loaded.file === null) return null;
  const whole = lastSegment(loaded).header.inputs;
  const lost = (loaded.file.tailHeader() as { inputs?: unknown } | null)?.inputs;
  const ranges: string[] = [];
  const touched: number[] = [];
  if (Array.isArray(lost)) {
    lost.forEach((input: unknown, k: number) => {
      const lines = (input as { lines?: unknown } | null)?.lines;
      const name = k < whole.length ? whole[k].name : (input as { name?: unknown } | null)?.name;
      const from = (k < whole.length ? whole[k].lines : 0) + 1;
      if (typeof name !== 'string' || !Number.isSafeInteger(lines) || (lines as number) < from) return;
      ranges.push(`lines ${formatLines(from, lines as number)} of ${name}`);
      touched.push(k);
    });
  }
  const what = tail.includes('cut short') ? 'is cut short' : 'was written by another run at the same time';
  const kept = touched.filter((k) => k < whole.length && whole[k].lines > 0);
  const keptText =
    whole.length === 1 && whole[0].lines > 0
      ? `lines ${formatLines(1, whole[0].lines)}`
      : kept.length > 0
        ? kept.map((k) => `lines ${formatLines(1, whole[k].lines)} of ${whole[k].name}`).join(', ')
        : `the ${whole.reduce((sum, input) => sum + input.lines, 0)} lines of ${whole.length} ${whole.length === 1 ? 'input' : 'inputs'} before it`;
  const update = ranges.length > 0 ? `its last update (${ranges.join(', ')})` : 'its last update';
  return `${update} ${what}; ${verb} ${keptText}`;
}

/** `1-100`, or `7` for one line. */
const formatLines = (from: number, to: number) => (from === to ? String(from) : `${from}-${to}`);

/** The first setting in which a segment of a loaded state differs from `analyzer`'s run, or null. */
export function settingsMismatch(analyzer: Analyzer, loaded: Loaded): StateMismatch | null {
  // the last segment first: its window's end is the state's (the latest)
  for (let i = loaded.states.length - 1; i >= 0; i--) {
    const mismatch = headerMismatch(analyzer, loaded.states[i].header);
    if (mismatch !== null) return mismatch;
  }
  return null;
}

/** The sections of the state first (so it stays whole), then those this run asks for that it lacks. */
function unionSections(state: ReadState | undefined, wanted: Section[]): Section[] {
  const have = state?.header.sections ?? [];
  return [...have, ...wanted.filter((s) => !have.includes(s))];
}

/** Only the sections the command asked for: the state may hold more. */
function keepSections(report: Report, wanted: Section[], computed: Section[]): Report {
  for (const section of computed) if (!wanted.includes(section)) delete report[section];
  return report;
}

async function describe(path: string): Promise<InputFile> {
  if (path === STDIN) throw usageError('--state: stdin cannot be resumed; give the log as a FILE (a gzip file is fine)');
  const failed = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    return inputError(
      `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}`,
    );
  };
  // stat before opening: opening a named pipe to look at it would take its writer's data
  const stat = await fs.stat(path).catch((error: unknown) => {
    throw failed(error);
  });
  if (stat.isDirectory()) throw inputError(`${path}: is a directory`);
  if (!stat.isFile()) throw usageError(`--state: ${path} is not a regular file (a pipe cannot be resumed)`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    throw failed(error);
  }
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return { path, size: stat.size, ino: stat.ino, gzip: isGzip(head.subarray(0, bytesRead)) };
  } finally {
    await handle.close();
  }
}

/**
 * Checks a state against this run's inputs; the reason it cannot serve the run, or null. `inputs` are this
 * run's files in order.
 */
async function stateMismatch(analyzer: Analyzer, loaded: Loaded, inputs: InputFile[]): Promise<string | null> {
  const settings = settingsMismatch(analyzer, loaded);
  if (settings !== null) return describeMismatch(settings);
  const prints = fingerprints(loaded);
  const last = lastSegment(loaded).header;
  if (!Array.isArray(prints) || prints.length !== last.inputs.length) return 'it has no fingerprints of its inputs';
  if (inputs.length < prints.length) return `it has read ${prints[inputs.length].path}, which is not among this run's inputs`;
  for (let k = 0; k < prints.length; k++) {
    const why = await mismatch(inputs[k].path, inputs[k].size, inputs[k].ino, prints[k]);
    if (why !== null) return why;
    if (k < prints.length - 1 && inputs[k].size > prints[k].offset) return `${inputs[k].path} grew, but the state read inputs after it`;
  }
  return null;
}

/**
 * A run over `paths` with the state in `statePath`: the report, the invalid-line sample, the new state's
 * bytes, and the reason when the state was not used.
 */
export async function analyzeWithState(
  paths: string[],
  options: Partial<AnalysisOptions> & { sections: Section[] },
  statePath: string,
  onProgress?: ProgressListener,
  /** read the new lines on a worker thread (null: when the state's base is large enough to pay for one) */
  inThread: boolean | null = null,
): Promise<StateRunResult> {
  const inputs: InputFile[] = [];
  for (const path of paths) inputs.push(await describe(path));
  const unsavable = unsavableSections(new Analyzer({ ...options }));
  if (unsavable.length > 0) {
    dropStandby();
    // a section whose state is not written yet: the run is a plain one, and the state file is left alone
    const { analyze } = await import('../analyze.js');
    return {
      ...(await analyze(paths, options, onProgress)),
      note: `${statePath}: the ${unsavable.join(', ')} section cannot be kept in a state yet; full run, state not written`,
    };
  }
  // a large base's install table stays in the file, read as look-ups need it: the file is closed at the end
  const loaded = loadState(statePath, true);
  try {
    return await served(inputs, options, statePath, loaded, onProgress, inThread);
  } finally {
    loaded.file?.close();
    dropStandby(); // a worker started early that this run did not use (src/state/new-lines-standby.ts)
  }
}

/** The rest of `analyzeWithState`, with its state file loaded. */
async function served(
  inputs: InputFile[],
  options: Partial<AnalysisOptions> & { sections: Section[] },
  statePath: string,
  loaded: Loaded,
  onProgress: ProgressListener | undefined,
  inThread: boolean | null,
): Promise<StateRunResult> {
  let note = loaded.note;
  const sections = unionSections(loaded.states[0], options.sections);
  const fresh = () => new Analyzer({ ...options, sections });
  let analyzer = fresh();
  let resume: Resume | null = null;
  if (loaded.file !== null) {
    let why = await stateMismatch(analyzer, loaded, inputs);
    if (why === null) {
      // the new lines are read (on the other core, for a large state) while the state is absorbed here
      // the state's inputs under the names given now: a renamed or rotated file is reported as a cold run would
      const stateInputs = lastSegment(loaded).header.inputs.map((record, k) => ({ name: inputs[k].path, lines: record.lines }));
      const job: NewLinesJob = { options: { ...options, sections }, stateInputs, inputs, resumed: fingerprints(loaded)! };
      const thread = (inThread ?? loaded.file.baseLength >= THREAD_FROM) ? readNewLinesInThread(job) : null;
      if (thread === null) dropStandby();
      try {
        absorbState(analyzer, loaded);
        for (let k = 0; k < stateInputs.length && k < analyzer.inputs.length; k++) analyzer.renameInput(k, stateInputs[k].name);
        if (JSON.stringify(analyzer.inputs) !== JSON.stringify(job.stateInputs)) throw new StateError('has segments that do not continue each other');
        // a worker that cannot run (not a usage or input error of the reading): the new lines are read here
        const newLines =
          thread === null
            ? readNewLines(job, onProgress)
            : thread.result.catch((error: unknown) => (error instanceof BazingaError ? Promise.reject(error) : readNewLines(job, onProgress)));
        resume = { prints: job.resumed, file: loaded.file, windowUntil: lastSegment(loaded).header.settings.windowUntil, newLines };
      } catch (error) {
        thread?.stop();
        if (!(error instanceof StateError)) throw error;
        why = `${statePath} ${error.message}`;
        analyzer = fresh();
      }
    } else {
      why = `${statePath}: ${why}`;
    }
    // not served: let go of the file now (and of its CRC worker, if one started, and of an early worker)
    if (why !== null) {
      loaded.file.close();
      dropStandby();
    }
    if (why !== null) note = `${why}; full run`;
    else if (loaded.file.tail !== null) note = `${statePath}: ${loaded.file.tail}; read on from the update before it`;
  } else if (note !== null) {
    note = `${note}; full run`;
  }
  try {
    return { ...(await read(analyzer, inputs, resume, statePath, onProgress, options.sections, sections)), note };
  } catch (error) {
    if (!(error instanceof StateError) || resume === null) throw error;
    // the new events cannot be placed exactly among the state's summaries: start again from the logs
    return { ...(await read(fresh(), inputs, null, statePath, onProgress, options.sections, sections)), note: `${statePath}: ${error.message}; full run` };
  }
}

/** What a served state leaves to do: its inputs' fingerprints, the file to append to, the new lines. */
interface Resume {
  prints: Fingerprint[];
  file: StateFileSegments;
  /** the end of the state's default window (a run on a later day moves it) */
  windowUntil: number | null;
  newLines: Promise<NewLines>;
}

/**
 * Appended segments may take up to this share of the base (or this many bytes, for a small state) before the
 * next run writes one whole state again: each run absorbs every segment, so many or large ones slow it down,
 * and a rewrite costs a write of the base.
 */
const MAX_APPENDED_SHARE = 0.5;
const MIN_APPENDED = 64 << 10;
const MAX_SEGMENTS = 64;

/**
 * Reads the inputs (from where the state stopped, when there is one), writes the state, and reports.
 *
 * With a state (`resume`), the lines it has not seen were read by a second analyzer that continues its inputs
 * (src/state/new-lines.ts): what that one saved is exactly what is new. It is absorbed into `analyzer`, which holds
 * the state, as a merge would, and appended to the state file as a segment (a few MB, where the whole state
 * is hundreds). Without one, `analyzer` reads everything and the whole state is written.
 */
async function read(
  analyzer: Analyzer,
  inputs: InputFile[],
  resume: Resume | null,
  statePath: string,
  onProgress: ProgressListener | undefined,
  wanted: Section[],
  sections: Section[],
): Promise<AnalyzeResult> {
  let rest: NewLines['rest'];
  if (resume === null) {
    const fed = await feedInputs(analyzer, inputs, [], onProgress);
    rest = fed.rest;
    await saveState(statePath, saveRun(analyzer, { inputs: fed.prints }).parts);
  } else {
    const { segment, prints, lines, rest: left } = await resume.newLines;
    rest = left;
    // nothing read, the same files, the same day: nothing to append
    const unchanged = lines === 0 && JSON.stringify(prints) === JSON.stringify(resume.prints) && stateSettings(analyzer).windowUntil === resume.windowUntil;
    const file = resume.file;
    const tooMuch = file.count >= MAX_SEGMENTS || file.appended + segment.length > Math.max(MIN_APPENDED, file.baseLength * MAX_APPENDED_SHARE);
    // the segment is what the new lines' own run saved: it is written (and fsynced) while it is absorbed here.
    // If it cannot be absorbed (a StateError: the caller makes a full run), the full run writes a whole state.
    const appending = !tooMuch && (!unchanged || file.tail !== null) ? appendSegment(statePath, file, [segment]) : null;
    try {
      absorbInto(analyzer, readState(segment), 0);
    } catch (error) {
      await appending?.catch(() => undefined);
      throw error;
    }
    if (tooMuch || (appending !== null && !(await appending))) await saveState(statePath, saveRun(analyzer, { inputs: prints }).parts);
  }
  if (rest !== null) {
    // the unfinished last line: reported, not kept in the state
    analyzer.resumeInput(rest.index, rest.input.path, rest.from === 0);
    for await (const chunk of fileChunks(rest.input.path, rest.from, rest.input.size)) analyzer.push(chunk);
    analyzer.endInput();
  }
  return { report: keepSections(analyzer.finish(), wanted, sections), invalidLines: analyzer.invalidLines, seen: analyzer.seenInput() };
}

/**
 * The report of a state alone (`--state FILE` and no input): nothing is read, nothing is written. `partial`
 * says what it leaves out (a damaged last update), or is null.
 */
export async function reportState(
  options: Partial<AnalysisOptions> & { sections: Section[] },
  statePath: string,
): Promise<AnalyzeResult & { partial: string | null }> {
  dropStandby();
  const loaded = loadState(statePath);
  if (loaded.file === null) throw usageError(`--state: ${loaded.note ?? `${statePath}: no such file`}, and no input to read`);
  try {
    const sections = unionSections(loaded.states[0], options.sections);
    const analyzer = new Analyzer({ ...options, sections });
    const why = settingsMismatch(analyzer, loaded);
    if (why !== null) throw usageError(`--state: ${statePath} cannot serve this run: ${describeMismatch(why)}`);
    try {
      absorbState(analyzer, loaded);
    } catch (error) {
      if (error instanceof StateError) throw usageError(`--state: ${statePath} ${error.message}`);
      throw error;
    }
    const partial = partialNote(loaded, 'reporting');
    return {
      report: keepSections(analyzer.finish(), options.sections, sections),
      invalidLines: analyzer.invalidLines,
      partial: partial === null ? null : `${statePath}: ${partial}`,
    };
  } finally {
    loaded.file.close();
  }
}

/** Appends a segment to a state file (false: the file changed since it was read; write a whole one). */
async function appendSegment(statePath: string, file: StateFileSegments, parts: readonly Uint8Array[]): Promise<boolean> {
  try {
    return await appendStateSegment(statePath, file.end, file.ino, parts);
  } catch (error) {
    throw writeError(statePath, error);
  }
}

/** A state file that cannot be written: an OUTPUT error naming it. */
const writeError = (statePath: string, error: unknown) =>
  new BazingaError('OUTPUT', `--state ${statePath}: ${(error as Error).message.replace(/^[A-Z]+: /, '')}`);

/** Writes a state file atomically; a failure is an OUTPUT error. */
export async function saveState(statePath: string, parts: readonly Uint8Array[]): Promise<void> {
  try {
    await writeStateFile(statePath, parts);
  } catch (error) {
    throw writeError(statePath, error);
  }
}
