// The marks each chart draws, by name. Every mark is an element with `data-mark="NAME"`, a
// `data-value` with its exact number and its numbers as hover text (an SVG <title>, or the `title`
// attribute of a row of HTML); tests count them with
// `[data-mark="NAME"]`. How many a page should have is worked out by the tests from the JSON report.
import { escapeHtml } from './escape.js';

export const LIFECYCLE_MARKS = ['lifecycle-new', 'lifecycle-returning', 'lifecycle-resurrecting', 'lifecycle-dormant'] as const;

export type MarkName =
  | 'trend-events'
  | 'trend-installs'
  | 'trend-new'
  | 'trend-total'
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

export interface HtmlMark extends Omit<Mark, 'shapes' | 'className'> {
  className: string;
  /** the row's markup: its label, bar and number */
  content: string;
}

/** A mark that is a row of HTML (html/bars.ts): the same data attributes, its numbers in a `title` attribute. */
export function renderHtmlMark(mark: HtmlMark): string {
  return (
    `<div class="${mark.className}" data-mark="${mark.name}" data-key="${escapeHtml(mark.key)}" ` +
    `data-field="${escapeHtml(mark.field)}" data-value="${mark.value}" title="${escapeHtml(mark.title)}">` +
    `${mark.content}</div>`
  );
}
