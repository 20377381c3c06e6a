// versions: per version, events, installs, `current` (installs whose latest event carries it: by instant,
// then input order) and `share` of all installs; `latest`, the highest version in SemVer order.

import { counted, EVENT_ORDER_DESC } from './counted.js';
import { column, query, type Cte, type SqlContext, type Statement } from './query.js';
import { versionOrder } from './version-order.js';

export function versionsSql(ctx: SqlContext): Statement[] {
  const { dialect } = ctx;
  const latest = query(
    [counted(ctx), ...versionOrder(ctx)],
    `SELECT (SELECT version FROM version_order ORDER BY ${dialect.bytewise('sort_key')} DESC, ${dialect.bytewise('version')} DESC LIMIT 1) AS ${column('latest')}`,
  );
  const ctes: Cte[] = [
    counted(ctx),
    ...versionOrder(ctx),
    {
      name: 'latest_event',
      comment: "each install's latest event (by instant, then the later line)",
      sql: `SELECT DISTINCT ON (install) install, version\nFROM counted\nORDER BY install, ${EVENT_ORDER_DESC}`,
    },
    {
      name: 'current_installs',
      comment: 'installs whose latest event carries each version',
      sql: `SELECT version, count(*) AS current FROM latest_event GROUP BY version`,
    },
    {
      name: 'per_version',
      comment: 'events and distinct installs per version',
      sql: `SELECT version, count(*) AS events, count(DISTINCT install) AS installs FROM counted GROUP BY version`,
    },
    { name: 'uniques', comment: 'distinct installs (one latest event each)', sql: `SELECT count(*) AS n FROM latest_event` },
  ];
  const select =
    `SELECT p.version AS ${column('version')}, p.events AS ${column('events')}, p.installs AS ${column('installs')},\n` +
    `  coalesce(c.current, 0) AS ${column('current')},\n` +
    `  CASE WHEN u.n = 0 THEN 0 ELSE CAST(coalesce(c.current, 0) AS DOUBLE PRECISION) / u.n END AS ${column('share')}\n` +
    `FROM per_version AS p\n  JOIN version_order AS o ON o.version = p.version\n  LEFT JOIN current_installs AS c ON c.version = p.version\n  CROSS JOIN uniques AS u\n` +
    `ORDER BY p.events DESC, ${dialect.bytewise('o.sort_key')} DESC, ${dialect.bytewise('p.version')} DESC`;
  return [
    { name: 'latest', sql: latest },
    { name: 'versions', sql: query(ctes, select) },
  ];
}
