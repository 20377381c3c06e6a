// Issue #22's engine tests, shared by DuckDB and PostgreSQL: seeded logs full of edges, the runs to check on
// them (zones, every --by, filters, windows), the CLI's JSON for each, the SQL `bazinga-stats sql` prints, and
// the comparison, section by section. Each engine's test file only loads the export and runs the SQL.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTrickyData } from './generate-tricky.js';
import { firstDifference } from './json-difference.js';
import { runCli, runJson } from './cli.js';

/** Today for every run: the default window ends the day after (the tricky logs span 2025-10-20 to 2026-01-12). */
export const TODAY = '2026-01-31';
export const ENV = { BAZINGA_STATS_TODAY: TODAY };

/** One log: the tricky generator's lines, then clocks in 1970 and 9999, duplicates and a downgrade of one install. */
export function engineLog(dir: string, seed: number, lines: number): { path: string; excludeFile: string } {
  const data = generateTrickyData(seed, lines, { outliers: true });
  const [a, b] = data.installs;
  const extra = [
    { uuid: a, command: 'update', version: '1.0.0', timestamp: '1970-01-01T00:00:00' },
    { uuid: b, command: 'init', version: '9.9.9', timestamp: '9999-12-31T23:59:59.999999999' },
    { uuid: b, command: 'update', version: '2.1.0', timestamp: '2025-12-24T23:30:00.123456789+01:00' },
    { uuid: b, command: 'update', version: '2.1.0', timestamp: '2025-12-24T23:30:00.123456789+01:00' },
    { uuid: b, command: 'update', version: '1.0.0-rc.1', timestamp: '2025-12-25T08:00:00' },
    // the end of summer time in Berlin: 02:30 local happens twice
    { uuid: a, command: 'update', version: '2.0.0', timestamp: '2025-10-26T00:30:00Z' },
    { uuid: a, command: 'update', version: '2.0.0-rc.1', timestamp: '2025-10-26T01:30:00Z' },
  ].map((e) => JSON.stringify(e));
  const path = join(dir, `tricky-${seed}.jsonl`);
  const body = data.bytes.toString('latin1');
  writeFileSync(path, Buffer.concat([data.bytes, Buffer.from(body.endsWith('\n') ? '' : '\n'), Buffer.from(extra.join('\n') + '\n')]));
  const excludeFile = join(dir, `exclude-${seed}.txt`);
  writeFileSync(excludeFile, `# the two most active installs\n${data.installs[0].toUpperCase()}\n${data.installs[2]}\n`);
  return { path, excludeFile };
}

export interface EngineCase {
  name: string;
  /** report flags, the same for the CLI's JSON and for `sql` */
  flags: string[];
  /** the export's flags: none (all events, `--window ..`) or the run's own */
  exportFlags: 'all' | 'same';
  /** commands whose sections are compared (each a CLI run and a `sql` print) */
  commands: string[];
}

/** `EXCLUDE` in flags stands for the log's exclude file. */
export const CASES: EngineCase[] = [
  { name: 'UTC by day', flags: [], exportFlags: 'all', commands: ['report', 'upgrades', 'retention', 'adoption', 'active', 'activation', 'churn'] },
  { name: 'Europe/Berlin by week', flags: ['--tz', 'Europe/Berlin', '--by', 'week'], exportFlags: 'all', commands: ['report', 'upgrades', 'retention'] },
  {
    name: 'America/Sao_Paulo by month',
    flags: ['--tz', 'America/Sao_Paulo', '--by', 'month'],
    exportFlags: 'same',
    commands: ['report', 'retention', 'adoption', 'active', 'activation', 'churn'],
  },
  {
    name: 'analytics flags, Berlin by week',
    flags: ['--tz', 'Europe/Berlin', '--by', 'week', '--window-days', '10', '--within', '3', '--quiet-days', '5', '--active-days', '3'],
    exportFlags: 'all',
    commands: ['adoption', 'active', 'activation', 'churn'],
  },
  {
    name: 'analytics flags at their edges, by day',
    flags: ['--window-days', '1', '--within', '0', '--quiet-days', '1', '--active-days', '1', '--command', 'update', '--command', 'init'],
    exportFlags: 'all',
    commands: ['adoption', 'active', 'activation', 'churn'],
  },
  {
    name: 'Asia/Kathmandu by day, since/until',
    flags: ['--tz', 'Asia/Kathmandu', '--since', '2025-11-03', '--until', '2025-12-28'],
    exportFlags: 'all',
    commands: ['report', 'upgrades', 'retention'],
  },
  {
    name: 'filters: commands, versions, excluded installs',
    flags: [
      '--tz',
      'Europe/Berlin',
      '--command',
      'init',
      '--command',
      'update',
      '--release',
      '2.*',
      '--release',
      '1.0.0',
      '--release',
      'dev',
      '--exclude-installs',
      'EXCLUDE',
    ],
    exportFlags: 'all',
    commands: ['report', 'upgrades', 'retention'],
  },
  { name: 'window from 1970 by month', flags: ['--window', '1970-01-01..', '--by', 'month'], exportFlags: 'all', commands: ['report', 'upgrades'] },
  {
    name: 'relative since, by week',
    flags: ['--since', '60d', '--by', 'week', '--tz', 'America/Los_Angeles'],
    exportFlags: 'same',
    commands: ['report', 'upgrades'],
  },
];

export const withExclude = (flags: string[], excludeFile: string) => flags.map((f) => (f === 'EXCLUDE' ? excludeFile : f));

/**
 * The rows a statement must return, by its name: a JSON path (`versions`, `active.rows`). An array is its
 * rows; an object (`active`) is one row of its fields but the arrays of rows; a scalar one row of one column.
 */
export function expectedRows(json: Record<string, unknown>, name: string): unknown[] {
  const value = name.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], json);
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') {
    // the arrays of rows are statements of their own (`active.rows`); arrays of numbers (`l7`) are fields
    const isRows = (key: string, v: unknown) =>
      Array.isArray(v) && (['rows', 'periods', 'releases', 'versions'].includes(key) || v.some((item) => item !== null && typeof item === 'object'));
    return [Object.fromEntries(Object.entries(value).filter(([key, v]) => !isRows(key, v)))];
  }
  return [{ [name.split('.').pop()!]: value }];
}

/** `bazinga-stats sql COMMAND --dialect D FLAGS` split into its statements by their `-- section: KEY` lines. */
export function sqlStatements(command: string, dialect: 'duckdb' | 'postgres', flags: string[]): { name: string; sql: string }[] {
  const run = runCli(['sql', command, '--dialect', dialect, ...flags], { env: ENV });
  if (run.code !== 0) throw new Error(`sql ${command} failed: ${run.stderr}`);
  return run.stdout
    .split(/^-- section: /m)
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const newline = part.indexOf('\n');
      return {
        name: part.slice(0, newline).trim(),
        sql: part
          .slice(newline + 1)
          .trim()
          .replace(/;$/, ''),
      };
    });
}

/** The CLI's JSON of a command. */
export function cliJson(command: string, flags: string[], log: string): Record<string, unknown> {
  const { json, code, stderr } = runJson([command, ...flags, log], { env: ENV });
  if (code !== 0) throw new Error(`${command} failed: ${stderr}`);
  return json;
}

/** Exports the log (CSV or Parquet) with the case's export flags; returns the path. */
export function exportLog(log: string, dir: string, format: 'csv' | 'parquet', flags: string[]): string {
  const out = join(dir, `events-${Math.random().toString(36).slice(2)}.${format}`);
  const run = runCli(['export', '--format', format, '-o', out, ...flags, log], { env: ENV });
  if (run.code !== 0) throw new Error(`export failed: ${run.stderr}`);
  return out;
}

/** Null when equal; else where they differ, for the assertion message. */
export function compareRows(actual: unknown[], expected: unknown[]): string | null {
  if (actual.length !== expected.length) {
    return `${actual.length} rows, expected ${expected.length}; first rows ${JSON.stringify(actual.slice(0, 3))} vs ${JSON.stringify(expected.slice(0, 3))}`;
  }
  const difference = firstDifference(actual, expected);
  // firstDifference words its message for the oracle tests: here the first value is the engine's
  return difference === null ? null : `(engine vs CLI) ${difference.replace(': CLI ', ': engine ').replace(', oracle ', ', CLI ')}`;
}
