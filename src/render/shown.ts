// What the human formats (table, Markdown, HTML) show of a report that may be huge: one client with a
// build hash in `version` makes 200,000 versions, one early event makes 9,000 empty days. JSON and CSV
// are the contract and keep every row; people get the top rows, long empty stretches as one line, and the
// latest cohorts of retention, each with a line saying what was left out. Pure functions of the report.

import type { PeriodGap, PeriodRow, PeriodUnit, Report, RetentionRow } from '../core/report.js';
import { MAX_ANALYTICS_ROWS } from '../core/period-ends.js';
import { MAX_RETENTION_WEEKS } from '../reducers/retention.js';
import { formatCount } from './numbers.js';

/** The default of `--top`: rows of versions, commands and upgrade paths listed. */
export const DEFAULT_TOP = 50;

/**
 * A run of at least this many empty periods (no events, no installs going dormant: every count but
 * `total` zero) is shown as one line. Shorter runs, a quiet weekend, stay as rows.
 */
export const COLLAPSE_RUN = 6;

/** Retention cohorts shown, the latest ones: a year of weeks. */
export const RETENTION_COHORTS = 52;

/**
 * Characters of a version, command or path shown to people; a longer one (a line may be 1 MiB) is cut
 * with an ellipsis, so 50 rows cannot make a table or a page megabytes wide. JSON and CSV keep it whole.
 */
export const MAX_TEXT = 200;

/** `text` cut to MAX_TEXT code points, the last one an ellipsis, when longer. */
export function shortText(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const chars = Array.from(text);
  return chars.length <= MAX_TEXT ? text : chars.slice(0, MAX_TEXT - 1).join('') + '…';
}

/** The first `top` rows (all when `top` is 0), in the report's order, and how many were left out. */
export function topRows<T>(rows: readonly T[], top: number): { rows: T[]; more: number } {
  if (!(top > 0) || rows.length <= top) return { rows: rows.slice(), more: 0 };
  return { rows: rows.slice(0, top), more: rows.length - top };
}

/** "… and 199,950 more versions (--top 0 lists all; JSON and CSV have every row)", or '' when nothing was left out. */
export function moreLine(more: number, thing: 'version' | 'command' | 'upgrade path'): string {
  return more > 0 ? `… and ${formatCount(more)} more ${thing}${more === 1 ? '' : 's'} (--top 0 lists all; JSON and CSV have every row)` : '';
}

const UNIT_WORDS: Record<PeriodUnit, [string, string]> = { day: ['day', 'days'], week: ['week', 'weeks'], month: ['month', 'months'] };

/** A period row, or a run of empty periods shown as one line. */
export type ShownPeriod = { kind: 'period'; row: PeriodRow } | { kind: 'gap'; count: number; first: string; last: string; text: string };

function isEmpty(row: PeriodRow): boolean {
  return row.events === 0 && row.installs === 0 && row.new === 0 && row.returning === 0 && row.resurrecting === 0 && row.dormant === 0;
}

/** "… 9,412 days without events (1999-01-02 to 2024-10-15) …" */
export function gapText(count: number, first: string, last: string, by: PeriodUnit): string {
  return `… ${formatCount(count)} ${UNIT_WORDS[by][count === 1 ? 0 : 1]} without events (${first} to ${last}) …`;
}

/** The periods in order, every run of at least `minRun` empty periods replaced by one gap. Linear. */
export function collapseEmptyPeriods(rows: readonly PeriodRow[], by: PeriodUnit, minRun = COLLAPSE_RUN): ShownPeriod[] {
  const shown: ShownPeriod[] = [];
  let i = 0;
  while (i < rows.length) {
    if (!isEmpty(rows[i])) {
      shown.push({ kind: 'period', row: rows[i] });
      i++;
      continue;
    }
    let end = i;
    while (end < rows.length && isEmpty(rows[end])) end++;
    const count = end - i;
    if (count >= minRun) {
      const first = rows[i].period;
      const last = rows[end - 1].period;
      shown.push({ kind: 'gap', count, first, last, text: gapText(count, first, last, by) });
    } else {
      for (let k = i; k < end; k++) shown.push({ kind: 'period', row: rows[k] });
    }
    i = end;
  }
  return shown;
}

/**
 * The period rows as people see them: the runs of empty periods the analysis left out (`gaps`,
 * Report.periodGaps) each as one gap, or, without them, every long run of empty rows collapsed here.
 */
export function shownPeriods(rows: readonly PeriodRow[], by: PeriodUnit, gaps?: readonly PeriodGap[]): ShownPeriod[] {
  if (gaps === undefined) return collapseEmptyPeriods(rows, by);
  const shown: ShownPeriod[] = [];
  let g = 0;
  for (let i = 0; i <= rows.length; i++) {
    for (; g < gaps.length && gaps[g].index === i; g++) {
      const { count, first, last } = gaps[g];
      shown.push({ kind: 'gap', count, first, last, text: gapText(count, first, last, by) });
    }
    if (i < rows.length) shown.push({ kind: 'period', row: rows[i] });
  }
  return shown;
}

/** Periods from the first to the last, the ones left out in gaps included. */
export function periodCount(report: Report): number {
  let count = report.periods?.length ?? 0;
  for (const gap of report.periodGaps ?? []) count += gap.count;
  return count;
}

/** Rows of issue #13's period tables people see: the latest ones, computed alone (as HTML_PERIOD_BANDS). */
export const LATEST_PERIODS = 1000;

/**
 * "Showing the latest 1,000 of 3,651,703 days; …", or '' when nothing was left out: `earlier` rows were
 * counted, not computed (Report.adoptionEarlier, …).
 */
export function earlierRowsLine(earlier: number, shown: number, by: PeriodUnit, what = UNIT_WORDS[by][1]): string {
  if (earlier === 0) return '';
  const total = earlier + shown;
  const coarser = by === 'day' ? '--by week or month' : by === 'week' ? '--by month' : '';
  const rest =
    total <= MAX_ANALYTICS_ROWS
      ? `JSON and CSV have every one${coarser && ` (${coarser} shows a longer span)`}`
      : `JSON and CSV take at most ${formatCount(MAX_ANALYTICS_ROWS)} (narrow --window${coarser && `, or use ${coarser}`})`;
  return `Showing the latest ${formatCount(shown)} of ${formatCount(total)} ${what}; ${rest}.`;
}

/**
 * The latest `limit` cohorts (cohorts come oldest first) and how many earlier ones were left out, counting the
 * `computedEarlier` ones the analysis counted without computing (Report.retentionEarlier).
 */
export function latestCohorts(rows: readonly RetentionRow[], limit = RETENTION_COHORTS, computedEarlier = 0): { rows: RetentionRow[]; earlier: number } {
  const earlier = Math.max(0, rows.length - limit);
  return { rows: rows.slice(earlier), earlier: earlier + computedEarlier };
}

/**
 * "Showing the latest 52 of 1,430 cohorts; JSON and CSV have them all.", or ''. Beyond MAX_RETENTION_WEEKS
 * cohorts JSON and CSV refuse the whole triangle, and the line says what they need instead.
 */
export function earlierCohortsLine(earlier: number, shown: number): string {
  if (earlier === 0) return '';
  const total = earlier + shown;
  const rest =
    total <= MAX_RETENTION_WEEKS ? 'JSON and CSV have them all' : `JSON and CSV need a --window of at most ${formatCount(MAX_RETENTION_WEEKS)} weeks`;
  return `Showing the latest ${formatCount(shown)} of ${formatCount(total)} cohorts; ${rest}.`;
}

/** The largest value of `values` (0 for none), without spreading them into a call. */
export function largest(values: Iterable<number>): number {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  return max;
}

/**
 * Bands a period chart of the HTML page draws (a period or a run of empty ones each): the latest ones.
 * Ten thousand days of data drawn day by day would make a page of tens of megabytes; a thousand keep
 * it near 4 MB and still show almost three years of days.
 */
export const HTML_PERIOD_BANDS = 1000;

/** The periods an HTML chart and its table show: collapsed, then the latest `limit` bands. */
export function chartPeriods(
  rows: readonly PeriodRow[],
  by: PeriodUnit,
  limit = HTML_PERIOD_BANDS,
  gaps?: readonly PeriodGap[],
): { items: ShownPeriod[]; note: string } {
  const all = shownPeriods(rows, by, gaps);
  if (all.length <= limit) return { items: all, note: '' };
  let periods = rows.length;
  for (const gap of gaps ?? []) periods += gap.count;
  const items = all.slice(all.length - limit);
  let shown = 0;
  for (const item of items) shown += item.kind === 'gap' ? item.count : 1;
  const [one, many] = UNIT_WORDS[by];
  const note =
    `The charts and tables show the last ${formatCount(shown)} of ${formatCount(periods)} ${periods === 1 ? one : many}` +
    `${by === 'month' ? '' : ` (--by ${by === 'day' ? 'week or month' : 'month'} shows the whole span)`}; JSON and CSV have every ${one}.`;
  return { items, note };
}
