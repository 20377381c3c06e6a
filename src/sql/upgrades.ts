// upgrades: each install's changes of version between consecutive events (by instant, then input order);
// a row per move with the distinct installs that made it, and whether it goes down in SemVer order. Most
// installs first, then `from` and `to` in version order.

import { counted, EVENT_ORDER } from './counted.js';
import { column, query, type SqlContext, type Statement } from './query.js';
import { versionOrder } from './version-order.js';

export function upgradesSql(ctx: SqlContext): Statement[] {
  const { dialect: d } = ctx;
  const ctes = [
    counted(ctx),
    ...versionOrder(ctx),
    {
      name: 'steps',
      comment: "each event with the version of the install's event before it",
      sql: `SELECT install, lag(version) OVER (PARTITION BY install ORDER BY ${EVENT_ORDER}) AS from_version, version AS to_version FROM counted`,
    },
    {
      name: 'moves',
      comment: 'the distinct changes of version each install made',
      sql: `SELECT DISTINCT install, from_version, to_version FROM steps WHERE from_version <> to_version`,
    },
  ];
  const select =
    `SELECT m.from_version AS ${column('from')}, m.to_version AS ${column('to')}, count(*) AS ${column('installs')},\n` +
    `  (${d.bytewise('t.sort_key')} < ${d.bytewise('f.sort_key')} OR (t.sort_key = f.sort_key AND ${d.bytewise('m.to_version')} < ${d.bytewise('m.from_version')})) AS ${column('downgrade')}\n` +
    `FROM moves AS m\n  JOIN version_order AS f ON f.version = m.from_version\n  JOIN version_order AS t ON t.version = m.to_version\n` +
    `GROUP BY m.from_version, m.to_version, f.sort_key, t.sort_key\n` +
    `ORDER BY count(*) DESC, ${d.bytewise('f.sort_key')}, ${d.bytewise('m.from_version')}, ${d.bytewise('t.sort_key')}, ${d.bytewise('m.to_version')}`;
  return [{ name: 'upgrades', sql: query(ctes, select) }];
}
