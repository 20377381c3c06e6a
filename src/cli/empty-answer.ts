// No silent empty answers (issue #21 item 6): when a `--release` or `--command` value matches nothing in the
// data, or the filters leave no event, one line on stderr says what was asked (relative dates resolved) and
// what the data holds, with the near miss when there is one. Pure: report and what the input held in, lines out.

import type { SeenInput } from '../core/analyzer.js';
import type { Report } from '../core/report.js';
import { compareVersions } from '../core/version-order.js';
import { shortText } from '../render/shown.js';
import { visible } from '../render/untrusted.js';
import { nearest } from './suggest.js';

/** Edit distances are not worth it over more names than this (a log of 200,000 versions is junk anyway). */
const NEAREST_LIMIT = 20_000;

const quoted = (text: string) => `"${visible(shortText(text))}"`;

/** The lines to print (without the program's name), in order; none when the answer is not empty for a reason. */
export function emptyAnswerNotes(report: Report, seen: SeenInput | undefined): string[] {
  const notes: string[] = [];
  const { settings, input } = report;
  if (seen !== undefined) {
    for (const value of settings.versions) {
      if (!matchesVersion(value, seen.versions))
        notes.push(`--release ${visible(shortText(value))}: no version ${quoted(value)} in the data${versionHint(value, seen.versions)}`);
    }
    for (const value of settings.commands) {
      if (!seen.commands.includes(value))
        notes.push(`--command ${visible(shortText(value))}: no command ${quoted(value)} in the data${commandHint(value, seen.commands)}`);
    }
  }
  const inside = input.events - input.outside;
  // a value that matched nothing already says why nothing is left: one line per cause
  if (inside > 0 && inside - input.filtered === 0 && notes.length === 0) {
    const range = seen?.days ? `; the data runs from ${seen.days.first} to ${seen.days.last}` : '';
    notes.push(`no event left after the filters (${describeFilters(report)})${range}`);
  }
  return notes;
}

/** `--since 30d = 2026-11-08, --until 2025-12-01, --command Init, --release 2.1, 3 installs excluded`. */
export function describeFilters(report: Report): string {
  const s = report.settings;
  const parts: string[] = [];
  const date = (flag: string, value: string | null, day: string | null | undefined) => {
    if (value === null) return;
    parts.push(day && day !== value ? `${flag} ${value} = ${day}` : `${flag} ${value}`);
  };
  date('--since', s.since, s.sinceDay);
  date('--until', s.until, s.untilDay);
  for (const command of s.commands) parts.push(`--command ${visible(shortText(command))}`);
  for (const version of s.versions) parts.push(`--release ${visible(shortText(version))}`);
  if (s.excludedInstalls > 0) parts.push(`${s.excludedInstalls} installs excluded`);
  return parts.join(', ') || 'none';
}

function matchesVersion(value: string, versions: readonly string[]): boolean {
  if (!value.endsWith('*')) return versions.includes(value);
  const prefix = value.slice(0, -1);
  return versions.some((version) => version.startsWith(prefix));
}

/** `; did you mean "2.1.*"?`, or the newest versions the data has. */
function versionHint(value: string, versions: readonly string[]): string {
  if (versions.length === 0) return '; the data has no events';
  const bare = value.endsWith('*') ? value.slice(0, -1) : value;
  // `2.1` for the releases 2.1.0, 2.1.1: the prefix form
  if (!value.endsWith('*') && versions.some((v) => v.startsWith(`${bare}.`) || v.startsWith(`${bare}-`))) return `; did you mean ${quoted(`${bare}.*`)}?`;
  // `v2.1.0`, `2.1.0 ` or another case
  const loose = (text: string) =>
    text
      .trim()
      .toLowerCase()
      .replace(/^v(?=\d)/, '');
  const same = versions.filter((v) => (value.endsWith('*') ? loose(v).startsWith(loose(bare)) : loose(v) === loose(value)));
  if (same.length > 0) {
    const best = [...same].sort(compareVersions).at(-1)!;
    return `; did you mean ${quoted(value.endsWith('*') ? `${best.slice(0, bare.length)}*` : best)}?`;
  }
  if (!value.endsWith('*') && versions.length <= NEAREST_LIMIT) {
    // on a tie, the highest version
    const guess = nearest(
      value,
      [...versions].sort((a, b) => compareVersions(b, a)),
    );
    if (guess !== null) return `; did you mean ${quoted(guess)}?`;
  }
  return `; the newest it has: ${newest(versions, 3).map(quoted).join(', ')}`;
}

function commandHint(value: string, commands: readonly string[]): string {
  if (commands.length === 0) return '; the data has no events';
  const same = commands.filter((c) => c.toLowerCase() === value.trim().toLowerCase());
  if (same.length > 0) return `; the log has ${same.map(quoted).join(', ')}`;
  const guess = commands.length <= NEAREST_LIMIT ? nearest(value, commands) : null;
  if (guess !== null) return `; did you mean ${quoted(guess)}?`;
  const listed = [...commands].sort().slice(0, 5);
  return `; the log has ${listed.map(quoted).join(', ')}${commands.length > listed.length ? `, … (${commands.length} in all)` : ''}`;
}

/** The `count` highest versions, highest first, in one pass (no sort of a long list). */
function newest(versions: readonly string[], count: number): string[] {
  const top: string[] = [];
  for (const version of versions) {
    if (top.length === count && compareVersions(version, top[count - 1]) <= 0) continue;
    top.push(version);
    top.sort((a, b) => compareVersions(b, a));
    if (top.length > count) top.pop();
  }
  return top;
}
