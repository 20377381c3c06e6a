// The core's setting errors (src/core/setting-error.ts) worded for the command line: each setting under the
// flag or variable that sets it. These are the messages users see; tests match them exactly.

import type { Setting, SettingError } from '../core/setting-error.js';
import { MAX_RETENTION_WEEKS } from '../reducers/retention.js';
import { formatCount } from '../render/numbers.js';
import { LATEST_PERIODS } from '../render/shown.js';

const NAMES: Record<Setting, string> = {
  tz: '--tz',
  today: 'BAZINGA_STATS_TODAY',
  window: '--window',
  since: '--since',
  until: '--until',
  excludeInstalls: '--exclude-installs',
};

export function settingMessage(error: SettingError): string {
  const name = NAMES[error.setting];
  const value = error.value;
  switch (error.problem) {
    case 'unknown-zone':
      return `${name}: unknown time zone '${value}' (use an IANA name such as UTC or Europe/Berlin)`;
    case 'not-a-date':
      if (error.setting === 'window') return `${name}: '${error.other}' in '${value}' is not a date (use YYYY-MM-DD)`;
      return error.setting === 'today'
        ? `${name}: '${value}' is not a date (use YYYY-MM-DD)`
        : `${name}: '${value}' is not a date (use YYYY-MM-DD, or Nd for the last N days)`;
    case 'no-days':
      return `${name}: '${value}' must count at least one day (1d is today)`;
    case 'needs-today':
      return `${name}: '${value}' counts back from today, and no today was given`;
    case 'since-after-until':
      return `--since ${value} is after --until ${error.other}`;
    case 'not-a-window':
      return `${name}: '${value}' is not FROM..TO (each end YYYY-MM-DD or empty, e.g. 2024-01-01..; .. for no window)`;
    case 'before-default-window':
      return `${name}: today '${value}' is before ${error.other}, where the default window starts (use a real date, or --window FROM..TO)`;
    case 'window-reversed':
      return `${name}: '${value}' starts after it ends`;
    case 'too-long-for-retention':
      return (
        `${name} ${value}: retention from ${error.other?.replace('..', ' to ')} is more than ${formatCount(MAX_RETENTION_WEEKS)} weeks of cohorts, ` +
        `too many for the whole triangle in JSON or CSV; narrow ${name} (e.g. ${name} 2000-01-01..), or use a table, markdown or html format (they show the latest cohorts)`
      );
    case 'too-many-periods': {
      const span = error.periods!;
      const units = { day: 'days', week: 'weeks', month: 'months' }[span.unit];
      const coarser = span.unit === 'day' ? 'use --by week or month, or ' : span.unit === 'week' ? 'use --by month, or ' : '';
      const counted = `${formatCount(span.count)} ${units} from ${span.first} to ${span.last}`;
      const limit = `${formatCount(span.limit)} rows`;
      if (span.section === 'periods') return `${name} ${value}: ${counted} are more than JSON holds (${limit}); narrow ${name}, or ${coarser}--format csv`;
      return (
        `${name} ${value}: ${span.section} over ${counted} is more than JSON and CSV hold (${limit}); narrow ${name}, or ` +
        `${coarser || 'use '}a table, markdown or html format (they show the latest ${formatCount(LATEST_PERIODS)})`
      );
    }
    case 'not-a-uuid':
      return `${name}: '${value}' is not a uuid`;
  }
}
