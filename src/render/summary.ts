// The lines above every human-readable report: what was read and which settings and filters applied.

import type { Report } from '../core/report.js';
import { formatCount } from './numbers.js';
import { visible } from './untrusted.js';

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

export function inputSummary(report: Report): string {
  const { files, lines, events, blank, invalid, outside, filtered } = report.input;
  const parts = [plural(events, 'event'), `${formatCount(blank)} blank`, `${formatCount(invalid)} invalid`];
  const { since, until } = report.settings.window;
  if (outside > 0) parts.push(`${formatCount(outside)} outside ${since ?? ''}..${until ?? ''}`);
  if (filtered > 0) parts.push(`${formatCount(filtered)} filtered out`);
  return `${plural(lines, 'line')} in ${plural(files, 'input')}: ${parts.join(', ')}`;
}

/** `text` makes the flag values (filters given on the command line) safe for the format: visible escapes by default. */
export function settingsSummary(report: Report, text: (value: string) => string = visible): string {
  const s = report.settings;
  const parts = [`time zone ${text(s.tz)}`];
  if (report.periods) parts.push(`periods by ${s.by}${s.byPicked === undefined ? '' : ` (auto for ${plural(s.byPicked, 'day')} of data; --by to set)`}`);
  // a relative date with the day it meant: `since 30d (2026-11-08)`
  const date = (value: string, day: string | null | undefined) => (day && day !== value ? `${value} (${day})` : value);
  if (s.since !== null) parts.push(`since ${date(s.since, s.sinceDay)}`);
  if (s.until !== null) parts.push(`until ${date(s.until, s.untilDay)}`);
  if (s.commands.length > 0) parts.push(`command ${s.commands.map(text).join(' or ')}`);
  if (s.versions.length > 0) parts.push(`version ${s.versions.map(text).join(' or ')}`);
  if (s.excludedInstalls > 0) parts.push(`${plural(s.excludedInstalls, 'install')} excluded`);
  return parts.join(', ');
}

/**
 * The id churn beside the headline, when the log carries its signature (docs/analytics.md, "Installs by
 * init"): `155,901 ids; 64.8% sent only update (the client's id churn): about 54,938 installs sent init — see
 * quality`. Null when there is nothing to say.
 */
export function idChurnNote(report: Report): string | null {
  const churn = report.idChurn;
  if (report.uniques === undefined || churn === undefined || !churn.signature) return null;
  const percent = `${(churn.updateOnlyShare * 100).toFixed(1)}%`;
  return (
    `${plural(report.uniques, 'id')}; ${percent} sent only update (the client's id churn): ` +
    `about ${formatCount(churn.installsByInit)} installs sent init — see quality`
  );
}
