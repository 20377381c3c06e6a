// What each section looks like as rows and columns, shared by the CSV, Markdown and table renderers so
// that they show the same numbers under the same names.

import type { Report } from '../core/report.js';
import { compareVersions } from '../core/version-order.js';
import { analyticsTables } from './analytics-sections.js';
import { tableKey } from './table-keys.js';
import { PARTIAL_COLUMN, partialLabel, withPartialNote } from './partial.js';
import type { Cell, Column, SectionTable } from './section-table.js';
import { DEFAULT_TOP, shownPeriods, earlierCohortsLine, latestCohorts, moreLine, shortText, topRows } from './shown.js';

export { alignsLeft, type Cell, type CellKind, type Column, type SectionTable } from './section-table.js';

export interface SectionOptions {
  /**
   * Tables for people (table, Markdown): versions in SemVer order, newest first; only the `top` rows of
   * versions, commands and upgrades (by the report's order); long runs of empty periods as one break;
   * the latest cohorts of retention. Otherwise (CSV) every row, in the JSON order.
   */
  forPeople?: boolean;
  /** rows of versions, commands and upgrades for people; 0: all */
  top?: number;
}

const text = (key: string, heading = key): Column => ({ key, heading, kind: 'text' });
const count = (key: string, heading = key): Column => ({ key, heading, kind: 'count' });

const PERIOD_TITLES = { day: 'Daily', week: 'Weekly', month: 'Monthly' } as const;
const PERIOD_KEYS = { day: 'date', week: 'period', month: 'period' } as const;

/** The report's sections as tables: complete, or (`forPeople`) as the human formats show them. */
export function sectionTables(report: Report, { forPeople = false, top = DEFAULT_TOP }: SectionOptions = {}): SectionTable[] {
  const tables: SectionTable[] = [];
  const name = forPeople ? shortText : (text: string) => text;
  const limit = <T>(rows: T[], thing: Parameters<typeof moreLine>[1]) => {
    if (!forPeople) return { rows, note: undefined };
    const shown = topRows(rows, top);
    return { rows: shown.rows, note: moreLine(shown.more, thing) || undefined };
  };
  if (report.uniques !== undefined) {
    tables.push({ id: 'uniques', title: 'Unique installs', columns: [count('uniques')], rows: [[report.uniques]] });
  }
  if (report.periods) {
    const by = report.settings.by;
    const rows: Cell[][] = [];
    const breaks = new Map<number, string>();
    const periodCells = (r: (typeof report.periods)[number]): Cell[] =>
      forPeople
        ? [partialLabel(r.period, r.partial), r.events, r.installs, r.new, r.returning, r.resurrecting, r.dormant, r.total]
        : [r.period, r.events, r.installs, r.new, r.returning, r.resurrecting, r.dormant, r.total, r.partial];
    const shownRows: (typeof report.periods)[number][] = [];
    if (forPeople) {
      for (const shown of shownPeriods(report.periods, by, report.periodGaps)) {
        if (shown.kind === 'gap') breaks.set(rows.length, shown.text);
        else {
          rows.push(periodCells(shown.row));
          shownRows.push(shown.row);
        }
      }
    } else {
      for (const row of report.periods) rows.push(periodCells(row));
    }
    tables.push({
      id: 'periods',
      title: `${PERIOD_TITLES[by]} activity`,
      columns: [
        text(PERIOD_KEYS[by]),
        count('events'),
        count('installs'),
        count('new'),
        count('returning'),
        count('resurrecting'),
        count('dormant'),
        count('total'),
        ...(forPeople ? [] : [PARTIAL_COLUMN]),
      ],
      rows,
      barColumn: 1,
      breaks: breaks.size > 0 ? breaks : undefined,
      note: withPartialNote(undefined, shownRows, forPeople),
    });
  }
  if (report.versions) {
    const { rows, note } = limit(report.versions.rows, 'version');
    tables.push({
      id: 'versions',
      title: 'Versions',
      columns: [text('version'), count('events'), count('installs'), count('current'), { key: 'share', heading: 'share', kind: 'share' }],
      rows: (forPeople ? [...rows].sort((a, b) => compareVersions(b.version, a.version)) : rows).map((r) => [
        name(r.version),
        r.events,
        r.installs,
        r.current,
        r.share,
      ]),
      barColumn: 1,
      note,
    });
  }
  if (report.commands) {
    const { rows, note } = limit(report.commands, 'command');
    tables.push({
      id: 'commands',
      title: 'Commands',
      columns: [text('command'), count('events'), count('installs')],
      rows: rows.map((r) => [name(r.command), r.events, r.installs]),
      barColumn: 1,
      note,
    });
  }
  if (report.upgrades) {
    const { rows, note } = limit(report.upgrades, 'upgrade path');
    tables.push({
      id: 'upgrades',
      title: 'Upgrade paths',
      columns: [text('from'), text('to'), count('installs'), { key: 'downgrade', heading: 'downgrade', kind: 'flag' }],
      rows: rows.map((r) => [name(r.from), name(r.to), r.installs, r.downgrade]),
      barColumn: 2,
      note,
    });
  }
  if (report.retention) {
    const shown = forPeople ? latestCohorts(report.retention, undefined, report.retentionEarlier) : { rows: report.retention, earlier: 0 };
    const weeks = shown.rows.reduce((max, r) => Math.max(max, r.active.length), 0);
    tables.push({
      id: 'retention',
      title: 'Weekly retention',
      columns: [
        text('cohort'),
        count('installs'),
        ...Array.from({ length: weeks }, (_, k): Column => ({ key: `week_${k}`, heading: `W${k}`, kind: 'retained' })),
      ],
      rows: shown.rows.map((r) => [r.cohort, r.installs, ...r.active]),
      note: earlierCohortsLine(shown.earlier, shown.rows.length) || undefined,
    });
  }
  const all = tables.concat(analyticsTables(report, { forPeople, top }));
  return forPeople ? all.map((table) => ({ ...table, key: tableKey(table, report) })) : all;
}

export { formatCount, formatRetained, formatShare } from './numbers.js';
