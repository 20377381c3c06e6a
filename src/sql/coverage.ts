// Partial periods (issue #21, core/coverage.ts): the data runs from its first counted event to its last, read
// as wall-clock time in the zone; a period is partial unless the data starts within the first hour of its
// first day and ends within the last hour of its last day. The instants are microseconds here and whole
// seconds in the CLI: the same answer, since the bounds are whole seconds.

import type { PeriodUnit } from '../core/report.js';
import type { Cte, SqlContext } from './query.js';

/** One row: the first and last counted instants as wall-clock TIMESTAMPs in the zone. */
export function coverageCte({ dialect: d, settings }: SqlContext): Cte {
  return {
    name: 'coverage',
    comment: `the first and last counted events, as wall-clock time in ${settings.tz}`,
    sql: `SELECT ${d.wallClock('min(instant)', settings.tz)} AS data_start, ${d.wallClock('max(instant)', settings.tz)} AS data_end FROM counted`,
  };
}

/** A boolean: the period starting on the DATE `period` is covered in part only (needs the `coverage` CTE). */
export function partialSql({ dialect: d }: SqlContext, period: string, unit: PeriodUnit): string {
  return (
    `(SELECT c.data_start >= CAST(${period} AS TIMESTAMP) + INTERVAL '1 hour'\n` +
    `    OR c.data_end < CAST(${d.shift(period, 1, unit)} AS TIMESTAMP) - INTERVAL '1 hour' FROM coverage AS c)`
  );
}
