// daily / weekly / monthly: per period (cut in the zone), events, active installs and the lifecycle —
// new (first seen), returning (active in the period before too), resurrecting (the other active ones),
// dormant (active in the period before, not in this one), total (first seen up to the period's end).

import { counted } from './counted.js';
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
    { name: 'event_counts', comment: 'events per period', sql: `SELECT ${start} AS period, count(*) AS events FROM counted GROUP BY ${start}` },
    { name: 'active_counts', comment: 'active installs per period', sql: `SELECT period, count(*) AS installs FROM activity GROUP BY period` },
    {
      name: 'new_counts',
      comment: "installs first seen per period (their earliest event's period)",
      sql: `SELECT period, count(*) AS fresh FROM (SELECT install, min(period) AS period FROM activity GROUP BY install) AS first_seen GROUP BY period`,
    },
    {
      name: 'returning_counts',
      comment: 'installs active in a period and in the one before',
      sql: `SELECT a.period, count(*) AS returning_installs\nFROM activity AS a JOIN activity AS b ON b.install = a.install AND b.period = ${d.shift('a.period', -1, unit)}\nGROUP BY a.period`,
    },
    {
      name: 'dormant_counts',
      comment: 'installs active in the period before and not in this one',
      sql:
        `SELECT ${d.shift('a.period', 1, unit)} AS period, count(*) AS dormant\n` +
        `FROM activity AS a LEFT JOIN activity AS b ON b.install = a.install AND b.period = ${d.shift('a.period', 1, unit)}\n` +
        `WHERE b.install IS NULL\nGROUP BY ${d.shift('a.period', 1, unit)}`,
    },
  ];
  const n = (x: string) => `coalesce(${x}, 0)`;
  const select =
    `SELECT ${d.label('p.period', unit)} AS ${column(unit === 'day' ? 'date' : 'period')},\n` +
    `  ${n('e.events')} AS ${column('events')},\n` +
    `  ${n('a.installs')} AS ${column('installs')},\n` +
    `  ${n('f.fresh')} AS ${column('new')},\n` +
    `  ${n('r.returning_installs')} AS ${column('returning')},\n` +
    `  ${n('a.installs')} - ${n('f.fresh')} - ${n('r.returning_installs')} AS ${column('resurrecting')},\n` +
    `  ${n('o.dormant')} AS ${column('dormant')},\n` +
    `  CAST(sum(${n('f.fresh')}) OVER (ORDER BY p.period) AS BIGINT) AS ${column('total')}\n` +
    `FROM periods AS p\n` +
    `  LEFT JOIN event_counts AS e ON e.period = p.period\n` +
    `  LEFT JOIN active_counts AS a ON a.period = p.period\n` +
    `  LEFT JOIN new_counts AS f ON f.period = p.period\n` +
    `  LEFT JOIN returning_counts AS r ON r.period = p.period\n` +
    `  LEFT JOIN dormant_counts AS o ON o.period = p.period\n` +
    `ORDER BY p.period`;
  return [{ name: periodKey(unit), sql: query(ctes, select) }];
}
