// How numbers read on the page. Counts are printed in full (grouped by thousands, never rounded),
// so every figure equals the report's; shares are rounded percentages on the page with the exact
// value beside them in titles and tables.
import type { PeriodUnit, ReportSettings } from '../../core/report.js';
import { groupable, groupThousands } from '../numbers.js';

/** 1234567 → "1,234,567". Only whole counts are expected; anything else prints as JavaScript does. */
export function formatCount(count: number): string {
  return groupable(count) ? groupThousands(count) : String(count);
}

/** 0.4567 → "45.7%"; a share above zero never reads as 0.0%. */
export function formatPercent(share: number): string {
  if (share > 0 && share < 0.0005) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}

/** The exact share, as the JSON report has it, for titles and tables. */
export function exactShare(share: number): string {
  return String(share);
}

export function unitName(unit: PeriodUnit): string {
  return unit === 'day' ? 'day' : unit === 'week' ? 'ISO week' : 'month';
}

export function unitPlural(unit: PeriodUnit, count: number): string {
  const name = unit === 'day' ? 'day' : unit === 'week' ? 'week' : 'month';
  return `${formatCount(count)} ${name}${count === 1 ? '' : 's'}`;
}

/** "day (UTC)": the x axis label of every chart over time. */
export function periodAxisLabel(settings: ReportSettings): string {
  return `${unitName(settings.by)} (${settings.tz})`;
}
