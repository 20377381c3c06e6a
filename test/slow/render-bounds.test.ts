// Issue 9 items 2-3 and issue 10 item 3: the human formats stay readable and bounded whatever the log holds.
// Long runs of empty periods are one line (table, Markdown) or one axis break (HTML); versions, commands and
// upgrade paths are listed to the top N with a line saying how many more; retention shows the latest cohorts;
// the HTML page stays under 10 MB; JSON and CSV keep every row. The table renderer is linear in rows: 50,000
// rows render (a quadratic one takes minutes on them), and the output is checked, not timed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PeriodRow, Report, RetentionRow, VersionRow } from '../../src/core/report.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderHtml } from '../../src/render/html.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTable } from '../../src/render/table.js';
import { expectedMarks } from '../support/expected-marks.js';
import { toJson } from '../../src/render/json.js';
import { eventLine, runCli, scratchDir, writeInput } from '../support/cli.js';

const settings: Report['settings'] = {
  tz: 'UTC',
  by: 'day',
  since: null,
  until: null,
  commands: [],
  versions: [],
  excludedInstalls: 0,
  window: { since: null, until: null },
};

/** Day `i` after 2000-01-01 as YYYY-MM-DD. */
const day = (i: number) => new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

function period(i: number, events: number, total: number, dormant = 0): PeriodRow {
  const installs = events > 0 ? 1 : 0;
  return { period: day(i), events, installs, new: 0, returning: installs, resurrecting: 0, dormant, total, partial: false };
}

/** `busy` busy days, then `quiet` days without events, then `busy` more. */
function gapReport(busy: number, quiet: number): Report {
  const periods: PeriodRow[] = [];
  for (let i = 0; i < busy; i++) periods.push(period(i, 3, 1));
  periods.push(period(busy, 0, 1, 1)); // the day after: one install went dormant, a number to keep
  for (let i = 1; i < quiet; i++) periods.push(period(busy + i, 0, 1));
  for (let i = 0; i < busy; i++) periods.push(period(busy + quiet + i, 2, 1));
  return { settings, input: { files: 1, lines: 10, events: 10, blank: 0, invalid: 0, outside: 0, filtered: 0 }, uniques: 1, periods };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

test('table and Markdown: a long run of empty days is one line, the dormant day before it stays', () => {
  const report = gapReport(3, 9413);
  const gap = `… 9,412 days without events (${day(4)} to ${day(9415)}) …`;
  const table = renderTable(report, { color: false, width: 100 });
  assert.equal(count(table, gap), 1, table);
  assert.ok(table.includes(`│ ${day(3)} │      0 │        0 │   0 │         0 │            0 │       1 │     1 │`), 'the dormant day is a row');
  assert.equal(table.split('\n').filter((line) => /^│ \d{4}-/.test(line)).length, 3 + 1 + 3);
  assert.ok(table.includes('Events per day: ███▁┆▆▆▆\n'), table);
  const md = renderMarkdown(report);
  assert.equal(count(md, `| ${gap} |`), 1);
  assert.equal(md.split('\n').filter((line) => /^\| \d{4}-/.test(line)).length, 7);
  // CSV and JSON keep every day (uniques and days: one long CSV, a row per number; `events` once a day)
  assert.equal(
    renderCsv(report)
      .split('\n')
      .filter((line) => /^daily,\d{4}-[^,]*,events,/.test(line)).length,
    3 + 9413 + 3,
  );
});

test('a run of five empty days stays as rows; six is one line', () => {
  const rows = (quiet: number) =>
    renderTable(gapReport(2, quiet + 1), { color: false, width: 100 })
      .split('\n')
      .filter((line) => /^│ \d{4}-/.test(line)).length;
  assert.equal(rows(5), 2 + 1 + 5 + 2);
  assert.equal(rows(6), 2 + 1 + 2);
});

test('HTML: the run is one axis break in each period chart and one table row, without marks', () => {
  const report = gapReport(3, 9413);
  const html = renderHtml(report);
  assert.equal(count(html, 'data-mark="trend-events"'), 7);
  assert.equal(count(html, 'data-mark="lifecycle-dormant"'), 7);
  assert.equal(count(html, '<g class="gap"'), 4 + 1, 'one break in each of the four trend panels and in the lifecycle chart');
  assert.equal(count(html, `<tr class="gap"><td colspan="8">… 9,412 days without events`), 1);
  assert.equal(count(html, `<tr class="gap"><td colspan="6">… 9,412 days without events`), 1);
  assert.deepEqual({ trend: count(html, 'data-mark="trend-new"') }, { trend: expectedMarks(toJson(report))['trend-new'] });
  assert.ok(html.length < 200_000, `${html.length} bytes`);
});

function versionsReport(n: number): Report {
  const rows: VersionRow[] = Array.from({ length: n }, (_, i) => ({
    version: `0.0.${i}+${(i * 2654435761) >>> 0}`,
    events: n - i,
    installs: 1,
    current: 1,
    share: 1 / n,
  }));
  return {
    settings,
    input: { files: 1, lines: n, events: n, blank: 0, invalid: 0, outside: 0, filtered: 0 },
    uniques: n,
    versions: { latest: rows[0].version, rows },
    commands: Array.from({ length: n }, (_, i) => ({ command: `cmd-${i}`, events: n - i, installs: 1 })),
    upgrades: Array.from({ length: n }, (_, i) => ({ from: rows[i].version, to: rows[(i + 1) % n].version, installs: n - i, downgrade: i % 2 === 0 })),
  };
}

test('200,000 versions, commands and paths: top 50 listed in table, Markdown and HTML, with the count of the rest', () => {
  const report = versionsReport(200_000);
  const table = renderTable(report, { color: false, width: 120 });
  const md = renderMarkdown(report);
  const html = renderHtml(report);
  for (const [format, text] of [
    ['table', table],
    ['markdown', md],
    ['html', html],
  ]) {
    assert.equal(count(text, '… and 199,950 more versions (--top 0 lists all; JSON and CSV have every row)'), 1, format);
    assert.equal(count(text, '… and 199,950 more commands'), 1, format);
    assert.equal(count(text, '… and 199,950 more upgrade paths'), 1, format);
  }
  assert.equal(table.split('\n').filter((line) => line.startsWith('│ cmd-')).length, 50);
  assert.equal(md.split('\n').filter((line) => line.startsWith('| cmd-')).length, 50);
  assert.ok(html.length < 1_000_000, `${html.length} bytes`);
  assert.equal(count(html, 'data-mark="version"'), 50);
  // the top rows are the report's first (most events), then in version order
  assert.ok(table.includes('│ cmd-49 '));
  assert.ok(!table.includes('│ cmd-50 '));
  // CSV keeps all of them
  // (several sections: one long CSV, a row per number; `events` once a version or command)
  assert.equal(
    renderCsv(report)
      .split('\n')
      .filter((line) => /^versions,0\.0\.[^,]*,events,\d+$/.test(line)).length,
    200_000,
  );
  assert.equal(
    renderCsv(report)
      .split('\n')
      .filter((line) => /^commands,cmd-[^,]*,events,/.test(line)).length,
    200_000,
  );
  // --top 0: all of them, still without a crash
  assert.equal(
    renderMarkdown(report, { top: 0 })
      .split('\n')
      .filter((line) => line.startsWith('| cmd-')).length,
    200_000,
  );
  assert.equal(
    renderTable(report, { color: false, width: 120, top: 7 })
      .split('\n')
      .filter((line) => line.startsWith('│ cmd-')).length,
    7,
  );
});

function retentionReport(cohorts: number): Report {
  const retention: RetentionRow[] = Array.from({ length: cohorts }, (_, c) => ({
    cohort: `C${String(c).padStart(4, '0')}`,
    installs: 10,
    active: Array.from({ length: cohorts - c }, (_, k) => (k === 0 ? 10 : (c + k) % 11)),
  }));
  return { settings, input: { files: 1, lines: 1, events: 1, blank: 0, invalid: 0, outside: 0, filtered: 0 }, retention };
}

test('retention: 1,430 weekly cohorts show as the latest 52 in table, Markdown and HTML; CSV has all', () => {
  const report = retentionReport(1430);
  // unbounded width (0): every week column; at 100 columns the first weeks, and a line that says so (issue #21)
  const table = renderTable(report, { color: false, width: 0 });
  const md = renderMarkdown(report);
  const html = renderHtml(report);
  const line = 'Showing the latest 52 of 1,430 cohorts; JSON and CSV have them all.';
  assert.match(renderTable(report, { color: false, width: 100 }), /To fit 100 columns: weeks W0–W\d+ of W0–W51/);
  for (const text of [table, md, html]) assert.equal(count(text, line), 1);
  assert.equal(table.split('\n').filter((row) => row.startsWith('│ C')).length, 52);
  assert.ok(table.includes('│ C1378 '), 'the first of the latest 52');
  assert.ok(!table.includes('│ C1377 '));
  assert.ok(table.includes(' W51 │') && !table.includes(' W52 '), 'weeks 0-51');
  assert.equal(md.split('\n').filter((row) => row.startsWith('| C')).length, 52);
  assert.equal(count(html, 'data-mark="retention"'), (52 * 53) / 2);
  assert.equal(count(html, 'data-mark="retention"'), expectedMarks(toJson(report)).retention);
  assert.equal(
    renderCsv(report)
      .split('\n')
      .filter((row) => row.startsWith('C')).length,
    1430,
  );
});

test('HTML under 10 MB: 10,000 days by day, 200,000 versions and commands, 1,430 cohorts in one page', () => {
  const periods: PeriodRow[] = Array.from({ length: 10_000 }, (_, i) => ({
    period: day(i),
    events: 100_000 + i,
    installs: 50_000 + i,
    new: 1_000 + (i % 7),
    returning: 40_000,
    resurrecting: 9_000 + i - (i % 7) - 1_000 + (i % 7),
    dormant: 8_000,
    total: 1_000_000 + i,
    partial: false,
  }));
  const report: Report = { ...versionsReport(200_000), periods, retention: retentionReport(1430).retention };
  const html = renderHtml(report, { generatedAt: '2026-01-01T00:00:00Z' });
  assert.ok(html.length < 10 * 1024 * 1024, `${html.length} bytes`);
  assert.equal(count(html, 'data-mark="trend-events"'), 1000);
  assert.ok(html.includes('The charts and tables show the last 1,000 of 10,000 days (--by week or month shows the whole span); JSON and CSV have every day.'));
  assert.ok(html.includes(`data-key="${day(9999)}"`) && !html.includes(`data-key="${day(8999)}"`), 'the latest days');
  assert.deepEqual(
    Object.fromEntries(
      ['trend-events', 'lifecycle-new', 'version', 'command', 'upgrade', 'retention'].map((name) => [name, count(html, `data-mark="${name}"`)]),
    ),
    Object.fromEntries(
      ['trend-events', 'lifecycle-new', 'version', 'command', 'upgrade', 'retention'].map((name) => [name, expectedMarks(toJson(report))[name]]),
    ),
  );
  // every chart keeps its table of numbers
  assert.equal(count(html, ' class="chart'), count(html, '<details class="numbers">'));
});

test('the table renderer is linear in rows: 50,000 days render, every row in place', { timeout: 30_000 }, () => {
  const periods = Array.from({ length: 50_000 }, (_, i) => period(i, 1 + (i % 9), i + 1));
  const report: Report = { settings, input: { files: 1, lines: 1, events: 1, blank: 0, invalid: 0, outside: 0, filtered: 0 }, periods };
  const table = renderTable(report, { color: false, width: 0 });
  const rows = table.split('\n').filter((line) => /^│ \d{4}-/.test(line));
  assert.equal(rows.length, 50_000);
  assert.equal(rows[0], `│ ${day(0)} │      1 │        1 │   0 │         1 │            0 │       0 │      1 │`);
  assert.equal(rows[49_999], `│ ${day(49_999)} │      5 │        1 │   0 │         1 │            0 │       0 │ 50,000 │`);
  // every line of the grid is as wide as the others
  const widths = new Set(
    table
      .split('\n')
      .filter((line) => /^[│┌├└]/.test(line))
      .map((line) => [...line].length),
  );
  assert.equal(widths.size, 1);
});

test('the CLI: 200,000 distinct versions in every format exit 0, bounded; JSON and CSV complete', { timeout: 300_000 }, () => {
  const dir = scratchDir();
  const lines: string[] = [];
  for (let i = 0; i < 200_000; i++) {
    const uuid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    lines.push(
      eventLine(uuid, i % 3 === 0 ? 'init' : 'status', `1.0.${i}-build.${i.toString(36)}`, `2025-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00`),
    );
  }
  const log = writeInput(dir, 'many-versions.jsonl', lines.join('\n') + '\n');
  for (const format of ['table', 'markdown', 'html']) {
    const run = runCli(['report', log, '--format', format]);
    assert.equal(run.code, 0, `${format}: ${run.stderr}`);
    assert.equal(run.stderr, '');
    assert.ok(run.stdout.length < 2_000_000, `${format}: ${run.stdout.length} bytes`);
    assert.ok(run.stdout.includes('… and 199,950 more versions'), format);
  }
  const csv = runCli(['versions', log, '--format', 'csv']);
  assert.equal(csv.code, 0);
  assert.equal(csv.stdout.trimEnd().split('\n').length, 200_001);
  const json = JSON.parse(runCli(['versions', log, '--format', 'json']).stdout);
  assert.equal(json.versions.length, 200_000);
});

test('--top N on the command line: the table lists N rows; --top 0 all; a bad value names the flag', () => {
  const sample = 'fixtures/telemetry.jsonl';
  const all = JSON.parse(runCli(['versions', sample, '--format', 'json']).stdout).versions.length;
  assert.ok(all > 2);
  const one = runCli(['versions', sample, '--top', '1']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout.split('\n').filter((line) => /^│ \d/.test(line)).length, 1);
  assert.ok(one.stdout.includes(`… and ${all - 1} more versions (--top 0 lists all; JSON and CSV have every row)`), one.stdout);
  const every = runCli(['versions', sample, '--top=0', '--format', 'markdown']);
  assert.equal(every.stdout.split('\n').filter((line) => /^\| \d/.test(line)).length, all);
  assert.equal(runCli(['versions', sample, '--top', '1', '--format', 'csv']).stdout.trimEnd().split('\n').length, all + 1, 'CSV is complete');
  for (const bad of ['abc', '-1', '1.5', '']) {
    const run = runCli(['versions', sample, `--top=${bad}`]);
    assert.equal(run.code, 2, bad);
    assert.match(run.stderr, /^bazinga-stats: --top/, bad);
  }
});

test('long strings: 50 versions and commands of 300,000 characters are cut to 200 for people, whole in JSON and CSV', () => {
  const long = (i: number) => `${i}-` + 'x'.repeat(300_000);
  const report = versionsReport(50);
  report.versions!.rows.forEach((row, i) => (row.version = long(i)));
  report.versions!.latest = report.versions!.rows[0].version;
  report.commands!.forEach((row, i) => (row.command = long(i)));
  report.upgrades!.forEach((row, i) => {
    row.from = long(i);
    row.to = long(i + 1);
  });
  for (const [format, text] of [
    // unbounded (0): the 200-character cut alone; a width cuts further (test/fit.test.ts)
    ['table', renderTable(report, { color: false, width: 0 })],
    ['markdown', renderMarkdown(report)],
    ['html', renderHtml(report)],
  ]) {
    assert.ok(text.length < 600_000, `${format}: ${text.length} bytes`);
    // Markdown's tables are fitted to 120 columns (issue #21), which cuts further than 200
    if (format === 'markdown') assert.ok(text.includes(`0-${'x'.repeat(20)}`) && text.includes('x…'), format);
    else assert.ok(text.includes(`0-${'x'.repeat(197)}…`), format);
    assert.ok(!text.includes('x'.repeat(199)), format);
  }
  assert.ok(renderCsv(report).includes(long(49)));
  assert.ok(JSON.stringify(toJson(report)).includes(long(49)));
});
