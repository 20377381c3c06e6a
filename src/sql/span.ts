// Every period from the first to the last of the data, empty ones included: the rows of a period section.

import type { PeriodUnit } from '../core/report.js';
import type { Cte, SqlContext } from './query.js';

/** `name`: one row per period start (`period`, a DATE) from min to max of `source`'s `column`. */
export function span({ dialect }: SqlContext, name: string, source: string, column: string, unit: PeriodUnit): Cte {
  return {
    name,
    comment: `every ${unit === 'day' ? 'day' : unit === 'week' ? 'ISO week' : 'month'} from the first to the last of the data, empty ones included`,
    sql: `SELECT CAST(p AS DATE) AS period\nFROM (SELECT ${dialect.series(`min(${column})`, `max(${column})`, unit)} FROM ${source}) AS s`,
  };
}
