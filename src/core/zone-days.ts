// The calendar day of an instant in the report's time zone, as days since 1970-01-01 in that zone.
// Offsets come from the runtime's time-zone data through Intl (its `longOffset` name, `GMT-00:44:30`, keeps
// the seconds and the sign of offsets under an hour, which @date-fns/tz's tzOffset lost: issue 10) and are
// looked up once per UTC hour boundary (a year of data is ~9,000 look-ups); an hour in which the offset
// changes is resolved per event. No clock is read here: "today" is a setting of the analysis.

import { SettingError } from './setting-error.js';

const DAY = 86400;
const HOUR = 3600;
const MIXED = NaN; // the offset changes inside this hour

/** Names Intl resolves to UTC, recognised without loading the runtime's zone data (~15 ms). */
const UTC_NAMES = /^(UTC|Etc\/UTC|Etc\/GMT|GMT|Etc\/Universal|Universal|Etc\/Zulu|Zulu)$/i;

/**
 * The canonical name of a time zone the runtime knows (`utc` → `UTC`, `europe/berlin` → `Europe/Berlin`,
 * `US/Pacific` → `America/Los_Angeles`), as Intl resolves it; a SettingError for an unknown one.
 */
export function canonicalZone(zone: string): string {
  if (UTC_NAMES.test(zone)) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new SettingError('tz', zone, 'unknown-zone');
  }
}

/** `GMT`, `GMT+05:30`, `GMT-00:44:30` at the end of a `longOffset` date → seconds east of UTC. */
const OFFSET = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export class ZoneDays {
  /** the canonical zone name */
  readonly zone: string;
  private readonly utc: boolean;
  private readonly format: Intl.DateTimeFormat | null;
  /** the offset in each hour seen, MIXED when it changes inside the hour */
  private readonly hourOffsets = new Map<number, number>();
  /** the offset at the start of an hour */
  private readonly boundaryOffsets = new Map<number, number>();
  private lastHour = NaN;
  private lastOffset = 0;

  /** `zone` must be known (see canonicalZone). */
  constructor(zone: string) {
    this.zone = canonicalZone(zone);
    this.utc = this.zone === 'UTC';
    this.format = this.utc ? null : new Intl.DateTimeFormat('en-US', { timeZone: this.zone, timeZoneName: 'longOffset' });
  }

  /** Offset from UTC in seconds at this instant (whole seconds since the epoch). */
  offsetAt(sec: number): number {
    if (this.format === null) return 0;
    const name = this.format.format(sec * 1000);
    const m = OFFSET.exec(name);
    if (m === null) throw new Error(`Intl gave no offset in '${name}' for ${this.zone}`);
    if (m[1] === undefined) return 0;
    const seconds = Number(m[2]) * HOUR + Number(m[3]) * 60 + (m[4] === undefined ? 0 : Number(m[4]));
    return m[1] === '-' ? -seconds : seconds;
  }

  private offsetAtHour(hour: number): number {
    let offset = this.boundaryOffsets.get(hour);
    if (offset === undefined) this.boundaryOffsets.set(hour, (offset = this.offsetAt(hour * HOUR)));
    return offset;
  }

  /** Local calendar day (days since 1970-01-01) of the instant `sec`. */
  dayOf(sec: number): number {
    if (this.utc) return Math.floor(sec / DAY);
    const hour = Math.floor(sec / HOUR);
    let offset: number;
    if (hour === this.lastHour) {
      offset = this.lastOffset;
    } else {
      let cached = this.hourOffsets.get(hour);
      if (cached === undefined) {
        // one offset per hour boundary, shared by the hours on either side: the same offset at both ends
        // means none of the (at most one) transitions falls inside the hour
        const start = this.offsetAtHour(hour);
        cached = start === this.offsetAtHour(hour + 1) ? start : MIXED;
        this.hourOffsets.set(hour, cached);
      }
      this.lastHour = hour;
      this.lastOffset = offset = cached;
    }
    if (Number.isNaN(offset)) offset = this.offsetAt(sec); // NaN: a transition hour
    return Math.floor((sec + offset) / DAY);
  }
}
