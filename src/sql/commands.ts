// commands: events and distinct installs per command; most events first, ties by the command's text.

import { counted } from './counted.js';
import { column, query, type SqlContext, type Statement } from './query.js';

export function commandsSql(ctx: SqlContext): Statement[] {
  const select =
    `SELECT command AS ${column('command')}, count(*) AS ${column('events')}, count(DISTINCT install) AS ${column('installs')}\n` +
    `FROM counted\nGROUP BY command\nORDER BY count(*) DESC, ${ctx.dialect.bytewise('command')}`;
  return [{ name: 'commands', sql: query([counted(ctx)], select) }];
}
