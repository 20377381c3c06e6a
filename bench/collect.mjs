// The `collect` scenario of npm run bench: autocannon on loopback, 64 keep-alive connections, realistic bodies
// (what the BAZINGA client posts: compact JSON, a fresh uuid4 per event), each server for --duration seconds,
// interleaved over --runs rounds (the order rotates). Servers: `bazinga-stats collect` (group commit, fdatasync
// before every 200), a bare node:http server that stores nothing (the ceiling), and the seed's Flask Option 2
// when python3 can import flask. The load comes from one address, so the collector runs with --rate-limit 0 and
// --connections-per-address 0, as behind a proxy. Also: the collector's memory with the live report on, against
// `bazinga-stats report --format html` on the same 1M-event file. Issue #23: a minimal durable server
// (durable-http.mjs: JSON.parse, one write + fdatasync per group, 200 after the sync) measured side by side, the
// floor a collector that acknowledges only what is on disk is held to (≥75%); and the collector's memory while
// 100k events with distinct junk versions and commands are posted at full speed.

import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import autocannon from 'autocannon';

const CONNECTIONS = 64;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Spawns a server and waits for `listening on …PORT` on its stderr. */
function startServer(argv, env = {}) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${argv.join(' ')} did not start: ${text}`)), 20_000);
    child.stderr.on('data', (c) => {
      text += c;
      const m = /listening on (?:http:\/\/127\.0\.0\.1:)?(\d+)/.exec(text);
      if (m && timer) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited ${code}: ${text}`)));
  });
}

async function stopServer(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

function load(port, duration) {
  let n = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}/track`,
    connections: CONNECTIONS,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'python-httpx/0.27.0' },
    requests: [
      {
        setupRequest(req) {
          req.body = body(n++);
          return req;
        },
      },
    ],
  });
}

function body(n) {
  return JSON.stringify({
    uuid: randomUUID(),
    command: n % 5 === 0 ? 'init' : 'update',
    version: n % 7 === 0 ? '2.0.0' : '1.10.0',
    timestamp: new Date().toISOString().slice(0, 23) + '456',
  });
}

/**
 * A new connection per request, 64 at a time: what Flask's development server makes of every client (it
 * answers `Connection: close`), and which autocannon cannot drive (it waits before reconnecting: 0.7
 * requests/s on one connection). Returns autocannon's shape for the fields used here.
 */
async function perRequestConnections(port, duration) {
  const latencies = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let n = 0;
  const end = Date.now() + duration * 1000;
  const one = () =>
    new Promise((resolve) => {
      const payload = body(n++);
      const started = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/track',
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - started);
            if (res.statusCode >= 200 && res.statusCode < 300) ok++;
            else non2xx++;
            resolve();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { '2xx': ok, non2xx, errors, timeouts: 0, latency: { p50: at(0.5), p99: at(0.99) } };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function rss(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

function peakRss(pid) {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

const HERE = path.dirname(new URL(import.meta.url).pathname);

/**
 * Runs the scenario; returns Markdown lines (the table). `check(ok, text)` and `target(ok, text)` record
 * results as run.mjs does; `notes` collects remarks.
 */
export async function runCollect({ bin, runs, duration, dataFile, log, check, target, notes }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazinga-collect-bench-'));
  const flask = spawnSync('python3', ['-c', 'import flask'], { stdio: 'ignore' }).status === 0;
  // ours as a load test needs it: no rate limit and no per-address cap (all load comes from one address, as from a proxy)
  const startCollect = (log) =>
    startServer([process.execPath, bin, 'collect', '--port', '0', '--rate-limit', '0', '--connections-per-address', '0', '--log', log]);
  const servers = [
    {
      name: 'bazinga-stats collect',
      client: load,
      log: (i) => path.join(dir, `collect-${i}.jsonl`),
      start: (i) => startCollect(path.join(dir, `collect-${i}.jsonl`)),
    },
    { name: 'bare node:http (stores nothing)', client: load, start: () => startServer([process.execPath, path.join(HERE, 'bare-http.mjs')]) },
    {
      name: 'minimal durable node:http (JSON.parse, write + fdatasync per group)',
      client: load,
      log: (i) => path.join(dir, `durable-${i}.jsonl`),
      start: (i) => startServer([process.execPath, path.join(HERE, 'durable-http.mjs'), path.join(dir, `durable-${i}.jsonl`)]),
    },
  ];
  if (flask) {
    servers.push({
      name: 'Flask Option 2 (seed), a connection per request',
      client: perRequestConnections,
      log: (i) => path.join(dir, `flask-${i}.jsonl`),
      start: async (i) => startServer(['python3', path.join(HERE, 'flask-option2.py'), String(await freePort()), path.join(dir, `flask-${i}.jsonl`)]),
    });
    // the same client against ours, so the Flask row has a like-for-like partner
    servers.push({
      name: 'bazinga-stats collect, a connection per request',
      client: perRequestConnections,
      log: (i) => path.join(dir, `collect-pr-${i}.jsonl`),
      start: (i) => startCollect(path.join(dir, `collect-pr-${i}.jsonl`)),
    });
  } else {
    notes.push('collect: the Flask peer was skipped: python3 cannot import flask (apt-get install -y python3-flask).');
  }
  const results = new Map(servers.map((s) => [s.name, []]));
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < servers.length; k++) {
      const server = servers[(k + round) % servers.length];
      log(`bench: collect round ${round + 1}/${runs}: ${server.name}, ${duration} s ...`);
      const { child, port } = await server.start(round);
      let r;
      try {
        r = await server.client(port, duration);
      } finally {
        await stopServer(child);
      }
      const ok = r['2xx'];
      const row = { rate: ok / duration, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, ok };
      results.get(server.name).push(row);
      if (server.log) {
        const lines = fs.existsSync(server.log(round)) ? fs.readFileSync(server.log(round), 'utf8').split('\n').length - 1 : 0;
        // a 200 is counted once the response is complete; an event written just before the load stopped may miss it
        check(lines >= ok, `collect: ${server.name} round ${round + 1}: ${ok} events acknowledged, ${lines} lines in the log`);
      }
    }
  }
  const base = 'bare node:http (stores nothing)';
  const m = (name, key) => median(results.get(name).map((x) => x[key]));
  const lines = [
    '',
    `Collect: autocannon, ${CONNECTIONS} keep-alive connections on loopback (rows "a connection per request": ${CONNECTIONS} node:http clients, each opening a new connection per request), ${duration} s per run, ${runs} interleaved rounds; medians (min–max).`,
    '',
  ];
  lines.push('| server | acknowledged events/s | min–max | p50 ms | p99 ms | non-2xx + errors | vs bare node:http |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|');
  for (const [name, rows] of results) {
    const rates = rows.map((x) => x.rate);
    lines.push(
      `| ${name} | ${m(name, 'rate').toFixed(0)} | ${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)} | ${m(name, 'p50').toFixed(1)} | ${m(name, 'p99').toFixed(1)} | ${rows.reduce((a, x) => a + x.non2xx + x.errors, 0)} | ${((m(name, 'rate') / m(base, 'rate')) * 100).toFixed(0)}% |`,
    );
  }
  const ours = 'bazinga-stats collect';
  const floor = 'minimal durable node:http (JSON.parse, write + fdatasync per group)';
  target(
    m(ours, 'rate') >= 0.75 * m(floor, 'rate'),
    `collect: at least 75% of the minimal durable server: ${((m(ours, 'rate') / m(floor, 'rate')) * 100).toFixed(0)}%`,
  );
  target(
    m(ours, 'rate') >= 0.6 * m(base, 'rate'),
    `collect: at least 60% of the bare node:http server (aim 75%): ${((m(ours, 'rate') / m(base, 'rate')) * 100).toFixed(0)}%`,
  );
  target(m(ours, 'p99') <= 50, `collect: p99 at most 50 ms: ${m(ours, 'p99').toFixed(1)} ms`);
  if (flask) {
    const seed = m('Flask Option 2 (seed), a connection per request', 'rate');
    target(
      m(ours, 'rate') >= 10 * seed,
      `collect: at least 10x Flask Option 2: ${(m(ours, 'rate') / seed).toFixed(1)}x (keep-alive vs the connection per request Flask's server forces; ${(m('bazinga-stats collect, a connection per request', 'rate') / seed).toFixed(1)}x with the same per-request client)`,
    );
  }

  // memory: the collector with the live report on a 1M-event log, against a one-shot report of that file
  const file = dataFile();
  const copy = path.join(dir, 'memory.jsonl');
  fs.copyFileSync(file, copy);
  const token = 'bench-token';
  const { child, port } = await startServer([process.execPath, bin, 'collect', '--port', '0', '--connections-per-address', '0', '--log', copy], {
    BAZINGA_STATS_REPORT_TOKEN: token,
  });
  let live;
  try {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/report`, { headers: { Authorization: `Bearer ${token}` } });
      await res.text();
    }
    await load(port, Math.min(duration, 5));
    await (await fetch(`http://127.0.0.1:${port}/report`, { headers: { Authorization: `Bearer ${token}` } })).text();
    live = peakRss(child.pid);
  } finally {
    await stopServer(child);
  }
  const rssOf = (args) => {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args, file], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    return Number(r.stderr.trim().split('\n').pop()) / 1024;
  };
  // memory from strangers: 100k events with distinct junk versions and commands, at full speed, against the same
  // collector idle on the same log (its live report loaded)
  const junkLog = path.join(dir, 'junk.jsonl');
  fs.copyFileSync(file, junkLog);
  const junk = await startServer([process.execPath, bin, 'collect', '--port', '0', '--rate-limit', '0', '--connections-per-address', '0', '--log', junkLog], {
    BAZINGA_STATS_REPORT_TOKEN: token,
  });
  let idle;
  let flooded;
  let junkAcked = 0;
  try {
    for (let ready = false; !ready; await new Promise((r) => setTimeout(r, 200))) {
      ready =
        (await fetch(`http://127.0.0.1:${junk.port}/report?format=json`, { headers: { Authorization: `Bearer ${token}` } }).then((r) =>
          r.text().then(() => r.status),
        )) === 200;
    }
    idle = rss(junk.child.pid);
    let n = 0;
    const r = await autocannon({
      url: `http://127.0.0.1:${junk.port}/track`,
      connections: CONNECTIONS,
      amount: 100_000,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest(req) {
            const i = n++;
            req.body = JSON.stringify({
              uuid: randomUUID(),
              command: `junk${i.toString(36)}`,
              version: `${i}.${i % 97}.${'9'.repeat(40)}`,
              timestamp: new Date().toISOString().slice(0, 23),
            });
            return req;
          },
        },
      ],
    });
    junkAcked = r['2xx'];
    await (await fetch(`http://127.0.0.1:${junk.port}/report?format=json`, { headers: { Authorization: `Bearer ${token}` } })).text();
    flooded = rss(junk.child.pid);
  } finally {
    await stopServer(junk.child);
  }
  const html = rssOf(['report', '--format', 'html']);
  const json = rssOf(['report', '--format', 'json']);
  lines.push('');
  lines.push(
    `Memory on a 1M-event log (${(fs.statSync(file).size / 1e6).toFixed(0)} MB): the collector's peak RSS with the live report served 4 times and ${Math.min(duration, 5)} s of load, ${live.toFixed(0)} MB; \`bazinga-stats report --format html\` on the file, ${html.toFixed(0)} MB; \`--format json\`, ${json.toFixed(0)} MB.`,
  );
  lines.push(
    `Memory from strangers: the collector with the live report on the same log, idle ${idle.toFixed(0)} MB RSS; after ${junkAcked} acknowledged events with distinct junk versions and commands (100k posted at full speed) and one report, ${flooded.toFixed(0)} MB (${(flooded / idle).toFixed(2)}x).`,
  );
  target(
    flooded <= 1.5 * idle,
    `collect: RSS after 100k distinct-junk events within 1.5x of the idle collector on the same log: ${(flooded / idle).toFixed(2)}x`,
  );
  target(
    live <= 2 * html,
    `collect: memory with the live report within 2x of \`bazinga-stats report --format html\` on the same file: ${(live / html).toFixed(2)}x (${(live / json).toFixed(2)}x the four-section JSON report)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return lines;
}
