// The shape every printed query has: named CTEs, one comment line each, then the SELECT that returns the
// section's rows. `WITH … SELECT …` is one statement, so it can be made a view as it is.

import { dayLabel } from '../core/calendar.js';
import type { AnalyticsSettings, PeriodUnit } from '../core/report.js';
import type { Dialect } from './dialect.js';

/** The run's settings, resolved (zone canonical, relative dates as days): what the SQL is written for. */
export interface SqlSettings {
  /** the table or view of exported events */
  table: string;
  tz: string;
  by: PeriodUnit;
  /** the time window's days (day numbers since 1970-01-01), null for an open end */
  windowSince: number | null;
  windowUntil: number | null;
  /** --since / --until as day numbers */
  since: number | null;
  until: number | null;
  commands: string[];
  /** exact versions, or prefixes ending in `*` */
  versions: string[];
  /** lowercase uuids */
  excludeInstalls: string[];
  analytics: AnalyticsSettings;
}

export interface SqlContext {
  settings: SqlSettings;
  dialect: Dialect;
}

export interface Cte {
  name: string;
  /** one line: what the rows are */
  comment: string;
  sql: string;
}

/** One query of a section: `name` is the JSON key its rows are (`daily`, `latest`, `versions`, …). */
export interface Statement {
  name: string;
  sql: string;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

export function query(ctes: Cte[], select: string): string {
  if (ctes.length === 0) return select;
  const parts = ctes.map((cte) => `-- ${cte.name}: ${cte.comment}\n${cte.name} AS (\n${indent(cte.sql)}\n)`);
  return `WITH\n${parts.join(',\n')}\n${select}`;
}

/** A DATE literal of a day number. */
export const dateLiteral = (day: number) => `DATE '${dayLabel(day)}'`;

/** A quoted output column name (the JSON's field names keep their case: `inUse`). */
export const column = (name: string) => `"${name}"`;

/** The JSON key of the period section. */
export const periodKey = (by: PeriodUnit) => (by === 'day' ? 'daily' : by === 'week' ? 'weekly' : 'monthly');
