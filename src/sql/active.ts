// active: per row (a day, or a week or month as of its last day, the data's last day for the last one),
// DAU (installs with an event that day), WAU (in the 7 days ending it), MAU (in the --window-days days
// ending it) and DAU/MAU; L7 and L28, installs active on exactly k of the 7 / 28 days ending the data's
// last day.

import { counted } from './counted.js';
import { coverageCte, partialSql } from './coverage.js';
import { column, query, type SqlContext, type Statement } from './query.js';
import { span } from './span.js';

export function activeSql(ctx: SqlContext): Statement[] {
  const { dialect: d, settings } = ctx;
  const unit = settings.by;
  const w = settings.analytics.windowDays;
  const days = { name: 'active_days', comment: 'each install with each day it has an event on', sql: `SELECT DISTINCT install, day FROM counted` };
  const bounds = { name: 'bounds', comment: "the data's first and last day", sql: `SELECT min(day) AS first_day, max(day) AS last_day FROM active_days` };
  const rowsCtes = [
    counted(ctx),
    days,
    bounds,
    { name: 'period_days', comment: "the start of each active day's period", sql: `SELECT DISTINCT ${d.periodStart('day', unit)} AS period FROM active_days` },
    span(ctx, 'periods', 'period_days', 'period', unit),
    coverageCte(ctx),
    {
      name: 'as_of',
      comment: "the day each row is as of: the period's last day, or the data's last day",
      sql: `SELECT p.period, least(${d.shift('p.period', 1, unit)} - 1, b.last_day) AS day FROM periods AS p CROSS JOIN bounds AS b`,
    },
    {
      name: 'counts',
      comment: `installs with an event on the day, in the 7 and in the ${w} days ending it`,
      sql:
        `SELECT a.period, a.day,\n` +
        `  count(DISTINCT CASE WHEN x.day = a.day THEN x.install END) AS dau,\n` +
        `  count(DISTINCT CASE WHEN x.day > a.day - 7 THEN x.install END) AS wau,\n` +
        `  count(DISTINCT CASE WHEN x.day > a.day - ${w} THEN x.install END) AS mau\n` +
        `FROM as_of AS a LEFT JOIN active_days AS x ON x.day <= a.day AND x.day > a.day - ${Math.max(7, w)}\n` +
        `GROUP BY a.period, a.day`,
    },
  ];
  const rows =
    `SELECT ${unit === 'day' ? d.label('day', 'day') : d.label('period', unit)} AS ${column('period')}, ${d.label('day', 'day')} AS ${column('date')},\n` +
    `  dau AS ${column('dau')}, wau AS ${column('wau')}, mau AS ${column('mau')},\n` +
    `  CASE WHEN mau = 0 THEN 0 ELSE CAST(dau AS DOUBLE PRECISION) / mau END AS ${column('stickiness')},\n` +
    `  ${partialSql(ctx, 'period', unit)} AS ${column('partial')}\n` +
    `FROM counts\nORDER BY period`;
  const headCtes = [
    counted(ctx),
    days,
    bounds,
    {
      name: 'recent',
      comment: "each install's active days among the 7 and the 28 ending the data's last day",
      sql:
        `SELECT install, count(*) FILTER (WHERE day > last_day - 7) AS in7, count(*) FILTER (WHERE day > last_day - 28) AS in28\n` +
        `FROM active_days CROSS JOIN bounds\nGROUP BY install`,
    },
    {
      name: 'l7_counts',
      comment: 'installs active on exactly k of the last 7 days',
      sql: `SELECT in7 AS k, count(*) AS n FROM recent WHERE in7 > 0 GROUP BY in7`,
    },
    {
      name: 'l28_counts',
      comment: 'installs active on exactly k of the last 28 days',
      sql: `SELECT in28 AS k, count(*) AS n FROM recent WHERE in28 > 0 GROUP BY in28`,
    },
  ];
  const head =
    `SELECT ${w} AS ${column('windowDays')},\n` +
    `  (SELECT ${d.label('last_day', 'day')} FROM bounds) AS ${column('asOf')},\n` +
    `  (SELECT ${d.listOf('coalesce(c.n, 0)', 'k.k')} FROM generate_series(1, 7) AS k(k) LEFT JOIN l7_counts AS c ON c.k = k.k) AS ${column('l7')},\n` +
    `  (SELECT ${d.listOf('coalesce(c.n, 0)', 'k.k')} FROM generate_series(1, 28) AS k(k) LEFT JOIN l28_counts AS c ON c.k = k.k) AS ${column('l28')}`;
  return [
    { name: 'active', sql: query(headCtes, head) },
    { name: 'active.rows', sql: query(rowsCtes, rows) },
  ];
}
