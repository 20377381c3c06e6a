// The events every section counts: the exported events inside the time window and past the filters,
// judged again in SQL with the run's settings (an export made with other settings, or none, is a superset),
// each with its calendar day in the run's zone. The first CTE of every query.

import { dateLiteral, type Cte, type SqlContext } from './query.js';

export function counted({ settings, dialect }: SqlContext): Cte {
  const s = settings;
  const where: string[] = [];
  const between = (from: number | null, to: number | null) => {
    if (from !== null) where.push(`day >= ${dateLiteral(from)}`);
    if (to !== null) where.push(`day <= ${dateLiteral(to)}`);
  };
  between(s.windowSince, s.windowUntil);
  between(s.since, s.until);
  if (s.commands.length > 0) where.push(`command IN (${s.commands.map(dialect.text).join(', ')})`);
  if (s.versions.length > 0) {
    const exact = s.versions.filter((v) => !v.endsWith('*'));
    const prefixes = s.versions.filter((v) => v.endsWith('*')).map((v) => v.slice(0, -1));
    const tests = [
      ...(exact.length > 0 ? [`version IN (${exact.map(dialect.text).join(', ')})`] : []),
      ...prefixes.map((p) => `starts_with(version, ${dialect.text(p)})`),
    ];
    where.push(tests.length === 1 ? tests[0] : `(${tests.join(' OR ')})`);
  }
  if (s.excludeInstalls.length > 0) where.push(`install NOT IN (${s.excludeInstalls.map((u) => `CAST('${u}' AS UUID)`).join(', ')})`);
  const day = dialect.localDay('instant', s.tz);
  return {
    name: 'counted',
    comment: `the events inside the window and past the filters, each with its day in ${s.tz}`,
    sql:
      `SELECT install, instant, instant_ns, seq, command, version, day\n` +
      `FROM (SELECT install, instant, instant_ns, seq, command, version, ${day} AS day FROM ${s.table}) AS e` +
      (where.length > 0 ? `\nWHERE ${where.join('\n  AND ')}` : ''),
  };
}

/** `ORDER BY` of events in event order: by instant at full precision, then input order. */
export const EVENT_ORDER = 'instant, instant_ns, seq';
export const EVENT_ORDER_DESC = 'instant DESC, instant_ns DESC, seq DESC';
