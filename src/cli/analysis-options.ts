// The one way from flags to the core's AnalysisOptions: for a report, `--state`, states given as inputs, and
// the collector's live report. Which rows are computed follows the format: JSON and CSV are the contract
// (every row, refused before the work when there are too many); the human formats show the latest rows only,
// so the rest is counted, not computed.

import { defaultAnalysisOptions, type AnalysisOptions } from '../core/analyzer.js';
import type { Section } from '../core/report.js';
import { MAX_JSON_PERIODS } from '../render/json.js';
import { COLLAPSE_RUN, LATEST_PERIODS, RETENTION_COHORTS } from '../render/shown.js';
import type { CliOptions, Format } from './options.js';
import { today } from './today.js';

/** The flags that shape an analysis (the collector has the same names for the ones it takes). */
export type AnalysisFlags = Pick<
  CliOptions,
  'tz' | 'by' | 'since' | 'until' | 'window' | 'command' | 'version' | 'activeDays' | 'windowDays' | 'within' | 'quietDays' | 'maxDaily'
>;

/**
 * `excludeInstalls`: the uuids of the exclude file, already read (cli/exclude-file.ts). `pickPeriod`: without
 * `--by`, a report for people takes its period from the data's span (issue #21 item 8); JSON and CSV keep days.
 */
export function analysisOptions(
  sections: Section[],
  flags: AnalysisFlags,
  format: Format,
  excludeInstalls: readonly string[],
  pickPeriod = false,
): AnalysisOptions {
  const whole = format === 'json' || format === 'csv';
  return {
    sections,
    tz: flags.tz,
    by: flags.by ?? (pickPeriod && !whole ? 'auto' : 'day'),
    filters: { since: flags.since, until: flags.until, commands: flags.command, versions: flags.version, excludeInstalls: [...excludeInstalls] },
    today: today(flags.tz),
    window: flags.window,
    invalidSamples: defaultAnalysisOptions.invalidSamples,
    // the human formats show the latest cohorts only: the rest of the triangle is not computed
    retentionCohorts: whole ? null : RETENTION_COHORTS,
    // … and the latest rows of the analytics tables, and each long run of empty periods as one line
    latestPeriods: whole ? null : LATEST_PERIODS,
    maxPeriods: format === 'json' ? MAX_JSON_PERIODS : null,
    collapseEmptyRuns: whole ? null : COLLAPSE_RUN,
    maxDistinct: null,
    analytics: { activeDays: flags.activeDays, windowDays: flags.windowDays, within: flags.within, quietDays: flags.quietDays, maxDaily: flags.maxDaily },
  };
}
