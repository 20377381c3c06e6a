// Weekly retention as a heat map: one row per cohort (the ISO week of its installs' first event),
// one cell per week after it, darker the larger the share of the cohort still active.
import type { RetentionRow } from '../../core/report.js';
import { earlierCohortsLine, largest, latestCohorts } from '../shown.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatPercent } from './format.js';
import { renderMark } from './marks.js';
import { section } from './section.js';
import { LAYOUT_WIDTHS, labelIndices, pct, px, svgFrame, svgText } from './svg.js';
import { countCell, numbersDetails, type FallbackTable } from './table.js';

const TOP = 44;
const BOTTOM = 16;
/** The cells' width on a wide screen and on a phone: the plot less the cohort labels' gutter (style.ts). */
const WIDE_PLOT = LAYOUT_WIDTHS.wide - 90;
const NARROW_PLOT = LAYOUT_WIDTHS.narrow - 60;
/** A cell wide enough for its percentage (11px text, "100%"). */
const TEXT_CELL = 34;

/**
 * Light to dark blue. The share is taken to the power 0.6 so that typical retention (10–40%) is
 * not washed out, and any share above zero starts at a visible tint: none active is its own grey.
 */
const NONE = 'rgb(243,244,246)'; // in the dark scheme, the page's own faint fill (style.ts: .cell.none)
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
    .map((share) =>
      share > 0
        ? `<li><span class="swatch" style="background:${heatColour(share)}" aria-hidden="true"></span>${Math.round(share * 100)}%</li>`
        : `<li><span class="swatch none" aria-hidden="true"></span>0%</li>`,
    )
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
  // Cells share the width (at most 56 px each on a wide screen).
  const cellWidth = Math.min(1 / weeks, 56 / WIDE_PLOT);
  // a hairline of the card's colour between cells while they are wider than 8 px on a phone
  const gapped = cellWidth * NARROW_PLOT > 8;
  // The percentage in each cell where cells are wide enough for it: on every screen, only from mid width, or not at all.
  const textTier =
    cellWidth * NARROW_PLOT >= TEXT_CELL
      ? ''
      : cellWidth * (LAYOUT_WIDTHS.mid - 90) >= TEXT_CELL
        ? ' tier-mid'
        : cellWidth * WIDE_PLOT >= TEXT_CELL
          ? ' tier-wide'
          : null;
  // rows as tall as their 11px label needs, taller where the cells print their percentage
  const cellHeight = textTier === null ? 15 : 22;
  const parts: string[] = [];

  parts.push(svgText(pct((weeks * cellWidth) / 2), 14, "weeks after the cohort's first week", { anchor: 'middle', className: 'axis-label' }));
  parts.push(svgText(-10, TOP - 8, 'cohort (installs)', { anchor: 'end', className: 'axis-label' }));
  // week numbers: those that fit a phone always, the others from mid or wide screens
  const everyWeek = labelIndices(weeks, Math.max(2, Math.floor((weeks * cellWidth * WIDE_PLOT) / 36)));
  const midWeeks = new Set(labelIndices(weeks, Math.max(2, Math.floor((weeks * cellWidth * (LAYOUT_WIDTHS.mid - 90)) / 36))));
  const narrowWeeks = new Set(labelIndices(weeks, Math.max(2, Math.floor((weeks * cellWidth * NARROW_PLOT) / 36))));
  for (const k of everyWeek) {
    const tier = narrowWeeks.has(k) ? '' : midWeeks.has(k) ? ' tier-mid' : ' tier-wide';
    parts.push(svgText(pct(k * cellWidth + cellWidth / 2), TOP - 8, String(k), { anchor: 'middle', className: `tick-label${tier}` }));
  }
  rows.forEach((row, r) => {
    const y = TOP + r * cellHeight;
    parts.push(svgText(-10, y + cellHeight / 2 + 4, `${row.cohort} (${formatCount(row.installs)})`, { anchor: 'end', className: 'tick-label' }));
    row.active.forEach((active, k) => {
      const share = row.installs > 0 ? active / row.installs : 0;
      const x = k * cellWidth;
      const text =
        textTier !== null
          ? `<text class="cell-label${onDark(share) ? ' on-dark' : ''}${textTier}" x="${pct(x + cellWidth / 2)}" y="${px(y + cellHeight / 2 + 4)}" text-anchor="middle">${escapeHtml(formatPercent(share).replace('.0%', '%'))}</text>`
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
            `<rect class="cell${gapped ? ' gapped' : ''}${share > 0 ? '' : ' none'}" x="${pct(x)}" y="${px(y)}" width="${pct(cellWidth)}" height="${cellHeight}" fill="${heatColour(share)}"/>` +
            text,
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
    'labels-left',
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
