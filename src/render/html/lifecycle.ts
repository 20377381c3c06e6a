// Lifecycle per period, as PostHog draws it: the installs active in a period stacked above the
// zero line (returning at the base, then resurrecting, then new: installs = their sum), and the
// installs that went dormant below it.
import type { PeriodGap, PeriodRow, ReportSettings } from '../../core/report.js';
import { escapeHtml } from './escape.js';
import { formatCount, unitName } from './format.js';
import { type LIFECYCLE_MARKS, renderMark } from './marks.js';
import { legend, section } from './section.js';
import { countScale, pct, px, svgFrame, svgText, tickLabel } from './svg.js';
import { countCell, numbersDetails, type FallbackTable } from './table.js';
import { barInBand, describePeriod, gapBand, partialItems, timeAxis, timeAxisLabels } from './trend.js';
import { partialBands, partialCell, withPartialText } from './partial.js';
import { chartPeriods, largest } from '../shown.js';

const TOP = 12;
const PLOT_HEIGHT = 260;
const AXIS_HEIGHT = 44;

type Kind = 'returning' | 'resurrecting' | 'new' | 'dormant';

/** Stacked from the zero line outwards, in this order. */
const UP: Kind[] = ['returning', 'resurrecting', 'new'];

const LABELS: Record<Kind, string> = {
  new: 'new: first seen in this period',
  returning: 'returning: active in this period and the one before',
  resurrecting: 'resurrecting: back after a quiet period',
  dormant: 'dormant: active in the period before, not in this one',
};

function markName(kind: Kind): (typeof LIFECYCLE_MARKS)[number] {
  return `lifecycle-${kind}`;
}

export function renderLifecycle(rows: PeriodRow[] | undefined, settings: ReportSettings, gaps?: PeriodGap[]): string {
  if (!rows || rows.length === 0) return '';
  const { items, note } = chartPeriods(rows, settings.by, undefined, gaps);
  const upMax = largest(rows.map((row) => row.returning + row.resurrecting + row.new));
  const downMax = largest(rows.map((row) => row.dormant));
  // One step for both sides so a unit is as tall above the line as below it.
  const step = countScale(upMax + downMax, 5);
  const stepSize = step.ticks.length > 1 ? step.ticks[1] : 1;
  const upTop = Math.max(stepSize, Math.ceil(upMax / stepSize) * stepSize);
  const downTop = Math.ceil(downMax / stepSize) * stepSize;
  const unit = PLOT_HEIGHT / (upTop + downTop);
  const zero = TOP + upTop * unit;
  const axis = timeAxis(items.length);
  const parts: string[] = [];

  for (let tick = -downTop; tick <= upTop; tick += stepSize) {
    const y = zero - tick * unit;
    parts.push(`<line class="${tick === 0 ? 'baseline' : 'grid'}" x1="0" x2="100%" y1="${px(y)}" y2="${px(y)}"/>`);
    parts.push(svgText(-8, y + 4, tickLabel(Math.abs(tick)), { anchor: 'end', className: 'tick-label' }));
  }
  parts.push(svgText(-48, zero - (upTop * unit) / 2, 'installs active ↑', { anchor: 'middle', className: 'axis-label', rotate: -90 }));
  if (downTop > 0) parts.push(svgText(-48, zero + (downTop * unit) / 2, '↓ dormant', { anchor: 'middle', className: 'axis-label', rotate: -90 }));

  const { inset, width } = barInBand(axis.band);
  items.forEach((item, i) => {
    if (item.kind === 'gap') {
      parts.push(gapBand(item, axis, i, TOP, PLOT_HEIGHT));
      return;
    }
    const row = item.row;
    const x = axis.x(i) + inset;
    const column: string[] = [];
    let base = zero;
    for (const kind of UP) {
      const height = row[kind] * unit;
      column.push(
        renderMark({
          name: markName(kind),
          key: row.period,
          field: kind,
          value: row[kind],
          title: `${row.period} · ${kind}: ${formatCount(row[kind])}`,
          shapes: `<rect class="seg ${kind}" x="${pct(x)}" y="${px(base - height)}" width="${pct(width)}" height="${px(height)}"/>`,
        }),
      );
      base -= height;
    }
    column.push(
      renderMark({
        name: 'lifecycle-dormant',
        key: row.period,
        field: 'dormant',
        value: row.dormant,
        title: `${row.period} · dormant: ${formatCount(row.dormant)}`,
        shapes: `<rect class="seg dormant" x="${pct(x)}" y="${px(zero)}" width="${pct(width)}" height="${px(row.dormant * unit)}"/>`,
      }),
    );
    // The whole column can be hovered for all of the period's numbers; a segment's own title wins over it.
    parts.push(
      `<g class="column"><title>${escapeHtml(describePeriod(row))}</title>` +
        `<rect class="hit" x="${pct(axis.x(i))}" y="${TOP}" width="${pct(axis.band)}" height="${PLOT_HEIGHT}"/>` +
        column.join('') +
        '</g>',
    );
  });

  parts.push(partialBands('chart-lifecycle', partialItems(items), axis, TOP, PLOT_HEIGHT));
  const height = TOP + PLOT_HEIGHT + 8 + AXIS_HEIGHT;
  const svg = svgFrame(
    'chart-lifecycle',
    `Lifecycle of installs per ${unitName(settings.by)}`,
    'Stacked bars: returning, resurrecting and new installs above the zero line (together the active installs), dormant installs below it.',
    height,
    parts.join('') + timeAxisLabels(items, axis, TOP + PLOT_HEIGHT + 8, settings),
  );
  const table: FallbackTable = {
    caption: `Lifecycle per ${unitName(settings.by)} (${settings.tz}); active = new + returning + resurrecting`,
    columns: [
      { heading: unitName(settings.by) },
      { heading: 'new', numeric: true, field: 'new' },
      { heading: 'returning', numeric: true, field: 'returning' },
      { heading: 'resurrecting', numeric: true, field: 'resurrecting' },
      { heading: 'active', numeric: true, field: 'installs' },
      { heading: 'dormant', numeric: true, field: 'dormant' },
    ],
    rows: items.map((item) =>
      item.kind === 'gap'
        ? { gap: item.text }
        : {
            key: item.row.period,
            cells: [
              partialCell(item.row.period, item.row.partial),
              countCell(item.row.new),
              countCell(item.row.returning),
              countCell(item.row.resurrecting),
              countCell(item.row.installs),
              countCell(item.row.dormant),
            ],
          },
    ),
  };
  return section({
    id: 'lifecycle',
    heading: 'Lifecycle',
    lede: `Where each ${unitName(settings.by)}'s active installs come from, and how many went quiet.`,
    legend: legend((['new', 'resurrecting', 'returning', 'dormant'] as Kind[]).map((kind) => ({ className: kind, label: LABELS[kind] }))),
    figure: svg,
    note: withPartialText(note, partialItems(items)),
    details: numbersDetails(table),
  });
}
