// The live report is computed once for both of its formats, shaped as the HTML page wants it: each run of
// COLLAPSE_RUN (6) or more empty periods is left out of `periods` as a gap (AnalysisOptions.collapseEmptyRuns),
// so a stray stamp years before the rest costs one gap, not thousands of row objects per snapshot. JSON is
// the contract and has every row (`bazinga-stats report --format json`), so for /report?format=json the gaps
// are filled back in here, as the periods reducer makes them without collapsing: blank rows whose `total`
// carries on; and beyond the rows JSON holds the answer is the CLI's refusal (issue #23).

import { daysFromCivil, periodCalendar, weekOfDay, type PeriodCalendar } from '../core/calendar.js';
import { parseDate } from '../core/filters.js';
import { MAX_PERIOD_ROWS } from '../core/period-ends.js';
import type { PeriodGap, PeriodRow, PeriodUnit, Report } from '../core/report.js';
import { SettingError } from '../core/setting-error.js';
import { windowLabel } from '../core/window.js';

/** `report` with every period row, its gaps filled in; a SettingError (too-many-periods) beyond what JSON holds. */
export function wholePeriods(report: Report): Report {
  const { periodGaps: gaps, ...whole } = report;
  const rows = report.periods;
  if (rows === undefined || gaps === undefined || gaps.length === 0) return whole;
  const unit = report.settings.by;
  const count = rows.length + gaps.reduce((sum, gap) => sum + gap.count, 0);
  if (count > MAX_PERIOD_ROWS) {
    const first = gaps[0].index === 0 ? gaps[0].first : rows[0].period;
    const last = gaps[gaps.length - 1].index === rows.length ? gaps[gaps.length - 1].last : rows[rows.length - 1].period;
    throw new SettingError('window', windowLabel(report.settings.window), 'too-many-periods', null, {
      section: 'periods',
      unit,
      count,
      first,
      last,
      limit: MAX_PERIOD_ROWS,
    });
  }
  const calendar = periodCalendar(unit);
  const periods: PeriodRow[] = [];
  let g = 0;
  for (let i = 0; i <= rows.length; i++) {
    for (; g < gaps.length && gaps[g].index === i; g++) fill(periods, gaps[g], calendar, i === 0 ? 0 : rows[i - 1].total);
    if (i < rows.length) periods.push(rows[i]);
  }
  return { ...whole, periods };
}

/** Appends the blank rows of `gap`, each with the running `total` of the row before it. */
function fill(periods: PeriodRow[], gap: PeriodGap, calendar: PeriodCalendar, total: number): void {
  const start = periodOfLabel(calendar.unit, gap.first);
  // the labels are the calendar's own: one that does not read back is a bug, not a report to guess at
  if (start === null || calendar.label(start) !== gap.first || calendar.label(start + gap.count - 1) !== gap.last) {
    throw new Error(`a run of empty periods that cannot be filled in: ${gap.first}..${gap.last} (${gap.count})`);
  }
  for (let p = start; p < start + gap.count; p++) {
    // a run of empty periods lies between rows: never the first or the last, never partial
    periods.push({ period: calendar.label(p), events: 0, installs: 0, new: 0, returning: 0, resurrecting: 0, dormant: 0, total, partial: false });
  }
}

/** The period number of a label as the calendar writes it (`2025-01-03`, `2025-W02`, `2025-01`), or null. */
function periodOfLabel(unit: PeriodUnit, label: string): number | null {
  if (unit === 'day') return parseDate(label);
  const m = (unit === 'week' ? /^(\d{4})-W(\d{2})$/ : /^(\d{4})-(\d{2})$/).exec(label);
  if (m === null) return null;
  const [year, n] = [Number(m[1]), Number(m[2])];
  // ISO week 1 is the week holding 4 January
  return unit === 'week' ? weekOfDay(daysFromCivil(year, 1, 4)) + n - 1 : year * 12 + n - 1;
}
