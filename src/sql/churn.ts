// churn: an install is churned on its last active day + --quiet-days + 1 when it has no event by then (if
// that day is in the data); an event after that is a return. Per period: churned, returned, and gone (churned
// and not back at the period's end: the running sum).

import { counted } from './counted.js';
import { coverageCte, partialSql } from './coverage.js';
import { column, query, type SqlContext, type Statement } from './query.js';
import { span } from './span.js';

export function churnSql(ctx: SqlContext): Statement[] {
  const { dialect: d, settings } = ctx;
  const unit = settings.by;
  const q = settings.analytics.quietDays;
  const ctes = [
    counted(ctx),
    { name: 'active_days', comment: 'each install with each day it has an event on', sql: `SELECT DISTINCT install, day FROM counted` },
    { name: 'bounds', comment: "the data's last day", sql: `SELECT max(day) AS last_day FROM active_days` },
    { name: 'period_days', comment: "the start of each active day's period", sql: `SELECT DISTINCT ${d.periodStart('day', unit)} AS period FROM active_days` },
    span(ctx, 'periods', 'period_days', 'period', unit),
    coverageCte(ctx),
    {
      name: 'quiet_spells',
      comment: `each active day with the install's next one, when more than ${q} quiet days follow it within the data`,
      sql:
        `SELECT day + ${q + 1} AS churn_day, next_day\n` +
        `FROM (SELECT install, day, lead(day) OVER (PARTITION BY install ORDER BY day) AS next_day FROM active_days) AS g CROSS JOIN bounds\n` +
        `WHERE day + ${q + 1} <= last_day AND (next_day IS NULL OR next_day > day + ${q + 1})`,
    },
    {
      name: 'churned_counts',
      comment: 'installs churned per period',
      sql: `SELECT ${d.periodStart('churn_day', unit)} AS period, count(*) AS churned FROM quiet_spells GROUP BY 1`,
    },
    {
      name: 'returned_counts',
      comment: 'churned installs back per period',
      sql: `SELECT ${d.periodStart('next_day', unit)} AS period, count(*) AS returned FROM quiet_spells WHERE next_day IS NOT NULL GROUP BY 1`,
    },
  ];
  const select =
    `SELECT ${d.label('p.period', unit)} AS ${column('period')}, coalesce(c.churned, 0) AS ${column('churned')}, coalesce(r.returned, 0) AS ${column('returned')},\n` +
    `  CAST(sum(coalesce(c.churned, 0) - coalesce(r.returned, 0)) OVER (ORDER BY p.period) AS BIGINT) AS ${column('gone')},\n` +
    `  ${partialSql(ctx, 'p.period', unit)} AS ${column('partial')}\n` +
    `FROM periods AS p\n  LEFT JOIN churned_counts AS c ON c.period = p.period\n  LEFT JOIN returned_counts AS r ON r.period = p.period\n` +
    `ORDER BY p.period`;
  return [
    { name: 'churn', sql: `SELECT ${q} AS ${column('quietDays')}` },
    { name: 'churn.rows', sql: query(ctes, select) },
  ];
}
