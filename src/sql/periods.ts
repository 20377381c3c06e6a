// daily / weekly / monthly: per period (cut in the zone), events, active installs and the lifecycle —
// new (first seen), returning (active in the period before too), resurrecting (the other active ones),
// dormant (active in the period before, not in this one), total (first seen up to the period's end).

import { counted } from './counted.js';
import { coverageCte, partialSql } from './coverage.js';
import { column, periodKey, query, type SqlContext, type Statement } from './query.js';
import { span } from './span.js';

export function periodsSql(ctx: SqlContext): Statement[] {
  const { dialect: d, settings } = ctx;
  const unit = settings.by;
  const start = d.periodStart('day', unit);
  const ctes = [
    counted(ctx),
    { name: 'activity', comment: 'each install with each period it has an event in', sql: `SELECT DISTINCT install, ${start} AS period FROM counted` },
    span(ctx, 'periods', 'activity', 'period', unit),
    coverageCte(ctx),
    { name: 'event_counts', comment: 'events per period', sql: `SELECT ${start} AS period, count(*) AS events FROM counted GROUP BY ${start}` },
    {
      name: 'steps',
      comment: "each install's active periods with the one before and the one after it",
      sql: `SELECT install, period, lag(period) OVER w AS previous_period, lead(period) OVER w AS next_period\nFROM activity\nWINDOW w AS (PARTITION BY install ORDER BY period)`,
    },
    {
      name: 'period_counts',
      comment: 'per period: active installs, new ones (no period before), returning ones (active in the period before too)',
      sql:
        `SELECT period, count(*) AS installs, count(*) FILTER (WHERE previous_period IS NULL) AS fresh,\n` +
        `  count(*) FILTER (WHERE previous_period = ${d.shift('period', -1, unit)}) AS returning_installs\n` +
        `FROM steps\nGROUP BY period`,
    },
    {
      name: 'dormant_counts',
      comment: 'installs active in the period before and not in this one',
      sql: `SELECT ${d.shift('period', 1, unit)} AS period, count(*) AS dormant\nFROM steps\nWHERE next_period IS NULL OR next_period <> ${d.shift('period', 1, unit)}\nGROUP BY ${d.shift('period', 1, unit)}`,
    },
  ];
  const n = (x: string) => `coalesce(${x}, 0)`;
  const select =
    `SELECT ${d.label('p.period', unit)} AS ${column(unit === 'day' ? 'date' : 'period')},\n` +
    `  ${n('e.events')} AS ${column('events')},\n` +
    `  ${n('c.installs')} AS ${column('installs')},\n` +
    `  ${n('c.fresh')} AS ${column('new')},\n` +
    `  ${n('c.returning_installs')} AS ${column('returning')},\n` +
    `  ${n('c.installs')} - ${n('c.fresh')} - ${n('c.returning_installs')} AS ${column('resurrecting')},\n` +
    `  ${n('o.dormant')} AS ${column('dormant')},\n` +
    `  CAST(sum(${n('c.fresh')}) OVER (ORDER BY p.period) AS BIGINT) AS ${column('total')},\n` +
    `  ${partialSql(ctx, 'p.period', unit)} AS ${column('partial')}\n` +
    `FROM periods AS p\n` +
    `  LEFT JOIN event_counts AS e ON e.period = p.period\n` +
    `  LEFT JOIN period_counts AS c ON c.period = p.period\n` +
    `  LEFT JOIN dormant_counts AS o ON o.period = p.period\n` +
    `ORDER BY p.period`;
  return [{ name: periodKey(unit), sql: query(ctes, select) }];
}
