// The lines listed on stderr after a report (invalid lines and events outside the window) and their count
// line: the same for every command that reads logs (the reports, export).

import type { Report } from '../core/report.js';
import { windowLabel } from '../core/window.js';
import { formatCount } from '../render/numbers.js';
import { visible } from '../render/untrusted.js';

const NAME = 'bazinga-stats';

/**
 * The listed lines (invalid ones and events outside the window, the first 10 in input order) and one count
 * line: `4 of 9 lines invalid`, `2 of 9 lines outside the window 2000-01-01..2026-12-01`, or both
 * (`4 of 9 lines invalid, 2 outside the window …`). Only invalid lines make --strict fail.
 */
export function reportLineNotes(notes: string[], report: Report, strict: boolean): void {
  const { invalid, outside, lines } = report.input;
  if (invalid === 0 && outside === 0) return;
  // a line's location and reason can hold bytes of the log or of a file name: shown, never acted on
  for (const line of notes) process.stderr.write(`${visible(line)}\n`);
  const counts: string[] = [];
  // `1 of 1 line invalid`, `5,000,000 of 5,000,000 lines invalid`: grouped as every count people read
  const ofLines = `of ${formatCount(lines)} ${lines === 1 ? 'line' : 'lines'}`;
  if (invalid > 0) counts.push(`${formatCount(invalid)} ${ofLines} invalid`);
  if (outside > 0) {
    const window = `outside the window ${windowLabel(report.settings.window)}`;
    counts.push(invalid > 0 ? `${formatCount(outside)} ${window}` : `${formatCount(outside)} ${ofLines} ${window}`);
  }
  const more = invalid + outside > notes.length ? ` (first ${notes.length} shown)` : '';
  const failing = strict && invalid > 0 ? '; failing because of --strict' : '';
  process.stderr.write(`${NAME}: ${counts.join(', ')}${more}${failing}\n`);
}
