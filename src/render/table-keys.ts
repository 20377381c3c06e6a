// The one-line key under each table of a human format (issue #21 item 8): what its non-obvious columns
// mean, in the words of docs/analytics.md. CSV has none: its columns are the JSON's keys.

import type { Report } from '../core/report.js';
import type { SectionTable } from './section-table.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The key of a table, or undefined for one whose columns say it all. */
export function tableKey(table: SectionTable, report: Report): string | undefined {
  const by = report.settings.by;
  switch (table.id) {
    case 'periods':
      return `resurrecting: back after a quiet ${by} · dormant: active the ${by} before, not this one · total: seen so far · bar: events`;
    case 'versions':
      return 'current: installs whose latest event is on it · share: current / all installs · bar: events';
    case 'commands':
      return 'installs: distinct installs that ran it · bar: events';
    case 'upgrades':
      return 'installs: installs that moved from → to · downgrade: to a lower version · bar: installs';
    case 'retention':
      return 'W0, W1, …: share of the cohort with an event 0, 1, … weeks after its first week';
    case 'adoption':
      return 'shares of active installs · other: every other version · latest 3: on the 3 newest releases · median age: days behind the newest';
    case 'releases':
      return 'peak: highest daily share of active installs · under 10% on: the first day after the peak below 10%';
    case 'active':
      return `DAU, WAU, MAU: installs with an event on the day, in its 7 days, in its ${plural(report.active?.windowDays ?? 28, 'day')} · bar: DAU`;
    case 'active-days':
      return 'installs with an event on exactly that many of the last 7 (L7) and 28 (L28) days';
    case 'activation':
      return `converted: ran update within ${plural(report.activation?.within ?? 30, 'day')} of the first event · median, p90: days to it`;
    case 'churn':
      return `churned: quiet for more than ${plural(report.churn?.quietDays ?? 90, 'day')} · returned: back after it · gone: churned and not back`;
    default:
      return undefined;
  }
}
