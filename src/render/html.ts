// `--format html`: the whole report as one self-contained page. Inline CSS and inline SVG only —
// no script, no font, image or stylesheet fetched from anywhere — so it reads the same offline,
// from a CI artifact or attached to a mail. Every chart has a title, axis labels, a hover title
// on each mark with its exact numbers, and the same numbers as a table under it, opened by a tap or
// the keyboard. Charts are laid out for the screen they are on, a phone's included, with their text
// never scaled down, and the page has a dark scheme (html/style.ts).
import type { Report } from '../core/report.js';
import { compareVersions } from '../core/version-order.js';
import { renderActivation, renderActive, renderAdoption } from './html/analytics.js';
import { DEFAULT_TOP, periodCount, shortText } from './shown.js';
import { renderCommands } from './html/commands.js';
import { escapeHtml } from './html/escape.js';
import { formatCount, unitName, unitPlural } from './html/format.js';
import { renderLifecycle } from './html/lifecycle.js';
import { renderRetention } from './html/retention.js';
import { countedEvents, renderHeadline, renderSettings } from './html/summary.js';
import { STYLE } from './html/style.js';
import { renderTrend } from './html/trend.js';
import { renderUpgrades } from './html/upgrades.js';
import { renderVersions } from './html/versions.js';

export interface HtmlOptions {
  /** shown under the title, as given (the renderer never reads the clock) */
  generatedAt?: string;
  /** the page title; default "BAZINGA telemetry report" */
  title?: string;
  /**
   * Version order (ascending, like a sort comparator) for the version chart and table, which list
   * versions newest first; default: the core's SemVer order, as the table output uses.
   */
  compareVersions?: (a: string, b: string) => number;
  /** rows of versions, commands and upgrade paths charted and listed; 0: all (default 50) */
  top?: number;
}

export const defaultHtmlOptions = { title: 'BAZINGA telemetry report' } as const;

function subtitle(report: Report, options: HtmlOptions): string {
  const parts: string[] = [];
  const periods = report.periods;
  if (periods && periods.length > 0) {
    const span = `${periods[0].period} to ${periods[periods.length - 1].period}`;
    parts.push(`${span} (${unitPlural(report.settings.by, periodCount(report))}, ${report.settings.tz})`);
  }
  if (options.generatedAt) parts.push(`generated ${options.generatedAt}`);
  return parts.join(' · ');
}

function emptyNotice(report: Report): string {
  const { input } = report;
  const reason =
    input.events === 0
      ? `The input held no events: ${formatCount(input.lines)} lines read, ${formatCount(input.blank)} blank, ${formatCount(input.invalid)} invalid.`
      : `None of the ${formatCount(input.events)} events passed the filters.`;
  return (
    '<section class="card empty" id="no-events" aria-labelledby="no-events-heading">' +
    `<h2 id="no-events-heading">No events</h2><p>${escapeHtml(reason)}</p><p class="lede">There is nothing to chart.</p></section>\n`
  );
}

const SECTION_LINKS: [id: string, label: string][] = [
  ['over-time', 'Over time'],
  ['lifecycle', 'Lifecycle'],
  ['versions', 'Versions'],
  ['commands', 'Commands'],
  ['upgrades', 'Upgrade paths'],
  ['retention', 'Retention'],
  ['adoption', 'Adoption'],
  ['active', 'Active'],
  ['activation', 'Activation'],
];

function navigation(sections: string): string {
  const links = SECTION_LINKS.filter(([id]) => sections.includes(`<section class="card" id="${id}"`))
    .map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`)
    .join('');
  return links ? `<nav aria-label="Sections"><ul>${links}</ul></nav>\n` : '';
}

/** The report with every version, command and path cut to what people are shown (shown.ts, MAX_TEXT). */
function withShortTexts(report: Report): Report {
  const { versions, commands, upgrades } = report;
  return {
    ...report,
    versions: versions && {
      latest: versions.latest === null ? null : shortText(versions.latest),
      rows: versions.rows.map((row) => ({ ...row, version: shortText(row.version) })),
    },
    commands: commands?.map((row) => ({ ...row, command: shortText(row.command) })),
    upgrades: upgrades?.map((row) => ({ ...row, from: shortText(row.from), to: shortText(row.to) })),
  };
}

export function renderHtml(full: Report, options: HtmlOptions = {}): string {
  const report = withShortTexts(full);
  const title = options.title ?? defaultHtmlOptions.title;
  const hasEvents = countedEvents(report.input) > 0;
  const top = options.top ?? DEFAULT_TOP;
  const sections = hasEvents
    ? [
        renderTrend(report.periods, report.settings, report.periodGaps),
        renderLifecycle(report.periods, report.settings, report.periodGaps),
        renderVersions(report.versions, report.uniques, options.compareVersions ?? compareVersions, top),
        renderCommands(report.commands, top),
        renderUpgrades(report.upgrades, top),
        renderRetention(report.retention, report.retentionEarlier),
        renderAdoption(report.adoption, report.settings, top, report.adoptionEarlier),
        renderActive(report.active, report.settings, report.activeEarlier),
        renderActivation(report.activation, report.settings, report.activationEarlier),
      ].join('')
    : emptyNotice(report);
  const sub = subtitle(report, options);
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<header><h1>${escapeHtml(title)}</h1>${sub ? `<p class="subtitle">${escapeHtml(sub)}</p>` : ''}</header>\n` +
    `<main>\n${hasEvents ? renderHeadline(report) : ''}${renderSettings(report)}${navigation(sections)}${sections}</main>\n` +
    `<footer>Made by bazinga-stats from ${escapeHtml(unitName(report.settings.by))} periods in ${escapeHtml(report.settings.tz)}. ` +
    'A self-contained page: no scripts, nothing loaded from the network. Hover a mark for its exact numbers, or open “Show the numbers” under a chart (tap it, or Tab to it and press Enter) for all of them.</footer>\n' +
    '</body>\n</html>\n'
  );
}
