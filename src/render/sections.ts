// What each section looks like as rows and columns, shared by the CSV, Markdown and table renderers so
// that they show the same numbers under the same names.

import type { Report } from '../core/report.js';
import { compareVersions } from '../core/version-order.js';
import { analyticsTables } from './analytics-sections.js';

/** `retained`: a count shown to people as a percentage of the row's `installs` (column 1) */
export type CellKind = 'text' | 'count' | 'share' | 'flag' | 'retained' | 'days';

/** A cell; null is a number that does not exist (an empty CSV cell; `Column.missing` for people). */
export type Cell = string | number | boolean | null;

/** Words (names, yes/no) align left, numbers right. */
export const alignsLeft = (column: Column) => column.kind === 'text' || column.kind === 'flag';

export interface Column {
  /** CSV header and Markdown/table heading */
  key: string;
  heading: string;
  kind: CellKind;
  /** what people see for a null cell (default '–') */
  missing?: string;
}

export interface SectionTable {
  id:
    | 'uniques'
    | 'periods'
    | 'versions'
    | 'commands'
    | 'upgrades'
    | 'retention'
    | 'adoption'
    | 'releases'
    | 'active'
    | 'active-days'
    | 'activation'
    | 'churn'
    | 'quality-ids'
    | 'quality';
  title: string;
  /** a line of plain words shown to people under the title (not in CSV) */
  note?: string;
  columns: Column[];
  rows: Cell[][];
  /** the column a bar chart is drawn for, if any */
  barColumn?: number;
}

const text = (key: string, heading = key): Column => ({ key, heading, kind: 'text' });
const count = (key: string, heading = key): Column => ({ key, heading, kind: 'count' });

const PERIOD_TITLES = { day: 'Daily', week: 'Weekly', month: 'Monthly' } as const;
const PERIOD_KEYS = { day: 'date', week: 'period', month: 'period' } as const;

/**
 * The report's sections as tables. `forPeople` lists versions in SemVer order, newest first (as tables and
 * Markdown show them); otherwise rows keep the JSON order (by events).
 */
export function sectionTables(report: Report, { forPeople = false } = {}): SectionTable[] {
  const tables: SectionTable[] = [];
  if (report.uniques !== undefined) {
    tables.push({ id: 'uniques', title: 'Unique installs', columns: [count('uniques')], rows: [[report.uniques]] });
  }
  if (report.periods) {
    const by = report.settings.by;
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
      ],
      rows: report.periods.map((r) => [r.period, r.events, r.installs, r.new, r.returning, r.resurrecting, r.dormant, r.total]),
      barColumn: 1,
    });
  }
  if (report.versions) {
    tables.push({
      id: 'versions',
      title: 'Versions',
      columns: [text('version'), count('events'), count('installs'), count('current'), { key: 'share', heading: 'share', kind: 'share' }],
      rows: (forPeople ? [...report.versions.rows].sort((a, b) => compareVersions(b.version, a.version)) : report.versions.rows).map(
        (r) => [r.version, r.events, r.installs, r.current, r.share],
      ),
      barColumn: 1,
    });
  }
  if (report.commands) {
    tables.push({
      id: 'commands',
      title: 'Commands',
      columns: [text('command'), count('events'), count('installs')],
      rows: report.commands.map((r) => [r.command, r.events, r.installs]),
      barColumn: 1,
    });
  }
  if (report.upgrades) {
    tables.push({
      id: 'upgrades',
      title: 'Upgrade paths',
      columns: [text('from'), text('to'), count('installs'), { key: 'downgrade', heading: 'downgrade', kind: 'flag' }],
      rows: report.upgrades.map((r) => [r.from, r.to, r.installs, r.downgrade]),
      barColumn: 2,
    });
  }
  if (report.retention) {
    const weeks = report.retention.reduce((max, r) => Math.max(max, r.active.length), 0);
    tables.push({
      id: 'retention',
      title: 'Weekly retention',
      columns: [text('cohort'), count('installs'), ...Array.from({ length: weeks }, (_, k): Column => ({ key: `week_${k}`, heading: `W${k}`, kind: 'retained' }))],
      rows: report.retention.map((r) => [r.cohort, r.installs, ...r.active]),
    });
  }
  tables.push(...analyticsTables(report));
  return tables;
}

const grouped = new Intl.NumberFormat('en-US');

/** A number with thousands separators, for people. */
export const formatCount = (n: number) => grouped.format(n);
/** Week k of a retention row as a percentage of the cohort, for people. */
export const formatRetained = (active: number, installs: number) =>
  installs === 0 ? '–' : `${Math.round((active / installs) * 100)}%`;

/** A share as a percentage with one decimal, for people. */
export const formatShare = (share: number) => `${(share * 100).toFixed(1)}%`;
