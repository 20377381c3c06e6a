// What the collector counts, for GET /metrics (Prometheus text format, through prom-client) and for the one
// line a minute on stderr. No label ever holds a client address or anything a client chose freely: the
// reasons are the fixed set of refusals, and the invalid-event reasons are the reports' fixed messages.
//
// prom-client (with its default process metrics and their dependencies, some 60 files) is not loaded before
// the collector listens: it took about a third of the start-up before the first 200 (issue #23). `load()`,
// called once the collector listens, loads it in the background; counts made before it is loaded wait in a
// queue and are added then, and GET /metrics waits for it. The process metrics are cumulative (CPU seconds
// since the process started), so nothing is lost but the first garbage collections' timings.

import type { Counter, Histogram, Registry } from 'prom-client';

export type Refusal = 'invalid' | 'too_large' | 'rate_limited' | 'not_stored' | 'overloaded' | 'shutting_down';
/** Requests refused before they were read as events: 400 (bad syntax, bad target), 408, 431. */
export type HttpRefusal = 'bad_request' | 'bad_target' | 'timeout' | 'header_too_large';
/** Connections refused: over the per-address cap (503), over the total cap (closed by node). */
export type ConnectionRefusal = 'per_address' | 'total';

/** prom-client's Content-Type of the text format, known before it is loaded. */
const PROMETHEUS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The registry and its metrics, made once prom-client is loaded. */
interface Instruments {
  registry: Registry;
  accepted: Counter;
  refused: Counter<'reason'>;
  invalid: Counter<'reason'>;
  httpRefused: Counter<'reason'>;
  connectionsRefused: Counter<'reason'>;
  closed: Counter;
  overCap: Counter<'field'>;
  bytes: Counter;
  fsync: Histogram;
  groupSize: Histogram;
}

async function instruments(): Promise<Instruments> {
  const { Counter, Histogram, Registry, collectDefaultMetrics } = await import('prom-client');
  const registry = new Registry();
  const registers = [registry];
  const made: Instruments = {
    registry,
    accepted: new Counter({
      name: 'bazinga_collect_events_accepted_total',
      help: 'Events written to the log and synced to disk (answered 200).',
      registers,
    }),
    refused: new Counter({
      name: 'bazinga_collect_events_rejected_total',
      help: 'Posted events not stored, by reason: invalid (400), too_large (413), rate_limited (429), not_stored, overloaded, shutting_down (503).',
      labelNames: ['reason'],
      registers,
    }),
    invalid: new Counter({
      name: 'bazinga_collect_invalid_events_total',
      help: 'Events answered 400, by the reason the reports give for such a line.',
      labelNames: ['reason'],
      registers,
    }),
    httpRefused: new Counter({
      name: 'bazinga_collect_requests_refused_total',
      help: 'Requests refused before they could be read as events, by reason: bad_request, bad_target (400), timeout (408), header_too_large (431).',
      labelNames: ['reason'],
      registers,
    }),
    connectionsRefused: new Counter({
      name: 'bazinga_collect_connections_refused_total',
      help: 'Connections refused, by reason: per_address (503, over --connections-per-address), total (closed, over the total cap).',
      labelNames: ['reason'],
      registers,
    }),
    closed: new Counter({
      name: 'bazinga_collect_client_closed_total',
      help: 'Requests whose client hung up before its answer could be sent.',
      registers,
    }),
    overCap: new Counter({
      name: 'bazinga_collect_values_over_cap_total',
      help: 'Accepted events whose command or version was new beyond the cap on distinct values (the live report counts them as "other"), by field.',
      labelNames: ['field'],
      registers,
    }),
    bytes: new Counter({
      name: 'bazinga_collect_written_bytes_total',
      help: 'Bytes of lines written to the log and synced.',
      registers,
    }),
    fsync: new Histogram({
      name: 'bazinga_collect_fsync_seconds',
      help: 'Time one fdatasync of a group took.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    groupSize: new Histogram({
      name: 'bazinga_collect_group_events',
      help: 'Events written and synced together in one group (group commit).',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      registers,
    }),
  };
  collectDefaultMetrics({ register: registry, prefix: 'bazinga_collect_' });
  return made;
}

export class CollectMetrics {
  /** null until prom-client is loaded */
  private made: Instruments | null = null;
  private loading: Promise<Instruments> | null = null;
  /** counts made before prom-client was loaded, added to it once it is */
  private queued: ((m: Instruments) => void)[] = [];
  /** counts since the last minute line */
  private minute = { accepted: 0, refused: new Map<string, number>(), bytes: 0, syncs: 0, syncSeconds: 0, maxSync: 0 };

  /** Loads prom-client and adds the counts made so far (at most once; GET /metrics waits for it). */
  load(): Promise<Instruments> {
    this.loading ??= instruments().then((made) => {
      for (const count of this.queued) count(made);
      this.queued = [];
      this.made = made;
      return made;
    });
    return this.loading;
  }

  private count(add: (m: Instruments) => void): void {
    if (this.made !== null) add(this.made);
    else this.queued.push(add);
  }

  acceptedGroup(events: number, bytes: number): void {
    this.count((m) => {
      m.accepted.inc(events);
      m.bytes.inc(bytes);
      m.groupSize.observe(events);
    });
    this.minute.accepted += events;
    this.minute.bytes += bytes;
  }

  refusedEvent(reason: Refusal, invalidReason?: string): void {
    this.count((m) => {
      m.refused.inc({ reason });
      if (invalidReason !== undefined) m.invalid.inc({ reason: invalidReason });
    });
    this.minute.refused.set(reason, (this.minute.refused.get(reason) ?? 0) + 1);
  }

  refusedRequest(reason: HttpRefusal): void {
    this.count((m) => m.httpRefused.inc({ reason }));
    this.minute.refused.set(reason, (this.minute.refused.get(reason) ?? 0) + 1);
  }

  refusedConnection(reason: ConnectionRefusal): void {
    this.count((m) => m.connectionsRefused.inc({ reason }));
    const key = `connection_${reason}`;
    this.minute.refused.set(key, (this.minute.refused.get(key) ?? 0) + 1);
  }

  clientClosed(): void {
    this.count((m) => m.closed.inc());
    this.minute.refused.set('client_closed', (this.minute.refused.get('client_closed') ?? 0) + 1);
  }

  valueOverCap(field: 'command' | 'version'): void {
    this.count((m) => m.overCap.inc({ field }));
  }

  synced(seconds: number): void {
    this.count((m) => m.fsync.observe(seconds));
    this.minute.syncs++;
    this.minute.syncSeconds += seconds;
    if (seconds > this.minute.maxSync) this.minute.maxSync = seconds;
  }

  /** The Prometheus text exposition. */
  async text(): Promise<string> {
    return (await this.load()).registry.metrics();
  }

  get contentType(): string {
    return this.made?.registry.contentType ?? PROMETHEUS_TYPE;
  }

  /** One line with the counts since the last call, then starts a new minute. */
  minuteLine(): string {
    const m = this.minute;
    const refused = [...m.refused].map(([reason, n]) => `${n} ${reason.replaceAll('_', ' ')}`).join(', ');
    const total = [...m.refused.values()].reduce((a, b) => a + b, 0);
    const sync =
      m.syncs === 0 ? 'no syncs' : `${m.syncs} syncs, mean ${((m.syncSeconds / m.syncs) * 1000).toFixed(1)} ms, max ${(m.maxSync * 1000).toFixed(1)} ms`;
    this.minute = { accepted: 0, refused: new Map<string, number>(), bytes: 0, syncs: 0, syncSeconds: 0, maxSync: 0 };
    return `last minute: ${m.accepted} accepted, ${total} refused${refused ? ` (${refused})` : ''}; ${m.bytes} bytes written; ${sync}`;
  }
}
