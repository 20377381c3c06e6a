// The marks each chart draws, by name. Every mark is an element with `data-mark="NAME"`, a
// `data-value` with its exact number and an SVG <title>; tests count them with
// `[data-mark="NAME"]`. Bar charts of rows (versions, commands, upgrades) draw at most
// CHART_ROW_LIMIT rows; their tables always hold every row.
import type { Report } from '../../core/report.js';
import { escapeHtml } from './escape.js';

export const CHART_ROW_LIMIT = 30;

export const TREND_MARKS = ['trend-events', 'trend-installs', 'trend-new', 'trend-total'] as const;
export const LIFECYCLE_MARKS = [
  'lifecycle-new',
  'lifecycle-returning',
  'lifecycle-resurrecting',
  'lifecycle-dormant',
] as const;

export type MarkName =
  | (typeof TREND_MARKS)[number]
  | (typeof LIFECYCLE_MARKS)[number]
  | 'version'
  | 'command'
  | 'upgrade'
  | 'retention'
  // issue #13's charts (html/analytics.ts)
  | 'adoption'
  | 'active-dau'
  | 'active-wau'
  | 'active-mau'
  | 'activation';

/** The number of marks of each kind the page for `report` draws; kinds the page does not draw are absent. */
export function expectedMarks(report: Report): Partial<Record<MarkName, number>> {
  const marks: Partial<Record<MarkName, number>> = {};
  if (report.input.events - report.input.filtered === 0) return marks;
  const periods = report.periods;
  if (periods && periods.length > 0) {
    for (const name of TREND_MARKS) marks[name] = periods.length;
    for (const name of LIFECYCLE_MARKS) marks[name] = periods.length;
  }
  if (report.versions && report.versions.rows.length > 0) {
    marks.version = Math.min(report.versions.rows.length, CHART_ROW_LIMIT);
  }
  if (report.commands && report.commands.length > 0) {
    marks.command = Math.min(report.commands.length, CHART_ROW_LIMIT);
  }
  if (report.upgrades && report.upgrades.length > 0) {
    marks.upgrade = Math.min(report.upgrades.length, CHART_ROW_LIMIT);
  }
  if (report.retention && report.retention.length > 0) {
    marks.retention = report.retention.reduce((cells, row) => cells + row.active.length, 0);
  }
  return marks;
}

export interface Mark {
  name: MarkName;
  /** the row the number comes from: a period, a version, a command, `from → to`, a cohort */
  key: string;
  /** the column of that row: `events`, `current`, `week-2`… */
  field: string;
  value: number;
  /** the hover text: every number of the row, exactly */
  title: string;
  /** the SVG shapes; the first is usually a transparent hit area so thin marks can still be hovered */
  shapes: string;
  className?: string;
}

/** One mark: a <g> with its data attributes and <title>. */
export function renderMark(mark: Mark): string {
  const className = mark.className ? ` class="${mark.className}"` : '';
  return (
    `<g${className} data-mark="${mark.name}" data-key="${escapeHtml(mark.key)}" ` +
    `data-field="${escapeHtml(mark.field)}" data-value="${mark.value}">` +
    `<title>${escapeHtml(mark.title)}</title>${mark.shapes}</g>`
  );
}
