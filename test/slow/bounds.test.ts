// The last unbounded outputs (issue #9): a span of centuries must not make retention square in memory, and
// the small QA finds around it. Subprocess tests run the built CLI as a user would.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../../src/core/analyzer.js';
import { eventLine, runCli, scratchDir, writeInput } from '../support/cli.js';

const TODAY = { BAZINGA_STATS_TODAY: '2026-11-30' };
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const year = (y: number) => String(y).padStart(4, '0');

/** One install per year from 0001 to 9999, each also active a week later: 520,000 weekly cohorts. */
function everyYear(): string {
  const lines: string[] = [];
  for (let y = 1; y <= 9999; y++) {
    lines.push(eventLine(uuid(y), 'init', '1.0.0', `${year(y)}-03-01T10:00:00`));
    lines.push(eventLine(uuid(y), 'status', '1.0.0', `${year(y)}-03-09T10:00:00`));
  }
  return lines.join('\n') + '\n';
}

const dir = scratchDir();
const centuries = writeInput(dir, 'centuries.jsonl', everyYear());
// a small heap: the whole triangle of 520,000 weeks (1.35e11 cells) would need terabytes
const SMALL_HEAP = ['--max-old-space-size=256'];

test('retention over 0001..9999 with --window ..: the human formats compute only the latest 52 cohorts', () => {
  for (const format of ['table', 'markdown', 'html']) {
    const { code, stdout, stderr } = runCli(['retention', '--window', '..', '--format', format, centuries], { env: TODAY, nodeArgs: SMALL_HEAP });
    assert.equal(code, 0, `${format}: ${stderr.slice(0, 300)}`);
    assert.ok(stdout.length < 2_000_000, `${format}: ${stdout.length} bytes`);
    assert.match(stdout, /Showing the latest 52 of 521,673 cohorts; JSON and CSV need a --window of at most 3,000 weeks\./, format);
    assert.ok(stdout.includes('9999-W10'), `${format}: the latest week, 9999-03-09`);
  }
  // the page's period charts, adoption, active and activation compute what they draw, not a row per day of the
  // 3.65M (issue #13: this took 22 s and 3.5 GB), so it runs in the same small heap
  for (const by of ['day', 'week', 'month']) {
    const { code, stdout, stderr } = runCli(['report', '--window', '..', '--format', 'html', '--by', by, centuries], { env: TODAY, nodeArgs: SMALL_HEAP });
    assert.equal(code, 0, `${by}: ${stderr.slice(0, 300)}`);
    assert.ok(stdout.length < 10_000_000, `${by}: ${stdout.length} bytes`);
    const periods = { day: '3,651,703 days', week: '521,673 weeks', month: '119,977 months' }[by]!;
    assert.ok(
      stdout.includes(`The charts and tables show the last `) && stdout.includes(` of ${periods}`),
      `${by}: the charts say how many periods they leave out`,
    );
    assert.ok(stdout.includes('The chart and its table show the last 1,000 of '), `${by}: adoption says it shows the latest rows`);
  }
});

// Issue #13's sections on the same input: each finishes in a small heap with bounded output, or, when every row
// is asked for (JSON, CSV) and there are more than 200,000, refuses in one line before computing them.
const ANALYTICS = ['adoption', 'active', 'activation', 'churn'] as const;
const SPANS = {
  day: ['3,651,703 days', '0001-03-01', '9999-03-09'],
  week: ['521,673 weeks', '0001-W09', '9999-W10'],
  month: ['119,977 months', '0001-03', '9999-03'],
} as const;

for (const by of ['day', 'week', 'month'] as const) {
  test(`adoption, active, activation, churn over 0001..9999 with --window .. --by ${by}: bounded in every format, or one line`, () => {
    for (const command of ANALYTICS) {
      for (const format of ['table', 'markdown', 'html', 'json', 'csv']) {
        const shown = `${command} --by ${by} --format ${format}`;
        const { code, stdout, stderr } = runCli([command, '--window', '..', '--by', by, '--format', format, centuries], { env: TODAY, nodeArgs: SMALL_HEAP });
        const [count, first, last] = SPANS[by];
        if ((format === 'json' || format === 'csv') && by !== 'month') {
          assert.equal(code, 2, `${shown}: ${stderr.slice(0, 300)}`);
          assert.equal(stdout, '');
          const coarser = by === 'day' ? 'use --by week or month, or ' : 'use --by month, or ';
          assert.equal(
            stderr,
            `bazinga-stats: --window ..: ${command} over ${count} from ${first} to ${last} is more than JSON and CSV hold (200,000 rows); ` +
              `narrow --window, or ${coarser}a table, markdown or html format (they show the latest 1,000)\n`,
            shown,
          );
          continue;
        }
        assert.equal(code, 0, `${shown}: ${stderr.slice(0, 300)}`);
        assert.equal(stderr, '', shown);
        if (format === 'json') {
          // by month every one of the 119,977 rows is there, the last one as of the data's last day
          const section = JSON.parse(stdout)[command];
          const rows = command === 'adoption' ? section.periods : section.rows;
          assert.equal(rows.length, 119_977, shown);
          assert.equal(rows.at(-1)[command === 'activation' ? 'cohort' : 'period'], '9999-03', shown);
          continue;
        }
        if (format === 'csv') {
          assert.ok(stdout.length < 8_000_000, `${shown}: ${stdout.length} bytes`);
          continue;
        }
        assert.ok(stdout.length < 2_000_000, `${shown}: ${stdout.length} bytes`);
        const what = command === 'activation' ? count.replace(/days|weeks|months/, 'cohorts') : count;
        const line = format === 'html' ? 'The chart and its table show the last 1,000 of ' : `Showing the latest 1,000 of ${what}; JSON and CSV `;
        // churn is not on the page
        if (!(format === 'html' && command === 'churn')) assert.ok(stdout.includes(line), `${shown}: says it shows the latest 1,000 rows`);
        assert.ok(stdout.includes(last) || format === 'html', `${shown}: the latest period, ${last}`);
      }
    }
  });
}

test('quality over 0001..9999 with --window ..: every format in a small heap', () => {
  for (const format of ['table', 'markdown', 'html', 'json', 'csv']) {
    const { code, stdout, stderr } = runCli(['quality', '--window', '..', '--format', format, centuries], { env: TODAY, nodeArgs: SMALL_HEAP });
    assert.equal(code, 0, `${format}: ${stderr.slice(0, 300)}`);
    assert.ok(stdout.length < 100_000, `${format}: ${stdout.length} bytes`);
  }
});

/** Runs the analysis of `bytes` in memory. */
function analyzeBytes(bytes: Buffer, options: ConstructorParameters<typeof Analyzer>[0]) {
  const analyzer = new Analyzer({ today: '2026-11-30', window: '..', ...options });
  analyzer.beginInput('log');
  analyzer.push(bytes);
  analyzer.endInput();
  return analyzer.finish();
}

/** Installs over ~250 years, most in bursts a few years apart, so that runs of empty periods and churn abound. */
function scattered(): Buffer {
  const lines: string[] = [];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const day0 = Date.UTC(1780, 0, 1);
  for (let i = 0; i < 400; i++) {
    const start = day0 + Math.floor(random() * 90_000) * 86400000;
    const versions = ['1.0.0', '1.1.0', '2.0.0', '2.1.0', '3.0.0', 'dev'];
    for (let k = 0, at = start; k < 1 + (i % 7); k++, at += Math.floor(random() * (k % 3 === 0 ? 200 : 9)) * 86400000 + 3600000) {
      const command = k === 0 || random() < 0.2 ? 'init' : 'update';
      lines.push(eventLine(uuid(i), command, versions[Math.floor(random() * versions.length)], new Date(at).toISOString().slice(0, 19)));
    }
  }
  return Buffer.from(lines.join('\n') + '\n');
}

test('the latest rows of adoption, active, activation and churn are the last rows of the whole, numbers and all', () => {
  const bytes = scattered();
  for (const by of ['day', 'week', 'month'] as const) {
    for (const latest of [1, 40, 1000]) {
      const sections = ['adoption', 'active', 'activation', 'churn'] as const;
      const whole = analyzeBytes(bytes, { sections: [...sections], by, latestPeriods: null });
      const cut = analyzeBytes(bytes, { sections: [...sections], by, latestPeriods: latest });
      const rowsOf = (r: typeof whole) => ({ adoption: r.adoption!.periods, active: r.active!.rows, activation: r.activation!.rows, churn: r.churn!.rows });
      const all = rowsOf(whole);
      const last = rowsOf(cut);
      for (const section of sections) {
        const n = all[section].length;
        assert.ok(n > latest, `${by}: ${section} has ${n} rows`);
        assert.deepEqual(last[section], all[section].slice(n - latest), `${by} latest ${latest}: ${section}`);
        assert.equal(cut[`${section}Earlier`], n - latest, `${by}: ${section} counts the rows left out`);
        assert.equal(whole[`${section}Earlier`], 0);
      }
      // what is not per row is the same
      assert.deepEqual(cut.adoption!.top, whole.adoption!.top);
      assert.deepEqual(cut.adoption!.releases, whole.adoption!.releases);
      assert.deepEqual([cut.active!.l7, cut.active!.l28, cut.active!.asOf], [whole.active!.l7, whole.active!.l28, whole.active!.asOf]);
    }
  }
});

test('the period section for people: the runs of empty periods left out are those the renderer collapses', async () => {
  const { collapseEmptyPeriods, shownPeriods } = await import('../../src/render/shown.js');
  // ~250 years: over 65,536 days, so by day the empty days are never made; by week and month every row is made
  const bytes = scattered();
  for (const by of ['day', 'week', 'month'] as const) {
    const whole = analyzeBytes(bytes, { sections: ['periods'], by });
    const people = analyzeBytes(bytes, { sections: ['periods'], by, collapseEmptyRuns: 6 });
    assert.equal(whole.periodGaps, undefined);
    assert.ok(people.periodGaps!.length > 10, `${by}: ${people.periodGaps!.length} gaps`);
    assert.deepEqual(shownPeriods(people.periods!, by, people.periodGaps), collapseEmptyPeriods(whole.periods!, by), by);
  }
});

test('retention over 0001..9999 as JSON or CSV: one line naming --window, exit 2, no crash', () => {
  for (const format of ['json', 'csv']) {
    const { code, stdout, stderr } = runCli(['retention', '--window', '..', '--format', format, centuries], { env: TODAY, nodeArgs: SMALL_HEAP });
    assert.equal(code, 2, `${format}: ${stderr.slice(0, 300)}`);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'bazinga-stats: --window ..: retention from 0001-W09 to 9999-W10 is more than 3,000 weeks of cohorts, too many for the whole ' +
        'triangle in JSON or CSV; narrow --window (e.g. --window 2000-01-01..), or use a table, markdown or html format (they show the latest cohorts)\n',
    );
  }
  // within the limit JSON has every cohort: 2000..2026 is ~1,400 weeks
  const { code, stdout } = runCli(['retention', '--window', '2000-01-01..2026-12-31', '--format', 'json', centuries], { env: TODAY });
  assert.equal(code, 0);
  const rows = JSON.parse(stdout).retention as { cohort: string }[];
  assert.equal(rows[0].cohort, '2000-W09');
  assert.equal(rows.at(-1)!.cohort, '2026-W11');
});

test('the latest cohorts alone are the last rows of the whole triangle, numbers and all', () => {
  // 300 weeks of installs, each active on a few later weeks
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) {
    const start = Date.UTC(2020, 0, 1) + i * 3.5 * 86400000;
    for (const later of [0, 7, 7 * (i % 13), 7 * (i % 40)]) {
      lines.push(eventLine(uuid(i), 'init', '1.0.0', new Date(start + later * 86400000).toISOString().slice(0, 19)));
    }
  }
  const bytes = Buffer.from(lines.join('\n') + '\n');
  const run = (retentionCohorts: number | null) => {
    const analyzer = new Analyzer({ sections: ['retention'], today: '2026-11-30', retentionCohorts });
    analyzer.beginInput('log');
    analyzer.push(bytes);
    analyzer.endInput();
    return analyzer.finish();
  };
  const whole = run(null);
  const latest = run(52);
  assert.ok(whole.retention!.length > 300);
  assert.equal(whole.retentionEarlier, 0);
  assert.equal(latest.retentionEarlier, whole.retention!.length - 52);
  assert.deepEqual(latest.retention, whole.retention!.slice(-52));
});

test('daily over 0001..9999 as JSON: one line naming --window and --by, exit 2, not "Invalid string length"', () => {
  const { code, stdout, stderr } = runCli(['daily', '--window', '..', '--format', 'json', centuries], { env: TODAY });
  assert.equal(code, 2, stderr.slice(0, 300));
  assert.equal(stdout, '');
  assert.equal(
    stderr,
    'bazinga-stats: --window ..: 3,651,703 days from 0001-03-01 to 9999-03-09 are more than JSON holds (1,000,000 rows); ' +
      'narrow --window, or use --by week or month, or --format csv\n',
  );
});

test('-o refuses to overwrite an input, by any name (a symlink), and leaves it whole', async () => {
  const { readFileSync, symlinkSync } = await import('node:fs');
  const { join } = await import('node:path');
  const log = eventLine(uuid(1), 'init', '1.0.0', '2025-11-03T09:14:22') + '\n';
  const input = writeInput(dir, 'own.jsonl', log);
  const link = join(dir, 'own-link.jsonl');
  symlinkSync(input, link);
  for (const [output, args] of [
    [input, [input]],
    [link, [input]],
    [input, ['-', link]],
  ] as const) {
    const { code, stdout, stderr } = runCli(['report', '--format', 'json', '-o', output, ...args], { env: TODAY, input: log });
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    const named = args.find((a) => a !== '-');
    assert.equal(stderr, `bazinga-stats: -o ${output}: is the input ${named}; the report would replace it (write the report to another file)\n`);
    assert.equal(readFileSync(input, 'utf8'), log, 'the log is untouched');
  }
  // the exclude list is an input too
  const exclude = writeInput(dir, 'exclude.txt', `${uuid(2)}\n`);
  const excluded = runCli(['uniques', '--exclude-installs', exclude, '-o', exclude, input], { env: TODAY });
  assert.equal(excluded.code, 2);
  assert.match(excluded.stderr, /^bazinga-stats: -o .*exclude\.txt: is the input .*exclude\.txt;/);
  // another file is written as before
  const report = join(dir, 'report.json');
  assert.equal(runCli(['uniques', '--format', 'json', '-o', report, input], { env: TODAY }).code, 0);
  assert.equal(JSON.parse(readFileSync(report, 'utf8')).uniques, 1);
});

test('--help says that -V or --version prints the version and names the filter --release; -V does', () => {
  const help = runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout.replace(/\s+/g, ' '), /-V, --version print bazinga-stats' own version \(the version filter is --release\)/);
  const version = runCli(['-V']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('--window with an impossible date says the date is not a date', () => {
  for (const [window, end] of [
    ['2026-13-01..', '2026-13-01'],
    ['..2026-02-30', '2026-02-30'],
  ]) {
    const { code, stderr } = runCli(['uniques', '--window', window, 'fixtures/telemetry.jsonl'], { env: TODAY });
    assert.equal(code, 2);
    assert.equal(stderr, `bazinga-stats: --window: '${end}' in '${window}' is not a date (use YYYY-MM-DD)\n`);
  }
  // a wrong shape still says FROM..TO
  assert.match(runCli(['uniques', '--window', '2026..', 'fixtures/telemetry.jsonl'], { env: TODAY }).stderr, /is not FROM\.\.TO/);
});

test('BAZINGA_STATS_TODAY before 2000 is a clear error, not a default window that ends before it starts', () => {
  const { code, stdout, stderr } = runCli(['uniques', 'fixtures/telemetry.jsonl'], { env: { BAZINGA_STATS_TODAY: '0000-01-01' } });
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.equal(
    stderr,
    "bazinga-stats: BAZINGA_STATS_TODAY: today '0000-01-01' is before 2000-01-01, where the default window starts (use a real date, or --window FROM..TO)\n",
  );
  // an explicit window needs no default
  assert.equal(runCli(['uniques', '--window', '..', 'fixtures/telemetry.jsonl'], { env: { BAZINGA_STATS_TODAY: '0000-01-01' } }).code, 0);
});

test('the stderr count line groups thousands and says "1 of 1 line"', () => {
  const many = runCli(['uniques', '-'], { env: TODAY, input: 'junk\n'.repeat(1500) });
  assert.equal(many.code, 0);
  // then the line that says no line is a JSON object (issue #21)
  const hint =
    "bazinga-stats: no line of the input is a JSON object; bazinga-stats reads JSON Lines, one object a line (a JSON array converts with jq -c '.[]')";
  assert.deepEqual(many.stderr.split('\n').slice(-3), ['bazinga-stats: 1,500 of 1,500 lines invalid (first 10 shown)', hint, '']);
  const one = runCli(['uniques', '-'], { env: TODAY, input: 'junk\n' });
  assert.equal(one.stderr, `<stdin>:1: not valid JSON\nbazinga-stats: 1 of 1 line invalid\n${hint}\n`);
  const outside = runCli(['uniques', '-'], { env: TODAY, input: eventLine(uuid(1), 'init', '1.0.0', '1970-01-01T00:00:00') + '\n' });
  assert.equal(outside.stderr.split('\n').at(-2), 'bazinga-stats: 1 of 1 line outside the window 2000-01-01..2026-12-01');
});

test('collect --window ..: the live HTML report over 0001..9999 computes only the latest cohorts', async () => {
  const { copyFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { fetchReport, startCollector } = await import('../support/collector.js');
  const log = join(dir, 'live.jsonl');
  copyFileSync(centuries, log);
  const token = 'bounds-test-token-0123456789abcdef';
  const c = await startCollector(['--log', log, '--port', '0', '--window', '..', '--report-token', token], TODAY);
  try {
    // the live report loads in the background (issue #23): fetchReport waits until it is ready
    const response = await fetchReport(c.url, token);
    const html = await response.text();
    assert.equal(response.status, 200, html.slice(0, 300));
    assert.ok(html.includes('Showing the latest 52 of 521,673 cohorts'));
  } finally {
    c.child.kill('SIGTERM');
    await c.exited;
  }
});

test('weekLabel by arithmetic equals date-fns: every week 1899..2101, and every 37th week from 0001 to 9999', async () => {
  const { weekLabel, weekLabelByDateFns, weekOfDay } = await import('../../src/core/calendar.js');
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
  const check = (from: number, to: number, step: number) => {
    for (let week = from; week <= to; week += step) assert.equal(weekLabel(week), weekLabelByDateFns(week), `week ${week}`);
  };
  check(weekOfDay(day('1899-01-01')), weekOfDay(day('2101-12-31')), 1);
  check(weekOfDay(day('0001-01-01')), weekOfDay(day('9999-12-31')), 37);
});
