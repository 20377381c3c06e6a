// retention: installs in weekly cohorts by the ISO week (in the zone) of their first event; active[k]
// counts a cohort's installs with an event k weeks later, up to the data's last week. Every week from the
// first to the last is a cohort, empty ones included. Always weekly, whatever --by says.

import { counted } from './counted.js';
import { column, query, type SqlContext, type Statement } from './query.js';
import { span } from './span.js';

export function retentionSql(ctx: SqlContext): Statement[] {
  const { dialect: d } = ctx;
  const ctes = [
    counted(ctx),
    {
      name: 'weeks',
      comment: 'each install with each ISO week (its Monday) it has an event in',
      sql: `SELECT DISTINCT install, ${d.periodStart('day', 'week')} AS week FROM counted`,
    },
    { name: 'cohorts', comment: "each install's first week", sql: `SELECT install, min(week) AS cohort FROM weeks GROUP BY install` },
    span(ctx, 'all_weeks', 'weeks', 'week', 'week'),
    { name: 'cohort_sizes', comment: 'installs per cohort', sql: `SELECT cohort, count(*) AS installs FROM cohorts GROUP BY cohort` },
    {
      name: 'cells',
      comment: "a cohort's installs active in each later week",
      sql: `SELECT c.cohort, w.week, count(*) AS active\nFROM weeks AS w JOIN cohorts AS c ON c.install = w.install\nGROUP BY c.cohort, w.week`,
    },
    {
      name: 'triangle',
      comment: 'every (cohort, week) from the cohort week to the last week, with its count (0 for none)',
      sql:
        `SELECT k.period AS cohort, w.period AS week, coalesce(x.active, 0) AS active\n` +
        `FROM all_weeks AS k JOIN all_weeks AS w ON w.period >= k.period\n` +
        `  LEFT JOIN cells AS x ON x.cohort = k.period AND x.week = w.period`,
    },
  ];
  const select =
    `SELECT ${d.label('t.cohort', 'week')} AS ${column('cohort')}, coalesce(s.installs, 0) AS ${column('installs')}, ${d.listOf('t.active', 't.week')} AS ${column('active')}\n` +
    `FROM triangle AS t LEFT JOIN cohort_sizes AS s ON s.cohort = t.cohort\n` +
    `GROUP BY t.cohort, s.installs\n` +
    `ORDER BY t.cohort`;
  return [{ name: 'retention', sql: query(ctes, select) }];
}
