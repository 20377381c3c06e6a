// The collector's start-up (issue #23), measured from the spawn: the first 200 to GET /healthz and POST /track,
// and, with the live report on, the first 200 to GET /report?format=json (the report ready: its state, or the
// log, read and the first snapshot made), with the process's RSS then, and the CPU time it had used at the first
// 200 (less noisy than the wall time on a shared machine). Each given entry point in turn, --runs rounds
// (interleaved, so a noisy neighbour hits them alike), medians with min-max. Only 127.0.0.1; every
// collector started is stopped (SIGTERM, which saves the report's state: the next round starts from it).
//
//   node bench/collect-start.mjs --log FILE [--report] [--runs 3] [--bin bin/bazinga-stats.js] [--bin OTHER]
//
// With --report, make the state first (one untimed start that reads the whole log): a round then measures the
// start from the state. Each round posts one event (the log grows by a line a round).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const values = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const log = values('--log')[0];
const runs = Number(values('--runs')[0] ?? 3);
const bins = values('--bin').length > 0 ? values('--bin') : [new URL('../bin/bazinga-stats.js', import.meta.url).pathname];
const report = flag('--report');
if (!log) {
  console.error('usage: node bench/collect-start.mjs --log FILE [--report] [--runs N] [--bin PATH]...');
  process.exit(2);
}
const TOKEN = 'bench-token';
const BODY = JSON.stringify({ uuid: '550e8400-e29b-41d4-a716-446655440000', command: 'update', version: '2.0.0', timestamp: '2025-11-12T10:30:45' });

/** One request on a fresh connection (node:http, not fetch: fetch's first use loads undici, ~0.1 s of the client's). */
function request(port, method, path, body = null, headers = {}) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(body ?? undefined);
  });
}

/** CPU time the process has used, all its threads (ms; the kernel counts in ticks of 10 ms): less noisy than wall time on a busy machine. */
const cpuOf = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const rssOf = (pid) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
};

async function once(bin) {
  const argv = [bin, 'collect', '--log', log, '--port', '0', '--rate-limit', '0'];
  if (report) argv.push('--report-token', TOKEN);
  const t0 = performance.now();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const since = () => (performance.now() - t0) / 1000;
  const result = {};
  try {
    let port = null;
    for (const deadline = t0 + 30_000; port === null && performance.now() < deadline; await new Promise((r) => setTimeout(r, 2))) {
      port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1] ?? null;
    }
    if (port === null) throw new Error(`no ready line: ${stderr}`);
    while ((await request(port, 'GET', '/healthz')) !== 200);
    result.healthz = since();
    result.cpuStart = cpuOf(child.pid);
    result.rssStart = rssOf(child.pid);
    if ((await request(port, 'POST', '/track', BODY, { 'Content-Type': 'application/json' })) === 200) result.track = since();
    if (report) {
      for (const deadline = t0 + 180_000; performance.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        if ((await request(port, 'GET', '/report?format=json', null, { Authorization: `Bearer ${TOKEN}` })) === 200) {
          result.report = since();
          result.rssReport = rssOf(child.pid);
          break;
        }
      }
      result.from = /starts from its state/.test(stderr) ? 'state' : 'log';
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const results = new Map(bins.map((bin) => [bin, []]));
for (let round = 0; round < runs; round++) {
  for (const bin of bins) {
    const load = os.loadavg()[0].toFixed(2);
    const r = await once(bin);
    results.get(bin).push(r);
    console.error(`round ${round + 1} ${bin}: load ${load} ${JSON.stringify(r)}`);
  }
}
for (const [bin, rs] of results) {
  const show = (key, unit) => {
    const xs = rs.map((r) => r[key]).filter((x) => x !== undefined);
    if (xs.length === 0) return '';
    const f = (x) => (unit === 's' ? x.toFixed(2) : String(x));
    return ` ${key} ${f(median(xs))} ${unit} (${f(Math.min(...xs))}-${f(Math.max(...xs))})`;
  };
  console.log(
    `${bin}:${show('healthz', 's')}${show('track', 's')}${show('cpuStart', 'ms CPU')}${show('rssStart', 'MB')}${show('report', 's')}${show('rssReport', 'MB')}`,
  );
}
