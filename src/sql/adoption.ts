// adoption: an install is active on a day when it has an event in the --active-days days ending it, and is
// on the version of its latest event so far (by instant, then the later line). Per period, as of its last day
// (the data's last day for the last period): active installs, those on each of the `top` versions (the 3
// newest in use by SemVer, then the most active installs on any day up to 5, ties newest first; shown newest
// first) and on the rest, the share on the 3 highest
// versions started by then, versions in use, and the median relative age (nearest rank). Per release,
// measured on every day of the data: its start (first seen: the first day in real use, core/release-starts.ts),
// peak share and its first day, days from the start to 50% and 90%, and the first day after the peak under 10%.

import { counted, EVENT_ORDER_DESC } from './counted.js';
import { coverageCte, partialSql } from './coverage.js';
import { column, query, type Cte, type SqlContext, type Statement } from './query.js';
import { span } from './span.js';
import { versionOrder } from './version-order.js';

import { START_INSTALLS, START_SHARE_DIVISOR } from '../core/release-starts.js';
import { NEWEST_COLUMNS, TOP_VERSIONS, VERSIONS_PER_PERIOD } from '../reducers/adoption.js';

/** The CTEs every adoption statement shares: the versions in use per day. */
function common(ctx: SqlContext): Cte[] {
  const { dialect: d } = ctx;
  const a = ctx.settings.analytics.activeDays;
  return [
    counted(ctx),
    ...versionOrder(ctx),
    { name: 'bounds', comment: "the data's first and last day", sql: `SELECT min(day) AS first_day, max(day) AS last_day FROM counted` },
    { name: 'first_seen', comment: 'the first day each version occurs', sql: `SELECT version, min(day) AS first_day FROM counted GROUP BY version` },
    {
      name: 'day_versions',
      comment: "each install's version at the end of each day it has an event on (its latest event that day)",
      sql: `SELECT install, day, version\nFROM (SELECT install, day, version, row_number() OVER (PARTITION BY install, day ORDER BY ${EVENT_ORDER_DESC}) AS n FROM counted) AS e\nWHERE n = 1`,
    },
    {
      name: 'ran_daily',
      comment: 'installs on each version at the end of each day (on), and installs with an event that day (ran)',
      sql: `SELECT day, version, count(*) AS n_on, sum(count(*)) OVER (PARTITION BY day) AS n_ran FROM day_versions GROUP BY day, version`,
    },
    {
      name: 'starts',
      comment: `each release's start: the first day at least ${START_INSTALLS} installs (fewer if no version ever had as many on a day) were on it, and at least 1/${START_SHARE_DIVISOR} of those with an event that day`,
      sql:
        `SELECT r.version, min(r.day) AS first_day\n` +
        `FROM ran_daily AS r CROSS JOIN (SELECT max(n_on) AS most FROM ran_daily) AS m\n` +
        `WHERE r.n_on >= least(${START_INSTALLS}, m.most) AND r.n_on * ${START_SHARE_DIVISOR} >= r.n_ran\nGROUP BY r.version`,
    },
    {
      name: 'on_version',
      comment: `the days [from_day, to_day) on which an install is active (an event in the last ${a} days) on one version`,
      sql:
        `SELECT install, version, day AS from_day,\n` +
        `  least(coalesce(lead(day) OVER (PARTITION BY install ORDER BY day), last_day + 1), day + ${a}, last_day + 1) AS to_day\n` +
        `FROM day_versions CROSS JOIN bounds`,
    },
    {
      name: 'all_days',
      comment: 'every day from the first to the last of the data',
      sql: `SELECT CAST(p AS DATE) AS day FROM (SELECT ${d.series('first_day', 'last_day', 'day')} FROM bounds) AS s`,
    },
    {
      name: 'daily_counts',
      comment: 'active installs on each version, each day',
      sql: `SELECT x.day, o.version, count(*) AS n\nFROM all_days AS x JOIN on_version AS o ON x.day >= o.from_day AND x.day < o.to_day\nGROUP BY x.day, o.version`,
    },
    { name: 'daily_active', comment: 'active installs each day', sql: `SELECT day, sum(n) AS total FROM daily_counts GROUP BY day` },
  ];
}

/** The rows' days: each period's last day, or the data's last day. */
function rowDays(ctx: SqlContext): Cte[] {
  const { dialect: d, settings } = ctx;
  const unit = settings.by;
  return [
    { name: 'period_days', comment: "the start of each day's period", sql: `SELECT DISTINCT ${d.periodStart('day', unit)} AS period FROM all_days` },
    span(ctx, 'periods', 'period_days', 'period', unit),
    coverageCte(ctx),
    {
      name: 'row_days',
      comment: "the day each row is as of: the period's last day, or the data's last day",
      sql: `SELECT p.period, least(${d.shift('p.period', 1, unit)} - 1, b.last_day) AS day FROM periods AS p CROSS JOIN bounds AS b`,
    },
    {
      name: 'version_peaks',
      comment: 'each version in use on some day: its most active installs on any day (whatever the period)',
      sql: `SELECT c.version, max(c.n) AS peak, o.sort_key FROM daily_counts AS c JOIN version_order AS o ON o.version = c.version GROUP BY c.version, o.sort_key`,
    },
    {
      name: 'newest_versions',
      comment: 'the versions in use, ranked newest first by SemVer',
      sql: `SELECT version, row_number() OVER (ORDER BY ${d.bytewise('sort_key')} DESC, ${d.bytewise('version')} DESC) AS newest_rank FROM version_peaks`,
    },
    {
      name: 'most_used_versions',
      comment: `the others, ranked by their peak (ties newest first)`,
      sql:
        `SELECT p.version, row_number() OVER (ORDER BY p.peak DESC, ${d.bytewise('p.sort_key')} DESC, ${d.bytewise('p.version')} DESC) AS used_rank\n` +
        `FROM version_peaks AS p JOIN newest_versions AS n ON n.version = p.version WHERE n.newest_rank > ${NEWEST_COLUMNS}`,
    },
    {
      name: 'top_versions',
      comment: `the columns: the ${NEWEST_COLUMNS} newest versions in use, then the most used up to ${TOP_VERSIONS}; ranked newest first`,
      sql:
        `SELECT p.version, row_number() OVER (ORDER BY ${d.bytewise('p.sort_key')} DESC, ${d.bytewise('p.version')} DESC) AS top_rank\n` +
        `FROM version_peaks AS p\n` +
        `WHERE p.version IN (SELECT version FROM newest_versions WHERE newest_rank <= ${NEWEST_COLUMNS})\n` +
        `   OR p.version IN (SELECT version FROM most_used_versions WHERE used_rank <= ${TOP_VERSIONS - NEWEST_COLUMNS})`,
    },
  ];
}

export function adoptionSql(ctx: SqlContext): Statement[] {
  const { dialect: d, settings } = ctx;
  const unit = settings.by;
  const head = query(
    [...common(ctx), ...rowDays(ctx)],
    `SELECT ${settings.analytics.activeDays} AS ${column('activeDays')},\n  coalesce((SELECT ${d.listOf('version', 'top_rank')} FROM top_versions), ${d.name === 'duckdb' ? '[]' : "'{}'"}) AS ${column('top')},\n` +
      `  ${VERSIONS_PER_PERIOD} AS ${column('versionCap')}`,
  );
  const periodCtes: Cte[] = [
    ...common(ctx),
    ...rowDays(ctx),
    {
      name: 'seen_by',
      comment: 'for each row, the versions started by its day, highest first',
      sql:
        `SELECT r.day, f.version, f.first_day, row_number() OVER (PARTITION BY r.day ORDER BY ${d.bytewise('o.sort_key')} DESC, ${d.bytewise('f.version')} DESC) AS rank_high\n` +
        `FROM row_days AS r JOIN starts AS f ON f.first_day <= r.day JOIN version_order AS o ON o.version = f.version`,
    },
    {
      name: 'ages',
      comment: "for each row, active installs per version with its age: days from its start to the newest started version's (0: not started)",
      sql:
        `SELECT r.day, c.version, c.n, CASE WHEN n0.first_day IS NULL OR f.first_day IS NULL OR f.first_day > r.day THEN 0 ELSE greatest(0, n0.first_day - f.first_day) END AS age\n` +
        `FROM row_days AS r JOIN daily_counts AS c ON c.day = r.day LEFT JOIN starts AS f ON f.version = c.version\n` +
        `  LEFT JOIN seen_by AS n0 ON n0.day = r.day AND n0.rank_high = 1`,
    },
    {
      name: 'median_ages',
      comment: 'the age at the nearest rank of the middle active install, per row',
      sql:
        `SELECT day, min(age) AS median_age\n` +
        `FROM (SELECT day, age, sum(n) OVER (PARTITION BY day ORDER BY age ROWS UNBOUNDED PRECEDING) AS reached, sum(n) OVER (PARTITION BY day) AS total FROM ages) AS a\n` +
        `WHERE reached >= ceil(CAST(total AS DOUBLE PRECISION) / 2)\nGROUP BY day`,
    },
    {
      name: 'row_numbers',
      comment: 'per row: active installs, on the top versions, on the 3 highest versions seen, versions in use',
      sql:
        `SELECT r.period, r.day, coalesce(a.total, 0) AS active,\n` +
        `  (SELECT coalesce(sum(c.n), 0) FROM daily_counts AS c JOIN top_versions AS t ON t.version = c.version WHERE c.day = r.day) AS on_top,\n` +
        `  (SELECT coalesce(sum(c.n), 0) FROM daily_counts AS c JOIN seen_by AS s ON s.version = c.version AND s.day = r.day AND s.rank_high <= 3 WHERE c.day = r.day) AS on_latest,\n` +
        `  (SELECT count(*) FROM daily_counts AS c WHERE c.day = r.day) AS in_use\n` +
        `FROM row_days AS r LEFT JOIN daily_active AS a ON a.day = r.day`,
    },
    {
      name: 'top_counts',
      comment: 'per row, active installs on each top version, in top order (0 for none)',
      sql:
        `SELECT r.day, ${d.listOf('coalesce(c.n, 0)', 't.top_rank')} AS installs,\n` +
        `  ${d.listOf('CASE WHEN coalesce(a.total, 0) = 0 THEN 0 ELSE CAST(coalesce(c.n, 0) AS DOUBLE PRECISION) / a.total END', 't.top_rank')} AS shares\n` +
        `FROM row_days AS r CROSS JOIN top_versions AS t\n  LEFT JOIN daily_counts AS c ON c.day = r.day AND c.version = t.version\n  LEFT JOIN daily_active AS a ON a.day = r.day\n` +
        `GROUP BY r.day`,
    },
  ];
  const empty = d.name === 'duckdb' ? '[]' : "'{}'";
  const periodsSelect =
    `SELECT ${d.label('n.period', unit)} AS ${column('period')}, ${d.label('n.day', 'day')} AS ${column('date')}, n.active AS ${column('active')},\n` +
    `  coalesce(t.installs, ${empty}) AS ${column('installs')}, coalesce(t.shares, ${empty}) AS ${column('shares')},\n` +
    `  n.active - n.on_top AS ${column('other')},\n` +
    `  CASE WHEN n.active = 0 THEN 0 ELSE CAST(n.on_latest AS DOUBLE PRECISION) / n.active END AS ${column('latest3')},\n` +
    `  n.in_use AS ${column('inUse')}, m.median_age AS ${column('medianAge')},\n` +
    `  ${partialSql(ctx, 'n.period', unit)} AS ${column('partial')}\n` +
    `FROM row_numbers AS n LEFT JOIN top_counts AS t ON t.day = n.day LEFT JOIN median_ages AS m ON m.day = n.day\n` +
    `ORDER BY n.period`;
  const releaseCtes: Cte[] = [
    ...common(ctx),
    {
      name: 'grid',
      comment: "each version's share of active installs on every day from its first day to the data's last (0 where none)",
      sql:
        `SELECT f.version, x.day, CASE WHEN coalesce(a.total, 0) = 0 OR c.n IS NULL THEN 0 ELSE CAST(c.n AS DOUBLE PRECISION) / a.total END AS share, c.n IS NULL AS absent\n` +
        `FROM first_seen AS f JOIN all_days AS x ON x.day >= f.first_day\n` +
        `  LEFT JOIN daily_counts AS c ON c.day = x.day AND c.version = f.version\n  LEFT JOIN daily_active AS a ON a.day = x.day`,
    },
    {
      name: 'peaks',
      comment: "each version's highest share on a day it has active installs, and the first such day",
      sql:
        `SELECT version, max(share) AS peak_share, min(CASE WHEN share = top_share THEN day END) AS peak_day\n` +
        `FROM (SELECT version, day, share, max(share) OVER (PARTITION BY version) AS top_share FROM grid WHERE NOT absent) AS g\nGROUP BY version`,
    },
    {
      name: 'reached',
      comment: 'the first day from its start each version had 50% and 90% of active installs',
      sql:
        `SELECT g.version, min(CASE WHEN g.share >= 0.5 AND NOT g.absent THEN g.day END) AS day50, min(CASE WHEN g.share >= 0.9 AND NOT g.absent THEN g.day END) AS day90\n` +
        `FROM grid AS g JOIN starts AS s ON s.version = g.version AND g.day >= s.first_day GROUP BY g.version`,
    },
    {
      name: 'replacements',
      comment: 'the first day after the peak with under 10% (or no active install on it)',
      sql: `SELECT g.version, min(g.day) AS replaced FROM grid AS g JOIN peaks AS p ON p.version = g.version WHERE g.day > p.peak_day AND (g.absent OR g.share < 0.1) GROUP BY g.version`,
    },
  ];
  const releasesSelect =
    `SELECT f.version AS ${column('version')}, ${d.label('s.first_day', 'day')} AS ${column('firstSeen')},\n` +
    `  coalesce(p.peak_share, 0) AS ${column('peakShare')}, ${d.label('p.peak_day', 'day')} AS ${column('peakDate')},\n` +
    `  r.day50 - s.first_day AS ${column('days50')}, r.day90 - s.first_day AS ${column('days90')},\n` +
    `  ${d.label('x.replaced', 'day')} AS ${column('replaced')}\n` +
    `FROM first_seen AS f JOIN version_order AS o ON o.version = f.version\n` +
    `  LEFT JOIN starts AS s ON s.version = f.version LEFT JOIN peaks AS p ON p.version = f.version LEFT JOIN reached AS r ON r.version = f.version\n` +
    `  LEFT JOIN replacements AS x ON x.version = f.version\n` +
    `ORDER BY ${d.bytewise('o.sort_key')} DESC, ${d.bytewise('f.version')} DESC`;
  const versionCtes: Cte[] = [
    ...common(ctx),
    ...rowDays(ctx).filter((cte) => ['period_days', 'periods', 'row_days'].includes(cte.name)),
    {
      name: 'ranked',
      comment: 'per row, the versions with an active install on its day: most installs first, ties newest first',
      sql:
        `SELECT r.period, c.version, c.n, a.total,\n` +
        `  row_number() OVER (PARTITION BY r.period ORDER BY c.n DESC, ${d.bytewise('o.sort_key')} DESC, ${d.bytewise('c.version')} DESC) AS k\n` +
        `FROM row_days AS r JOIN daily_counts AS c ON c.day = r.day JOIN daily_active AS a ON a.day = r.day JOIN version_order AS o ON o.version = c.version`,
    },
    {
      name: 'long_form',
      comment: `at most ${VERSIONS_PER_PERIOD} versions a row, then the rest summed under a null version`,
      sql:
        `SELECT period, k, version, n AS installs, CAST(n AS DOUBLE PRECISION) / total AS share FROM ranked WHERE k <= ${VERSIONS_PER_PERIOD}\n` +
        `UNION ALL\n` +
        `SELECT period, ${VERSIONS_PER_PERIOD + 1} AS k, NULL AS version, CAST(sum(n) AS BIGINT) AS installs, CAST(sum(n) AS DOUBLE PRECISION) / max(total) AS share\n` +
        `FROM ranked WHERE k > ${VERSIONS_PER_PERIOD} GROUP BY period`,
    },
  ];
  const versionsSelect =
    `SELECT ${d.label('period', unit)} AS ${column('period')}, version AS ${column('version')}, installs AS ${column('installs')}, share AS ${column('share')}\n` +
    `FROM long_form ORDER BY period, k`;
  return [
    { name: 'adoption', sql: head },
    { name: 'adoption.periods', sql: query(periodCtes, periodsSelect) },
    { name: 'adoption.releases', sql: query(releaseCtes, releasesSelect) },
    { name: 'adoption.versions', sql: query(versionCtes, versionsSelect) },
  ];
}
