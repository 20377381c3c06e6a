// `bazinga-stats collect --log FILE [--port 5000] [--host 127.0.0.1] ...`: parse the flags, open the log under
// its lock, listen, and run until SIGTERM or SIGINT; the live report (only with a token) loads in the
// background meanwhile, so /track is served from the first second. SIGHUP reopens the log (logrotate).
// Every start-up failure (a flag, the log, its lock, the port) is one line and exit status 2, through BazingaError.

import { parseArgs } from 'node:util';
import { BazingaError, EXIT_OK, usageError } from '../errors.js';
import { analysisOptions } from '../cli/analysis-options.js';
import { defaultCliOptions, FLAGS } from '../cli/options.js';
import { Analyzer, type AnalysisOptions } from '../core/analyzer.js';
import {
  DEFAULT_CONNECTIONS_PER_ADDRESS,
  DEFAULT_RATE_PER_SECOND,
  DRAIN_TIMEOUT_MS,
  LOG_INTERVAL_MS,
  MAX_DISTINCT_VALUES,
  STATE_INTERVAL_MS,
} from './limits.js';
import { LiveReport } from './live-report.js';
import { LockHeld, LOCKS_SUPPORTED } from './log-lock.js';
import { LogWriter } from './log-writer.js';
import { ValueCap } from './value-cap.js';
import { CollectMetrics } from './metrics.js';
import { RateLimiter } from './rate-limit.js';
import { createCollectorServer } from './server.js';
import { readExcludeFile } from '../cli/exclude-file.js';
import { today } from '../cli/today.js';

const NAME = 'bazinga-stats collect';
/** prom-client is loaded this long after the collector listens (see metrics.ts). */
const METRICS_LOAD_DELAY_MS = 1000;
export const TOKEN_VARIABLE = 'BAZINGA_STATS_REPORT_TOKEN';

interface CollectFlag {
  type: 'string' | 'boolean';
  multiple?: boolean;
  description: string;
}

/** The collector's own flags; the live report also takes the report flags listed in REPORT_FLAGS. */
export const COLLECT_FLAGS: Record<string, CollectFlag> = {
  log: { type: 'string', description: 'the telemetry.jsonl to append to (created if missing); required' },
  port: { type: 'string', description: 'TCP port to listen on (default: 5000; 0 picks a free one)' },
  host: { type: 'string', description: 'address to listen on (default: 127.0.0.1; put a TLS reverse proxy in front)' },
  path: { type: 'string', description: 'the path events are posted to (default: /track)' },
  'rate-limit': { type: 'string', description: `events a second per client address, bursts of 5 s of them; 0: no limit (default: ${DEFAULT_RATE_PER_SECOND})` },
  'connections-per-address': {
    type: 'string',
    description: `open connections one client address may hold; more get 503; 0: no cap (behind a proxy) (default: ${DEFAULT_CONNECTIONS_PER_ADDRESS})`,
  },
  'keep-field': { type: 'string', multiple: true, description: 'also write this extra top-level field, as sent, when a client sends it (repeatable)' },
  'report-token': { type: 'string', description: `bearer token that opens GET /report (or set ${TOKEN_VARIABLE}); without one the report is off` },
  help: { type: 'boolean', description: 'show this help' },
};

/** Report flags that shape the live report, as they shape `bazinga-stats report`. */
const REPORT_FLAGS = ['tz', 'by', 'window', 'since', 'until', 'command', 'release', 'exclude-installs'] as const;

export interface CollectOptions {
  log: string;
  port: number;
  host: string;
  path: string;
  rateLimit: number;
  connectionsPerAddress: number;
  keepFields: string[];
  reportToken: string | null;
  tz: string;
  by: 'day' | 'week' | 'month';
  window: string | null;
  since: string | null;
  until: string | null;
  commands: string[];
  versions: string[];
  excludeInstalls: string | null;
}

function help(): string {
  const width = Object.keys(COLLECT_FLAGS).reduce((widest, name) => Math.max(widest, name.length), 16);
  const lines = [
    `${NAME} --log FILE [--port 5000] [--host 127.0.0.1] [options]`,
    '',
    "Receives BAZINGA's telemetry events (POST /track, a JSON object with uuid, command, version, timestamp), checks",
    'each by the rules of the reports, appends it to FILE and answers 200 once it is on disk. GET /healthz, GET /metrics',
    '(Prometheus), GET /report (HTML, ?format=json; needs the bearer token). SIGHUP reopens FILE; SIGTERM/SIGINT stop.',
    '',
    'Options:',
    ...Object.entries(COLLECT_FLAGS).map(([name, spec]) => `  --${name.padEnd(width)} ${spec.description}`),
    ...REPORT_FLAGS.map((name) => `  --${name.padEnd(width)} for GET /report: ${FLAGS[name].description}`),
    '',
    'Example: bazinga-stats collect --log /var/lib/bazinga/telemetry.jsonl --port 5000',
    'Exit status: 0 after SIGTERM/SIGINT, 2 on a usage error or when the log or the port cannot be opened.',
    'Docs: docs/collecting.md',
  ];
  return lines.join('\n') + '\n';
}

export function parseCollectArguments(argv: string[]): CollectOptions | null {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(COLLECT_FLAGS)) options[name] = { type: spec.type, multiple: spec.multiple ?? false };
  for (const name of REPORT_FLAGS) options[name] = { type: 'string', multiple: FLAGS[name].type === 'array' };
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(-[^' ]+)/.exec(message)?.[1];
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usageError(`collect: unknown flag ${flag} (see bazinga-stats collect --help)`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw usageError(`collect: ${flag?.split(' ')[0] ?? 'a flag'} needs a value`);
    throw usageError(`collect: ${message.split('\n')[0]}`);
  }
  if (values.help) {
    process.stdout.write(help());
    return null;
  }
  if (positionals.length > 0) throw usageError(`collect: unexpected argument '${positionals[0]}' (the log is given with --log FILE)`);
  const text = (name: string): string | null => {
    const value = values[name];
    if (value === undefined) return null;
    if (typeof value === 'string' && value.startsWith('-') && value !== '-') throw usageError(`--${name} needs a value`);
    return value as string;
  };
  const log = text('log');
  if (log === null || log === '') throw usageError('collect: --log FILE is required (the telemetry.jsonl to append to)');
  const port = Number(text('port') ?? '5000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port: '${text('port')}' is not a port number (0-65535)`);
  const path = text('path') ?? '/track';
  if (!/^\/[\x21-\x7e]*$/.test(path) || ['/healthz', '/metrics', '/report'].includes(path)) {
    throw usageError(`--path: '${path}' must start with / and not be /healthz, /metrics or /report`);
  }
  const rateText = text('rate-limit');
  const rateLimit = rateText === null ? DEFAULT_RATE_PER_SECOND : Number(rateText);
  if (!Number.isFinite(rateLimit) || rateLimit < 0 || rateText === '')
    throw usageError(`--rate-limit: '${rateText}' is not a number of events a second (0 turns it off)`);
  const capText = text('connections-per-address');
  const connectionsPerAddress = capText === null ? DEFAULT_CONNECTIONS_PER_ADDRESS : Number(capText);
  if (!Number.isInteger(connectionsPerAddress) || connectionsPerAddress < 0 || capText === '') {
    throw usageError(`--connections-per-address: '${capText}' is not a whole number of connections (0 turns the cap off)`);
  }
  const keepFields = ((values['keep-field'] as string[] | undefined) ?? []).map(String);
  for (const field of keepFields) {
    if (['uuid', 'command', 'version', 'timestamp'].includes(field) || field === '')
      throw usageError(`--keep-field: '${field}' is one of the four fields, always kept`);
  }
  const by = text('by') ?? 'day';
  if (!['day', 'week', 'month'].includes(by)) throw usageError(`--by: "${by}" is not one of "day", "week", "month"`);
  const list = (name: string) => ((values[name] as string[] | undefined) ?? []).map(String);
  return {
    log,
    port,
    host: text('host') ?? '127.0.0.1',
    path,
    rateLimit,
    connectionsPerAddress,
    keepFields,
    reportToken: text('report-token') ?? (process.env[TOKEN_VARIABLE] || null),
    tz: text('tz') ?? 'UTC',
    by: by as CollectOptions['by'],
    window: text('window'),
    since: text('since'),
    until: text('until'),
    commands: list('command'),
    versions: list('release'),
    excludeInstalls: text('exclude-installs'),
  };
}

const notice = (message: string) => process.stderr.write(`${NAME}: ${message}\n`);

/** Runs the collector until SIGTERM/SIGINT; returns the exit status. */
export async function collect(argv: string[]): Promise<number> {
  const options = parseCollectArguments(argv);
  if (options === null) return EXIT_OK;
  const excludeInstalls = options.excludeInstalls === null ? [] : await readExcludeFile(options.excludeInstalls);
  const reportOptions: Partial<AnalysisOptions> = {
    // shaped as the HTML report's: only the latest retention cohorts, each long run of empty periods as one gap
    // (bounded whatever the stamps); /report?format=json fills the gaps back in (whole-periods.ts)
    ...analysisOptions(
      ['uniques', 'periods', 'versions', 'commands', 'upgrades', 'retention'],
      {
        ...defaultCliOptions,
        tz: options.tz,
        by: options.by,
        window: options.window,
        since: options.since,
        until: options.until,
        command: options.commands,
        version: options.versions,
      },
      'html',
      excludeInstalls,
    ),
    // strangers choose the commands and versions: beyond this many distinct ones, "other"
    maxDistinct: MAX_DISTINCT_VALUES,
  };
  // settings a user can get wrong (--tz, --window, --since …) fail here, at start-up, report or not
  new Analyzer({ ...reportOptions, today: today(options.tz), sections: [] }); // the settings alone: no reducer is made
  const metrics = new CollectMetrics();
  let live: LiveReport | null = null;
  const writer = await LogWriter.open(options.log, {
    group: (lines, count) => {
      metrics.acceptedGroup(count, lines.length);
      live?.added(lines);
    },
    sync: (seconds) => metrics.synced(seconds),
    reopened: (size) => {
      notice(`reopened ${options.log} (${size} bytes)`);
      live?.reopened();
    },
    notice,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error instanceof LockHeld) throw usageError(`--log ${options.log}: ${error.message}`);
    throw new BazingaError('OUTPUT', `--log ${options.log}: ${describeOpenError(error)}`);
  });
  if (!LOCKS_SUPPORTED) notice(`no lock on ${process.platform} (Linux only): make sure no other collector writes to ${options.log}`);
  // from here on, a SIGHUP (logrotate) reopens the log, even while the file is still being loaded
  const onHangup = () => void writer.reopen();
  process.on('SIGHUP', onHangup);
  try {
    // without a token nobody can see the report: it is never built, and memory does not grow with the log
    // its state beside the log: a restart reads only the lines added since the last save
    if (options.reportToken) live = new LiveReport(writer, reportOptions, () => today(options.tz), `${options.log}.report-state`, notice);
  } catch (error) {
    process.off('SIGHUP', onHangup);
    await writer.close();
    await live?.close();
    throw error;
  }
  const limiter = new RateLimiter(options.rateLimit);
  const collector = createCollectorServer({
    writer,
    live,
    values: new ValueCap(MAX_DISTINCT_VALUES, metrics, notice),
    metrics,
    limiter,
    trackPath: options.path,
    keepFields: options.keepFields,
    reportToken: options.reportToken,
    connectionsPerAddress: options.connectionsPerAddress,
    notice,
  });
  const { server } = collector;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    process.off('SIGHUP', onHangup);
    await writer.close();
    await live?.close();
    throw new BazingaError('USAGE', describeListenError(error as NodeJS.ErrnoException, options));
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const minute = setInterval(() => {
    notice(metrics.minuteLine());
    limiter.forgetIdle();
  }, LOG_INTERVAL_MS);
  minute.unref();
  // the live report's state, now and then, so a restart after a crash reads only the lines since
  const checkpoint = setInterval(() => void live?.checkpoint(), STATE_INTERVAL_MS);
  checkpoint.unref();

  return new Promise<number>((resolve) => {
    const stop = async (signal: string) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      process.off('SIGHUP', onHangup);
      notice(`${signal}: finishing the requests in flight, then stopping`);
      collector.stopping = true;
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
      await closed;
      clearTimeout(force);
      clearInterval(minute);
      clearInterval(checkpoint);
      await writer.close();
      await live?.close();
      notice(`stopped; ${metrics.minuteLine()}`);
      resolve(EXIT_OK);
    };
    const onTerm = () => void stop('SIGTERM');
    const onInt = () => void stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    // only now, with the signals handled, is the collector ready (a supervisor may stop it at once)
    notice(
      `listening on http://${host}:${port}${options.path}, appending to ${options.log} (${writer.size} bytes at start); ` +
        (options.reportToken ? 'GET /report is open with the bearer token (loading)' : 'GET /report is off (no --report-token)'),
    );
    // prom-client, which no answer but GET /metrics needs, loads a little later (its ~0.1 s of loading then
    // holds up no early request; /metrics waits for it)
    setTimeout(() => void metrics.load(), METRICS_LOAD_DELAY_MS).unref();
    // the live report reads the log in the background; /report answers 503 until it is ready
    if (live !== null) {
      const started = performance.now();
      const report = live;
      void report.load().then(() => {
        if (!report.loading) notice(`the live report is ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      });
    }
  });
}

function describeOpenError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'EROFS':
      return 'read-only file system';
    default:
      return error.message.replace(/^[A-Z]+: /, '');
  }
}

function describeListenError(error: NodeJS.ErrnoException, options: CollectOptions): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `--port ${options.port}: ${options.host}:${options.port} is already in use`;
    case 'EACCES':
      return `--port ${options.port}: permission denied (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `--host ${options.host}: not an address of this machine`;
    default:
      return `cannot listen on ${options.host}:${options.port}: ${error.message}`;
  }
}
