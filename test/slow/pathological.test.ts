// The pathological-input suite (issue 9 item 4): inputs that are valid, or mostly valid, but absurd in one
// dimension, as a log written by machines nobody controls can be. Each is run through the built CLI as a
// subprocess, in every command and every format, and each run must
//   - exit with status 0 (not killed, no internal error),
//   - print bounded output: table and Markdown at most 4 MiB, HTML under 10 MB (the limit for
//     any input of up to 1M events); JSON and CSV are complete by contract, so they are bounded by being
//     equal to the oracle's report (and by a 64 MiB guard that kills a runaway),
//   - stay within 512 MiB peak resident memory (measured in the CLI's process, see
//     support/measured-run.ts; the largest inputs here take ~330 MB at most when the code is right),
//   - print the numbers of the oracle (test/oracle/oracle.ts): JSON equal to it, key order included,
//     CSV cells equal to the rows it implies, and the stderr sample (invalid lines and events outside the
//     window, first 10 in input order, FILE:LINE) and summary counts as it says.
//
// Wall time: each input is generated once into a scratch directory, its runs go two at a time, and the
// oracle judges it once (support/oracle-expectations.ts). The largest inputs (200k versions, 100k
// commands, 1M installs) run every format only for the commands whose output they stretch, and JSON for
// the rest, where the oracle still checks every number.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { scratchDir } from '../support/cli.js';
import { inPool, measureNode, runMeasured, type MeasuredRun } from '../support/measured-run.js';
import {
  DEFAULT_WINDOW,
  SUITE_TODAY,
  clockOutliers,
  distinctCommands,
  distinctVersions,
  everyYear,
  longLines,
  millionInstalls,
  tenThousandDays,
  type PathologicalInput,
} from '../support/pathological-inputs.js';
import { ExpectedReports, csvCellsOf, parseCsvSections, windowText, type Expectation } from '../support/oracle-expectations.js';
import { firstDifference } from '../support/json-difference.js';
import type { OracleCommand } from '../oracle/oracle.js';

type Format = 'table' | 'json' | 'csv' | 'markdown' | 'html';
const COMMANDS: OracleCommand[] = [
  'report',
  'uniques',
  'daily',
  'versions',
  'commands',
  'upgrades',
  'retention',
  'adoption',
  'active',
  'activation',
  'churn',
  'quality',
];
const FORMATS: Format[] = ['table', 'json', 'csv', 'markdown', 'html'];

const MIB = 1024 * 1024;
/** Output limits of the human formats; JSON and CSV are checked against the oracle instead. */
const MAX_OUTPUT: Record<Format, number> = { table: 4 * MIB, markdown: 4 * MIB, html: 10_000_000, json: 64 * MIB, csv: 64 * MIB };
const MAX_PEAK_RSS = 512 * MIB;
const ENV = { BAZINGA_STATS_TODAY: SUITE_TODAY };

interface Variant {
  /** flags before the file */
  flags: string[];
  expectation: Expectation;
  /** ask the oracle per command (the window is off: no period section may be cut from `report`) */
  perCommand?: boolean;
}

interface Run {
  command: OracleCommand;
  format: Format;
  variant: string;
  /** a larger output limit for this run, with the reason in the plan */
  maxOutput?: number;
}

interface Plan {
  make: (dir: string) => PathologicalInput;
  variants: Record<string, Variant>;
  runs: Run[];
}

const defaultVariant: Variant = { flags: [], expectation: { window: DEFAULT_WINDOW } };
const every = (variant = 'default', commands = COMMANDS, formats = FORMATS): Run[] =>
  commands.flatMap((command) => formats.map((format) => ({ command, format, variant })));
/** every format for the commands an input stretches, JSON (checked by the oracle) for the others */
const stretching = (commands: OracleCommand[]): Run[] => [
  ...every('default', commands),
  ...every(
    'default',
    COMMANDS.filter((c) => !commands.includes(c)),
    ['json'],
  ),
];

const PLANS: Plan[] = [
  {
    // 200k distinct versions: the versions table (in `report`; `versions` prints the same section) and
    // ~180k upgrade moves
    make: distinctVersions,
    variants: { default: defaultVariant },
    runs: stretching(['report', 'upgrades', 'adoption']),
  },
  {
    make: distinctCommands,
    variants: { default: defaultVariant },
    runs: stretching(['report', 'commands']),
  },
  {
    // 0001-9999: the default window keeps 2000-2027; `--window ..` keeps all, by month for the periods
    make: everyYear,
    variants: {
      default: defaultVariant,
      off: { flags: ['--window', '..'], expectation: { window: { since: null, until: null } }, perCommand: true },
      offByMonth: { flags: ['--window', '..', '--by', 'month'], expectation: { window: { since: null, until: null }, by: 'month' }, perCommand: true },
    },
    runs: [
      ...every(),
      ...every('off', ['uniques', 'versions', 'commands', 'upgrades'], ['json', 'table']),
      // issue #13's sections over 3.65M days: the human formats compute the latest 1,000 rows (JSON and CSV refuse
      // more than 200,000 rows, test/slow/bounds.test.ts). The oracle judges their summaries here, and quality whole;
      // it cannot judge their JSON over this span in reasonable time: it walks the span day by day (measured by
      // month: active 67 s, activation 58 s, churn and adoption far longer), so bounds.test.ts checks that the
      // latest rows equal the last rows of the whole on a smaller span, and differential.test.ts the numbers
      ...every('off', ['adoption', 'active', 'activation', 'churn'], ['table', 'markdown', 'html']),
      ...every('off', ['quality'], FORMATS),
      // 9,999 years each with an event: by month that is a row with the event, the next month's dormant row
      // and a collapsed stretch per year, ~4.4 MB of table: linear in the events, not in the 120,000 months
      ...every('offByMonth', ['daily'], FORMATS).map((run) => ({
        ...run,
        maxOutput: run.format === 'table' || run.format === 'markdown' ? 8 * MIB : undefined,
      })),
    ],
  },
  {
    // 1970 and 9999 among normal data; the window's edges move with the zone
    make: clockOutliers,
    variants: {
      default: defaultVariant,
      kolkata: { flags: ['--tz', 'Asia/Kolkata'], expectation: { window: DEFAULT_WINDOW, tz: 'Asia/Kolkata' } },
      losAngeles: { flags: ['--tz', 'America/Los_Angeles'], expectation: { window: DEFAULT_WINDOW, tz: 'America/Los_Angeles' } },
      custom: { flags: ['--window', '2027-10-01..2027-11-15'], expectation: { window: { since: '2027-10-01', until: '2027-11-15' } } },
      openStart: { flags: ['--window', '..2027-10-31'], expectation: { window: { since: null, until: '2027-10-31' } } },
    },
    runs: [
      ...every(),
      ...every('kolkata', ['report', 'upgrades', 'retention'], ['json']),
      ...every('losAngeles', ['report', 'upgrades', 'retention'], ['json']),
      ...every('custom', ['report', 'retention'], ['json', 'table']),
      ...every('openStart', ['report', 'upgrades'], ['json']),
    ],
  },
  { make: longLines, variants: { default: defaultVariant }, runs: every() },
  { make: tenThousandDays, variants: { default: defaultVariant }, runs: every() },
  {
    // the install table grows, the renderers see 28 days and 5 versions: `report` covers every section in HTML
    make: millionInstalls,
    variants: { default: defaultVariant },
    runs: [
      ...every('default', ['report']),
      ...every(
        'default',
        COMMANDS.filter((c) => c !== 'report'),
        ['json'],
      ),
    ],
  },
];

const work = scratchDir();

/** `bazinga-stats: 3 of 3001 lines invalid`: a count, spelled plain or with thousands separators. */
function mentions(text: string, n: number, noun: RegExp): boolean {
  const spelled = [...new Set([String(n), n.toLocaleString('en-US')])].join('|');
  return new RegExp(`(?<![\\d,])(${spelled})(?![\\d,]).*${noun.source}`).test(text);
}

const MiB = (bytes: number | null) => (bytes === null ? 'n/a' : (bytes / MIB).toFixed(1));

// PATHOLOGICAL_INPUTS=everyYear,longLines runs only those (by generator name), while working on one
const only = process.env.PATHOLOGICAL_INPUTS?.split(',');

for (const plan of PLANS.filter((p) => only === undefined || only.includes(p.make.name))) {
  let input: PathologicalInput;
  const results = new Map<Run, MeasuredRun>();
  const expected = new Map<string, ExpectedReports>();
  const name = plan.make.name;

  describe(`pathological input: ${name}`, () => {
    before(async () => {
      input = plan.make(work);
      const runs = await inPool(
        plan.runs.map(
          (run) => () =>
            runMeasured([run.command, '--format', run.format, ...plan.variants[run.variant]!.flags, input.path], {
              env: ENV,
              heapMiB: 768,
              keepStdoutBytes: run.maxOutput ?? MAX_OUTPUT[run.format],
            }),
        ),
        2,
      );
      plan.runs.forEach((run, i) => results.set(run, runs[i]!));
      const files = [{ name: input.path, bytes: readFileSync(input.path) }];
      for (const [key, variant] of Object.entries(plan.variants)) {
        // judge every run now, so the input's bytes can be dropped before the next input
        // the CLI runs with BAZINGA_STATS_TODAY=SUITE_TODAY: quality's "in the future" counts against that day
        const reports = new ExpectedReports(files, { today: SUITE_TODAY, ...variant.expectation }, variant.perCommand);
        reports.settle(['uniques', ...plan.runs.filter((r) => r.variant === key && (r.format === 'json' || r.format === 'csv')).map((r) => r.command)]);
        expected.set(key, reports);
      }
    });

    it(`${name}: the oracle reads every line the generator wrote`, () => {
      assert.equal(expected.get('default')!.json('uniques').input.lines, input.lines);
    });

    for (const run of plan.runs) {
      const variant = plan.variants[run.variant]!;
      const shown = `bazinga-stats ${run.command} --format ${run.format} ${variant.flags.join(' ')} ${name}`.replace(/ +/g, ' ');
      it(shown, (t) => {
        const result = results.get(run)!;
        const oracle = expected.get(run.variant)!;
        t.diagnostic(`${Math.round(result.wallMs)} ms, peak ${MiB(result.peakRssBytes)} MiB, ${result.stdoutBytes} bytes out`);
        const why =
          result.killed === 'timeout'
            ? 'killed after 60 s'
            : result.killed === 'output'
              ? `killed: more than ${MAX_OUTPUT[run.format]} bytes of output`
              : `exit ${result.code}`;
        assert.equal(result.code, 0, `${shown}: ${why}, peak ${MiB(result.peakRssBytes)} MiB\n${result.stderr.slice(0, 1500)}`);
        assert.ok(result.stdoutBytes > 0, `${shown}: printed nothing`);
        const limit = run.maxOutput ?? MAX_OUTPUT[run.format];
        assert.ok(result.stdoutBytes <= limit, `${shown}: ${result.stdoutBytes} bytes of output, more than ${limit}`);
        assert.ok(
          result.peakRssBytes !== null && result.peakRssBytes <= MAX_PEAK_RSS,
          `${shown}: peak memory ${MiB(result.peakRssBytes)} MiB, more than ${MiB(MAX_PEAK_RSS)}`,
        );

        // stderr: the first 10 invalid or out-of-window lines, located, then the counts
        const samples = oracle.samples;
        const lines = result.stderr.split('\n').filter((l) => l !== '');
        const sampleLines = lines.filter((l) => !l.startsWith('bazinga-stats: '));
        assert.deepStrictEqual(
          sampleLines.map((l) => /^(.*):(\d+): /.exec(l)?.slice(1, 3).join(':') ?? l),
          samples.map((s) => `${s.file}:${s.line}`),
          `${shown}: stderr sample lines`,
        );
        samples.forEach((s, i) => {
          if (s.outsideTimestamp !== null) {
            assert.equal(sampleLines[i], `${s.file}:${s.line}: timestamp ${s.outsideTimestamp} is outside ${windowText(variant.expectation.window)}`);
          }
        });
        const summary = lines.filter((l) => l.startsWith('bazinga-stats: ')).join('\n');
        const counts = oracle.json('uniques').input;
        const outside = counts.outside;
        if (counts.invalid > 0)
          assert.ok(mentions(summary, counts.invalid, /invalid/), `${shown}: summary does not count ${counts.invalid} invalid lines: ${summary}`);
        if (outside > 0) assert.ok(mentions(summary, outside, /outside/), `${shown}: summary does not count ${outside} events outside the window: ${summary}`);
        if (counts.invalid === 0 && outside === 0) assert.equal(summary, '', `${shown}: a summary line without invalid or out-of-window lines`);

        const stdout = result.stdout!.toString('utf8');
        if (run.format === 'json') {
          const want = oracle.json(run.command);
          const difference = firstDifference(JSON.parse(stdout), want);
          assert.equal(difference, null, `${shown}: differs from the oracle at ${difference}`);
        } else if (run.format !== 'csv') {
          // the human formats: their summary and the headline number, as en-US grouped numbers
          const n = (v: number) => v.toLocaleString('en-US');
          // the summary wraps at spaces to fit the width (issue #21): read its lines as one
          const head = run.format === 'html' ? stdout : stdout.split('\n').slice(0, 4).join(' ');
          assert.ok(head.includes(`${n(counts.lines)} lines`), `${shown}: the summary does not say ${n(counts.lines)} lines`);
          if (outside > 0) assert.ok(head.includes(`${n(outside)} `) && /outside/.test(head), `${shown}: the summary does not say ${n(outside)} outside`);
          if (run.command === 'report' || run.command === 'uniques') {
            const uniques = oracle.json('uniques').uniques as number;
            const headline = run.format === 'html' ? `>${n(uniques)}<` : `Unique installs: ${n(uniques)}`;
            assert.ok(stdout.includes(headline), `${shown}: does not show ${headline}`);
          }
        } else {
          const by = variant.expectation.by;
          const cells = csvCellsOf(oracle.json(run.command), run.command, by);
          if (cells !== null) {
            const difference = firstDifference(parseCsvSections(stdout), cells);
            assert.equal(difference, null, `${shown}: CSV differs from the oracle's rows at ${difference} ($[section][row][cell])`);
          }
        }
      });
    }
  });
}

describe('the peak-memory probe', () => {
  it('sees what the process itself used, not what the test process holds', async () => {
    // the forked test process holds 300 MiB (touched, so resident) while a child that allocates 200 MiB runs
    const ballast = Buffer.alloc(300 * MIB, 1);
    const big = await measureNode(['-e', 'globalThis.b = Buffer.alloc(200 * 2 ** 20, 1)']);
    const small = await measureNode(['-e', '0']);
    assert.equal(ballast[ballast.length - 1], 1);
    assert.ok(big.peakRssBytes! >= 200 * MIB && big.peakRssBytes! < 290 * MIB, `a 200 MiB child measured ${MiB(big.peakRssBytes)} MiB`);
    assert.ok(small.peakRssBytes! < 100 * MIB, `an empty child measured ${MiB(small.peakRssBytes)} MiB`);
  });
});
