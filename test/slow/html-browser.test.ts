// The HTML report in a real browser (issue 5: "a test opens the generated page in headless
// Chromium … checks that every chart rendered with the right number of marks for a fixture, that
// nothing was requested from the network and that the console has no errors, and saves a
// screenshot under the test output"). The browser is Debian's /usr/bin/chromium when installed, else
// the one the devDependency @sparticuz/chromium ships inside its npm package (support/browser.ts,
// issue 9 item 5), so a plain `npm ci && npm test` runs it; it fails, not skips, without a browser.
//
// The checks live in checkPage(html, expected), which takes the page as a string, so the same
// checks can run on the CLI's `report --format html` output once it exists.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import type { PeriodRow, Report } from '../../src/core/report.js';
import { renderHtml } from '../../src/render/html.js';
import { toJson } from '../../src/render/json.js';
import { expectedMarks } from '../support/expected-marks.js';
import { HOSTILE_VERSION, sampleReport } from '../fixtures-html/sample-report.js';

// dist/test/slow/html-browser.test.js → the project's test-output/ (gitignored).
const OUTPUT = fileURLToPath(new URL('../../../test-output/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let browser: Browser;

before(async () => {
  browser = await launchChromium();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
});

export interface PageFindings {
  /** marks per data-mark name */
  marks: Record<string, number>;
  /** URLs requested other than the page itself */
  requests: string[];
  /** console errors and uncaught page errors */
  errors: string[];
  /** charts (svg.chart) that rendered with no size */
  emptyCharts: string[];
  /** marks without a non-empty <title> */
  untitledMarks: number;
  /** marks whose data-value differs from the cell of their row and field in the section's table */
  mismatches: string[];
  /** table cells a chart should draw (their field is one the chart's marks show) but has no mark for */
  unmarkedCells: string[];
  scripts: number;
  title: string;
  /** the numbers of every table: section id → row key → field → data-value */
  tables: Record<string, Record<string, Record<string, string>>>;
}

/**
 * Opens `html` from a file in headless Chromium, saves a full-page screenshot as `name`.png in
 * test-output/ and reports what it found. The page is loaded from a file so that any request for
 * anything else (a font, an image, a stylesheet) shows up as a second request.
 */
export async function inspectPage(html: string, name: string): Promise<PageFindings> {
  const file = `${OUTPUT}${name}.html`;
  await writeFile(file, html);
  const pageUrl = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== pageUrl) requests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  try {
    await page.goto(pageUrl, { waitUntil: 'load' });
    const found = await page.evaluate(() => {
      const marks: Record<string, number> = {};
      let untitledMarks = 0;
      const mismatches: string[] = [];
      for (const mark of document.querySelectorAll('[data-mark]')) {
        const name = mark.getAttribute('data-mark')!;
        marks[name] = (marks[name] ?? 0) + 1;
        const title = mark.querySelector(':scope > title');
        if (!title?.textContent?.trim()) untitledMarks++;
        // The number a mark draws must be the one its table row holds.
        const section = mark.closest('section');
        const key = mark.getAttribute('data-key');
        const field = mark.getAttribute('data-field');
        const row = [...(section?.querySelectorAll('tbody tr') ?? [])].find((tr) => tr.getAttribute('data-key') === key);
        const cell = row && [...row.children].find((td) => td.getAttribute('data-field') === field);
        if (!cell || cell.getAttribute('data-value') !== mark.getAttribute('data-value')) {
          mismatches.push(`${name} ${key} ${field}: mark ${mark.getAttribute('data-value')}, table ${cell?.getAttribute('data-value')}`);
        }
      }
      // The other way round: every row of a chart's table has a mark for each field the chart
      // draws, so no number is left out of a chart.
      const unmarkedCells: string[] = [];
      for (const section of document.querySelectorAll('section')) {
        const sectionMarks = [...section.querySelectorAll('[data-mark]')];
        const drawn = new Set(sectionMarks.map((mark) => `${mark.getAttribute('data-key')}\u0000${mark.getAttribute('data-field')}`));
        const fields = new Set(sectionMarks.map((mark) => mark.getAttribute('data-field')));
        [...section.querySelectorAll('tbody tr')].forEach((tr) => {
          for (const cell of tr.querySelectorAll('[data-field]')) {
            const field = cell.getAttribute('data-field');
            if (fields.has(field) && !drawn.has(`${tr.getAttribute('data-key')}\u0000${field}`)) {
              unmarkedCells.push(`${section.id} ${tr.getAttribute('data-key')} ${field}`);
            }
          }
        });
      }
      const emptyCharts = [...document.querySelectorAll('svg.chart')]
        .filter((svg) => {
          const box = svg.getBoundingClientRect();
          return !(box.width > 100 && box.height > 50);
        })
        .map((svg) => svg.id);
      const tables: Record<string, Record<string, Record<string, string>>> = {};
      for (const section of document.querySelectorAll('section[id]')) {
        for (const tr of section.querySelectorAll('tbody tr')) {
          const row: Record<string, string> = {};
          for (const cell of tr.querySelectorAll('[data-field]')) row[cell.getAttribute('data-field')!] = cell.getAttribute('data-value')!;
          (tables[section.id] ??= {})[tr.getAttribute('data-key')!] = row;
        }
      }
      return { marks, untitledMarks, mismatches, unmarkedCells, emptyCharts, tables, scripts: document.scripts.length, title: document.title };
    });
    await page.screenshot({ path: `${OUTPUT}${name}.png`, fullPage: true });
    return { ...found, requests, errors };
  } finally {
    await context.close();
  }
}

/**
 * The checks every generated page must pass. Without `expected` (e.g. for the CLI's output) the
 * page's own tables say how many marks each chart needs; with it, the counts must also match.
 */
export async function checkPage(html: string, name: string, expected?: Record<string, number>): Promise<PageFindings> {
  const findings = await inspectPage(html, name);
  assert.deepEqual(findings.requests, [], 'the page requested nothing but itself');
  assert.deepEqual(findings.errors, [], 'no console or page errors');
  assert.equal(findings.scripts, 0, 'no <script> in the page');
  assert.deepEqual(findings.emptyCharts, [], 'every chart rendered with a size');
  assert.equal(findings.untitledMarks, 0, 'every mark has a hover title');
  assert.deepEqual(findings.mismatches, [], 'every mark shows the number of its table row');
  assert.deepEqual(findings.unmarkedCells, [], 'every table row the chart covers has its mark');
  if (expected) assert.deepEqual(findings.marks, expected, 'marks per chart');
  return findings;
}

function sample(by: 'day' | 'week', hostile = false): Report {
  return sampleReport({ days: 364, by, hostile });
}

test('a year by week: every chart has its marks, no request, no error (screenshot: test-output/report.png)', async () => {
  const report = sample('week', true);
  const expected = expectedMarks(toJson(report));
  // A year in ISO weeks: 52 periods, and a retention triangle of 52 cohorts.
  assert.equal(expected['trend-events'], 52);
  assert.equal(expected.retention, (52 * 53) / 2);
  const findings = await checkPage(renderHtml(report, { generatedAt: '2026-01-05 09:00 UTC' }), 'report', expected);
  assert.equal(findings.title, 'BAZINGA telemetry report');
});

test('a year by day: 364 periods still render, one mark each', async () => {
  const report = sample('day');
  await checkPage(renderHtml(report), 'report-daily', expectedMarks(toJson(report)));
});

test('a version that is HTML shows as text and runs nothing', async () => {
  const report = sample('week', true);
  const findings = await inspectPage(renderHtml(report), 'report-hostile');
  assert.equal(findings.scripts, 0);
  assert.deepEqual(findings.errors, []);
  assert.deepEqual(findings.requests, [], 'an <img> in a command name would have requested its src');
  assert.ok(report.versions!.rows.some((row) => row.version === HOSTILE_VERSION));
  // …and it is on the page as text, with its numbers.
  assert.equal(findings.tables.versions[HOSTILE_VERSION]?.current, '0');
});

test('a report with no events: a clear page, no charts', async () => {
  const report: Report = {
    settings: {
      tz: 'Europe/Berlin',
      window: { since: '2000-01-01', until: null },
      by: 'week',
      since: '2025-11-01',
      until: null,
      commands: [],
      versions: [],
      excludedInstalls: 0,
    },
    input: { files: 1, lines: 3, events: 0, blank: 1, invalid: 2, outside: 0, filtered: 0 },
    uniques: 0,
    periods: [],
    versions: { latest: null, rows: [] },
    commands: [],
  };
  const findings = await checkPage(renderHtml(report), 'report-empty', {});
  assert.deepEqual(findings.marks, {});
});

/** Runs the built CLI from the project root; stdout must be the whole output. */
function cli(args: string[]): string {
  const run = spawnSync(process.execPath, ['bin/bazinga-stats.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, `bazinga-stats ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

const str = (value: unknown) => String(value);

for (const by of ['day', 'week', 'month'] as const) {
  test(`the CLI's page for the bundled sample, --by ${by}: marks and every number as in --format json`, async () => {
    const sample = 'fixtures/telemetry.jsonl';
    const html = cli(['report', sample, '--by', by, '--format', 'html']);
    const report = JSON.parse(cli(['report', sample, '--by', by, '--format', 'json']));
    const { upgrades } = JSON.parse(cli(['upgrades', sample, '--format', 'json']));
    const { retention } = JSON.parse(cli(['retention', sample, '--format', 'json']));
    // issue #13's charts: what to expect comes from each command's own JSON
    const { adoption } = JSON.parse(cli(['adoption', sample, '--by', by, '--format', 'json']));
    const { active } = JSON.parse(cli(['active', sample, '--by', by, '--format', 'json']));
    const { activation } = JSON.parse(cli(['activation', sample, '--by', by, '--format', 'json']));
    const periodRows: Record<string, unknown>[] = report[{ day: 'daily', week: 'weekly', month: 'monthly' }[by]];
    const periods = periodRows.map(({ date, period, ...numbers }) => ({ period: date ?? period, ...numbers })) as unknown as PeriodRow[];
    const _asReport: Report = {
      settings: { tz: 'UTC', window: { since: '2000-01-01', until: null }, by, since: null, until: null, commands: [], versions: [], excludedInstalls: 0 },
      input: report.input,
      uniques: report.uniques,
      periods,
      versions: { latest: report.latest, rows: report.versions },
      commands: report.commands,
      upgrades,
      retention,
    };

    const expected = expectedMarks({ ...report, upgrades, retention, adoption, active, activation });
    assert.ok(expected.adoption > 0 && expected['active-mau'] > 0 && expected.activation > 0, 'the sample has adoption, active and activation marks');
    const findings = await checkPage(html, `report-cli-${by}`, expected);
    const tables = findings.tables;
    for (const row of periods) {
      for (const field of ['events', 'installs', 'new', 'returning', 'resurrecting', 'dormant', 'total'] as const) {
        assert.equal(tables['over-time'][row.period][field], str(row[field]), `${row.period} ${field}`);
      }
    }
    assert.equal(Object.keys(tables['over-time']).length, periods.length);
    for (const row of report.versions) {
      assert.deepEqual(tables.versions[row.version], {
        current: str(row.current),
        share: str(row.share),
        installs: str(row.installs),
        events: str(row.events),
      });
    }
    for (const row of report.commands) {
      assert.deepEqual(tables.commands[row.command], { events: str(row.events), installs: str(row.installs) });
    }
    for (const row of upgrades) {
      assert.deepEqual(tables.upgrades[`${row.from} → ${row.to}`], { installs: str(row.installs), downgrade: str(row.downgrade) });
    }
    for (const row of retention) {
      const expected: Record<string, string> = { installs: str(row.installs) };
      row.active.forEach((active: number, k: number) => (expected[`week-${k}`] = str(active)));
      assert.deepEqual(tables.retention[row.cohort], expected);
    }
    for (const row of adoption.periods) {
      const expectedRow: Record<string, string> = { active: str(row.active), other: str(row.other) };
      adoption.top.forEach((version: string, i: number) => (expectedRow[version] = str(row.installs[i])));
      assert.deepEqual(tables.adoption[row.period], expectedRow, `adoption ${row.period}`);
    }
    for (const row of active.rows) {
      assert.deepEqual(tables.active[row.period], { dau: str(row.dau), wau: str(row.wau), mau: str(row.mau) }, `active ${row.period}`);
    }
    for (const row of activation.rows) {
      assert.deepEqual(
        tables.activation[row.cohort],
        { installs: str(row.installs), converted: str(row.converted), share: str(row.share) },
        `activation ${row.cohort}`,
      );
    }
    assert.ok(html.includes(`<div class="figure-value">${report.uniques}</div>`), 'installs = uniques');
  });
}
