// "Today" for relative dates and the default window's end, for the reports and the collector alike.

import { dayLabel } from '../core/calendar.js';
import { ZoneDays } from '../core/zone-days.js';

/** Today's date in `tz`: BAZINGA_STATS_TODAY when set (tests), else the clock. The core reads no clock. */
export function today(tz: string): string {
  const pinned = process.env.BAZINGA_STATS_TODAY;
  if (pinned) return pinned;
  return dayLabel(new ZoneDays(tz).dayOf(Math.floor(Date.now() / 1000)));
}
