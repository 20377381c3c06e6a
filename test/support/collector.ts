// Starts the built `bazinga-stats collect` as a subprocess on a loopback port the kernel picks (--port 0),
// the way an operator runs it, and reads the port from its start-up line. Every collector started here is
// killed when the test process exits, so a failing test cannot leave a server behind.

import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { closeSync, openSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { BIN, ROOT, pinnedEnv } from './cli.js';

export interface RunningCollector {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  /** everything printed on stderr (and stdout) so far */
  output(): string;
  /** resolves with the exit status (or the signal) once the process has ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
/** Kills every collector still running: a test file calls it in a top-level `after`, so a failed assertion cannot leave one behind. */
export function killCollectors(): void {
  for (const child of running) child.kill('SIGKILL');
}
process.on('exit', killCollectors);

/** Starts `bazinga-stats collect --port 0 ARGS...`; rejects with its output when it exits instead of listening. */
export function startCollector(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<RunningCollector> {
  const child = spawn(process.execPath, [BIN, 'collect', '--port', '0', ...args], {
    cwd,
    env: pinnedEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collect did not start in 10 s: ${text}`)), 10_000);
    const look = () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (!m) return;
      clearTimeout(timer);
      child.stderr!.off('data', look);
      const port = Number(m[1]);
      resolve({ child, port, url: `http://127.0.0.1:${port}`, output: () => text, exited });
    };
    child.stderr!.on('data', look);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`collect exited with ${code} before listening: ${text}`));
    });
  });
}

/** Waits until `check()` is true, polling every 20 ms, at most `ms`. */
export async function waitFor(check: () => boolean, ms = 5_000, what = 'a condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Posted {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** POST with node:http (which, unlike fetch, can pick the local address); `body` as given. */
export function post(
  url: string,
  body: string | Buffer,
  options: { localAddress?: string; path?: string; headers?: Record<string, string> } = {},
): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path ?? '/track', url);
    const req = request(
      target,
      {
        method: 'POST',
        localAddress: options.localAddress,
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A raw TCP connection to the collector: write bytes, read what comes back until `until` matches or it closes. */
export class RawClient {
  readonly socket: Socket;
  private received = '';
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (this.received += chunk));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Everything received so far, kept. */
  peek(): string {
    return this.received;
  }

  /** Everything received so far, and forgets it. */
  take(): string {
    const text = this.received;
    this.received = '';
    return text;
  }

  /** Waits until the received text holds `count` complete responses (by Content-Length) or the socket closes. */
  async responses(count: number, ms = 15_000): Promise<string[]> {
    await waitFor(() => this.closed || splitResponses(this.received).length >= count, ms, `${count} responses`);
    return splitResponses(this.take());
  }
}

/** Splits `HTTP/1.1 …` responses with a Content-Length apart. */
function splitResponses(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (;;) {
    const head = rest.indexOf('\r\n\r\n');
    if (head < 0) break;
    const length = Number(/content-length: *(\d+)/i.exec(rest.slice(0, head))?.[1] ?? 0);
    if (rest.length < head + 4 + length) break;
    out.push(rest.slice(0, head + 4 + length));
    rest = rest.slice(head + 4 + length);
  }
  return out;
}

/** A realistic event: what the real client posts (httpx json=: compact, keys in this order). */
export function clientEvent(uuid: string, command = 'init', version = '2.0.0', timestamp = '2025-11-12T10:30:45.123456'): string {
  return JSON.stringify({ uuid, command, version, timestamp });
}

/** A uuid4-shaped id from a number, so each event of a test is told apart in the log. */
export function uuidOf(n: number, prefix = 0): string {
  const hex = (prefix * 1e9 + n).toString(16).padStart(20, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-8${hex.slice(15, 18)}-${hex.slice(18, 20)}0000000000`;
}

/** Runs `bazinga-stats collect --port 0 ARGS...` expecting it to exit by itself; killed (and the promise rejected) after `ms`. */
export function collectorExit(args: string[], ms = 10_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, 'collect', '--port', '0', ...args], { cwd: ROOT, env: pinnedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`collect did not exit in ${ms} ms: ${output}`));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, output });
    });
  });
}

/** The value of one Prometheus sample in a /metrics text (0 when absent). */
export function metric(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.slice(sample.length + 1));
}

/**
 * GET /report (with `query`) as the bearer of `token`, once the live report has read the log: until then the
 * collector answers 503 "loading" (issue #23: it serves /track from the first second). Polls for at most `ms`.
 */
export async function fetchReport(url: string, token: string, query = '', ms = 30_000): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await fetch(`${url}/report${query}`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status !== 503 || Date.now() > deadline) return res;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A log of `count` events from distinct installs over 28 days (no long empty runs), written in 1 MiB blocks. */
export function writeLog(path: string, count: number): void {
  const fd = openSync(path, 'w');
  try {
    let block = '';
    for (let i = 0; i < count; i++) {
      block += `{"uuid": "${uuidOf(i, 40)}", "command": "update", "version": "1.${i % 7}.0", "timestamp": "2025-01-${String(1 + (i % 28)).padStart(2, '0')}T10:30:45.123456"}\n`;
      if (block.length > 1 << 20) {
        writeSync(fd, block);
        block = '';
      }
    }
    writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}
