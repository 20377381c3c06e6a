// A horizontal bar chart of labelled rows (versions, commands, upgrade paths): one row per item,
// its label on the left, its bar on a shared scale from zero to the largest value, its exact number after the bar.
import { largest } from '../shown.js';
import { escapeHtml, shorten } from './escape.js';
import { renderHtmlMark, type MarkName } from './marks.js';
import { pct } from './svg.js';

export interface BarRow {
  key: string;
  /** shown on the left, shortened when long (the full text is in the title) */
  label: string;
  /** the bar's length: the number the chart is about */
  value: number;
  /** a second, faint bar behind the first, on the same axis (e.g. installs ever seen on a version) */
  background?: number;
  /** printed after the bar */
  valueText: string;
  /** a short word after the number, e.g. "latest" or "downgrade" */
  badge?: string;
  /** hover text: every number of the row */
  title: string;
  /** CSS class for the bar and label: `latest`, `downgrade`… */
  className?: string;
}

export interface BarChart {
  id: string;
  title: string;
  description: string;
  mark: MarkName;
  /** the field of the rows the bars show, as in the table's `data-field` */
  field: string;
  rows: BarRow[];
  /** what the rows are: "version", "command", "from → to" */
  categoryLabel: string;
  /** what the bars measure: "current installs" */
  valueLabel: string;
}

const BAR_HEIGHT = 16;
const LABEL_CHARS = 34;

/**
 * The chart as rows of HTML (issue #21 item 5): the label, the bar and its exact number are laid out by the
 * browser in a grid, side by side on a wide screen and the label over the bar on a phone (style.ts), so no
 * text is ever scaled down and a long label wraps instead of running off the screen. Each bar is a small SVG
 * whose rectangles are as long as their share of the largest value. A row is the mark: its number is text
 * on the page, so it reads without hovering.
 */
export function renderBarChart(chart: BarChart): string {
  const max = largest(chart.rows.map((row) => Math.max(row.value, row.background ?? 0)));
  const share = (value: number) => (max > 0 ? value / max : 0);
  const rows = chart.rows.map((row) => {
    const extra = row.className ? ` ${row.className}` : '';
    const background =
      row.background !== undefined ? `<rect class="bar-background${extra}" width="${pct(share(row.background))}" height="${BAR_HEIGHT}"/>` : '';
    // A value above zero is never drawn thinner than a hairline (0.2%: about 1.5 px on a phone).
    const bar = row.value > 0 ? `<rect class="bar ${chart.mark}${extra}" width="${pct(Math.max(0.002, share(row.value)))}" height="${BAR_HEIGHT}"/>` : '';
    const badge = row.badge ? `<span class="badge${extra}">${escapeHtml(row.badge)}</span>` : '';
    return renderHtmlMark({
      name: chart.mark,
      key: row.key,
      field: chart.field,
      value: row.value,
      title: row.title,
      className: `bar-row${extra}`,
      content:
        `<span class="row-label${extra}">${escapeHtml(shorten(row.label, LABEL_CHARS))}</span>` +
        `<svg class="track" height="${BAR_HEIGHT}" aria-hidden="true">${background}${bar}</svg>` +
        `<span class="value-label">${escapeHtml(row.valueText)}${badge}</span>`,
    });
  });
  return (
    `<div class="chart bars" id="${chart.id}" data-chart="${chart.id}" role="group" aria-labelledby="${chart.id}-title" aria-describedby="${chart.id}-desc">` +
    `<p class="visually-hidden" id="${chart.id}-title">${escapeHtml(chart.title)}</p>` +
    `<p class="visually-hidden" id="${chart.id}-desc">${escapeHtml(chart.description)}</p>` +
    `<div class="bars-head" aria-hidden="true"><span class="axis-label">${escapeHtml(chart.categoryLabel)}</span><span class="axis-label">${escapeHtml(chart.valueLabel)}</span></div>` +
    rows.join('') +
    '</div>'
  );
}
