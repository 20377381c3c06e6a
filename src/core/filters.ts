// Filters applied to events before every reducer: a day range in the report's zone, command names,
// versions (exact, or a prefix ending in `*`) and excluded installs. They never change the input counts;
// dropped events are counted as `filtered`.

import { parseUuid } from '../parse/uuid.js';
import { daysFromCivil, daysInMonth } from '../parse/timestamp.js';
import { InstallTable } from './install-table.js';
import { SettingError, type Setting } from './setting-error.js';

export interface FilterOptions {
  /** YYYY-MM-DD or `Nd` (the date N-1 days before today), inclusive */
  since: string | null;
  until: string | null;
  commands: string[];
  /** exact versions, or prefixes ending in `*` */
  versions: string[];
  /** uuids whose events are dropped */
  excludeInstalls: string[];
}

export const noFilters: FilterOptions = { since: null, until: null, commands: [], versions: [], excludeInstalls: [] };

/** A day number of a `YYYY-MM-DD` date (proleptic Gregorian, years 0000-9999), or null. */
export function parseDate(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/**
 * A day number for the `since` or `until` setting: `2025-11-12`, or `30d` meaning the last 30 days ending
 * `today` (a day number; null when no today was given).
 */
export function parseDay(setting: Setting, value: string, today: number | null): number {
  const relative = /^(\d{1,6})d$/.exec(value);
  if (relative) {
    const days = Number(relative[1]);
    if (days < 1) throw new SettingError(setting, value, 'no-days');
    if (today === null) throw new SettingError(setting, value, 'needs-today');
    return today - (days - 1);
  }
  const day = parseDate(value);
  if (day === null) throw new SettingError(setting, value, 'not-a-date');
  return day;
}

export interface EventFilter {
  readonly active: boolean;
  /** the day range, resolved (a relative `30d` as the day it means today) */
  readonly since: number | null;
  readonly until: number | null;
  /** true when the event passes every filter */
  passes(day: number, commandId: number, versionId: number, uuid: Uint32Array): boolean;
  /** distinct excluded installs among the events judged so far (not the length of the exclude list) */
  excludedSeen(): number;
  /** the excluded installs seen so far, four uuid words each (state files) */
  excludedFound(): Uint32Array;
  /** counts an excluded install as seen (a state's), given its four uuid words at `at` */
  noteExcluded(uuid: Uint32Array, at: number): void;
}

/**
 * `commandNames` and `versionNames` are the interners' (growing) name lists: a command or version is judged
 * once, the first time its id is seen.
 */
export function createFilter(options: FilterOptions, today: number | null, commandNames: readonly string[], versionNames: readonly string[]): EventFilter {
  const since = options.since === null ? null : parseDay('since', options.since, today);
  const until = options.until === null ? null : parseDay('until', options.until, today);
  if (since !== null && until !== null && since > until) {
    throw new SettingError('since', options.since!, 'since-after-until', options.until);
  }
  const commands = options.commands.length > 0 ? new Set(options.commands) : null;
  const exact = new Set(options.versions.filter((v) => !v.endsWith('*')));
  const prefixes = options.versions.filter((v) => v.endsWith('*')).map((v) => v.slice(0, -1));
  const versionFilter = options.versions.length > 0;
  let excluded: InstallTable | null = null;
  if (options.excludeInstalls.length > 0) {
    excluded = new InstallTable(options.excludeInstalls.length);
    const words = new Uint32Array(4);
    for (const uuid of options.excludeInstalls) {
      const bytes = Buffer.from(uuid);
      if (!parseUuid(bytes, 0, bytes.length, words)) throw new SettingError('excludeInstalls', uuid, 'not-a-uuid');
      excluded.idOf(words);
    }
  }
  // decisions per interned id: 0 = not decided yet, 1 = passes, 2 = dropped
  const commandDecisions: number[] = [];
  const versionDecisions: number[] = [];
  // which excluded installs occurred in the data (by their id in `excluded`), and how many
  const excludedHit = new Uint8Array(excluded === null ? 0 : excluded.size);
  let excludedCount = 0;
  const active = since !== null || until !== null || commands !== null || versionFilter || excluded !== null;
  return {
    active,
    since,
    until,
    passes(day, commandId, versionId, uuid) {
      // first, whatever the other filters say, so that every excluded install in the data is counted
      if (excluded !== null) {
        const id = excluded.find(uuid);
        if (id >= 0) {
          if (excludedHit[id] === 0) {
            excludedHit[id] = 1;
            excludedCount++;
          }
          return false;
        }
      }
      if (since !== null && day < since) return false;
      if (until !== null && day > until) return false;
      if (commands !== null) {
        let decision = commandDecisions[commandId];
        if (decision === undefined) decision = commandDecisions[commandId] = commands.has(commandNames[commandId]) ? 1 : 2;
        if (decision === 2) return false;
      }
      if (versionFilter) {
        let decision = versionDecisions[versionId];
        if (decision === undefined) {
          const name = versionNames[versionId];
          decision = versionDecisions[versionId] = exact.has(name) || prefixes.some((p) => name.startsWith(p)) ? 1 : 2;
        }
        if (decision === 2) return false;
      }
      return true;
    },
    excludedSeen: () => excludedCount,
    excludedFound() {
      const found: number[] = [];
      if (excluded !== null) {
        const words = excluded.uuids();
        excludedHit.forEach((hit, id) => {
          if (hit === 1) found.push(words[id * 4], words[id * 4 + 1], words[id * 4 + 2], words[id * 4 + 3]);
        });
      }
      return Uint32Array.from(found);
    },
    noteExcluded(uuid, at) {
      const id = excluded === null ? -1 : excluded.find(uuid.subarray(at, at + 4));
      if (id >= 0 && excludedHit[id] === 0) {
        excludedHit[id] = 1;
        excludedCount++;
      }
    },
  };
}
