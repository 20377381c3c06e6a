// Runs the built CLI (bin/bazinga-stats.js → dist/src/cli.js) as a subprocess and returns stdout, stderr
// and the exit code together, the way a user or a CI script sees them (STYLE.md, "Tests": np's
// cliPasses/cliFails, fx's spawnSync tests). The environment is pinned: TZ=UTC, NO_COLOR=1, and none of
// the variables that change what the CLI prints (FORCE_COLOR, COLUMNS, CI, BAZINGA_STATS_*) leak in from
// the shell that runs the tests. A test that is about one of them passes it in `env`.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: this file is dist/test/support/cli.js once built. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../../bin/bazinga-stats.js', import.meta.url));
export const FIXTURES = join(ROOT, 'fixtures');

/** Path of `fixtures/<name>`. */
export const fixture = (name: string) => join(FIXTURES, name);

export interface CliResult {
  stdout: string;
  stderr: string;
  /** the exit status; null when the process was killed by a signal */
  code: number | null;
}

export interface CliOptions {
  /** bytes for stdin; without it stdin is empty (closed at once) */
  input?: string | Buffer;
  /** variables to set; `undefined` removes one from the pinned environment */
  env?: Record<string, string | undefined>;
  /** working directory (default: the project root, so relative fixture paths read as in the README) */
  cwd?: string;
  /** flags for node itself, before the script (e.g. `--import` of a probe) */
  nodeArgs?: string[];
}

/** Variables that change the CLI's output and must never come from the test runner's shell. */
const UNPINNED = ['FORCE_COLOR', 'NO_COLOR', 'COLUMNS', 'CI', 'NODE_TEST_CONTEXT', 'NODE_OPTIONS'];

export function pinnedEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (UNPINNED.includes(name) || name.startsWith('BAZINGA_STATS_')) delete env[name];
  }
  env.TZ = 'UTC';
  env.NO_COLOR = '1';
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Runs `bazinga-stats ARGS...` and waits for it. */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: pinnedEnv(options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

export interface JsonResult {
  /** the parsed stdout */
  json: any;
  stderr: string;
  code: number | null;
}

/** Runs the CLI with `--format json` appended and parses stdout (throwing, with stderr, when it is not JSON). */
export function runJson(args: string[], options: CliOptions = {}): JsonResult {
  const result = runCli([...args, '--format', 'json'], options);
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw new Error(`bazinga-stats ${args.join(' ')} (exit ${result.code}) printed no JSON; stderr: ${result.stderr}`);
  }
  return { json, stderr: result.stderr, code: result.code };
}

/** A scratch directory, removed when the process exits. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bazinga-stats-test-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` to `name` inside `dir` and returns the path. */
export function writeInput(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** One event line in the collector's exact `json.dumps` form. */
export function eventLine(uuid: string, command: string, version: string, timestamp: string): string {
  return JSON.stringify({ uuid, command, version, timestamp }).replace(/","/g, '", "').replace(/":"/g, '": "');
}
