// Every limit and timeout of the collector, each with what it protects against. The telemetry client is
// Python httpx posting one small JSON object with a 2 s timeout from a background thread, so anything far
// from that shape is either a misconfigured client or an attack, and is cut short.

/** Largest request body. A real event is ~150 bytes; this keeps a client from making us buffer megabytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * After a 413, a declared body up to this size is read and thrown away so the connection stays usable (the
 * client gets its 413, not a reset); a bigger one is answered with `Connection: close` instead of reading it.
 */
export const MAX_DRAIN_BYTES = 1024 * 1024;

/** Largest request head (request line + headers): no client needs more; node's own default is 16 KiB. */
export const MAX_HEADER_BYTES = 8 * 1024;

/** Most header lines in a request, against hash-flooding and parser work. */
export const MAX_HEADERS = 50;

/** A slow client (slowloris: one header byte at a time) loses its socket after this long without a full head. */
export const HEADERS_TIMEOUT_MS = 5_000;

/** Longest time to receive a whole request, body included: a trickled body cannot hold a socket either. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** How often node checks the two timeouts above (its default, 30 s, would let a slow client stay 30 s). */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** An idle keep-alive connection is closed after this long, so idle clients do not pile up sockets. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Most open connections in all; node closes the ones beyond at once (counted as refused connections). */
export const MAX_CONNECTIONS = 4_096;

/**
 * Default most open connections from one client address (IPv6: its /64), so one client holding thousands of
 * idle sockets cannot use up MAX_CONNECTIONS for everybody; beyond it a connection gets 503 and is closed.
 * The real client opens one connection per event. `--connections-per-address` changes it (0: no cap; behind a
 * proxy every connection comes from the proxy's address).
 */
export const DEFAULT_CONNECTIONS_PER_ADDRESS = 64;

/**
 * Most bytes of events waiting for their group to be written: when the disk is slower than the clients, new
 * events get 503 + Retry-After instead of growing memory without bound.
 */
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/** Most bytes written and synced as one group: bounds one write's buffer and the latency of the group after it. */
export const MAX_GROUP_BYTES = 1024 * 1024;

/** Default events a second per client address (0 = no limit), and the burst allowed above it. */
export const DEFAULT_RATE_PER_SECOND = 20;
export const RATE_BURST_SECONDS = 5;

/**
 * Most client addresses remembered by the rate limiter; beyond it the clients not seen for a while are
 * forgotten, then new ones share one bucket, so a flood of source addresses cannot grow memory.
 */
export const MAX_RATE_CLIENTS = 100_000;

/** Retry-After (seconds) on 429 and 503. */
export const RETRY_AFTER_SECONDS = 5;

/** After SIGTERM/SIGINT, in-flight requests get this long to finish before their sockets are closed. */
export const DRAIN_TIMEOUT_MS = 10_000;

/** The live report's state (LOG.report-state) is saved this often, besides after each full read and at stop. */
export const STATE_INTERVAL_MS = 60 * 60_000;

/** One summary line on stderr this often. */
export const LOG_INTERVAL_MS = 60_000;

/** Bytes written and synced to `LOG.probe` to check that a disk that failed takes writes again (/healthz). */
export const PROBE_BYTES = 4096;

/** At most one probe write this often, however often /healthz is asked while writes fail. */
export const PROBE_INTERVAL_MS = 1_000;

/**
 * The schema at the door: what the collector promises about the lines it writes (docs/collecting.md). A command
 * is a lowercase word; a version is SemVer-shaped text; nothing longer, so a value is never a payload.
 */
export const COMMAND_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
export const MAX_VERSION_CHARS = 64;
export const VERSION_PATTERN = /^[0-9A-Za-z.+-]+$/;

/**
 * Most distinct versions, and most distinct commands, the live report keeps apart; beyond either cap a new
 * value is counted as "other" (in the live report only: the log keeps what was sent). Bounds the report's
 * memory however many junk values strangers post.
 */
export const MAX_DISTINCT_VALUES = 1_000;

/** Deepest nesting of arrays and objects in a kept extra field (--keep-field); deeper is a 400. */
export const MAX_KEPT_DEPTH = 32;

/** A torn last line longer than this at start-up is not a fragment of ours (groups are whole lines): it is kept. */
export const MAX_TORN_TAIL_BYTES = MAX_GROUP_BYTES;
