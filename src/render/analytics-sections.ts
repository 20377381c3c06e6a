// Issue #13's sections (adoption, active, activation, churn, quality) as rows and columns, for the CSV,
// Markdown and table renderers, beside the older sections in sections.ts. Missing numbers (a median
// without converted installs, a release not yet at 50%) are null: an empty CSV cell, a word for people.

import type { Report } from '../core/report.js';
import type { Column, SectionTable } from './section-table.js';
import { DEFAULT_TOP, earlierRowsLine, moreLine, shortText, topRows } from './shown.js';
import { formatCount, formatShare } from './numbers.js';
import { PARTIAL_COLUMN, partialLabel, withPartialNote } from './partial.js';

const text = (key: string, heading = key): Column => ({ key, heading, kind: 'text' });
const count = (key: string, heading = key): Column => ({ key, heading, kind: 'count' });
const share = (key: string, heading = key): Column => ({ key, heading, kind: 'share' });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const days = (key: string, heading = key, missing = '–'): Column => ({ key, heading, kind: 'days', missing });

/**
 * For people (`forPeople`): versions cut to a readable length and only the `top` releases (newest first), as
 * sections.ts does for versions. Adoption's version columns are at most 5 already.
 */
export function analyticsTables(report: Report, { forPeople = false, top = DEFAULT_TOP } = {}): SectionTable[] {
  const tables: SectionTable[] = [];
  const name = forPeople ? shortText : (text: string) => text;
  const byDay = report.settings.by === 'day';
  const { adoption, active, activation, churn, quality } = report;
  const by = report.settings.by;
  /** a period's label: marked for people when the data covers it in part only; CSV has a `partial` column */
  const mark = (label: string, partial: boolean) => (forPeople ? partialLabel(label, partial) : label);
  /** the line under a table whose earlier rows were counted, not computed (never set for CSV: it has them all) */
  const earlier = (count: number | undefined, shown: number, what?: string) => (forPeople && earlierRowsLine(count ?? 0, shown, by, what)) || undefined;
  if (adoption) {
    tables.push({
      id: 'adoption',
      title: `Adoption: share of active installs (an event in the last ${plural(adoption.activeDays, 'day')}) by version`,
      columns: [
        ...(byDay ? [text('date')] : [text('period'), text('date', 'as of')]),
        count('active'),
        ...adoption.top.map((version) => share(`v:${version}`, name(version))),
        share('other'),
        share('latest3', 'latest 3'),
        count('in_use', 'in use'),
        days('median_age', 'median age (days)'),
        ...(forPeople ? [] : [PARTIAL_COLUMN]),
      ],
      rows: adoption.periods.map((row) => [
        ...(byDay ? [mark(row.date, row.partial)] : [mark(row.period, row.partial), row.date]),
        row.active,
        ...row.shares,
        row.active === 0 ? 0 : row.other / row.active,
        row.latest3,
        row.inUse,
        row.medianAge,
        ...(forPeople ? [] : [row.partial]),
      ]),
      note: withPartialNote(earlier(report.adoptionEarlier, adoption.periods.length), adoption.periods, forPeople),
    });
    const releases = forPeople ? topRows(adoption.releases, top) : { rows: adoption.releases, more: 0 };
    tables.push({
      id: 'releases',
      title: 'Releases',
      columns: [
        text('version'),
        { key: 'first_seen', heading: 'first seen', kind: 'text', missing: 'no start' },
        share('peak_share', 'peak'),
        text('peak_date', 'peak on'),
        days('days_to_50', 'days to 50%', 'not yet'),
        days('days_to_90', 'days to 90%', 'not yet'),
        { key: 'replaced', heading: 'under 10% on', kind: 'text', missing: 'not yet' },
      ],
      rows: releases.rows.map((r) => [name(r.version), r.firstSeen, r.peakShare, r.peakDate, r.days50, r.days90, r.replaced]),
      note: moreLine(releases.more, 'version') || undefined,
    });
    if (!forPeople) {
      // every version in use per period, long form (issue #21), at most versionCap a period: an empty version
      // is the rest, summed
      tables.push({
        id: 'adoption-versions',
        title: `Adoption by version (at most ${adoption.versionCap} versions a period; the rest in an empty version)`,
        columns: [text('period'), text('version'), count('installs'), share('share')],
        rows: adoption.versions.map((r) => [r.period, r.version, r.installs, r.share]),
      });
    }
  }
  if (active) {
    tables.push({
      id: 'active',
      title: `Active installs (MAU over ${plural(active.windowDays, 'day')})`,
      // headings as the title and DAU/MAU write them; CSV keeps the JSON's keys
      columns: [
        ...(byDay ? [text('date')] : [text('period'), text('date', 'as of')]),
        count('dau', 'DAU'),
        count('wau', 'WAU'),
        count('mau', 'MAU'),
        share('stickiness', 'DAU/MAU'),
        ...(forPeople ? [] : [PARTIAL_COLUMN]),
      ],
      rows: active.rows.map((r) => [
        ...(byDay ? [mark(r.date, r.partial)] : [mark(r.period, r.partial), r.date]),
        r.dau,
        r.wau,
        r.mau,
        r.stickiness,
        ...(forPeople ? [] : [r.partial]),
      ]),
      barColumn: byDay ? 1 : 2,
      note: withPartialNote(earlier(report.activeEarlier, active.rows.length), active.rows, forPeople),
    });
    tables.push({
      id: 'active-days',
      title: `Days active among the last 7 and 28${active.asOf === null ? '' : ` (as of ${active.asOf})`}`,
      columns: [count('days'), { ...count('l7', 'L7 installs'), missing: '' }, count('l28', 'L28 installs')],
      // up to the last k with installs (at least 7 rows): 28 rows are mostly zeros
      rows:
        active.asOf === null
          ? []
          : active.l28
              .slice(
                0,
                Math.max(
                  7,
                  active.l28.reduce((last, n, k) => (n > 0 ? k + 1 : last), 0),
                ),
              )
              .map((n, k) => [k + 1, k < active.l7.length ? active.l7[k] : null, n]),
    });
  }
  if (activation) {
    // an open cohort (its window runs past the data's end) is marked, its share shown as a floor (≥), and a
    // footnote says why; CSV has an `open` column
    const open = activation.rows.some((r) => r.open);
    const footnote =
      `* open: the cohort's ${plural(activation.within, 'day')} window runs past the data's last day, so its installs can still convert; the share is a floor.`.replace(
        /(\d+) days? window/,
        '$1-day window',
      );
    const notes = [earlier(report.activationEarlier, activation.rows.length, 'cohorts'), forPeople && open ? footnote : undefined].filter(
      (n) => n !== undefined,
    );
    tables.push({
      id: 'activation',
      title: `Activation: update within ${plural(activation.within, 'day')} of the first event`,
      columns: [
        text('cohort'),
        count('installs'),
        count('converted'),
        share('share'),
        days('median_days', 'median (days)'),
        days('p90_days', 'p90 (days)'),
        ...(forPeople ? [] : [{ key: 'open', heading: 'open', kind: 'flag' as const }]),
      ],
      rows: activation.rows.map((r) =>
        forPeople
          ? [r.open ? `${r.cohort} *` : r.cohort, r.installs, r.converted, r.open && r.installs > 0 ? `≥${formatShare(r.share)}` : r.share, r.median, r.p90]
          : [r.cohort, r.installs, r.converted, r.share, r.median, r.p90, r.open],
      ),
      note: notes.length > 0 ? notes.join(' ') : undefined,
    });
  }
  if (churn) {
    tables.push({
      id: 'churn',
      title: `Churn: no event for more than ${plural(churn.quietDays, 'day')}`,
      columns: [text('period'), count('churned'), count('returned'), count('gone'), ...(forPeople ? [] : [PARTIAL_COLUMN])],
      rows: churn.rows.map((r) =>
        forPeople ? [mark(r.period, r.partial), r.churned, r.returned, r.gone] : [r.period, r.churned, r.returned, r.gone, r.partial],
      ),
      note: withPartialNote(earlier(report.churnEarlier, churn.rows.length), churn.rows, forPeople),
    });
  }
  if (quality) {
    tables.push({
      id: 'quality-ids',
      title: 'Data quality: ids',
      // the JSON's summary in the words of the human formats: counts grouped as in the table
      note: forPeople ? groupCounts(quality.summary) : quality.summary,
      columns: [count('ids'), count('init_ids', 'ids with init'), count('update_only_ids', 'update-only ids'), share('update_only_share', 'update-only share')],
      rows: [[quality.ids, quality.initIds, quality.updateOnlyIds, quality.updateOnlyShare]],
    });
    tables.push({
      id: 'quality',
      title: `Data quality: ledger (busy day: more than ${plural(quality.maxDaily, 'event')}; data end ${quality.dataEnd ?? '–'}; today ${quality.today ?? '–'})`,
      columns: [text('reason'), text('unit'), count('count'), text('samples', 'first places')],
      // for people each file name once: `a.jsonl:7,8,9 b.jsonl:2`; CSV keeps every FILE:LINE
      rows: quality.reasons.map((r) => [r.reason, r.unit, r.count, forPeople ? groupPlaces(r.samples) : r.samples.join(' ')]),
    });
  }
  return tables;
}

/** Whole numbers of 4 or more digits in a sentence with thousands separators: `50000 of 155901 ids` → `50,000 of 155,901 ids`. */
function groupCounts(sentence: string): string {
  return sentence.replace(/(?<![\d.,])\d{4,}(?![\d.,%]|\.\d)/g, (digits) => formatCount(Number(digits)));
}

/** `a.jsonl:7 a.jsonl:8 b.jsonl:2` → `a.jsonl:7,8 b.jsonl:2`: places of one file after each other share its name. */
export function groupPlaces(places: readonly string[]): string {
  const groups: { file: string; lines: string[] }[] = [];
  for (const place of places) {
    const colon = place.lastIndexOf(':');
    const file = colon < 0 ? place : place.slice(0, colon);
    const line = colon < 0 ? '' : place.slice(colon + 1);
    const last = groups[groups.length - 1];
    if (last !== undefined && last.file === file && line !== '') last.lines.push(line);
    else groups.push({ file, lines: line === '' ? [] : [line] });
  }
  return groups.map((g) => (g.lines.length === 0 ? g.file : `${g.file}:${g.lines.join(',')}`)).join(' ');
}

/** Days for people: one decimal. */
export const formatDays = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
