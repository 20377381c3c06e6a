// A token bucket per client address: `rate` events a second, bursts up to RATE_BURST_SECONDS of them.
// The address is a key in memory and nothing else: it is never written, logged or printed. IPv6 clients
// are keyed by their /64, the block one host is usually given, so a host cannot dodge the limit by
// changing its own address.

import { MAX_RATE_CLIENTS, RATE_BURST_SECONDS } from './limits.js';

interface Bucket {
  tokens: number;
  /** ms timestamp of the last refill */
  at: number;
}

/** Shared by every client that arrives while the table is full of recent ones. */
const OVERFLOW = '\u0000overflow';

export class RateLimiter {
  private readonly rate: number;
  private readonly burst: number;
  private readonly buckets = new Map<string, Bucket>();

  /** `rate` events a second per client; 0 turns the limit off. */
  constructor(rate: number) {
    this.rate = rate;
    this.burst = Math.max(1, rate * RATE_BURST_SECONDS);
  }

  /** Takes one token for this client; false when it has none left (answer 429). */
  take(address: string | undefined, now = Date.now()): boolean {
    if (this.rate === 0) return true;
    let key = clientKey(address);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_RATE_CLIENTS) this.forgetIdle(now);
      if (this.buckets.size >= MAX_RATE_CLIENTS) key = OVERFLOW;
      bucket = this.buckets.get(key);
      if (bucket === undefined) this.buckets.set(key, (bucket = { tokens: this.burst, at: now }));
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets clients whose bucket has refilled: they are where a new client would start. */
  forgetIdle(now = Date.now()): void {
    const full = (this.burst / this.rate) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= full) this.buckets.delete(key);
  }

  get clients(): number {
    return this.buckets.size;
  }
}

/** The rate-limit key of an address: IPv4 as it is, IPv6 by its first four groups (the /64). */
export function clientKey(address: string | undefined): string {
  if (address === undefined) return '';
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7); // IPv4-mapped
  if (!address.includes(':')) return address;
  const [head, tail = ''] = address.split('::');
  const groups = head === '' ? [] : head.split(':');
  if (groups.length < 4) {
    // `::` stands for the zero groups between head and tail
    const tailGroups = tail === '' ? [] : tail.split(':');
    const zeros = 8 - groups.length - tailGroups.length;
    for (let i = 0; i < zeros; i++) groups.push('0');
    for (const group of tailGroups) groups.push(group);
  }
  return (
    groups
      .slice(0, 4)
      .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
      .join(':') + '::/64'
  );
}
