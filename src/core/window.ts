// The plausible-time window (issue 9): events whose day (in the report's zone) falls outside it are set
// aside before any filter and counted as `outside`. A device with a dead clock battery sends 1970, a typo
// or a hostile client 9999; without a window one such event stretches every period table over centuries.

import { dayLabel } from './calendar.js';
import { parseDate } from './filters.js';
import { SettingError } from './setting-error.js';

/** The first day of the default window. */
export const DEFAULT_WINDOW_START = '2000-01-01';

/** Inclusive day numbers; null is an open end. */
export interface DayWindow {
  since: number | null;
  until: number | null;
}

/**
 * The window of the `window` setting: `FROM..TO`, each end `YYYY-MM-DD` or empty (`..` is no window);
 * null is the default, 2000-01-01 to the day after `today` (open-ended when no today is given).
 */
export function resolveWindow(setting: string | null, today: number | null): DayWindow {
  if (setting === null) {
    const since = parseDate(DEFAULT_WINDOW_START)!;
    // a today before 2000 would make a window that ends before it starts, and every event outside it
    if (today !== null && today + 1 < since) throw new SettingError('today', dayLabel(today), 'before-default-window', DEFAULT_WINDOW_START);
    return { since, until: today === null ? null : today + 1 };
  }
  const parts = setting.split('..');
  if (parts.length !== 2) throw new SettingError('window', setting, 'not-a-window');
  const [since, until] = parts.map((end) => {
    if (end === '') return null;
    const day = parseDate(end);
    // shaped like a date but not one (2026-13-01, 2026-02-30): say so, not that the shape is wrong
    if (day === null) throw new SettingError('window', setting, /^\d{4}-\d{2}-\d{2}$/.test(end) ? 'not-a-date' : 'not-a-window', end);
    return day;
  });
  if (since !== null && until !== null && since > until) throw new SettingError('window', setting, 'window-reversed');
  return { since, until };
}

/** The window as the report states it: resolved dates, null for an open end. */
export function windowDates(window: DayWindow): { since: string | null; until: string | null } {
  return {
    since: window.since === null ? null : dayLabel(window.since),
    until: window.until === null ? null : dayLabel(window.until),
  };
}

/** `2000-01-01..2026-12-01`, `2024-01-01..`, `..`. */
export function windowLabel(window: { since: string | null; until: string | null }): string {
  return `${window.since ?? ''}..${window.until ?? ''}`;
}
