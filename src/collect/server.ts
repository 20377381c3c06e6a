// The HTTP wiring: routes map to small handlers that return a status, headers and a body. Limits and timeouts
// are in limits.ts. The client's address is used once, as the rate limiter's key, and goes nowhere else:
// no handler logs a request, and no error message names a client.
//
// Every refusal is answered, in order and with a JSON body, and counted in /metrics: responses to pipelined
// requests leave in request order (a request node cannot parse is answered after the answers owed before it),
// a connection beyond the per-address or total cap is refused, a client that hangs up is counted as such.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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
  PROBE_INTERVAL_MS,
  REQUEST_TIMEOUT_MS,
  RETRY_AFTER_SECONDS,
  TIMEOUT_CHECK_INTERVAL_MS,
} from './limits.js';
import type { LiveReport } from './live-report.js';
import type { LogWriter } from './log-writer.js';
import { StoreError } from './log-writer.js';
import type { CollectMetrics, HttpRefusal } from './metrics.js';
import { clientKey, type RateLimiter } from './rate-limit.js';
import { bearerChecker } from './token.js';
import type { ValueCap } from './value-cap.js';

export interface CollectorParts {
  writer: LogWriter;
  /** null: the report is off (no token), and never built */
  live: LiveReport | null;
  /** counts distinct commands and versions accepted, up to the live report's cap */
  values: ValueCap;
  metrics: CollectMetrics;
  limiter: RateLimiter;
  /** the path events are posted to, `/track` by default */
  trackPath: string;
  /** extra fields written after the four */
  keepFields: readonly string[];
  /** the bearer token of GET /report; null: the report is off */
  reportToken: string | null;
  /** most open connections from one address (its IPv6 /64); 0: no cap */
  connectionsPerAddress: number;
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

/** A socket's requests not answered yet, and a refusal of node's parser waiting for them to be answered. */
interface SocketTurn {
  unanswered: number;
  refusal: string | null;
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

  const probe = prober(parts.writer);
  const routes: Record<string, Record<string, (req: IncomingMessage, url: URL) => Promise<Answer>>> = {
    [parts.trackPath]: { POST: (req) => track(req, parts, collector) },
    '/healthz': { GET: () => health(parts, probe) },
    '/metrics': {
      GET: async () => ({ status: 200, body: await parts.metrics.text(), headers: { 'Content-Type': parts.metrics.contentType } }),
    },
    '/report': { GET: (req, url) => report(req, url, parts, authorized) },
  };

  const turns = new WeakMap<Socket, SocketTurn>();
  const turnOf = (socket: Socket): SocketTurn => {
    let turn = turns.get(socket);
    if (turn === undefined) turns.set(socket, (turn = { unanswered: 0, refusal: null }));
    return turn;
  };
  /** Sends a refusal of node's parser once every request before it on the socket is answered, then closes. */
  const flushRefusal = (socket: Socket, turn: SocketTurn) => {
    if (turn.unanswered > 0 || turn.refusal === null) return;
    const refusal = turn.refusal;
    turn.refusal = null;
    if (socket.writable) socket.end(refusal);
    else socket.destroy();
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (refusedSockets.has(req.socket)) {
      res.destroy();
      return;
    }
    const turn = turnOf(req.socket);
    turn.unanswered++;
    let done = false;
    const answered = () => {
      if (done) return;
      done = true;
      turn.unanswered--;
      // closed before its answer was sent: the client hung up (mid-body, or while its event was being stored)
      if (!res.writableFinished) parts.metrics.clientClosed();
      flushRefusal(req.socket, turn);
    };
    res.on('finish', answered);
    res.on('close', answered);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://collector');
    } catch {
      parts.metrics.refusedRequest('bad_target');
      send(res, json(400, { error: 'bad request target' }));
      return;
    }
    const route = routes[url.pathname];
    // HEAD is GET without the body (node leaves the body out of a HEAD's response)
    const handler = route?.[req.method === 'HEAD' ? 'GET' : (req.method ?? '')];
    const answer: Promise<Answer> = !route
      ? Promise.resolve(json(404, { error: 'not found' }))
      : !handler
        ? Promise.resolve(json(405, { error: `method ${req.method} not allowed` }, { Allow: allowed(route) }))
        : handler(req, url);
    answer.then(
      // once stopping, every answer closes its connection, so the drain does not wait out keep-alive timeouts
      (a) => send(res, collector.stopping ? { ...a, headers: { ...a.headers, Connection: 'close' } } : a),
      (error) => {
        if (req.socket.destroyed || (error as NodeJS.ErrnoException)?.code === 'ECONNRESET') {
          res.destroy(); // the client hung up before its answer (counted as such): nothing to answer, nothing wrong
          return;
        }
        parts.notice(`internal error answering ${url.pathname}: ${(error as Error)?.message ?? error}`);
        send(res, json(500, { error: 'internal error' }));
      },
    );
  };
  server.on('request', onRequest);

  // `Expect: 100-continue`: a body declared over the limit is refused before the client sends it
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES && req.method === 'POST') {
      parts.metrics.refusedEvent('too_large');
      send(res, json(413, { error: `body larger than ${MAX_BODY_BYTES} bytes` }, { Connection: 'close' }));
      return;
    }
    res.writeContinue();
    onRequest(req, res);
  });

  // a request node cannot parse (bad syntax, a head over the limit, too slow): answer it after the answers
  // owed before it on the connection, then close; counted by reason
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (refusedSockets.has(socket)) {
      socket.destroy();
      return;
    }
    // the client hung up (mid-request: node's parser sees an early end): a request in flight on the socket is
    // counted when its answer cannot be sent; one cut off in its head is counted here
    if (!socket.writable || error.code === 'HPE_INVALID_EOF_STATE' || error.code === 'ECONNRESET' || error.code === 'EPIPE') {
      if (turnOf(socket).unanswered === 0) parts.metrics.clientClosed();
      socket.destroy();
      return;
    }
    const [status, text, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'header_too_large', `request head larger than ${MAX_HEADER_BYTES} bytes or ${MAX_HEADERS} lines`]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'timeout', 'the request was not complete in time']
          : [400, 'Bad Request', 'bad_request', 'not an HTTP/1.1 request'];
    parts.metrics.refusedRequest(reason as HttpRefusal);
    const body = JSON.stringify({ error: message });
    const turn = turnOf(socket);
    turn.refusal =
      `HTTP/1.1 ${status} ${text}\r\nContent-Type: ${JSON_TYPE}\r\nConnection: close\r\n` + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    flushRefusal(socket, turn);
  });

  // connection caps: per client address (its /64), and in all (node closes those beyond maxConnections)
  const refusedSockets = new WeakSet<Socket>();
  const perAddress = new Map<string, number>();
  server.prependListener('connection', (socket: Socket) => {
    if (parts.connectionsPerAddress <= 0) return;
    const key = clientKey(socket.remoteAddress);
    const open = perAddress.get(key) ?? 0;
    if (open >= parts.connectionsPerAddress) {
      refusedSockets.add(socket);
      parts.metrics.refusedConnection('per_address');
      socket.on('error', () => {});
      const body = JSON.stringify({ error: 'too many connections from this client' });
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: ${JSON_TYPE}\r\nRetry-After: ${RETRY_AFTER_SECONDS}\r\n` +
          `Connection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      setTimeout(() => socket.destroy(), 1_000).unref();
      return;
    }
    perAddress.set(key, open + 1);
    socket.once('close', () => {
      const left = (perAddress.get(key) ?? 1) - 1;
      if (left <= 0) perAddress.delete(key);
      else perAddress.set(key, left);
    });
  });
  server.on('drop', () => parts.metrics.refusedConnection('total'));
  return collector;
}

const allowed = (route: Record<string, unknown>) =>
  Object.keys(route)
    .flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))
    .join(', ');

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
  if (body === 'closed') return json(400, { error: 'the client closed the connection' }); // nobody reads it: the socket is gone
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
  parts.values.saw(judged.command, judged.version);
  return json(200, { status: 'ok' });
}

/**
 * The body; null once it is over MAX_BODY_BYTES (the rest is then left to `drainBody`); 'closed' when the
 * client hung up before sending all of it.
 */
function readBody(req: IncomingMessage): Promise<Buffer | null | 'closed'> {
  return new Promise((resolve) => {
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
    req.on('error', () => resolve('closed'));
    req.on('close', () => {
      if (!req.complete) resolve('closed');
    });
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

/** After a failed write, a probe write at most every PROBE_INTERVAL_MS tells /healthz whether the disk is back. */
function prober(writer: LogWriter): () => Promise<void> {
  let last = -Infinity;
  let running: Promise<boolean> | null = null;
  return async () => {
    if (writer.lastError === null) return;
    if (running === null && performance.now() - last >= PROBE_INTERVAL_MS) {
      last = performance.now();
      running = writer.probe().finally(() => (running = null));
    }
    if (running !== null) await running;
  };
}

async function health(parts: CollectorParts, probe: () => Promise<void>): Promise<Answer> {
  await probe();
  const error = parts.writer.lastError;
  if (error !== null) return json(503, { status: 'failing', error: `the last write failed: ${error}` });
  return json(200, parts.live?.loading ? { status: 'ok', report: 'loading' } : { status: 'ok' });
}

async function report(req: IncomingMessage, url: URL, parts: CollectorParts, authorized: (h: string | undefined) => boolean): Promise<Answer> {
  // off, or a wrong token: the same 401, so a stranger cannot tell whether there is a report to guess at
  if (parts.live === null || !authorized(req.headers.authorization)) {
    return json(401, { error: 'a valid "Authorization: Bearer TOKEN" header is needed' }, { 'WWW-Authenticate': 'Bearer realm="bazinga-stats"' });
  }
  if (parts.live.loading) return retryLater(503, 'the live report is loading the log');
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
    // the sections of `bazinga-stats report --format json`, every period row among them
    const { upgrades: _u, retention: _r, ...sections } = full;
    // loaded with the first report, as the HTML renderer is: no answer before it needs them (a quicker start)
    const [{ renderJson }, { wholePeriods }, { SettingError }] = await Promise.all([
      import('../render/json.js'),
      import('./whole-periods.js'),
      import('../core/setting-error.js'),
    ]);
    let whole: Report;
    try {
      whole = wholePeriods(sections);
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      // more rows than JSON holds (a wide --window and a stray stamp): the CLI's refusal, in its words
      const { settingMessage } = await import('../cli/setting-message.js');
      return json(500, { error: settingMessage(error) }, noStore);
    }
    return { status: 200, body: renderJson(whole), headers: { 'Content-Type': JSON_TYPE, ...noStore } };
  }
  const { renderHtml } = await import('../render/html.js');
  const html = renderHtml(full, { generatedAt: new Date().toISOString() });
  return { status: 200, body: html, headers: { 'Content-Type': 'text/html; charset=utf-8', ...noStore } };
}
