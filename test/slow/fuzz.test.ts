// A seeded mutation fuzzer (issue 9 item 4): realistic telemetry lines mutated at the byte and JSON level
// (test/support/mutations.ts) are fed to the built CLI, and on every run its JSON report and its stderr
// (the located sample of invalid and out-of-window lines, and the counts) are compared with the oracle
// (test/oracle/oracle.ts), over several seeds, zones and period units.
//
// A disagreement is shrunk before it is reported: lines are dropped while the CLI and the oracle still
// disagree (delta debugging), then bytes within the remaining lines. The failure prints the seed, the
// settings and the smallest failing input, and writes it to test-output/fuzz-seed-N.jsonl.
//
// FUZZ_SEEDS=1-500 (or 3,17) runs other seeds; the default is a few, to keep `npm test` quick.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, scratchDir } from '../support/cli.js';
import { runMeasured } from '../support/measured-run.js';
import { fuzzFile, fuzzLines, showBytes } from '../support/mutations.js';
import { DEFAULT_WINDOW, SUITE_TODAY } from '../support/pathological-inputs.js';
import { ExpectedReports, windowText } from '../support/oracle-expectations.js';
import { firstDifference } from '../support/json-difference.js';
import type { OracleCommand, PeriodUnit } from '../oracle/oracle.js';

const ZONES = ['UTC', 'Asia/Kolkata', 'America/Los_Angeles', 'Pacific/Chatham', 'Africa/Monrovia'];
const work = scratchDir();

function seedsFromEnvironment(): number[] {
  const spec = process.env.FUZZ_SEEDS ?? '1-6';
  return spec.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number) as [number, number | undefined];
    return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

interface Settings {
  command: OracleCommand;
  tz: string;
  by: PeriodUnit;
  /** the lines are split into this many files, given in order (line numbers restart in each) */
  files: number;
}

/** The lines as `files` consecutive files, each framed by fuzzFile (BOM, line ends, final newline). */
function writeFiles(seed: number, lines: Buffer[], files: number): { name: string; bytes: Buffer }[] {
  const size = Math.ceil(lines.length / files);
  return Array.from({ length: files }, (_, k) => {
    const bytes = fuzzFile(seed + k, lines.slice(k * size, (k + 1) * size));
    const name = join(work, `seed-${seed}-${k + 1}.jsonl`);
    writeFileSync(name, bytes);
    return { name, bytes };
  });
}

/** Runs the CLI on `lines` and says how it disagrees with the oracle, or null when it agrees. */
async function disagreement(seed: number, lines: Buffer[], s: Settings): Promise<string | null> {
  const files = writeFiles(seed, lines, s.files);
  const flags = ['--tz', s.tz, '--by', s.by];
  const result = await runMeasured([s.command, '--format', 'json', ...flags, ...files.map((f) => f.name)], {
    env: { BAZINGA_STATS_TODAY: SUITE_TODAY },
    timeoutMs: 30_000,
  });
  if (result.code !== 0) return `exit ${result.code}${result.killed ? ` (killed: ${result.killed})` : ''}: ${result.stderr.slice(0, 600)}`;
  const oracle = new ExpectedReports(files, { window: DEFAULT_WINDOW, tz: s.tz, by: s.by });
  let actual: unknown;
  try {
    actual = JSON.parse(result.stdout!.toString('utf8'));
  } catch {
    return `stdout is not JSON: ${result.stdout!.toString('utf8').slice(0, 300)}`;
  }
  const difference = firstDifference(actual, oracle.json(s.command));
  if (difference !== null) return difference;

  const stderr = result.stderr.split('\n').filter((l) => l !== '');
  const sample = stderr.filter((l) => !l.startsWith('bazinga-stats: '));
  const want = oracle.samples;
  for (let i = 0; i < Math.max(sample.length, want.length); i++) {
    const got = sample[i];
    const w = want[i];
    const location = w === undefined ? undefined : `${w.file}:${w.line}: `;
    if (got === undefined || location === undefined || !got.startsWith(location)) {
      return `stderr sample line ${i + 1}: CLI ${JSON.stringify(got)}, oracle expects ${location === undefined ? 'none' : JSON.stringify(location + '…')}`;
    }
    if (w!.outsideTimestamp !== null && got !== `${location}timestamp ${w!.outsideTimestamp} is outside ${windowText(DEFAULT_WINDOW)}`) {
      return `stderr sample line ${i + 1}: ${JSON.stringify(got)} is not the out-of-window message for ${w!.outsideTimestamp}`;
    }
    if (/[\x00-\x09\x0b-\x1f\x7f]/.test(got)) return `stderr sample line ${i + 1} carries a raw control character: ${JSON.stringify(got)}`;
  }
  const { invalid, outside } = oracle.json(s.command).input;
  const summary = stderr.filter((l) => l.startsWith('bazinga-stats: ')).join('\n');
  const counted = (n: number, noun: string) => new RegExp(`(?<![\\d,])(${n}|${n.toLocaleString('en-US')})(?![\\d,]).*${noun}`).test(summary);
  if (invalid > 0 && !counted(invalid, 'invalid')) return `the summary does not count ${invalid} invalid lines: ${JSON.stringify(summary)}`;
  if (outside > 0 && !counted(outside, 'outside')) return `the summary does not count ${outside} events outside the window: ${JSON.stringify(summary)}`;
  return null;
}

/** Delta debugging: drops chunks of lines, then bytes within lines, while the disagreement stays. */
async function shrink(lines: Buffer[], fails: (lines: Buffer[]) => Promise<boolean>, budget = 250): Promise<Buffer[]> {
  let current = lines;
  let tries = 0;
  const attempt = async (candidate: Buffer[]) => ++tries <= budget && (await fails(candidate));
  let parts = 2;
  while (current.length >= 2 && tries < budget) {
    const size = Math.ceil(current.length / parts);
    let reduced = false;
    for (let start = 0; start < current.length; start += size) {
      const candidate = [...current.slice(0, start), ...current.slice(start + size)];
      if (candidate.length > 0 && (await attempt(candidate))) {
        current = candidate;
        parts = Math.max(parts - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (parts >= current.length) break;
      parts = Math.min(current.length, parts * 2);
    }
  }
  for (let i = 0; i < current.length && tries < budget; i++) {
    for (let size = Math.max(1, current[i]!.length >> 1); size >= 1 && tries < budget; size >>= 1) {
      for (let start = 0; start + size <= current[i]!.length && tries < budget; ) {
        const line = current[i]!;
        const candidate = [...current];
        candidate[i] = Buffer.concat([line.subarray(0, start), line.subarray(start + size)]);
        if (await attempt(candidate)) current = candidate;
        else start += size;
      }
    }
  }
  return current;
}

/** `origin` is the FUZZ_SEEDS seed the case comes from (small cases use derived seeds). */
async function check(seed: number, lines: Buffer[], s: Settings, label: string, origin = seed): Promise<void> {
  const found = await disagreement(seed, lines, s);
  if (found === null) return;
  const smallest = await shrink(lines, async (candidate) => (await disagreement(seed, candidate, s)) !== null);
  const why = await disagreement(seed, smallest, s);
  const out = join(ROOT, 'test-output');
  mkdirSync(out, { recursive: true });
  const saved = writeFiles(seed, smallest, s.files)
    .map((f, k) => {
      const path = join(out, `fuzz-seed-${seed}${s.files > 1 ? `-${k + 1}` : ''}.jsonl`);
      writeFileSync(path, f.bytes);
      return path;
    })
    .join(' ');
  assert.fail(
    `fuzz seed ${seed} (${label}): bazinga-stats ${s.command} --format json --tz ${s.tz} --by ${s.by} disagrees with the oracle.\n` +
      `First found: ${found}\nSmallest failing input (${smallest.length} lines in ${s.files} file(s), saved as ${saved}):\n` +
      smallest.map((l, i) => `  ${i + 1}: ${showBytes(l)}`).join('\n') +
      `\nOn it: ${why}\nReproduce: FUZZ_SEEDS=${origin} node --test dist/test/slow/fuzz.test.js`,
  );
}

describe('fuzz: mutated lines, CLI against the oracle', () => {
  for (const seed of seedsFromEnvironment()) {
    const tz = ZONES[seed % ZONES.length]!;
    const by: PeriodUnit = seed % 5 === 0 ? 'week' : seed % 7 === 0 ? 'month' : 'day';
    const files = seed % 3 === 0 ? 2 : 1;
    it(`seed ${seed}: 800 lines in ${files} file(s), report, upgrades, retention, --tz ${tz} --by ${by}`, async () => {
      const lines = fuzzLines(seed, 800).map((l) => l.bytes);
      for (const command of ['report', 'upgrades', 'retention'] as const) await check(seed, lines, { command, tz, by, files }, `${command}, 800 lines`);
    });
    it(`seed ${seed}: small inputs (every sample line located), --tz ${tz}`, async () => {
      for (let k = 0; k < 3; k++) {
        const small = seed * 1000 + k;
        await check(
          small,
          fuzzLines(small, 25, 0.7).map((l) => l.bytes),
          { command: 'report', tz, by, files: 1 },
          `report, 25 lines`,
          seed,
        );
      }
    });
  }
});
