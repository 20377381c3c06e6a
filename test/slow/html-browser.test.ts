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
  /** charts (.chart: an SVG, or the rows of a bar chart) that rendered with no size */
  emptyCharts: string[];
  /** marks without a non-empty <title> (SVG) or title attribute (a row of HTML) */
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
        // an SVG mark's <title>, or the title attribute of a row of HTML (the bar charts)
        const title = mark.querySelector(':scope > title')?.textContent ?? mark.getAttribute('title');
        if (!title?.trim()) untitledMarks++;
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
      const emptyCharts = [...document.querySelectorAll('.chart')]
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

// Issue #21 item 5, "a page for phones and dark rooms": the charts are read on a phone (the collector's live
// report) and in a dark room. Each page is opened at 390 px (a phone, touch) and 1280 px (a laptop), in the
// light and the dark scheme, with a screenshot of each in test-output/. The page fails on any chart text
// rendered under 11 CSS px (the size the browser draws, after any scaling of an SVG), on a page wider than
// the screen (horizontal scroll), on any text under 4.5:1 against its background (WCAG AA), and on a dark
// scheme whose screenshot equals the light one.

const MIN_CHART_TEXT = 11;
const MIN_CONTRAST = 4.5;

export interface LayoutFindings {
  /** the smallest text inside a chart, in CSS px as drawn, and which text it is */
  minChartText: number;
  smallestText: string;
  /** how many chart texts were measured */
  chartTexts: number;
  /** document.documentElement.scrollWidth */
  scrollWidth: number;
  /** the lowest contrast ratio of any text on the page (every table opened), and where */
  minContrast: number;
  lowestContrast: string;
  screenshot: Buffer;
}

export async function measureLayout(html: string, name: string, width: number, scheme: 'light' | 'dark'): Promise<LayoutFindings> {
  const file = `${OUTPUT}${name}.html`;
  await writeFile(file, html);
  const phone = width < 600;
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, isMobile: phone, hasTouch: phone });
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const text = await page.evaluate(() => {
      const ownText = (el: Element) => [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      let min = Number.POSITIVE_INFINITY;
      let smallest = '';
      let count = 0;
      for (const chart of document.querySelectorAll('.chart')) {
        for (const el of [chart, ...chart.querySelectorAll('*')]) {
          if (['title', 'desc', 'style'].includes(el.tagName.toLowerCase()) || !ownText(el)) continue;
          if (el.getClientRects().length === 0 || !el.checkVisibility({ visibilityProperty: true })) continue;
          let size = Number.parseFloat(getComputedStyle(el).fontSize);
          if (el instanceof SVGGraphicsElement) {
            // the size drawn: the font size in the SVG's user units times the SVG's scale on the screen
            const ctm = el.getScreenCTM();
            if (ctm) size *= Math.hypot(ctm.a, ctm.b);
          }
          count++;
          if (size < min) {
            min = size;
            smallest = `${chart.id}: ${JSON.stringify(el.textContent!.trim().slice(0, 40))} at ${Math.round(size * 100) / 100}px`;
          }
        }
      }
      return { min, smallest, count, scrollWidth: document.documentElement.scrollWidth };
    });
    const screenshot = await page.screenshot({ path: `${OUTPUT}${name}.png`, fullPage: true });
    // contrast with every table open: each text against the background it is drawn on
    const contrast = await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
      const rgb = (value: string): number[] | null => {
        const m = value.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/);
        if (!m) return null;
        return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
      };
      const luminance = ([r, g, b]: number[]) => {
        const channel = (c: number) => {
          const s = c / 255;
          return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const background = (start: Element | null): number[] => {
        for (let el = start; el; el = el.parentElement) {
          const colour = rgb(getComputedStyle(el).backgroundColor);
          if (colour && colour[3] > 0) return colour;
        }
        return [255, 255, 255, 1];
      };
      const ownText = (el: Element) => [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      let min = Number.POSITIVE_INFINITY;
      let where = '';
      for (const el of document.body.querySelectorAll('*')) {
        if (['title', 'desc', 'style'].includes(el.tagName.toLowerCase()) || !ownText(el)) continue;
        if (el.getClientRects().length === 0 || !el.checkVisibility({ visibilityProperty: true })) continue;
        const style = getComputedStyle(el);
        const svg = el instanceof SVGElement ? el.closest('svg') : null;
        const ink = rgb(svg ? style.fill : style.color);
        if (!ink) continue;
        let back: number[];
        const cell = el.previousElementSibling;
        if (svg && cell instanceof SVGRectElement && el.classList.contains('cell-label'))
          back = rgb(getComputedStyle(cell).fill) ?? background(svg.parentElement);
        else back = background(svg ? svg.parentElement : el);
        const [light, dark] = [luminance(ink), luminance(back)].sort((a, b) => b - a);
        const ratio = (light + 0.05) / (dark + 0.05);
        if (ratio < min) {
          min = ratio;
          where = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${JSON.stringify(el.textContent!.trim().slice(0, 30))}: ${style.fill !== 'none' && svg ? style.fill : style.color} on rgb(${back.slice(0, 3).join(',')})`;
        }
      }
      return { min, where };
    });
    return {
      minChartText: text.min,
      smallestText: text.smallest,
      chartTexts: text.count,
      scrollWidth: text.scrollWidth,
      minContrast: contrast.min,
      lowestContrast: contrast.where,
      screenshot,
    };
  } finally {
    await context.close();
  }
}

/** Every check of item 5 on one page, at both widths and in both schemes; returns the numbers for the record. */
export async function checkPhonesAndDarkRooms(html: string, name: string): Promise<Record<string, Omit<LayoutFindings, 'screenshot'>>> {
  const measured: Record<string, Omit<LayoutFindings, 'screenshot'>> = {};
  const failures: string[] = [];
  for (const width of [390, 1280]) {
    const shots: Partial<Record<'light' | 'dark', Buffer>> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const { screenshot, ...found } = await measureLayout(html, `${name}-${width}-${scheme}`, width, scheme);
      shots[scheme] = screenshot;
      measured[`${width} ${scheme}`] = found;
      const at = `${name} at ${width} px, ${scheme}`;
      if (found.chartTexts > 0 && !(found.minChartText >= MIN_CHART_TEXT)) failures.push(`${at}: chart text under ${MIN_CHART_TEXT} px: ${found.smallestText}`);
      if (found.scrollWidth > width) failures.push(`${at}: the page is ${found.scrollWidth} px wide (horizontal scroll)`);
      if (!(found.minContrast >= MIN_CONTRAST))
        failures.push(`${at}: contrast ${found.minContrast.toFixed(2)}:1 under ${MIN_CONTRAST}:1: ${found.lowestContrast}`);
    }
    if (shots.light!.equals(shots.dark!)) failures.push(`${name} at ${width} px: the dark scheme looks exactly like the light one`);
  }
  assert.deepEqual(failures, [], 'readable on a phone and in the dark');
  return measured;
}

/**
 * Every number behind a chart is reachable by keyboard and by tap, at 390 px on a touch screen: the
 * "Show the numbers" control under each chart is reached with Tab and opens with Enter, opens with a tap,
 * is at least 24 × 24 px (WCAG 2.5.8), and once open shows every mark's number as a visible table cell.
 */
export async function checkNumbersReachable(html: string, name: string): Promise<void> {
  const file = `${OUTPUT}${name}-reach.html`;
  await writeFile(file, html);
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('.chart')].map((chart) => {
        const summary = chart.closest('section')?.querySelector('details.numbers > summary');
        const box = summary?.getBoundingClientRect();
        return { chart: chart.id, section: chart.closest('section')?.id ?? '', size: box ? [box.width, box.height] : null };
      }),
    );
    assert.ok(charts.length > 0, 'the page has charts');
    for (const { chart, size } of charts) {
      assert.ok(size, `${chart}: a "Show the numbers" control`);
      assert.ok(size[0] >= 24 && size[1] >= 24, `${chart}: the control is ${size.join(' × ')} px, under 24 × 24`);
    }
    // keyboard: Tab through the page; every chart's control takes the focus, and Enter opens it
    const reached = new Set<string>();
    for (let press = 0; press < 200 && reached.size < charts.length; press++) {
      await page.keyboard.press('Tab');
      const section = await page.evaluate(() => {
        const focused = document.activeElement;
        return focused?.matches('details.numbers > summary') && focused.parentElement === focused.closest('section')?.querySelector('details.numbers')
          ? focused.closest('section')!.id
          : null;
      });
      if (section && !reached.has(section)) {
        reached.add(section);
        await page.keyboard.press('Enter');
        assert.ok(
          await page.evaluate((id) => document.querySelector<HTMLDetailsElement>(`#${id} details.numbers`)!.open, section),
          `${section}: Enter opens the numbers`,
        );
      }
    }
    assert.deepEqual([...reached].sort(), [...new Set(charts.map((c) => c.section))].sort(), 'every chart’s numbers are reached with Tab');
    // tap: close them all, then open each with a tap
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = false;
    });
    for (const section of new Set(charts.map((c) => c.section))) {
      await page.tap(`#${section} details.numbers > summary`);
      assert.ok(
        await page.evaluate((id) => document.querySelector<HTMLDetailsElement>(`#${id} details.numbers`)!.open, section),
        `${section}: a tap opens the numbers`,
      );
    }
    const hidden = await page.evaluate(() => {
      const missing: string[] = [];
      for (const mark of document.querySelectorAll('[data-mark]')) {
        const row = [...(mark.closest('section')?.querySelectorAll('tbody tr') ?? [])].find(
          (tr) => tr.getAttribute('data-key') === mark.getAttribute('data-key'),
        );
        const cell = row && [...row.children].find((td) => td.getAttribute('data-field') === mark.getAttribute('data-field'));
        if (!cell || cell.getClientRects().length === 0 || !cell.checkVisibility())
          missing.push(`${mark.getAttribute('data-mark')} ${mark.getAttribute('data-key')}`);
      }
      return missing;
    });
    assert.deepEqual(hidden.slice(0, 5), [], `${hidden.length} marks whose number is not on screen once the tables are open`);
  } finally {
    await context.close();
  }
}

for (const [label, page] of [
  ['a year by week (hostile names)', () => renderHtml(sample('week', true), { generatedAt: '2026-01-05 09:00 UTC' })],
  ['a year by day', () => renderHtml(sample('day'))],
  ['the bundled sample from the CLI, by day', () => cli(['report', 'fixtures/telemetry.jsonl', '--format', 'html'])],
] as const) {
  const name = `phone-${label
    .split(' ')
    .slice(0, 4)
    .join('-')
    .replace(/[^a-z0-9-]/gi, '')}`;
  test(`phones and dark rooms: ${label} at 390 and 1280 px, light and dark (screenshots: test-output/${name}-*.png)`, async (t) => {
    const html = page();
    const measured = await checkPhonesAndDarkRooms(html, name);
    for (const [at, found] of Object.entries(measured)) {
      t.diagnostic(
        `${at}: min chart text ${found.minChartText.toFixed(2)} px (${found.chartTexts} texts), scrollWidth ${found.scrollWidth}, min contrast ${found.minContrast.toFixed(2)}:1 (${found.lowestContrast})`,
      );
    }
    await checkNumbersReachable(html, name);
  });
}

test('the phone and dark-room checks fail on a page drawn the old way: a scaled-down chart, overflow, no dark scheme, faint text', async () => {
  const page = (head: string, body: string) =>
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title><style>${head}</style></head><body>${body}</body></html>\n`;
  const dark = '@media (prefers-color-scheme: dark) { body { background: #111; color: #eee; } svg text { fill: #eee; } }';
  const fails = async (html: string, name: string, expected: string) => {
    await assert.rejects(checkPhonesAndDarkRooms(html, name), (error: assert.AssertionError) => {
      const failures = error.actual as string[];
      assert.ok(Array.isArray(failures), `${name}: ${error}`);
      assert.ok(
        failures.some((failure) => failure.includes(expected)),
        `${name}: expected a failure saying "${expected}", got ${JSON.stringify(failures)}`,
      );
      return true;
    });
  };
  // main's page before issue #21: every chart a 960-wide drawing scaled to the page, 11px labels drawn at about 4px on a phone
  await fails(
    page(dark, '<svg class="chart" viewBox="0 0 960 120" width="100%"><text x="10" y="60" style="font-size:11px">1.5k</text></svg>'),
    'check-scaled',
    'chart text under 11 px',
  );
  await fails(page(dark, '<div class="chart" style="width:700px">a wide chart</div>'), 'check-overflow', 'horizontal scroll');
  await fails(page('', '<div class="chart" style="font-size:13px">no dark scheme</div>'), 'check-no-dark', 'the dark scheme looks exactly like the light one');
  await fails(page(dark, '<p style="color:#bbb">faint</p><div class="chart">x</div>'), 'check-contrast', 'under 4.5:1');
});
