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
import type { ProgressListener, AnalyzeResult } from './analyze.js';
import { Analyzer, readState, type AnalysisOptions, type ReadState, type StateMismatch } from './core/analyzer.js';
import type { Report, Section } from './core/report.js';
import { StateError } from './core/summary.js';
import { inputError, usageError } from './errors.js';
import { fileChunks } from './read/file-chunks.js';
import { crc32, crcOf, mismatch, samples, type Fingerprint } from './read/fingerprint.js';
import { isGzip, openSources, STDIN, type Source } from './read/sources.js';
import { openStateFile, writeStateFile, type StateFileSource } from './read/state-file.js';

export interface StateRunResult extends AnalyzeResult {
  /** why the state was not used (one line), or null */
  note: string | null;
}

interface InputFile {
  path: string;
  size: number;
  ino: number;
  gzip: boolean;
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
  versions: '--version',
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

interface Loaded {
  /** the state as far as its header; the rest is read by `absorbState` */
  state: ReadState | null;
  source: StateFileSource | null;
  note: string | null;
}

function loadState(statePath: string): Loaded {
  const file = openStateFile(statePath);
  if (file.kind === 'missing') return { state: null, source: null, note: null };
  if (file.kind === 'unusable') return { state: null, source: null, note: `${statePath} ${file.reason}` };
  try {
    return { state: readState(file.source), source: file.source, note: null };
  } catch (error) {
    try {
      if (error instanceof StateError) return { state: null, source: null, note: `${statePath} ${file.source.explain(error.message)}` };
      throw error;
    } finally {
      file.source.close();
    }
  }
}

/** Absorbs the rest of a loaded state, then checks the file's CRC: a StateError when it cannot be trusted. */
function absorbState(analyzer: Analyzer, loaded: Loaded): void {
  try {
    try {
      analyzer.absorb(loaded.state!);
    } catch (error) {
      if (error instanceof StateError) throw new StateError(loaded.source!.explain(error.message));
      throw error;
    }
    const why = loaded.source!.check();
    if (why !== null) throw new StateError(why);
  } finally {
    loaded.source!.close();
  }
}

/** The sections of the state first (so it stays whole), then those this run asks for that it lacks. */
function unionSections(state: ReadState | null, wanted: Section[]): Section[] {
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
    return inputError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}`);
  };
  // stat before opening: opening a named pipe to look at it would take its writer's data
  const stat = await fs.stat(path).catch((error: unknown) => {
    throw failed(error);
  });
  if (stat.isDirectory()) throw inputError(`${path}: is a directory`);
  if (!stat.isFile()) throw usageError(`--state: ${path} is not a regular file (a pipe cannot be resumed)`);
  let handle;
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

/** Where the last whole line of `[from, to)` ends (after its `\n`); `from` when there is none. */
async function lastLineEnd(path: string, from: number, to: number): Promise<number> {
  const handle = await fs.open(path, 'r');
  try {
    const block = Buffer.alloc(1 << 16);
    for (let end = to; end > from; ) {
      const start = Math.max(from, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const at = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) return start + at + 1;
      end = start;
    }
    return from;
  } finally {
    await handle.close();
  }
}

/**
 * Checks a state against this run's inputs; the reason it cannot serve the run, or null. `inputs` are this
 * run's files in order.
 */
async function stateMismatch(analyzer: Analyzer, state: ReadState, inputs: InputFile[]): Promise<string | null> {
  const settings = analyzer.stateMismatch(state.header);
  if (settings !== null) return describeMismatch(settings);
  const extra = state.header.extra as StateExtra | null;
  const prints = extra?.inputs;
  if (!Array.isArray(prints) || prints.length !== state.header.inputs.length) return 'it has no fingerprints of its inputs';
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
): Promise<StateRunResult> {
  const inputs: InputFile[] = [];
  for (const path of paths) inputs.push(await describe(path));
  const unsavable = new Analyzer({ ...options }).unsavable;
  if (unsavable.length > 0) {
    // a section whose state is not written yet: the run is a plain one, and the state file is left alone
    const { analyze } = await import('./analyze.js');
    return { ...(await analyze(paths, options, onProgress)), note: `${statePath}: the ${unsavable.join(', ')} section cannot be kept in a state yet; full run, state not written` };
  }
  const loaded = loadState(statePath);
  let note = loaded.note;
  const sections = unionSections(loaded.state, options.sections);
  const fresh = () => new Analyzer({ ...options, sections });
  let analyzer = fresh();
  let resumed: Fingerprint[] = [];
  if (loaded.state !== null) {
    let why = await stateMismatch(analyzer, loaded.state, inputs);
    if (why !== null) loaded.source!.close();
    if (why === null) {
      try {
        absorbState(analyzer, loaded);
        resumed = (loaded.state.header.extra as StateExtra).inputs;
      } catch (error) {
        if (!(error instanceof StateError)) throw error;
        why = `${statePath} ${error.message}`;
        analyzer = fresh();
      }
    } else {
      why = `${statePath}: ${why}`;
    }
    if (why !== null) note = why;
  }
  try {
    return { ...(await read(analyzer, inputs, resumed, statePath, onProgress, options.sections, sections)), note: note === null ? null : `${note}; full run` };
  } catch (error) {
    if (!(error instanceof StateError) || resumed.length === 0) throw error;
    // the new events cannot be placed exactly among the state's summaries: start again from the logs
    note = `${statePath}: ${error.message}`;
    return { ...(await read(fresh(), inputs, [], statePath, onProgress, options.sections, sections)), note: `${note}; full run` };
  }
}

async function read(
  analyzer: Analyzer,
  inputs: InputFile[],
  resumed: Fingerprint[],
  statePath: string,
  onProgress: ProgressListener | undefined,
  wanted: Section[],
  sections: Section[],
): Promise<AnalyzeResult> {
  const prints: Fingerprint[] = [];
  let saved = false;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const last = i === inputs.length - 1;
    const before = i < resumed.length ? resumed[i] : null;
    if (input.gzip) {
      if (before !== null) {
        prints.push(before); // unchanged (checked): all of it is in the state
        continue;
      }
      analyzer.beginInput(input.path);
      const [source] = await openSources([input.path]);
      for await (const chunk of source.chunks()) {
        analyzer.push(chunk);
        onProgress?.(source.consumed, source);
      }
      analyzer.endInput();
      prints.push({ path: input.path, ino: input.ino, gzip: true, offset: input.size, all: await crcOf(input.path, input.size), ...(await samples(input.path, input.size)) });
      continue;
    }
    const from = before?.offset ?? 0;
    if (before !== null) analyzer.resumeInput(i, input.path, from === 0);
    else analyzer.beginInput(input.path);
    const progress: Source = { path: input.path, name: input.path, size: input.size, consumed: from, chunks: () => fileChunks(input.path) };
    let all = before?.all ?? 0;
    const feed = async (start: number, end: number, crc: boolean) => {
      for await (const chunk of fileChunks(input.path, start, end)) {
        if (crc) all = crc32(chunk, all);
        analyzer.push(chunk);
        progress.consumed += chunk.length;
        onProgress?.(progress.consumed, progress);
      }
    };
    // the last input's unfinished line is read after the state is taken: the next run reads it again
    const cut = last ? await lastLineEnd(input.path, from, input.size) : input.size;
    await feed(from, cut, true);
    const print: Fingerprint = { path: input.path, ino: input.ino, gzip: false, offset: cut, all, ...(await samples(input.path, cut)) };
    prints.push(print);
    if (last) {
      // written now: the saved parts are views of the run's arrays, which the rest of the input changes
      await saveState(statePath, analyzer.save({ inputs: prints }).parts);
      saved = true;
      await feed(cut, input.size, false);
    }
    analyzer.endInput();
  }
  if (!saved) await saveState(statePath, analyzer.save({ inputs: prints }).parts);
  const report = keepSections(analyzer.finish(), wanted, sections);
  return { report, invalidLines: analyzer.invalidLines };
}

/** The report of a state alone (`--state FILE` and no input): nothing is read, nothing is written. */
export async function reportState(options: Partial<AnalysisOptions> & { sections: Section[] }, statePath: string): Promise<AnalyzeResult> {
  const loaded = loadState(statePath);
  if (loaded.state === null) throw usageError(`--state: ${loaded.note ?? `${statePath}: no such file`}, and no input to read`);
  const sections = unionSections(loaded.state, options.sections);
  const analyzer = new Analyzer({ ...options, sections });
  const why = analyzer.stateMismatch(loaded.state.header);
  if (why !== null) {
    loaded.source!.close();
    throw usageError(`--state: ${statePath} cannot serve this run: ${describeMismatch(why)}`);
  }
  try {
    absorbState(analyzer, loaded);
  } catch (error) {
    if (error instanceof StateError) throw usageError(`--state: ${statePath} ${error.message}`);
    throw error;
  }
  return { report: keepSections(analyzer.finish(), options.sections, sections), invalidLines: analyzer.invalidLines };
}

/** Writes a state file atomically; a failure is an OUTPUT error. */
export async function saveState(statePath: string, parts: readonly Uint8Array[]): Promise<void> {
  try {
    await writeStateFile(statePath, parts);
  } catch (error) {
    throw new (await import('./errors.js')).BazingaError('OUTPUT', `--state ${statePath}: ${(error as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
}
