// Issue #13's charts on the HTML page: release adoption as a stacked area of shares, rolling active
// installs (DAU, WAU, MAU) as lines, and activation per cohort as bars. Every mark carries its exact
// number (`data-mark`, `data-value`, a <title>), and every chart its numbers as a table under it.
import type { ActivationReport, ActiveReport, AdoptionPeriodRow, AdoptionReport, PeriodRow, Report, ReportSettings } from '../../core/report.js';
import { exactShare, formatCount, formatPercent, periodAxisLabel, unitName } from './format.js';
import { renderMark, type MarkName } from './marks.js';
import { legend, section } from './section.js';
import { countScale, pct, px, stretched, svgFrame, svgText, tickLabel } from './svg.js';
import { countCell, numbersDetails, type FallbackTable } from './table.js';
import { barInBand, timeAxis, timeAxisLabels } from './trend.js';
import { partialBands, partialCell, partialIndices, withPartialText } from './partial.js';
import { DEFAULT_TOP, HTML_PERIOD_BANDS, moreLine, shortText, topRows, type ShownPeriod } from '../shown.js';
import { escapeHtml } from './escape.js';
import { MAX_ANALYTICS_ROWS } from '../../core/period-ends.js';

const TOP = 12;
const PLOT_HEIGHT = 240;
const AXIS_HEIGHT = 44;

/** Layer colours of the adoption chart, newest-first top versions, then "other" in grey. */
const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626'];
const OTHER = '#9ca3af';
const SERIES = { dau: '#2563eb', wau: '#16a34a', mau: '#d97706' } as const;

/** The marks the analytics charts draw for this report (issue #13), for tests. */
export function expectedAnalyticsMarks(report: Report): Partial<Record<MarkName, number>> {
  const marks: Partial<Record<MarkName, number>> = {};
  if (report.input.events - report.input.filtered === 0) return marks;
  const { adoption, active, activation } = report;
  const drawn = (n: number) => Math.min(n, HTML_PERIOD_BANDS);
  if (adoption && adoption.periods.length > 0) marks.adoption = drawn(adoption.periods.length) * (adoption.top.length + 1);
  if (active && active.rows.length > 0) {
    marks['active-dau'] = drawn(active.rows.length);
    marks['active-wau'] = drawn(active.rows.length);
    marks['active-mau'] = drawn(active.rows.length);
  }
  if (activation && activation.rows.length > 0) marks.activation = drawn(activation.rows.length);
  return marks;
}

/** The rows' labels as the time axis takes them. */
const axisRows = (periods: string[]): ShownPeriod[] => periods.map((period) => ({ kind: 'period', row: { period } as PeriodRow }));

/**
 * The latest HTML_PERIOD_BANDS rows, as the page's other period charts draw at most that many bands, and a
 * note saying so; `earlier` rows before them were counted, not computed (Report.adoptionEarlier, …).
 * (These rows are as-of numbers, not counts of a period's events: no run of them is empty in the sense of
 * the activity charts, so none is collapsed.)
 */
function latestRows<T>(rows: T[], what: string, earlier = 0): { rows: T[]; note?: string } {
  if (rows.length <= HTML_PERIOD_BANDS && earlier === 0) return { rows };
  const shown = rows.slice(Math.max(0, rows.length - HTML_PERIOD_BANDS));
  const total = rows.length + earlier;
  const whole = total <= MAX_ANALYTICS_ROWS ? 'JSON and CSV have every one' : `JSON and CSV take at most ${formatCount(MAX_ANALYTICS_ROWS)} (narrow --window)`;
  return {
    rows: shown,
    note: `The chart and its table show the last ${formatCount(shown.length)} of ${formatCount(total)} ${what}; ${whole}.`,
  };
}

function shareGrid(): string {
  const parts: string[] = [];
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    const y = TOP + PLOT_HEIGHT - share * PLOT_HEIGHT;
    parts.push(`<line class="${share === 0 ? 'baseline' : 'grid'}" x1="0" x2="100%" y1="${px(y)}" y2="${px(y)}"/>`);
    parts.push(svgText(-8, y + 4, `${share * 100}%`, { anchor: 'end', className: 'tick-label' }));
  }
  return parts.join('');
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/**
 * The daily shares (AdoptionReport.daily) inside the rows shown, each day at its place in its period's band (x from 0
 * to 100 over the width): one stack of layer shares (the top versions, then the rest) a day. Null when there are
 * none (by day, or no days in the rows shown).
 */
function dailyPoints(
  adoption: AdoptionReport,
  rows: AdoptionPeriodRow[],
  axis: { band: number; x(i: number): number },
): { x: number; shares: number[] }[] | null {
  if (!adoption.daily || adoption.daily.length === 0 || rows.length < 2) return null;
  const ends = rows.map((row) => dayNumber(row.date));
  const points: { x: number; shares: number[] }[] = [];
  let i = 0;
  for (const day of adoption.daily) {
    const d = dayNumber(day.date);
    while (i < ends.length && d > ends[i]) i++;
    if (i === ends.length) break;
    const start = i > 0 ? ends[i - 1] + 1 : Math.min(d, dayNumber(adoption.daily[0].date));
    if (d < start) continue;
    const x = (axis.x(i) + (axis.band * (d - start + 0.5)) / (ends[i] - start + 1)) * 100;
    const onTop = day.shares.reduce((sum, share) => sum + share, 0);
    points.push({ x, shares: [...day.shares, day.active === 0 ? 0 : Math.max(0, 1 - onTop)] });
  }
  return points.length > 1 ? points : null;
}

/** The stacked areas through the daily points, in the stretched SVG (y from TOP). */
function dailyAreas(points: { x: number; shares: number[] }[], layers: number, colour: (layer: number) => string): string[] {
  const bottoms = points.map(() => 0);
  const areas: string[] = [];
  for (let layer = 0; layer < layers; layer++) {
    const lower = points.map((p, k) => `${px(p.x)},${px(PLOT_HEIGHT - bottoms[k] * PLOT_HEIGHT)}`);
    points.forEach((p, k) => (bottoms[k] += p.shares[layer]));
    const upper = points.map((p, k) => `${px(p.x)},${px(PLOT_HEIGHT - bottoms[k] * PLOT_HEIGHT)}`);
    areas.push(`<path fill="${colour(layer)}" fill-opacity="0.85" data-daily="true" d="M${[...upper, ...lower.reverse()].join('L')}Z"/>`);
  }
  return areas;
}

export function renderAdoption(adoption: AdoptionReport | undefined, settings: ReportSettings, top = DEFAULT_TOP, earlier = 0): string {
  if (!adoption || adoption.periods.length === 0) return '';
  const { rows, note } = latestRows(adoption.periods, 'periods', earlier);
  const layers = [...adoption.top.map(shortText), 'other'];
  const colour = (layer: number) => (layer < adoption.top.length ? PALETTE[layer % PALETTE.length] : OTHER);
  const axis = timeAxis(rows.length);
  const parts: string[] = [shareGrid()];
  const areas: string[] = [];
  parts.push(svgText(-48, TOP + PLOT_HEIGHT / 2, 'share of active installs', { anchor: 'middle', className: 'axis-label', rotate: -90 }));
  // each period's shares, stacked from the bottom: top versions first, then the rest
  const share = (row: (typeof rows)[number], layer: number) =>
    layer < adoption.top.length ? row.shares[layer] : row.active === 0 ? 0 : row.other / row.active;
  const bottoms = rows.map(() => 0);
  const y = (value: number) => TOP + PLOT_HEIGHT - value * PLOT_HEIGHT;
  // by week or month the areas follow the daily shares (issue #21: a release that rose and fell inside a month
  // shows), each day placed inside its period's band; the marks and the table stay one a period
  const daily = dailyPoints(adoption, rows, axis);
  layers.forEach((name, layer) => {
    // the layer as an area through the middle of each period's band, in the stretched SVG (x 0 to 100, y from TOP)
    const lower: string[] = [];
    const upper: string[] = [];
    rows.forEach((row, i) => {
      const x = (axis.x(i) + axis.band / 2) * 100;
      lower.push(`${px(x)},${px(y(bottoms[i]) - TOP)}`);
      upper.push(`${px(x)},${px(y(bottoms[i] + share(row, layer)) - TOP)}`);
    });
    if (rows.length === 1) {
      // one period: a band-wide column instead of a line
      parts.push(
        `<rect fill="${colour(layer)}" x="${pct(axis.x(0))}" y="${px(y(bottoms[0] + share(rows[0], layer)))}" width="${pct(axis.band)}" height="${px(share(rows[0], layer) * PLOT_HEIGHT)}"/>`,
      );
    } else if (daily === null) {
      areas.push(`<path fill="${colour(layer)}" fill-opacity="0.85" d="M${[...upper, ...lower.reverse()].join('L')}Z"/>`);
    }
    rows.forEach((row, i) => {
      const value = share(row, layer);
      const count = layer < adoption.top.length ? row.installs[layer] : row.other;
      parts.push(
        renderMark({
          name: 'adoption',
          key: row.period,
          field: name,
          value: count,
          title: `${row.period} (as of ${row.date}) · ${name}: ${formatCount(count)} of ${formatCount(row.active)} active installs (${formatPercent(value)}; exactly ${exactShare(value)})`,
          shapes: `<rect class="hit" x="${pct(axis.x(i))}" y="${px(y(bottoms[i] + value))}" width="${pct(axis.band)}" height="${px(value * PLOT_HEIGHT)}"/>`,
        }),
      );
      bottoms[i] += value;
    });
  });
  if (daily !== null) for (const area of dailyAreas(daily, layers.length, colour)) areas.push(area);
  // the areas first, under the marks' hit areas
  if (areas.length > 0) parts.splice(1, 0, stretched(TOP, PLOT_HEIGHT, areas.join('')));
  parts.push(partialBands('chart-adoption', partialIndices(rows), axis, TOP, PLOT_HEIGHT));
  const height = TOP + PLOT_HEIGHT + 8 + AXIS_HEIGHT;
  const svg = svgFrame(
    'chart-adoption',
    `Share of active installs per version, per ${unitName(settings.by)}`,
    `Stacked areas: for each ${unitName(settings.by)}, the share of the installs active in the last ${adoption.activeDays} days on each version, the top ${adoption.top.length} and the rest.`,
    height,
    parts.join('') + timeAxisLabels(axisRows(rows.map((r) => r.period)), axis, TOP + PLOT_HEIGHT + 8, settings),
  );
  const table: FallbackTable = {
    caption: `Active installs per version as of each ${unitName(settings.by)}'s last day (${settings.tz}); active = an event in the last ${adoption.activeDays} days`,
    columns: [
      { heading: unitName(settings.by) },
      { heading: 'as of' },
      { heading: 'active', numeric: true, field: 'active' },
      ...layers.map((name) => ({ heading: name, numeric: true, field: name })),
      { heading: 'latest 3', numeric: true },
      { heading: 'in use', numeric: true },
      { heading: 'median age (days)', numeric: true },
    ],
    rows: rows.map((row) => ({
      key: row.period,
      cells: [
        partialCell(row.period, row.partial),
        row.date,
        countCell(row.active),
        ...row.installs.map((n) => countCell(n)),
        countCell(row.other),
        { text: formatPercent(row.latest3), value: row.latest3 },
        countCell(row.inUse),
        row.medianAge === null ? '–' : countCell(row.medianAge),
      ],
    })),
  };
  // as many releases as the version chart lists (--top), newest first
  const shownReleases = topRows(adoption.releases, top);
  const releases: FallbackTable = {
    caption: 'Releases: first seen, peak share of active installs, days to 50% and 90%, the first day under 10% after the peak',
    columns: [
      { heading: 'version' },
      { heading: 'first seen' },
      { heading: 'peak', numeric: true },
      { heading: 'peak on' },
      { heading: 'days to 50%', numeric: true },
      { heading: 'days to 90%', numeric: true },
      { heading: 'under 10% on' },
    ],
    rows: shownReleases.rows.map((r) => ({
      key: r.version,
      cells: [
        shortText(r.version),
        r.firstSeen ?? 'no start',
        { text: formatPercent(r.peakShare), value: r.peakShare },
        r.peakDate ?? '–',
        r.days50 === null ? 'not yet' : countCell(r.days50),
        r.days90 === null ? 'not yet' : countCell(r.days90),
        r.replaced ?? 'not yet',
      ],
    })),
  };
  return section({
    id: 'adoption',
    heading: 'Release adoption',
    lede: `Which versions the installs in use are on: an install is active with an event in the last ${adoption.activeDays} days, on the version of its latest event.`,
    legend: legend(layers.map((name, layer) => ({ className: `adopt-${layer}`, label: name }))).replace(
      /class="swatch adopt-(\d+)"/g,
      (_, layer: string) => `class="swatch" style="background:${colour(Number(layer))}"`,
    ),
    figure: svg,
    note: withPartialText(note, partialIndices(rows)),
    details:
      numbersDetails(table) +
      numbersDetails(releases, 'Show the releases') +
      (shownReleases.more > 0 ? `<p class="note">${escapeHtml(moreLine(shownReleases.more, 'version'))}</p>` : ''),
  });
}

export function renderActive(active: ActiveReport | undefined, settings: ReportSettings, earlier = 0): string {
  if (!active || active.rows.length === 0) return '';
  const { rows, note } = latestRows(active.rows, 'periods', earlier);
  const axis = timeAxis(rows.length);
  const scale = countScale(
    Math.max(
      1,
      rows.reduce((max, row) => Math.max(max, row.mau, row.wau, row.dau), 0),
    ),
    4,
  );
  const y = (value: number) => TOP + PLOT_HEIGHT - (value / scale.max) * PLOT_HEIGHT;
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    parts.push(`<line class="${tick === 0 ? 'baseline' : 'grid'}" x1="0" x2="100%" y1="${px(y(tick))}" y2="${px(y(tick))}"/>`);
    parts.push(svgText(-8, y(tick) + 4, tickLabel(tick), { anchor: 'end', className: 'tick-label' }));
  }
  parts.push(svgText(-48, TOP + PLOT_HEIGHT / 2, 'active installs', { anchor: 'middle', className: 'axis-label', rotate: -90 }));
  const series = [
    ['dau', 'DAU: active that day'],
    ['wau', 'WAU: active in the 7 days ending that day'],
    ['mau', `MAU: active in the ${active.windowDays} days ending that day`],
  ] as const;
  for (const [field] of series) {
    const points = rows.map((row, i) => `${px((axis.x(i) + axis.band / 2) * 100)},${px(y(row[field]) - TOP)}`).join(' ');
    parts.push(stretched(TOP, PLOT_HEIGHT, `<polyline class="series" fill="none" stroke="${SERIES[field]}" stroke-width="2" points="${points}"/>`));
    rows.forEach((row, i) => {
      const cx = axis.x(i) + axis.band / 2;
      parts.push(
        renderMark({
          name: `active-${field}`,
          key: row.period,
          field,
          value: row[field],
          title: `${row.period} (as of ${row.date}) · ${field.toUpperCase()}: ${formatCount(row[field])}; DAU ${formatCount(row.dau)}, WAU ${formatCount(row.wau)}, MAU ${formatCount(row.mau)}, DAU/MAU ${formatPercent(row.stickiness)}`,
          shapes: `<circle fill="${SERIES[field]}" cx="${pct(cx)}" cy="${px(y(row[field]))}" r="${rows.length > 120 ? 1.2 : 3}"/>`,
        }),
      );
    });
  }
  parts.push(partialBands('chart-active', partialIndices(rows), axis, TOP, PLOT_HEIGHT));
  const height = TOP + PLOT_HEIGHT + 8 + AXIS_HEIGHT;
  const svg = svgFrame(
    'chart-active',
    `Active installs: DAU, WAU and MAU per ${unitName(settings.by)}`,
    `Lines: installs active on the day, in the 7 days and in the ${active.windowDays} days ending each ${settings.by === 'day' ? 'day' : `${unitName(settings.by)}'s last day`}.`,
    height,
    parts.join('') + timeAxisLabels(axisRows(rows.map((r) => r.period)), axis, TOP + PLOT_HEIGHT + 8, settings),
  );
  const table: FallbackTable = {
    caption: `Active installs (${periodAxisLabel(settings)}); L7/L28 as of ${active.asOf}: ${active.l7.map((n, k) => `${k + 1} d: ${n}`).join(', ')}`,
    columns: [
      { heading: unitName(settings.by) },
      { heading: 'as of' },
      { heading: 'DAU', numeric: true, field: 'dau' },
      { heading: 'WAU', numeric: true, field: 'wau' },
      { heading: 'MAU', numeric: true, field: 'mau' },
      { heading: 'DAU/MAU', numeric: true },
    ],
    rows: rows.map((row) => ({
      key: row.period,
      cells: [
        partialCell(row.period, row.partial),
        row.date,
        countCell(row.dau),
        countCell(row.wau),
        countCell(row.mau),
        { text: formatPercent(row.stickiness), value: row.stickiness },
      ],
    })),
  };
  return section({
    id: 'active',
    heading: 'Active installs',
    lede: `How many installs are in use, over rolling windows; DAU/MAU (stickiness) in the table.`,
    legend: legend(series.map(([field, label]) => ({ className: `active-${field}`, label }))).replace(
      /class="swatch active-(\w+)"/g,
      (_, field: keyof typeof SERIES) => `class="swatch" style="background:${SERIES[field]}"`,
    ),
    figure: svg,
    note: withPartialText(note, partialIndices(rows)),
    details: numbersDetails(table),
  });
}

export function renderActivation(activation: ActivationReport | undefined, settings: ReportSettings, earlier = 0): string {
  if (!activation || activation.rows.length === 0) return '';
  const { rows, note } = latestRows(activation.rows, 'cohorts', earlier);
  const axis = timeAxis(rows.length);
  const { inset, width } = barInBand(axis.band);
  const parts: string[] = [shareGrid()];
  parts.push(svgText(-48, TOP + PLOT_HEIGHT / 2, 'share converted', { anchor: 'middle', className: 'axis-label', rotate: -90 }));
  const days = (value: number | null) => (value === null ? '–' : `${Math.round(value * 10) / 10} days`);
  rows.forEach((row, i) => {
    const height = row.share * PLOT_HEIGHT;
    parts.push(
      renderMark({
        name: 'activation',
        key: row.cohort,
        field: 'share',
        value: row.share,
        title: `${row.cohort}${row.open ? ' (open: its window runs past the data, installs can still convert)' : ''} · ${formatCount(row.converted)} of ${formatCount(row.installs)} installs ran update within ${activation.within} days (${row.open ? 'at least ' : ''}${formatPercent(row.share)}); median ${days(row.median)}, p90 ${days(row.p90)}`,
        // an open cohort's bar is hollow: a floor, not a result (issue #21)
        shapes:
          `<rect class="hit" x="${pct(axis.x(i))}" y="${TOP}" width="${pct(axis.band)}" height="${PLOT_HEIGHT}"/>` +
          (row.open
            ? `<rect fill="none" stroke="${PALETTE[1]}" stroke-dasharray="3 2" data-open="true" x="${pct(axis.x(i) + inset)}" y="${px(TOP + PLOT_HEIGHT - height)}" width="${pct(width)}" height="${px(height)}"/>`
            : `<rect fill="${PALETTE[1]}" x="${pct(axis.x(i) + inset)}" y="${px(TOP + PLOT_HEIGHT - height)}" width="${pct(width)}" height="${px(height)}"/>`),
      }),
    );
  });
  const height = TOP + PLOT_HEIGHT + 8 + AXIS_HEIGHT;
  const svg = svgFrame(
    'chart-activation',
    `Activation per cohort (${unitName(settings.by)} of the first event)`,
    `Bars: the share of each cohort's installs that ran update within ${activation.within} days of their first event; a hollow dashed bar is an open cohort, whose window runs past the data's last day (its share can still grow).`,
    height,
    parts.join('') + timeAxisLabels(axisRows(rows.map((r) => r.cohort)), axis, TOP + PLOT_HEIGHT + 8, settings),
  );
  const table: FallbackTable = {
    caption: `Activation per cohort (${periodAxisLabel(settings)}): update within ${activation.within} days; times in days, nearest rank`,
    columns: [
      { heading: 'cohort' },
      { heading: 'installs', numeric: true, field: 'installs' },
      { heading: 'converted', numeric: true, field: 'converted' },
      { heading: 'share', numeric: true, field: 'share' },
      { heading: 'median (days)', numeric: true },
      { heading: 'p90 (days)', numeric: true },
    ],
    rows: rows.map((row) => ({
      key: row.cohort,
      cells: [
        row.cohort,
        countCell(row.installs),
        countCell(row.converted),
        { text: formatPercent(row.share), value: row.share },
        row.median === null ? '–' : { text: days(row.median), value: row.median },
        row.p90 === null ? '–' : { text: days(row.p90), value: row.p90 },
      ],
    })),
  };
  return section({
    id: 'activation',
    heading: 'Activation',
    lede: `Do installs come back after their first event? The share of each cohort that ran update within ${activation.within} days.`,
    figure: svg,
    note,
    details: numbersDetails(table),
  });
}
