// Weekly retention as a heat map: one row per cohort (the ISO week of its installs' first event),
// one cell per week after it, darker the larger the share of the cohort still active.
import type { RetentionRow } from '../../core/report.js';
import { earlierCohortsLine, largest, latestCohorts } from '../shown.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatPercent } from './format.js';
import { renderMark } from './marks.js';
import { section } from './section.js';
import { CHART_WIDTH, labelIndices, px, svgFrame, svgText } from './svg.js';
import { countCell, numbersDetails, type FallbackTable } from './table.js';

const LEFT = 150;
const RIGHT = 16;
const TOP = 44;
const BOTTOM = 16;

/**
 * Light to dark blue. The share is taken to the power 0.6 so that typical retention (10–40%) is
 * not washed out, and any share above zero starts at a visible tint: none active is its own grey.
 */
const NONE = 'rgb(243,244,246)';
const LIGHT = [219, 234, 254];
const DARK = [30, 58, 138];

export function heatColour(share: number): string {
  if (!(share > 0)) return NONE;
  const t = Math.min(1, share) ** 0.6;
  const channel = (i: number) => Math.round(LIGHT[i] + (DARK[i] - LIGHT[i]) * t);
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

/** White text on the darker cells. */
function onDark(share: number): boolean {
  return Math.min(1, Math.max(0, share)) ** 0.6 > 0.55;
}

function legendScale(): string {
  const steps = [0, 0.05, 0.25, 0.5, 0.75, 1];
  const items = steps
    .map((share) => `<li><span class="swatch" style="background:${heatColour(share)}" aria-hidden="true"></span>${Math.round(share * 100)}%</li>`)
    .join('');
  return `<ul class="legend heat-legend" aria-label="colour scale: share of the cohort active">${items}</ul>`;
}

/** `computedEarlier`: the earlier cohorts the analysis counted without computing them (Report.retentionEarlier). */
export function renderRetention(all: RetentionRow[] | undefined, computedEarlier = 0): string {
  if (!all) return '';
  // a year of cohorts at most: 10,000 days of data would be a triangle of a million cells
  const { rows, earlier } = latestCohorts(all, undefined, computedEarlier);
  if (rows.length === 0) {
    return section({ id: 'retention', heading: 'Retention', lede: 'No cohorts in the report.', figure: '', details: '' });
  }
  const weeks = Math.max(1, largest(rows.map((row) => row.active.length)));
  const cellWidth = Math.min(56, (CHART_WIDTH - LEFT - RIGHT) / weeks);
  const cellHeight = Math.max(12, Math.min(26, cellWidth * 0.7));
  const gap = cellWidth > 8 ? 1 : 0;
  const showText = cellWidth >= 34;
  const parts: string[] = [];

  parts.push(svgText(LEFT + (weeks * cellWidth) / 2, 14, "weeks after the cohort's first week", { anchor: 'middle', className: 'axis-label' }));
  parts.push(svgText(LEFT - 10, TOP - 8, 'cohort (installs)', { anchor: 'end', className: 'axis-label' }));
  for (const k of labelIndices(weeks, Math.max(2, Math.floor((weeks * cellWidth) / 36)))) {
    parts.push(svgText(LEFT + k * cellWidth + cellWidth / 2, TOP - 8, String(k), { anchor: 'middle', className: 'tick-label' }));
  }
  const labelEvery = cellHeight >= 12 ? 1 : 2;
  rows.forEach((row, r) => {
    const y = TOP + r * cellHeight;
    if (r % labelEvery === 0) {
      parts.push(svgText(LEFT - 10, y + cellHeight / 2 + 4, `${row.cohort} (${formatCount(row.installs)})`, { anchor: 'end', className: 'tick-label' }));
    }
    row.active.forEach((active, k) => {
      const share = row.installs > 0 ? active / row.installs : 0;
      const x = LEFT + k * cellWidth;
      const text = showText
        ? `<text class="cell-label${onDark(share) ? ' on-dark' : ''}" x="${px(x + cellWidth / 2)}" y="${px(y + cellHeight / 2 + 4)}" text-anchor="middle">${escapeHtml(formatPercent(share).replace('.0%', '%'))}</text>`
        : '';
      parts.push(
        renderMark({
          name: 'retention',
          key: row.cohort,
          field: `week-${k}`,
          value: active,
          title:
            `cohort ${row.cohort}: ${formatCount(row.installs)} installs first seen that week\n` +
            `week +${k}: ${formatCount(active)} of them active (${formatPercent(share)}, ${share})`,
          shapes:
            `<rect class="cell" x="${px(x)}" y="${px(y)}" width="${px(cellWidth - gap)}" height="${px(cellHeight - gap)}" fill="${heatColour(share)}"/>` + text,
        }),
      );
    });
  });

  const svg = svgFrame(
    'chart-retention',
    'Weekly retention by cohort',
    'A triangle of cells: row = cohort of installs first seen in an ISO week, column = weeks later; colour = share of the cohort with any event that week.',
    TOP + rows.length * cellHeight + BOTTOM,
    parts.join(''),
  );
  const table: FallbackTable = {
    caption: 'Installs of each cohort active k weeks after its first week (share of the cohort)',
    columns: [
      { heading: 'cohort' },
      { heading: 'installs', numeric: true, field: 'installs' },
      ...Array.from({ length: weeks }, (_, k) => ({ heading: `week ${k}`, numeric: true, field: `week-${k}` })),
    ],
    rows: rows.map((row) => ({
      key: row.cohort,
      cells: [
        row.cohort,
        countCell(row.installs),
        ...row.active.map((active) => countCell(active, `${formatCount(active)} (${formatPercent(row.installs > 0 ? active / row.installs : 0)})`)),
      ],
    })),
  };
  return section({
    id: 'retention',
    heading: 'Retention',
    lede: 'How many installs stay: of the installs first seen in a week, the share still sending events 1, 2, 3… weeks later.',
    legend: legendScale(),
    figure: svg,
    note: earlierCohortsLine(earlier, rows.length) || undefined,
    details: numbersDetails(table),
  });
}
