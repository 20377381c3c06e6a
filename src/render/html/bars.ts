// A horizontal bar chart of labelled rows (versions, commands, upgrade paths): one row per item,
// its label on the left, its bar on a shared count axis, its exact number after the bar.
import { largest } from '../shown.js';
import { escapeHtml, shorten } from './escape.js';
import { renderMark, type MarkName } from './marks.js';
import { CHART_WIDTH, countScale, px, svgFrame, svgText, tickLabel } from './svg.js';

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

const ROW_HEIGHT = 26;
const BAR_HEIGHT = 16;
const TOP = 26;
const AXIS_HEIGHT = 48;
const LABEL_CHARS = 34;
/** A rough width of one label character at the chart's font size; labels are cut, never measured. */
const CHAR_WIDTH = 7.4;
const VALUE_ROOM = 190;

export function renderBarChart(chart: BarChart): string {
  const labels = chart.rows.map((row) => shorten(row.label, LABEL_CHARS));
  const longest = Math.max(chart.categoryLabel.length, largest(labels.map((label) => [...label].length)));
  const labelWidth = Math.min(LABEL_CHARS * CHAR_WIDTH, Math.max(64, longest * CHAR_WIDTH));
  const plotLeft = 16 + labelWidth + 12;
  const plotWidth = CHART_WIDTH - plotLeft - VALUE_ROOM;
  const max = largest(chart.rows.map((row) => Math.max(row.value, row.background ?? 0)));
  const scale = countScale(max, 5);
  const x = (value: number) => plotLeft + (value / scale.max) * plotWidth;
  const plotBottom = TOP + chart.rows.length * ROW_HEIGHT;
  const parts: string[] = [];

  parts.push(svgText(plotLeft - 12, TOP - 10, chart.categoryLabel, { anchor: 'end', className: 'axis-label' }));
  for (const tick of scale.ticks) {
    const tx = x(tick);
    parts.push(`<line class="${tick === 0 ? 'baseline' : 'grid'}" x1="${px(tx)}" x2="${px(tx)}" y1="${TOP - 4}" y2="${px(plotBottom)}"/>`);
    parts.push(svgText(tx, plotBottom + 16, tickLabel(tick), { anchor: 'middle', className: 'tick-label' }));
  }
  parts.push(svgText(plotLeft + plotWidth / 2, plotBottom + 38, chart.valueLabel, { anchor: 'middle', className: 'axis-label' }));

  chart.rows.forEach((row, i) => {
    const top = TOP + i * ROW_HEIGHT;
    const barTop = top + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    const textY = top + ROW_HEIGHT / 2 + 4;
    const extra = row.className ? ` ${row.className}` : '';
    const hit = `<rect class="hit" x="0" y="${px(top)}" width="${CHART_WIDTH}" height="${ROW_HEIGHT}"/>`;
    const background =
      row.background !== undefined
        ? `<rect class="bar-background${extra}" x="${px(plotLeft)}" y="${px(barTop)}" width="${px(x(row.background) - plotLeft)}" height="${BAR_HEIGHT}"/>`
        : '';
    const barWidth = x(row.value) - plotLeft;
    // A value above zero is never drawn thinner than a hairline.
    const shown = row.value > 0 ? Math.max(1.5, barWidth) : 0;
    const bar = `<rect class="bar ${chart.mark}${extra}" x="${px(plotLeft)}" y="${px(barTop)}" width="${px(shown)}" height="${BAR_HEIGHT}"/>`;
    const label = svgText(plotLeft - 12, textY, labels[i], { anchor: 'end', className: `row-label${extra}` });
    const valueX = x(Math.max(row.value, row.background ?? 0)) + 8;
    const badge = row.badge ? `<tspan class="badge${extra}" dx="8">${escapeHtml(row.badge)}</tspan>` : '';
    const value = `<text x="${px(valueX)}" y="${px(textY)}" class="value-label">${escapeHtml(row.valueText)}${badge}</text>`;
    parts.push(
      renderMark({
        name: chart.mark,
        key: row.key,
        field: chart.field,
        value: row.value,
        title: row.title,
        shapes: hit + background + bar + label + value,
        className: 'row',
      }),
    );
  });

  return svgFrame(chart.id, chart.title, chart.description, plotBottom + AXIS_HEIGHT, parts.join(''));
}
