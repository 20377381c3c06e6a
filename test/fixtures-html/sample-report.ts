// A Report for the HTML tests, built from a small simulation of installs rather than typed in, so
// that its numbers hang together the way a real run's do (installs = new + returning +
// resurrecting, totals grow, retention is a triangle). It stands in for the CLI until
// `report --format html` exists. Deterministic: the same arguments give the same Report.
import type { CommandRow, PeriodRow, PeriodUnit, Report, RetentionRow, UpgradeRow, VersionRow } from '../../src/core/report.js';

export interface SampleOptions {
  /** how many days to simulate, from Monday 2025-01-06 */
  days: number;
  by: PeriodUnit & ('day' | 'week');
  seed?: number;
  /** add a version and a command that are HTML, to check escaping end to end */
  hostile?: boolean;
}

export const HOSTILE_VERSION = '<script>alert("version")</script>';
export const HOSTILE_COMMAND = '<img src=x onerror=alert(1)>';

/** Releases in version order, oldest first, with the day each came out. */
const RELEASES: [version: string, day: number][] = [
  ['1.0.0', 0],
  ['1.1.0', 50],
  ['1.2.0', 120],
  ['1.2.1', 135],
  ['2.0.0-beta.1', 200],
  ['2.0.0', 240],
  ['2.1.0', 310],
];
const COMMANDS: [command: string, weight: number][] = [
  ['status', 40],
  ['sync', 25],
  ['init', 0], // every install's first event
  ['deploy', 15],
  ['doctor', 6],
  ['upgrade', 4],
];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2025, 0, 6); // a Monday

function dayLabel(day: number): string {
  return new Date(START + day * 86_400_000).toISOString().slice(0, 10);
}

/** ISO week label of the week starting on Monday `START + 7 * week` days. */
export function weekLabel(week: number): string {
  const thursday = new Date(START + (week * 7 + 3) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
  return `${year}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, '0')}`;
}

interface SimEvent {
  install: number;
  day: number;
  version: string;
  command: string;
}

function simulate(options: SampleOptions): SimEvent[] {
  const rand = random(options.seed ?? 46);
  const events: SimEvent[] = [];
  let installs = 0;
  const released = (day: number) => RELEASES.filter(([, from]) => from <= day);
  for (let day = 0; day < options.days; day++) {
    const growth = 2 + 9 * (day / 365) ** 1.6;
    const releaseBoost = RELEASES.some(([, from]) => day >= from && day < from + 5 && from > 0) ? 2.2 : 1;
    const arrivals = Math.round(growth * releaseBoost * (0.6 + rand() * 0.8));
    for (let n = 0; n < arrivals; n++) {
      const install = installs++;
      const engagement = 0.08 + rand() * 0.35;
      const lifetime = Math.floor(-Math.log(1 - rand()) * 70);
      const stable = released(day).filter(([version]) => !version.includes('-'));
      let version = stable[stable.length - 1][0];
      for (let d = day; d < Math.min(options.days, day + lifetime + 1); d++) {
        if (d !== day && rand() > engagement * 0.985 ** (d - day)) continue;
        const available = released(d);
        const newest = available[available.length - 1][0];
        const index = RELEASES.findIndex(([v]) => v === version);
        if (version !== newest && rand() < (newest.includes('-') ? 0.03 : 0.2)) version = newest;
        else if (index > 0 && rand() < 0.004) version = RELEASES[index - 1][0];
        const count = 1 + Math.floor(rand() * 3);
        for (let e = 0; e < count; e++) {
          let command = 'init';
          if (!(d === day && e === 0)) {
            let pick = rand() * 90;
            command = COMMANDS.find(([, weight]) => (pick -= weight) < 0)?.[0] ?? 'status';
          }
          events.push({ install, day: d, version, command });
        }
      }
    }
  }
  if (options.hostile) {
    events.push({ install: installs, day: 3, version: HOSTILE_VERSION, command: HOSTILE_COMMAND });
    events.push({ install: installs, day: 10, version: '1.0.0', command: 'status' });
  }
  return events;
}

function versionIndex(version: string): number {
  return RELEASES.findIndex(([v]) => v === version);
}

/** A Report as the reducers would make it for the simulated events (periods by day or ISO week). */
export function sampleReport(options: SampleOptions): Report {
  const events = simulate(options);
  const periodOf = (day: number) => (options.by === 'day' ? day : Math.floor(day / 7));
  const periodCount = periodOf(options.days - 1) + 1;
  const label = options.by === 'day' ? dayLabel : weekLabel;

  const first = new Map<number, number>();
  const activeIn: Set<number>[] = Array.from({ length: periodCount }, () => new Set());
  const eventsIn = new Array<number>(periodCount).fill(0);
  for (const event of events) {
    const period = periodOf(event.day);
    if (!first.has(event.install) || first.get(event.install)! > period) first.set(event.install, period);
    activeIn[period].add(event.install);
    eventsIn[period]++;
  }
  let total = 0;
  const periods: PeriodRow[] = [];
  for (let p = 0; p < periodCount; p++) {
    const previous = p > 0 ? activeIn[p - 1] : new Set<number>();
    let fresh = 0;
    let returning = 0;
    let resurrecting = 0;
    for (const install of activeIn[p]) {
      if (first.get(install) === p) fresh++;
      else if (previous.has(install)) returning++;
      else resurrecting++;
    }
    let dormant = 0;
    for (const install of previous) if (!activeIn[p].has(install)) dormant++;
    total += fresh;
    periods.push({ period: label(p), events: eventsIn[p], installs: activeIn[p].size, new: fresh, returning, resurrecting, dormant, total, partial: false });
  }

  const uniques = first.size;
  const versionStats = new Map<string, { events: number; installs: Set<number>; current: number }>();
  const commandStats = new Map<string, { events: number; installs: Set<number> }>();
  const lastVersion = new Map<number, string>();
  const moves = new Map<string, { from: string; to: string; installs: Set<number> }>();
  for (const event of events) {
    const v = versionStats.get(event.version) ?? { events: 0, installs: new Set(), current: 0 };
    v.events++;
    v.installs.add(event.install);
    versionStats.set(event.version, v);
    const c = commandStats.get(event.command) ?? { events: 0, installs: new Set() };
    c.events++;
    c.installs.add(event.install);
    commandStats.set(event.command, c);
    const before = lastVersion.get(event.install);
    if (before !== undefined && before !== event.version) {
      const key = `${before}\u0000${event.version}`;
      const move = moves.get(key) ?? { from: before, to: event.version, installs: new Set() };
      move.installs.add(event.install);
      moves.set(key, move);
    }
    lastVersion.set(event.install, event.version);
  }
  for (const version of lastVersion.values()) versionStats.get(version)!.current++;
  const versions: VersionRow[] = [...versionStats]
    .map(([version, stats]) => ({ version, events: stats.events, installs: stats.installs.size, current: stats.current, share: stats.current / uniques }))
    .sort((a, b) => b.events - a.events || versionIndex(b.version) - versionIndex(a.version));
  const commands: CommandRow[] = [...commandStats]
    .map(([command, stats]) => ({ command, events: stats.events, installs: stats.installs.size }))
    .sort((a, b) => b.events - a.events || (a.command < b.command ? -1 : 1));
  const upgrades: UpgradeRow[] = [...moves.values()]
    .map((move) => ({ from: move.from, to: move.to, installs: move.installs.size, downgrade: versionIndex(move.to) < versionIndex(move.from) }))
    .sort((a, b) => b.installs - a.installs || versionIndex(a.from) - versionIndex(b.from) || versionIndex(a.to) - versionIndex(b.to));

  const weekOf = (day: number) => Math.floor(day / 7);
  const lastWeek = weekOf(options.days - 1);
  const firstWeek = new Map<number, number>();
  const activeWeeks = new Map<number, Set<number>>();
  for (const event of events) {
    const week = weekOf(event.day);
    if (!firstWeek.has(event.install) || firstWeek.get(event.install)! > week) firstWeek.set(event.install, week);
    const weeks = activeWeeks.get(event.install) ?? new Set<number>();
    weeks.add(week);
    activeWeeks.set(event.install, weeks);
  }
  const retention: RetentionRow[] = [];
  for (let cohort = 0; cohort <= lastWeek; cohort++) {
    const members = [...firstWeek].filter(([, week]) => week === cohort).map(([install]) => install);
    if (members.length === 0) continue;
    const active = Array.from({ length: lastWeek - cohort + 1 }, (_, k) => members.filter((install) => activeWeeks.get(install)!.has(cohort + k)).length);
    retention.push({ cohort: weekLabel(cohort), installs: members.length, active });
  }

  const latest = RELEASES.filter(([, day]) => day < options.days).at(-1)![0];
  return {
    settings: {
      tz: 'UTC',
      window: { since: '2000-01-01', until: null },
      by: options.by,
      since: null,
      until: null,
      commands: [],
      versions: [],
      excludedInstalls: 0,
    },
    input: { files: 1, lines: events.length + 12, events: events.length, blank: 4, invalid: 8, outside: 0, filtered: 0 },
    uniques,
    periods,
    versions: { latest, rows: versions },
    commands,
    upgrades,
    retention,
  };
}
