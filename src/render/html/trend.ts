// Activity over time: events, active installs and new installs per period, and the installs seen
// so far, as four panels on one shared time axis. Each panel has its own scale: events usually
// outnumber installs many times, and one axis would flatten the install curves.
import type { PeriodGap, PeriodRow, ReportSettings } from '../../core/report.js';
import { chartPeriods, largest, type ShownPeriod } from '../shown.js';
import { escapeHtml } from './escape.js';
import { formatCount, periodAxisLabel, unitName, unitPlural } from './format.js';
import { renderMark, type MarkName } from './marks.js';
import { countScale, LAYOUT_WIDTHS, labelIndices, pct, px, stretched, svgFrame, svgText, tickLabel } from './svg.js';
import { section } from './section.js';
import { partialBands, partialCell, withPartialText } from './partial.js';
import { countCell, numbersDetails, type FallbackTable } from './table.js';

const PANEL_HEIGHT = 96;
/** The panel's title line; on a phone the peak label moves under the title (style.ts), still above the plot. */
const PANEL_TITLE = 34;
const PANEL_GAP = 18;
const AXIS_HEIGHT = 44;

interface Panel {
  mark: MarkName;
  field: keyof PeriodRow;
  title: string;
  className: string;
  kind: 'bars' | 'area';
}

const PANELS: Panel[] = [
  { mark: 'trend-events', field: 'events', title: 'Events', className: 'events', kind: 'bars' },
  { mark: 'trend-installs', field: 'installs', title: 'Active installs', className: 'installs', kind: 'bars' },
  { mark: 'trend-new', field: 'new', title: 'New installs', className: 'new', kind: 'bars' },
  { mark: 'trend-total', field: 'total', title: 'Installs seen so far', className: 'total', kind: 'area' },
];

/** Every number of a period, exactly, for hover titles. */
export function describePeriod(row: PeriodRow): string {
  return [
    row.period,
    `events: ${formatCount(row.events)}`,
    `active installs: ${formatCount(row.installs)} (new ${formatCount(row.new)}, returning ${formatCount(row.returning)}, resurrecting ${formatCount(row.resurrecting)})`,
    `dormant: ${formatCount(row.dormant)}`,
    `installs seen so far: ${formatCount(row.total)}`,
  ].join('\n');
}

/** A time axis across the chart's width: x and band are fractions of it (0 = the plot's left edge, 1 its right). */
export interface TimeAxis {
  count: number;
  band: number;
  /** left edge of period i's band */
  x(i: number): number;
}

export function timeAxis(count: number): TimeAxis {
  const band = 1 / Math.max(1, count);
  return { count, band, x: (i) => i * band };
}

/**
 * Width of a bar inside its band, as fractions of the chart's width: a gap between bars while there is room
 * for one on a wide screen, and a few periods do not draw slabs (at most 56 px wide there, centred).
 */
export function barInBand(band: number): { inset: number; width: number } {
  const wide = LAYOUT_WIDTHS.wide;
  if (band * wide < 3) return { inset: 0, width: band };
  const width = Math.min(band - Math.min(band * 0.25, 8 / wide), 56 / wide);
  return { inset: (band - width) / 2, width };
}

/**
 * Which periods get a label: about one per 96 pixels, the first and the last among them; a long run of
 * days is labelled on the first of each month (every few months when there are many), which reads
 * as a calendar.
 */
function labelledPeriods(items: ShownPeriod[], settings: ReportSettings): number[] {
  const wanted = Math.max(2, Math.floor(LAYOUT_WIDTHS.wide / 96));
  if (settings.by === 'day' && items.length > 62) {
    const monthStarts = items.flatMap((item, i) => (item.kind === 'period' && item.row.period.endsWith('-01') ? [i] : []));
    const every = Math.ceil(monthStarts.length / wanted);
    const picked = monthStarts.filter((_, n) => n % every === 0);
    if (picked.length >= 2) return picked;
  }
  // a gap band has no label of its own: its title says which periods it stands for
  return labelIndices(items.length, wanted).filter((i) => items[i].kind === 'period');
}

/** The indices of the partial periods among a chart's bands. */
export const partialItems = (items: ShownPeriod[]) => items.flatMap((item, i) => (item.kind === 'period' && item.row.partial ? [i] : []));

/** The period a band is labelled with: its own, or the first of a run of empty ones. */
const bandLabel = (item: ShownPeriod) => (item.kind === 'period' ? item.row.period : item.first);

/** Roughly how wide a tick label is: labels are never measured, only estimated, at the 11px tick font. */
const TICK_CHAR_WIDTH = 6.6;

interface PlacedLabel {
  i: number;
  anchor: 'start' | 'end' | 'middle';
  /** where the text is anchored, as a fraction of the width */
  x: number;
  /** the band's centre, for the tick */
  center: number;
}

/** The labels of `candidates` that fit a plot `width` px wide without overlapping, never dropping the last. */
function fitLabels(items: ShownPeriod[], candidates: PlacedLabel[], width: number): PlacedLabel[] {
  const span = (label: PlacedLabel) => {
    const size = bandLabel(items[label.i]).length * TICK_CHAR_WIDTH;
    const left = label.anchor === 'start' ? label.x * width : label.anchor === 'end' ? label.x * width - size : label.x * width - size / 2;
    return { left, right: left + size };
  };
  const kept: PlacedLabel[] = [];
  const clear = (label: PlacedLabel) => span(label).left >= span(kept[kept.length - 1]).right + 12;
  const last = candidates[candidates.length - 1];
  for (const label of candidates) {
    if (label === last) {
      while (kept.length > 1 && !clear(label)) kept.pop();
      kept.push(label);
    } else if (kept.length === 0 || clear(label)) {
      kept.push(label);
    }
  }
  return kept;
}

/**
 * Period labels under a time axis at `y`, and the axis title below them. The labels are placed for a wide
 * screen; those that would overlap on a narrower one carry a tier class and are hidden there (style.ts), never
 * the last.
 */
export function timeAxisLabels(items: ShownPeriod[], axis: TimeAxis, y: number, settings: ReportSettings): string {
  // A dense axis aligns its end labels to the plot's edges, so they stay inside the chart at any width.
  const dense = items.length > 1 && axis.band * LAYOUT_WIDTHS.narrow < 48;
  const placed: PlacedLabel[] = labelledPeriods(items, settings).map((i) => {
    const center = axis.x(i) + axis.band / 2;
    const anchor = dense && i === 0 ? 'start' : dense && i === items.length - 1 ? 'end' : 'middle';
    const x = anchor === 'start' ? axis.x(i) : anchor === 'end' ? axis.x(i) + axis.band : center;
    return { i, anchor, x, center };
  });
  const title = svgText('50%', y + 36, periodAxisLabel(settings), { anchor: 'middle', className: 'axis-label' });
  if (placed.length === 0) return title;
  const wide = fitLabels(items, placed, LAYOUT_WIDTHS.wide);
  const mid = fitLabels(items, wide, LAYOUT_WIDTHS.mid);
  const narrow = new Set(fitLabels(items, mid, LAYOUT_WIDTHS.narrow));
  const midSet = new Set(mid);
  const ticks = wide
    .map((label) => {
      const tier = narrow.has(label) ? '' : midSet.has(label) ? ' tier-mid' : ' tier-wide';
      return (
        `<line class="tick${tier}" x1="${pct(label.center)}" x2="${pct(label.center)}" y1="${px(y)}" y2="${px(y + 4)}"/>` +
        svgText(pct(label.x), y + 16, bandLabel(items[label.i]), { anchor: label.anchor, className: `tick-label${tier}` })
      );
    })
    .join('');
  return ticks + title;
}

/**
 * The axis break drawn in the band of a run of empty periods: a pale band between two dashed edges,
 * with the run in its hover title. It is not a mark: it stands for no number but zero.
 */
export function gapBand(item: ShownPeriod & { kind: 'gap' }, axis: TimeAxis, index: number, top: number, height: number): string {
  const x = axis.x(index);
  const edge = (at: number) => `<line class="gap-edge" x1="${pct(at)}" x2="${pct(at)}" y1="${px(top)}" y2="${px(top + height)}"/>`;
  return (
    `<g class="gap" data-gap="${escapeHtml(item.first)}"><title>${escapeHtml(item.text)}</title>` +
    `<rect class="gap" x="${pct(x)}" y="${px(top)}" width="${pct(axis.band)}" height="${px(height)}"/>` +
    edge(x + axis.band * 0.3) +
    edge(x + axis.band * 0.7) +
    '</g>'
  );
}

function renderPanel(panel: Panel, items: ShownPeriod[], axis: TimeAxis, top: number): string {
  // a gap carries the value of the period before it for the cumulative curve, zero for the bars
  let carried = 0;
  const values = items.map((item) => {
    if (item.kind === 'period') carried = item.row[panel.field] as number;
    return item.kind === 'period' || panel.kind === 'area' ? carried : 0;
  });
  const max = largest(values);
  const scale = countScale(max, 3);
  const plotTop = top + PANEL_TITLE;
  const bottom = plotTop + PANEL_HEIGHT;
  const y = (value: number) => bottom - (value / scale.max) * PANEL_HEIGHT;
  const parts: string[] = [];

  parts.push(svgText(0, top + 14, panel.title, { className: `panel-title axis-label ${panel.className}` }));
  for (const tick of scale.ticks) {
    const ty = y(tick);
    parts.push(`<line class="${tick === 0 ? 'baseline' : 'grid'}" x1="0" x2="100%" y1="${px(ty)}" y2="${px(ty)}"/>`);
    parts.push(svgText(-8, ty + 4, tickLabel(tick), { anchor: 'end', className: 'tick-label' }));
  }

  if (panel.kind === 'area' && items.length > 0) {
    // in the stretched SVG: x from 0 to 100 over the width, y from the plot's top
    const at = (value: number) => px(y(value) - plotTop);
    const points = values.map((value, i) => `${px((axis.x(i) + axis.band / 2) * 100)},${at(value)}`);
    const first = px((axis.x(0) + axis.band / 2) * 100);
    const last = px((axis.x(items.length - 1) + axis.band / 2) * 100);
    parts.push(
      stretched(
        plotTop,
        PANEL_HEIGHT,
        `<path class="area ${panel.className}" d="M${first},${PANEL_HEIGHT} L${points.join(' L')} L${last},${PANEL_HEIGHT} Z"/>` +
          `<polyline class="line ${panel.className}" points="${points.join(' ')}"/>`,
      ),
    );
  }

  // Bars name their highest value; the cumulative curve names where it ends.
  const peak = panel.kind === 'area' ? values.length - 1 : values.indexOf(max);
  items.forEach((item, i) => {
    if (item.kind === 'gap') {
      parts.push(gapBand(item, axis, i, plotTop, PANEL_HEIGHT));
      return;
    }
    const row = item.row;
    const value = values[i];
    const hit = `<rect class="hit" x="${pct(axis.x(i))}" y="${px(plotTop)}" width="${pct(axis.band)}" height="${PANEL_HEIGHT}"/>`;
    let shape = '';
    if (panel.kind === 'bars') {
      const { inset, width } = barInBand(axis.band);
      shape = `<rect class="bar ${panel.className}${i === peak && max > 0 ? ' peak' : ''}" x="${pct(axis.x(i) + inset)}" y="${px(y(value))}" width="${pct(width)}" height="${px(bottom - y(value))}"/>`;
    } else if (items.length <= 62) {
      shape = `<circle class="dot ${panel.className}" cx="${pct(axis.x(i) + axis.band / 2)}" cy="${px(y(value))}" r="2.5"/>`;
    }
    parts.push(
      renderMark({
        name: panel.mark,
        key: row.period,
        field: panel.field,
        value,
        title: `${panel.title}: ${formatCount(value)}\n${describePeriod(row)}`,
        shapes: hit + shape,
      }),
    );
  });

  parts.push(partialBands(`chart-trend-${panel.className}`, partialItems(items), axis, plotTop, PANEL_HEIGHT));
  // Name the highest value (the last, for the cumulative curve) on the panel's title line, where it
  // never covers a bar; the bar itself is drawn darker.
  if (values[peak] > 0) {
    const label = panel.kind === 'area' ? `${formatCount(values[peak])} by ${bandLabel(items[peak])}` : `peak ${formatCount(max)} in ${bandLabel(items[peak])}`;
    parts.push(svgText('100%', top + 14, label, { anchor: 'end', className: 'peak-label' }));
  }
  return parts.join('');
}

/** The "over time" section, or '' when there are no periods. */
export function renderTrend(rows: PeriodRow[] | undefined, settings: ReportSettings, gaps?: PeriodGap[]): string {
  if (!rows || rows.length === 0) return '';
  const { items, note } = chartPeriods(rows, settings.by, undefined, gaps);
  let periods = rows.length;
  for (const gap of gaps ?? []) periods += gap.count;
  const axis = timeAxis(items.length);
  const panelBlock = PANEL_TITLE + PANEL_HEIGHT + PANEL_GAP;
  const height = PANELS.length * panelBlock - PANEL_GAP + AXIS_HEIGHT;
  const panels = PANELS.map((panel, index) => renderPanel(panel, items, axis, index * panelBlock)).join('');
  const axisY = PANELS.length * panelBlock - PANEL_GAP;
  const first = rows[0].period;
  const last = rows[rows.length - 1].period;
  const span = `${unitPlural(settings.by, periods)}, ${first} to ${last}`;
  const busiest = rows.reduce((top, row) => (row.events > top.events ? row : top), rows[0]);
  const end = rows[rows.length - 1];
  const svg = svgFrame(
    'chart-trend',
    `Events, active installs, new installs and installs seen so far per ${unitName(settings.by)}`,
    `Four panels over ${span}, each with its own vertical scale. Exact numbers are in each bar's title and in the table below.`,
    height,
    panels + timeAxisLabels(items, axis, axisY, settings),
  );
  const table: FallbackTable = {
    caption: `Per ${unitName(settings.by)} (${settings.tz})`,
    columns: [
      { heading: unitName(settings.by) },
      { heading: 'events', numeric: true, field: 'events' },
      { heading: 'active installs', numeric: true, field: 'installs' },
      { heading: 'new', numeric: true, field: 'new' },
      { heading: 'returning', numeric: true, field: 'returning' },
      { heading: 'resurrecting', numeric: true, field: 'resurrecting' },
      { heading: 'dormant', numeric: true, field: 'dormant' },
      { heading: 'installs seen so far', numeric: true, field: 'total' },
    ],
    rows: items.map((item) => {
      if (item.kind === 'gap') return { gap: item.text };
      const row = item.row;
      return {
        key: row.period,
        cells: [
          partialCell(row.period, row.partial),
          countCell(row.events),
          countCell(row.installs),
          countCell(row.new),
          countCell(row.returning),
          countCell(row.resurrecting),
          countCell(row.dormant),
          countCell(row.total),
        ],
      };
    }),
  };
  return section({
    id: 'over-time',
    heading: 'Over time',
    lede:
      `${span}: ${formatCount(end.total)} installs seen by ${end.period}; the busiest ${unitName(settings.by)} was ` +
      `${busiest.period} with ${formatCount(busiest.events)} events. Each panel has its own scale.`,
    figure: svg,
    note: withPartialText(note, partialItems(items)),
    details: numbersDetails(table),
  });
}
