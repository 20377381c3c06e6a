// `--format html` as a string (issue 5): a self-contained page — no script, nothing fetched —
// whose every number is the report's, with user data escaped and missing sections left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '../src/core/report.js';
import { renderHtml } from '../src/render/html.js';
import { toJson } from '../src/render/json.js';
import { expectedMarks } from './support/expected-marks.js';

const EVIL_VERSION = '<script>alert(1)</script>';
const EVIL_COMMAND = '"><img src=x onerror=alert(2)>';

/** Four ISO weeks, three installs, worked out by hand: installs = new + returning + resurrecting on every row. */
function handReport(): Report {
  return {
    settings: {
      tz: 'Europe/Berlin',
      window: { since: '2000-01-01', until: null },
      by: 'week',
      since: '2025-11-03',
      until: null,
      commands: [],
      versions: ['1.*'],
      excludedInstalls: 2,
    },
    input: { files: 2, lines: 15, events: 13, blank: 1, invalid: 1, outside: 0, filtered: 1 },
    uniques: 3,
    periods: [
      { period: '2025-W45', events: 5, installs: 2, new: 2, returning: 0, resurrecting: 0, dormant: 0, total: 2, partial: false },
      { period: '2025-W46', events: 3, installs: 2, new: 1, returning: 1, resurrecting: 0, dormant: 1, total: 3, partial: false },
      { period: '2025-W47', events: 0, installs: 0, new: 0, returning: 0, resurrecting: 0, dormant: 2, total: 3, partial: false },
      { period: '2025-W48', events: 4, installs: 2, new: 0, returning: 0, resurrecting: 2, dormant: 0, total: 3, partial: false },
    ],
    versions: {
      latest: '1.10.0',
      rows: [
        { version: '1.9.0', events: 7, installs: 3, current: 1, share: 1 / 3 },
        { version: '1.10.0', events: 4, installs: 2, current: 2, share: 2 / 3 },
        { version: EVIL_VERSION, events: 1, installs: 1, current: 0, share: 0 },
      ],
    },
    commands: [
      { command: 'status', events: 8, installs: 2 },
      { command: 'init', events: 3, installs: 3 },
      { command: EVIL_COMMAND, events: 1, installs: 1 },
    ],
    upgrades: [
      { from: '1.9.0', to: '1.10.0', installs: 2, downgrade: false },
      { from: '1.10.0', to: '1.9.0', installs: 1, downgrade: true },
    ],
    retention: [
      { cohort: '2025-W45', installs: 2, active: [2, 1, 0, 1] },
      { cohort: '2025-W46', installs: 1, active: [1, 0, 1] },
    ],
  };
}

interface FoundMark {
  name: string;
  key: string;
  field: string;
  value: string;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function marksIn(html: string): FoundMark[] {
  const pattern = /data-mark="([^"]*)" data-key="([^"]*)" data-field="([^"]*)" data-value="([^"]*)"/g;
  return [...html.matchAll(pattern)].map(([, name, key, field, value]) => ({ name, key: unescapeHtml(key), field, value }));
}

function count(html: string, needle: string): number {
  return html.split(needle).length - 1;
}

test('self-contained: no script, no URL, no external resource', () => {
  const html = renderHtml(handReport(), { generatedAt: '2025-12-01T00:00:00Z' });
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /https?:/i);
  assert.doesNotMatch(html, /<(link|img|iframe|object|embed|image|use|foreignObject)\b/i);
  assert.doesNotMatch(html, /url\(|@import|@font-face/i);
  // Attribute names only: values are quoted, and escaping keeps a quote from ending one early.
  for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const names = tag.replace(/="[^"]*"/g, '=""');
    assert.doesNotMatch(names, /\s(src|srcset|xlink:href)=/i, tag);
    assert.doesNotMatch(names, /\son[a-z]+=/i, `no event handler attribute: ${tag}`);
    assert.doesNotMatch(tag, /\shref="(?!#)/i, `only in-page links: ${tag}`);
  }
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<meta charset="utf-8">/);
});

test('user data is escaped: a version and a command that are HTML show as text', () => {
  const html = renderHtml(handReport());
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(!html.includes(EVIL_COMMAND));
  // …and in attributes, where a quote would end the value.
  assert.ok(html.includes('data-key="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"'));
  const title = renderHtml(handReport(), { title: 'Q4 <b>& co</b>' });
  assert.ok(title.includes('<title>Q4 &lt;b&gt;&amp; co&lt;/b&gt;</title>'));
});

test('marks: one per number drawn, counted by hand', () => {
  const html = renderHtml(handReport());
  const byName = new Map<string, number>();
  for (const mark of marksIn(html)) byName.set(mark.name, (byName.get(mark.name) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(byName), {
    'trend-events': 4,
    'trend-installs': 4,
    'trend-new': 4,
    'trend-total': 4,
    'lifecycle-returning': 4,
    'lifecycle-resurrecting': 4,
    'lifecycle-new': 4,
    'lifecycle-dormant': 4,
    version: 3,
    command: 3,
    upgrade: 2,
    retention: 7,
  });
  assert.deepEqual(Object.fromEntries(byName), expectedMarks(toJson(handReport())));
  // Every mark carries its numbers for hover: an SVG <title>, first thing inside it, or the title of a row of HTML (bar charts).
  const total = [...byName.values()].reduce((a, b) => a + b);
  assert.equal(count(html, 'data-mark="'), total);
  assert.equal([...html.matchAll(/data-mark="[^"]*"[^>]*(?:><title>[^<]+<\/title>| title="[^"]+">)/g)].length, total);
});

test("marks: every number is the report's, exactly", () => {
  const report = handReport();
  const html = renderHtml(report);
  const periods = new Map(report.periods!.map((row) => [row.period, row]));
  const versions = new Map(report.versions!.rows.map((row) => [row.version, row]));
  const commands = new Map(report.commands!.map((row) => [row.command, row]));
  const upgrades = new Map(report.upgrades!.map((row) => [`${row.from} → ${row.to}`, row]));
  const cohorts = new Map(report.retention!.map((row) => [row.cohort, row]));
  for (const mark of marksIn(html)) {
    let expected: number | undefined;
    if (mark.name.startsWith('trend-') || mark.name.startsWith('lifecycle-')) {
      expected = (periods.get(mark.key) as unknown as Record<string, number>)[mark.field];
      assert.equal(
        mark.field,
        { 'trend-events': 'events', 'trend-installs': 'installs', 'trend-new': 'new', 'trend-total': 'total' }[mark.name] ??
          mark.name.slice('lifecycle-'.length),
      );
    } else if (mark.name === 'version') {
      assert.equal(mark.field, 'current');
      expected = versions.get(mark.key)!.current;
    } else if (mark.name === 'command') {
      assert.equal(mark.field, 'events');
      expected = commands.get(mark.key)!.events;
    } else if (mark.name === 'upgrade') {
      expected = upgrades.get(mark.key)!.installs;
    } else if (mark.name === 'retention') {
      expected = cohorts.get(mark.key)!.active[Number(mark.field.slice('week-'.length))];
    }
    assert.equal(mark.value, String(expected), `${mark.name} ${mark.key} ${mark.field}`);
  }
});

test('headline figures, settings and input counts are stated', () => {
  const html = renderHtml(handReport(), { generatedAt: '2025-12-01 08:00 UTC' });
  const figure = (id: string) => html.match(new RegExp(`data-figure="${id}"[^>]*>.*?<div class="figure-value">([^<]*)</div>`))?.[1];
  assert.equal(figure('installs'), '3');
  assert.equal(figure('events'), '12'); // 13 read, 1 filtered out
  assert.equal(figure('active-last'), '2');
  assert.equal(figure('new-last'), '0');
  assert.equal(figure('latest-share'), '66.7%');
  assert.ok(html.includes('0.6666666666666666'), 'the exact share is on the page');
  assert.ok(html.includes('generated 2025-12-01 08:00 UTC'));
  assert.match(html, /data-setting="tz"><dt>Time zone<\/dt><dd>Europe\/Berlin<\/dd>/);
  assert.match(html, /data-setting="by"><dt>Periods<\/dt><dd>ISO week/);
  assert.match(html, /data-setting="filters"><dt>Filters<\/dt><dd>since 2025-11-03; version 1\.\*; 2 installs excluded<\/dd>/);
  assert.match(
    html,
    /data-setting="input"><dt>Input<\/dt><dd>2 files, 15 lines: 13 events, 1 blank, 1 invalid; 0 events outside the window; 1 event filtered out<\/dd>/,
  );
  assert.match(html, /data-setting="window"><dt>Time window<\/dt><dd>[0-9-]*\.\.[0-9-]*<\/dd>/);
});

test('thousands are grouped, never rounded', () => {
  const report = handReport();
  report.uniques = 1234567;
  report.commands![0].events = 9876543;
  const html = renderHtml(report);
  assert.ok(html.includes('<div class="figure-value">1,234,567</div>'));
  assert.ok(html.includes('>9,876,543</td>'));
  assert.ok(html.includes('data-value="9876543"'));
});

test('the latest version is highlighted and downgrades are marked', () => {
  const html = renderHtml(handReport());
  assert.match(html, /class="bar version latest"/);
  assert.equal(count(html, 'class="bar version latest"'), 1);
  assert.match(html, /<span class="badge latest">latest<\/span>/);
  assert.equal(count(html, 'class="bar upgrade downgrade"'), 1);
  assert.match(html, /data-key="1\.10\.0 → 1\.9\.0"/);
  assert.match(html, /<td class="downgrade" data-field="downgrade" data-value="true">downgrade<\/td>/);
});

test('versions newest first in SemVer order (1.10.0 above 1.9.0, non-SemVer last), or in a given order', () => {
  const order = (html: string) =>
    marksIn(html)
      .filter((mark) => mark.name === 'version')
      .map((mark) => mark.key);
  assert.deepEqual(order(renderHtml(handReport())), ['1.10.0', '1.9.0', EVIL_VERSION]);
  assert.deepEqual(order(renderHtml(handReport(), { compareVersions: () => 0 })), ['1.9.0', '1.10.0', EVIL_VERSION]);
});

test('every chart has a title, axis labels and a table of its numbers', () => {
  const html = renderHtml(handReport());
  // SVG charts are named by their <title> and <desc>; the bar charts, rows of HTML, by two hidden paragraphs
  const svgCharts = [
    ...html.matchAll(
      /<svg class="chart[^"]*" id="([^"]+)"[^>]*aria-labelledby="\1-title \1-desc"[^>]*><title id="\1-title">[^<]+<\/title><desc id="\1-desc">[^<]+<\/desc>/g,
    ),
  ].map((m) => m[1]);
  const rowCharts = [
    ...html.matchAll(
      /<div class="chart bars" id="([^"]+)"[^>]*aria-labelledby="\1-title" aria-describedby="\1-desc"><p class="visually-hidden" id="\1-title">[^<]+<\/p><p class="visually-hidden" id="\1-desc">[^<]+<\/p>/g,
    ),
  ].map((m) => m[1]);
  assert.deepEqual(svgCharts, ['chart-trend', 'chart-lifecycle', 'chart-retention']);
  assert.deepEqual(rowCharts, ['chart-versions', 'chart-commands', 'chart-upgrades']);
  const charts = [...svgCharts, ...rowCharts];
  assert.equal(count(html, ' class="chart'), charts.length);
  // no chart is a drawing scaled to the page (issue #21 item 5): no viewBox but the stretched paths', whose text is none
  for (const svg of html.match(/<svg class="chart[\s\S]*?<\/svg>\s*<\/figure>/g)!) {
    assert.ok(count(svg, 'class="axis-label') >= 1);
    assert.doesNotMatch(svg.replace(/<svg class="stretch"[^>]*>[\s\S]*?<\/svg>/g, ''), /viewBox/);
  }
  for (const id of rowCharts) assert.match(html, new RegExp(`id="${id}"[^]*?<div class="bars-head"[^>]*><span class="axis-label">`));
  assert.equal(count(html, '<details class="numbers">'), charts.length);
  // The tables hold every row: 4 periods twice (over time, lifecycle), 3 versions, 3 commands, 2 paths, 2 cohorts.
  assert.equal(count(html, '<tr data-key='), 4 + 4 + 3 + 3 + 2 + 2);
});

test('sections the report does not have are left out', () => {
  const report: Report = { settings: handReport().settings, input: handReport().input, uniques: 3, commands: handReport().commands };
  const html = renderHtml(report);
  for (const id of ['over-time', 'lifecycle', 'versions', 'upgrades', 'retention']) {
    assert.ok(!html.includes(`id="${id}"`), id);
    assert.ok(!html.includes(`href="#${id}"`), id);
  }
  assert.ok(html.includes('id="commands"'));
  assert.deepEqual(expectedMarks(toJson(report)), { command: 3 });
  assert.equal(count(html, 'data-mark="command"'), 3);
  assert.ok(!html.includes('data-figure="latest-share"'));
  assert.ok(!html.includes('data-figure="new-last"'));
});

test('present but empty: no upgrade paths says so', () => {
  const report = handReport();
  report.upgrades = [];
  const html = renderHtml(report);
  assert.match(html, /id="upgrades"[\s\S]*No install changed version/);
  assert.equal(count(html, 'data-mark="upgrade"'), 0);
});

test('no events: a clear page without charts', () => {
  const empty: Report = {
    settings: { tz: 'UTC', window: { since: '2000-01-01', until: null }, by: 'day', since: null, until: null, commands: [], versions: [], excludedInstalls: 0 },
    input: { files: 1, lines: 2, events: 0, blank: 1, invalid: 1, outside: 0, filtered: 0 },
    uniques: 0,
    periods: [],
    versions: { latest: null, rows: [] },
    commands: [],
  };
  const html = renderHtml(empty);
  assert.match(html, /<h2 id="no-events-heading">No events<\/h2>/);
  assert.match(html, /The input held no events: 2 lines read, 1 blank, 1 invalid\./);
  assert.ok(!html.includes('<svg'));
  assert.ok(!html.includes('data-mark="'));
  assert.deepEqual(expectedMarks(toJson(empty)), {});
  // Events were read, but the filters let none through.
  const filtered = renderHtml({ ...empty, input: { ...empty.input, events: 5, lines: 7, filtered: 5 } });
  assert.match(filtered, /None of the 5 events passed the filters\./);
});

test('long lists: chart and table show the top 50 rows (--top N, 0 for all) and say how many more there are', () => {
  const report = handReport();
  report.commands = Array.from({ length: 55 }, (_, i) => ({ command: `cmd-${i}`, events: 100 - i, installs: 1 }));
  const html = renderHtml(report);
  assert.equal(count(html, 'data-mark="command"'), 50);
  assert.equal(expectedMarks(toJson(report)).command, 50);
  assert.ok(html.includes('… and 5 more commands (--top 0 lists all; JSON and CSV have every row)'));
  assert.ok(html.includes('<tr data-key="cmd-49">'));
  assert.ok(!html.includes('data-key="cmd-50"'), 'the 51st is neither charted nor listed');
  const all = renderHtml(report, { top: 0 });
  assert.equal(count(all, 'data-mark="command"'), 55);
  assert.ok(all.includes('<tr data-key="cmd-54">'));
  assert.ok(!all.includes('more commands'));
  const few = renderHtml(report, { top: 3 });
  assert.equal(count(few, 'data-mark="command"'), 3);
  assert.equal(count(few, '<tr data-key="cmd-'), 3);
  assert.ok(few.includes('… and 52 more commands'));
});

test('pure: the same report gives the same page', () => {
  assert.equal(renderHtml(handReport()), renderHtml(handReport()));
  assert.ok(!renderHtml(handReport()).includes('generated'));
});

test('sample years by week and by day: the marks on the page are those the JSON report and the rules predict', async () => {
  const { sampleReport } = await import('./fixtures-html/sample-report.js');
  for (const by of ['week', 'day'] as const) {
    const report = sampleReport({ days: 364, by, hostile: true });
    const byName: Record<string, number> = {};
    for (const mark of marksIn(renderHtml(report))) byName[mark.name] = (byName[mark.name] ?? 0) + 1;
    assert.deepEqual(byName, expectedMarks(toJson(report)), by);
  }
});

test('a page for phones and dark rooms (issue #21 item 5): the dark scheme sets every colour the light one does; no text under 11px', async () => {
  const { STYLE } = await import('../src/render/html/style.js');
  const html = renderHtml(handReport());
  assert.ok(html.includes(STYLE));
  const names = (block: string) => [...block.matchAll(/(--[a-z-]+):\s*#[0-9a-f]+|(--[a-z-]+):\s*rgba/g)].map((m) => m[1] ?? m[2]).sort();
  const light = STYLE.match(/:root \{([^}]*)\}/)![1];
  const dark = STYLE.match(/@media \(prefers-color-scheme: dark\) \{\s*:root \{([^}]*)\}/)![1];
  assert.deepEqual(names(dark), names(light));
  assert.ok(names(light).length >= 20);
  // the rules use the variables: a colour written out is only a data colour in an attribute, or white/black text on a heat cell
  const rules = STYLE.replace(/:root \{[^}]*\}/g, '');
  assert.deepEqual([...rules.matchAll(/#[0-9a-f]{3,6}\b/gi)].map((m) => m[0]).sort(), ['#111827', '#fff']);
  for (const [, size] of STYLE.matchAll(/font-size:\s*([\d.]+)px/g)) assert.ok(Number(size) >= 11, `font-size ${size}px`);
  // labels that would crowd a narrow chart carry a tier and are hidden below the width they were placed for
  assert.match(STYLE, /@media \(max-width: 1039px\) \{ \.tier-wide \{ display: none; \} \}/);
  assert.match(STYLE, /@media \(max-width: 609px\) \{[^@]*\.tier-mid \{ display: none; \}/);
});

test('period labels: all on a wide screen, fewer on narrower ones, the first and the last always', async () => {
  const { sampleReport } = await import('./fixtures-html/sample-report.js');
  const html = renderHtml(sampleReport({ days: 364, by: 'day' }));
  const trend = html.match(/<svg class="chart" id="chart-trend"[\s\S]*?<\/svg>\s*<\/figure>/)![0];
  const labels = [...trend.matchAll(/<text x="[^"]*" y="[^"]*"(?: text-anchor="\w+")? class="tick-label( tier-\w+)?">(\d{4}-\d\d-\d\d)<\/text>/g)].map(
    ([, tier, day]) => ({
      day,
      tier: tier?.trim() ?? 'all',
    }),
  );
  const shown = (widths: string[]) => labels.filter((label) => widths.includes(label.tier)).map((label) => label.day);
  const phone = shown(['all']);
  const mid = shown(['all', 'tier-mid']);
  const wide = shown(['all', 'tier-mid', 'tier-wide']);
  assert.ok(phone.length >= 2 && phone.length <= mid.length && mid.length < wide.length, JSON.stringify({ phone, mid, wide }));
  assert.equal(phone[0], wide[0]);
  assert.equal(phone[phone.length - 1], wide[wide.length - 1]);
  // no viewBox on the chart, so its 11px labels stay 11px: x is a percentage of the width
  assert.match(trend, /^<svg class="chart" id="chart-trend" width="100%" height="\d+" role="img"/);
});

test('partial periods (issue #21 item 3): hatched over their band in the period charts, said in a note and in the numbers table', () => {
  const report = handReport();
  report.periods![0].partial = true;
  report.periods![3].partial = true;
  const html = renderHtml(report, { generatedAt: '2026-01-01T00:00:00Z' });
  // four trend panels and the lifecycle chart, two bands each
  assert.equal(html.match(/<rect class="partial" data-partial="\d+" fill="url\(#chart-[\w-]+-partial\)"/g)?.length, 10, html);
  assert.match(html, /<pattern id="chart-trend-events-partial"/);
  assert.match(html, /<pattern id="chart-lifecycle-partial"/);
  assert.match(html, /Hatched: a period the data starts or ends inside; its numbers cover only part of it\./);
  assert.match(html, />2025-W45 \(partial\)</);
  assert.doesNotMatch(html, />2025-W46 \(partial\)</);
  // a report without partial periods has no hatching
  assert.doesNotMatch(renderHtml(handReport(), { generatedAt: '2026-01-01T00:00:00Z' }), /data-partial|Hatched:/);
});
