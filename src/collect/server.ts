// The HTTP wiring: routes map to small handlers that return a status, headers and a body. Limits and timeouts
// are in limits.ts. The client's address is used once, as the rate limiter's key, and goes nowhere else:
// no handler logs a request, and no error message names a client.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { renderJson } from '../render/json.js';
import type { Report } from '../core/report.js';
import { eventLine } from './event-line.js';
import {
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_BODY_BYTES,
  MAX_CONNECTIONS,
  MAX_DRAIN_BYTES,
  MAX_HEADERS,
  MAX_HEADER_BYTES,
  REQUEST_TIMEOUT_MS,
  RETRY_AFTER_SECONDS,
  TIMEOUT_CHECK_INTERVAL_MS,
} from './limits.js';
import type { LiveReport } from './live-report.js';
import type { LogWriter } from './log-writer.js';
import { StoreError } from './log-writer.js';
import type { CollectMetrics } from './metrics.js';
import type { RateLimiter } from './rate-limit.js';
import { bearerChecker } from './token.js';

export interface CollectorParts {
  writer: LogWriter;
  live: LiveReport;
  metrics: CollectMetrics;
  limiter: RateLimiter;
  /** the path events are posted to, `/track` by default */
  trackPath: string;
  /** extra fields written after the four */
  keepFields: readonly string[];
  /** the bearer token of GET /report; null: the report is off */
  reportToken: string | null;
  /** prints a line on stderr (never with a client's address) */
  notice(message: string): void;
}

interface Answer {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string | number>;
}

const JSON_TYPE = 'application/json';
const json = (status: number, value: unknown, headers: Record<string, string | number> = {}): Answer => ({
  status,
  body: JSON.stringify(value),
  headers: { 'Content-Type': JSON_TYPE, ...headers },
});
const retryLater = (status: number, error: string, headers: Record<string, string | number> = {}) =>
  json(status, { error }, { 'Retry-After': RETRY_AFTER_SECONDS, ...headers });

export interface Collector {
  server: Server;
  /** stop taking new events: later requests get 503 and `Connection: close` */
  stopping: boolean;
}

export function createCollectorServer(parts: CollectorParts): Collector {
  const authorized = bearerChecker(parts.reportToken);
  const collector: Collector = {
    server: createServer({
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    }),
    stopping: false,
  };
  const server = collector.server;
  server.maxHeadersCount = MAX_HEADERS;
  server.maxConnections = MAX_CONNECTIONS;

  const routes: Record<string, Record<string, (req: IncomingMessage, url: URL) => Promise<Answer>>> = {
    [parts.trackPath]: { POST: (req) => track(req, parts, collector) },
    '/healthz': { GET: async () => health(parts) },
    '/metrics': {
      GET: async () => ({ status: 200, body: await parts.metrics.text(), headers: { 'Content-Type': parts.metrics.contentType } }),
    },
    '/report': { GET: (req, url) => report(req, url, parts, authorized) },
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://collector');
    } catch {
      send(res, json(400, { error: 'bad request target' }));
      return;
    }
    const route = routes[url.pathname];
    const handler = route?.[req.method ?? ''];
    const answer: Promise<Answer> = !route
      ? Promise.resolve(json(404, { error: 'not found' }))
      : !handler
        ? Promise.resolve(json(405, { error: `method ${req.method} not allowed` }, { Allow: Object.keys(route).join(', ') }))
        : handler(req, url);
    answer.then(
      // once stopping, every answer closes its connection, so the drain does not wait out keep-alive timeouts
      (a) => send(res, collector.stopping ? { ...a, headers: { ...a.headers, Connection: 'close' } } : a),
      (error) => {
        parts.notice(`internal error answering ${url.pathname}: ${(error as Error)?.message ?? error}`);
        send(res, json(500, { error: 'internal error' }));
      },
    );
  });

  // a request node cannot parse (bad syntax, a head over the limit, too slow): answer it and close, quietly
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (error.code === 'ECONNRESET')) {
      socket.destroy();
      return;
    }
    const [status, text] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout']
          : [400, 'Bad Request'];
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return collector;
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent) return;
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': body.length });
  res.end(body);
}

async function track(req: IncomingMessage, parts: CollectorParts, collector: Collector): Promise<Answer> {
  if (collector.stopping) {
    parts.metrics.refusedEvent('shutting_down');
    return retryLater(503, 'the collector is stopping', { Connection: 'close' });
  }
  if (!parts.limiter.take(req.socket.remoteAddress)) {
    parts.metrics.refusedEvent('rate_limited');
    return retryLater(429, 'too many events from this client');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  const body = declared > MAX_BODY_BYTES ? null : await readBody(req);
  if (body === null) {
    parts.metrics.refusedEvent('too_large');
    // a body we will not read to its end makes the connection unusable: say so instead of resetting it
    const drain = !(declared > MAX_DRAIN_BYTES); // a chunked body (no length) is drained up to the bound too
    if (drain) drainBody(req);
    return json(413, { error: `body larger than ${MAX_BODY_BYTES} bytes` }, drain ? {} : { Connection: 'close' });
  }
  const judged = eventLine(body, parts.keepFields);
  if ('error' in judged) {
    parts.metrics.refusedEvent('invalid', judged.error);
    return json(400, { error: judged.error });
  }
  try {
    await parts.writer.append(judged.line);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    parts.metrics.refusedEvent(error.reason);
    return retryLater(503, error.message);
  }
  return json(200, { status: 'ok' });
}

/** The body, or null once it is over MAX_BODY_BYTES (the rest is then left to `drainBody`). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.off('end', onEnd);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, length));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** Reads and drops the rest of a refused body, so the next request on the connection is read as one. */
function drainBody(req: IncomingMessage): void {
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) req.socket.destroy(); // a chunked body without end: stop reading it
  });
  req.resume();
}

function health(parts: CollectorParts): Answer {
  const error = parts.writer.lastError;
  return error === null ? json(200, { status: 'ok' }) : json(503, { status: 'failing', error: `the last write failed: ${error}` });
}

async function report(req: IncomingMessage, url: URL, parts: CollectorParts, authorized: (h: string | undefined) => boolean): Promise<Answer> {
  if (parts.reportToken === null) {
    return json(403, { error: 'the live report is off: start collect with --report-token or BAZINGA_STATS_REPORT_TOKEN' });
  }
  if (!authorized(req.headers.authorization)) {
    return json(401, { error: 'a valid "Authorization: Bearer TOKEN" header is needed' }, { 'WWW-Authenticate': 'Bearer realm="bazinga-stats"' });
  }
  const format = url.searchParams.get('format') ?? 'html';
  if (format !== 'html' && format !== 'json') return json(400, { error: `format: "${format.slice(0, 20)}" is not one of "html", "json"` });
  let full: Report;
  try {
    full = await parts.live.report();
  } catch (error) {
    return retryLater(503, `the live report is not available: ${(error as Error).message}`);
  }
  const noStore = { 'Cache-Control': 'no-store' };
  if (format === 'json') {
    // the sections of `bazinga-stats report --format json`
    const { upgrades: _u, retention: _r, ...sections } = full;
    return { status: 200, body: renderJson(sections), headers: { 'Content-Type': JSON_TYPE, ...noStore } };
  }
  const { renderHtml } = await import('../render/html.js');
  const html = renderHtml(full, { generatedAt: new Date().toISOString() });
  return { status: 200, body: html, headers: { 'Content-Type': 'text/html; charset=utf-8', ...noStore } };
}
