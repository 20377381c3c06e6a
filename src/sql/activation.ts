// activation: installs grouped by the period of their first event (the cohort); an install converts when its
// first `update` after its first event (in event order: instant, then input order) comes within --within
// days of it. Per cohort: installs, converted, their share, and the median and 90th percentile time to
// convert in days (nearest rank; whole seconds, rounded down, / 86400); `open` when the cohort's window runs past
// the data's last day (its installs can still convert: the share is a floor).

import { counted, EVENT_ORDER } from './counted.js';
import { column, query, type SqlContext, type Statement } from './query.js';
import { span } from './span.js';

export function activationSql(ctx: SqlContext): Statement[] {
  const { dialect: d, settings } = ctx;
  const unit = settings.by;
  const within = settings.analytics.within;
  const us = d.epochMicros('instant');
  // whole seconds (rounded down) and the nanoseconds past them, exact in BIGINTs for years 0001-9999
  const floorMod = `((${us} % 1000000) + 1000000) % 1000000`;
  const ctes = [
    counted(ctx),
    {
      name: 'ordered',
      comment: "each install's events in event order, with whole seconds and the nanoseconds past them",
      sql:
        `SELECT install, command, day, ${d.exactDiv(`${us} - ${floorMod}`, '1000000')} AS sec, ${floorMod} * 1000 + instant_ns AS ns,\n` +
        `  row_number() OVER (PARTITION BY install ORDER BY ${EVENT_ORDER}) AS n\nFROM counted`,
    },
    {
      name: 'firsts',
      comment: "each install's first event and its cohort",
      sql: `SELECT install, sec, ns, ${d.periodStart('day', unit)} AS cohort FROM ordered WHERE n = 1`,
    },
    {
      name: 'first_updates',
      comment: "each install's first update after its first event",
      sql: `SELECT install, sec, ns FROM (SELECT install, sec, ns, row_number() OVER (PARTITION BY install ORDER BY n) AS k FROM ordered WHERE command = 'update' AND n > 1) AS u WHERE k = 1`,
    },
    {
      name: 'conversions',
      comment: `installs whose first update came within ${within} days, with the time it took in whole seconds`,
      sql:
        `SELECT f.cohort, (u.sec - f.sec) - CASE WHEN u.ns < f.ns THEN 1 ELSE 0 END AS seconds\n` +
        `FROM firsts AS f JOIN first_updates AS u ON u.install = f.install\n` +
        `WHERE u.sec - f.sec < ${within * 86400} OR (u.sec - f.sec = ${within * 86400} AND u.ns <= f.ns)`,
    },
    {
      name: 'ranked',
      comment: 'conversions ranked by time within their cohort',
      sql: `SELECT cohort, seconds, row_number() OVER (PARTITION BY cohort ORDER BY seconds) AS r, count(*) OVER (PARTITION BY cohort) AS converted FROM conversions`,
    },
    {
      name: 'cohort_times',
      comment: 'converted installs per cohort, and the times at the nearest ranks of 50% and 90%',
      sql:
        `SELECT cohort, max(converted) AS converted,\n` +
        `  max(CASE WHEN r = ceil(CAST(0.5 AS DOUBLE PRECISION) * converted) THEN seconds END) AS median_seconds,\n` +
        `  max(CASE WHEN r = ceil(CAST(0.9 AS DOUBLE PRECISION) * converted) THEN seconds END) AS p90_seconds\n` +
        `FROM ranked GROUP BY cohort`,
    },
    { name: 'cohort_sizes', comment: 'installs per cohort', sql: `SELECT cohort, count(*) AS installs FROM firsts GROUP BY cohort` },
    {
      name: 'data_periods',
      comment: 'the start of the period of every day with an event',
      sql: `SELECT DISTINCT ${d.periodStart('day', unit)} AS period FROM counted`,
    },
    span(ctx, 'periods', 'data_periods', 'period', unit),
    { name: 'bounds', comment: "the data's last day", sql: `SELECT max(day) AS last_day FROM counted` },
  ];
  const select =
    `SELECT ${d.label('p.period', unit)} AS ${column('cohort')}, coalesce(s.installs, 0) AS ${column('installs')}, coalesce(t.converted, 0) AS ${column('converted')},\n` +
    `  CASE WHEN coalesce(s.installs, 0) = 0 THEN 0 ELSE CAST(coalesce(t.converted, 0) AS DOUBLE PRECISION) / s.installs END AS ${column('share')},\n` +
    `  CAST(t.median_seconds AS DOUBLE PRECISION) / 86400 AS ${column('median')},\n` +
    `  CAST(t.p90_seconds AS DOUBLE PRECISION) / 86400 AS ${column('p90')},\n` +
    // open: the cohort's window (from its last day, or the data's last day for the last cohort) runs past the data
    `  least(${d.shift('p.period', 1, unit)} - 1, b.last_day) + ${within} > b.last_day AS ${column('open')}\n` +
    `FROM periods AS p CROSS JOIN bounds AS b\n  LEFT JOIN cohort_sizes AS s ON s.cohort = p.period\n  LEFT JOIN cohort_times AS t ON t.cohort = p.period\n` +
    `ORDER BY p.period`;
  return [
    { name: 'activation', sql: `SELECT ${within} AS ${column('within')}` },
    { name: 'activation.rows', sql: query(ctes, select) },
  ];
}
