// The top of the page: headline figures, and what the report was made from (zone, period unit,
// filters, input counts), so a reader knows what the numbers cover.
import type { InputCounts, Report, ReportSettings } from '../../core/report.js';
import { windowLabel } from '../../core/window.js';
import { escapeHtml } from './escape.js';
import { exactShare, formatCount, formatPercent, unitName } from './format.js';

/** Events the report counts: those read, less those outside the time window and those the filters dropped. */
export function countedEvents(input: InputCounts): number {
  return input.events - input.outside - input.filtered;
}

interface Figure {
  label: string;
  value: string;
  detail: string;
  /** hover text with the exact numbers */
  title?: string;
  id: string;
}

function figureCard(figure: Figure): string {
  const title = figure.title ? ` title="${escapeHtml(figure.title)}"` : '';
  return (
    `<div class="figure" data-figure="${figure.id}"${title}>` +
    `<div class="figure-label">${escapeHtml(figure.label)}</div>` +
    `<div class="figure-value">${escapeHtml(figure.value)}</div>` +
    `<div class="figure-detail">${escapeHtml(figure.detail)}</div></div>`
  );
}

export function renderHeadline(report: Report): string {
  const figures: Figure[] = [];
  const events = countedEvents(report.input);
  if (report.uniques !== undefined) {
    const churn = report.idChurn;
    if (churn?.signature) {
      // the client's id churn (docs/analytics.md, "Installs by init"): the count of ids is not the count of installs
      figures.push({
        id: 'installs',
        label: 'Install ids',
        value: formatCount(report.uniques),
        detail: `${formatPercent(churn.updateOnlyShare)} sent only update (the client's id churn)`,
        title: `${formatCount(churn.updateOnlyIds)} of ${formatCount(report.uniques)} ids sent only update and never init`,
      });
      figures.push({
        id: 'installs-by-init',
        label: 'Installs by init',
        value: `about ${formatCount(churn.installsByInit)}`,
        detail: 'ids that sent init: the better count of installs; see bazinga-stats quality',
      });
    } else {
      figures.push({ id: 'installs', label: 'Installs', value: formatCount(report.uniques), detail: 'distinct install ids' });
    }
  }
  figures.push({
    id: 'events',
    label: 'Events',
    value: formatCount(events),
    detail: events < report.input.events ? `of ${formatCount(report.input.events)} read; ${describeDropped(report.input)}` : 'valid lines read',
  });
  const last = report.periods?.[report.periods.length - 1];
  if (last) {
    // a day is a date: active on it; a week or month is a stretch: active in it
    figures.push({
      id: 'active-last',
      label: `Active ${report.settings.by === 'day' ? 'on' : 'in'} ${last.period}`,
      value: formatCount(last.installs),
      detail: `installs, the last ${unitName(report.settings.by)}`,
    });
    figures.push({
      id: 'new-last',
      label: `New ${report.settings.by === 'day' ? 'on' : 'in'} ${last.period}`,
      value: formatCount(last.new),
      detail: `installs first seen in the last ${unitName(report.settings.by)}`,
    });
  }
  const versions = report.versions;
  if (versions && versions.latest !== null) {
    const latest = versions.rows.find((row) => row.version === versions.latest);
    if (latest) {
      figures.push({
        id: 'latest-share',
        label: `On the latest, ${versions.latest}`,
        value: formatPercent(latest.share),
        detail:
          report.uniques !== undefined
            ? `${formatCount(latest.current)} of ${formatCount(report.uniques)} installs run it now`
            : `${formatCount(latest.current)} installs run it now`,
        title: `share = current / installs = ${exactShare(latest.share)}`,
      });
    }
  }
  return `<section class="figures" aria-label="Headline figures">${figures.map(figureCard).join('')}</section>\n`;
}

function describeFilters(settings: ReportSettings): string {
  const filters: string[] = [];
  // a relative date with the day it meant: `since 30d (2026-11-08)`
  const date = (value: string, day: string | null | undefined) => (day && day !== value ? `${value} (${day})` : value);
  if (settings.since !== null) filters.push(`since ${date(settings.since, settings.sinceDay)}`);
  if (settings.until !== null) filters.push(`until ${date(settings.until, settings.untilDay)}`);
  if (settings.commands.length > 0) filters.push(`command ${settings.commands.join(' or ')}`);
  if (settings.versions.length > 0) filters.push(`version ${settings.versions.join(' or ')}`);
  if (settings.excludedInstalls > 0) filters.push(`${formatCount(settings.excludedInstalls)} installs excluded`);
  return filters.length > 0 ? filters.join('; ') : 'none';
}

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** `2 outside the window; 3 filtered out`, leaving out a zero count. */
function describeDropped(input: InputCounts): string {
  const parts: string[] = [];
  if (input.outside > 0) parts.push(`${formatCount(input.outside)} outside the window`);
  if (input.filtered > 0) parts.push(`${formatCount(input.filtered)} filtered out`);
  return parts.join('; ');
}

function describeInput(input: InputCounts): string {
  return (
    `${plural(input.files, 'file')}, ${plural(input.lines, 'line')}: ${plural(input.events, 'event')}, ` +
    `${formatCount(input.blank)} blank, ${formatCount(input.invalid)} invalid; ${plural(input.outside, 'event')} outside the window; ` +
    `${plural(input.filtered, 'event')} filtered out`
  );
}

/** Settings and input counts as a definition list, each value with a data attribute for tests. */
export function renderSettings(report: Report): string {
  const { settings, input } = report;
  const entries: [string, string, string][] = [
    ['tz', 'Time zone', settings.tz],
    [
      'by',
      'Periods',
      `${unitName(settings.by)}${settings.by === 'week' ? ' (Monday start)' : ''}, cut in ${settings.tz}` +
        // picked from the span when --by was not given (issue #21 item 8)
        (settings.byPicked === undefined ? '' : `; picked for ${formatCount(settings.byPicked)} days of data (--by to set)`),
    ],
    ['window', 'Time window', windowLabel(settings.window)],
    ['filters', 'Filters', describeFilters(settings)],
    ['input', 'Input', describeInput(input)],
  ];
  const items = entries.map(([id, term, value]) => `<div data-setting="${id}"><dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd></div>`).join('');
  return `<dl class="settings">${items}</dl>\n`;
}
