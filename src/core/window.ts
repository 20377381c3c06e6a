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
    return { since: parseDate(DEFAULT_WINDOW_START), until: today === null ? null : today + 1 };
  }
  const parts = setting.split('..');
  if (parts.length !== 2) throw new SettingError('window', setting, 'not-a-window');
  const [since, until] = parts.map((end) => {
    if (end === '') return null;
    const day = parseDate(end);
    if (day === null) throw new SettingError('window', setting, 'not-a-window');
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
