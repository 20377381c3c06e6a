// The calendar day of an instant in the report's time zone, as days since 1970-01-01 in that zone.
// Offsets come from the runtime's time-zone data through @date-fns/tz and are looked up once per UTC hour
// (a year of data is ~9,000 look-ups); an hour in which the offset changes is resolved per event.

import { tzOffset } from '@date-fns/tz/tzOffset';
import { usageError } from '../errors.js';

const DAY = 86400;
const HOUR = 3600;
const MIXED = NaN; // the offset changes inside this hour

/** Throws a usage error unless `zone` is a time zone the runtime knows (IANA names such as Europe/Berlin). */
export function checkZone(zone: string): void {
  if (isUtc(zone)) return; // without loading the runtime's zone data (~15 ms)
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw usageError(`--tz: unknown time zone '${zone}' (use an IANA name such as UTC or Europe/Berlin)`);
  }
}

function isUtc(zone: string): boolean {
  return /^(UTC|Etc\/UTC|Etc\/GMT|GMT|Etc\/Universal|Universal|Etc\/Zulu|Zulu)$/i.test(zone);
}

export class ZoneDays {
  readonly zone: string;
  private readonly utc: boolean;
  private readonly hourOffsets = new Map<number, number>();
  private lastHour = NaN;
  private lastOffset = 0;

  constructor(zone: string) {
    this.zone = zone;
    this.utc = isUtc(zone);
  }

  /** Offset from UTC in seconds at this instant (whole seconds since the epoch). */
  offsetAt(sec: number): number {
    if (this.utc) return 0;
    return Math.round(tzOffset(this.zone, new Date(sec * 1000)) * 60);
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
        const start = this.offsetAt(hour * HOUR);
        cached = start === this.offsetAt(hour * HOUR + HOUR - 1) ? start : MIXED;
        this.hourOffsets.set(hour, cached);
      }
      this.lastHour = hour;
      this.lastOffset = offset = cached;
    }
    if (offset !== offset) offset = this.offsetAt(sec); // NaN: a transition hour
    return Math.floor((sec + offset) / DAY);
  }

  /** Today's local day. */
  today(now = Date.now()): number {
    return this.dayOf(Math.floor(now / 1000));
  }
}
