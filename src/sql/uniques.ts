// uniques: distinct installs among the counted events.

import { counted } from './counted.js';
import { column, query, type SqlContext, type Statement } from './query.js';

export function uniquesSql(ctx: SqlContext): Statement[] {
  return [{ name: 'uniques', sql: query([counted(ctx)], `SELECT count(DISTINCT install) AS ${column('uniques')} FROM counted`) }];
}
