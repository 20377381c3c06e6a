#!/usr/bin/env node
// npm run bench [-- --events 1000000 --runs 5 --scenarios report-1m,gzip-1m]
//
// Generates deterministic telemetry into bench/out/ (cached by parameters), then runs each scenario's contenders
// interleaved (the order rotates every round), measures wall time and peak RSS of the whole process, checks results
// where it is cheap, and prints a Markdown table (plus the command and machine facts) for the README.
// See bench/README.md.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GEN_VERSION } from './generate.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const OUT = path.join(BENCH, 'out');
const TIME = '/usr/bin/time';

const ALL_SCENARIOS = [
  'report-1m',
  'gzip-1m',
  'report-10m',
  'distinct-17m',
  'startup',
  'analytics-1m',
  'report-1m-churn',
  'analytics-1m-churn',
  'grow-10m',
  'merge',
  'collect',
];
const DEFAULT_SCENARIOS = ['report-1m', 'gzip-1m', 'startup', 'analytics-1m', 'report-1m-churn', 'analytics-1m-churn'];

// ---------- arguments ----------

/**
 * A copy of a state or a database, flushed to disk before the timed run: yesterday's file is on disk. Unsynced,
 * its pages would be written out during some later timed run (the kernel flushes dirty pages ~30 s on): the
 * state's own append fdatasyncs the file, and DuckDB's 360 MB copy would land in whichever run came next.
 */
function copySynced(from, to) {
  fs.copyFileSync(from, to);
  const fd = fs.openSync(to, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function usage(msg) {
  const text = `usage: npm run bench [-- options]
  --scenarios LIST   comma-separated, or "all" (default ${DEFAULT_SCENARIOS.join(',')});
                     one of: ${ALL_SCENARIOS.join(', ')}
  --events N         events in the "1m" files (default 1000000)
  --events-10m N     events in the report-10m, grow-10m and merge file (default 10000000)
  --grow N           lines appended in grow-10m (default 100000)
  --distinct N       installs (one event each) in the distinct-17m file (default 17000000)
  --runs N           timed runs per contender (default 5)
  --warmup N         untimed runs per contender first (default 1)
  --startup-runs N   timed runs per contender in the startup scenario (default 30)
  --seed S           generator seed (default 1)
  --duration SECONDS collect: load per server and run (default 10; runs: --runs, default 5)
  --timeout SECONDS  per run (default 1800)
  --no-build         do not run \`npm run build\` first
  --bin PATH         the bazinga-stats entry point to measure (default bin/bazinga-stats.js)`;
  if (msg) {
    process.stderr.write(`bench: ${msg}\n${text}\n`);
    process.exit(2);
  }
  process.stdout.write(text + '\n');
  process.exit(0);
}

function parseArgs(argv) {
  const o = {
    scenarios: DEFAULT_SCENARIOS,
    events: 1_000_000,
    events10: 10_000_000,
    distinct: 17_000_000,
    runs: 5,
    warmup: 1,
    startupRuns: 30,
    grow: 100_000,
    seed: 1,
    duration: 10,
    timeout: 1800,
    build: true,
    bin: path.join(ROOT, 'bin', 'bazinga-stats.js'),
  };
  const int = (name, v, min) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min) usage(`${name} must be an integer >= ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i],
      v;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const val = () => {
      if (v !== undefined) return v;
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--scenarios': {
        const s = val();
        o.scenarios =
          s === 'all'
            ? ALL_SCENARIOS
            : s
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean);
        for (const x of o.scenarios) if (!ALL_SCENARIOS.includes(x)) usage(`unknown scenario: ${x}`);
        break;
      }
      case '--events':
        o.events = int(a, val(), 1);
        break;
      case '--events-10m':
        o.events10 = int(a, val(), 1);
        break;
      case '--grow':
        o.grow = int(a, val(), 1);
        break;
      case '--distinct':
        o.distinct = int(a, val(), 1);
        break;
      case '--runs':
        o.runs = int(a, val(), 1);
        break;
      case '--warmup':
        o.warmup = int(a, val(), 0);
        break;
      case '--startup-runs':
        o.startupRuns = int(a, val(), 1);
        break;
      case '--seed':
        o.seed = int(a, val(), 0);
        break;
      case '--duration':
        o.duration = int(a, val(), 1);
        break;
      case '--timeout':
        o.timeout = int(a, val(), 1);
        break;
      case '--no-build':
        o.build = false;
        break;
      case '--bin':
        o.bin = path.resolve(val());
        break;
      case '-h':
      case '--help':
        usage(null);
        break;
      default:
        usage(`unknown argument: ${argv[i]}`);
    }
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const BIN = opts.bin;
const log = (s) => process.stderr.write(s + '\n');

// ---------- machine facts ----------

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT });
  return r.status === 0 ? (r.stdout || r.stderr).trim() : null;
}
const haveTime = fs.existsSync(TIME);
const jqVersion = sh('jq', ['--version']);
const duckdbVersion = sh(process.execPath, ['-e', "import('@duckdb/node-api').then((m) => console.log(m.version()))"]);
const cpuModel = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))[1].trim();
  } catch {
    return os.cpus()[0]?.model ?? '?';
  }
})();
const facts = [
  `node ${process.version}`,
  `nproc ${os.availableParallelism()}`,
  `CPU ${cpuModel}`,
  `RAM ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  `${os.type()} ${os.release()}`,
  `DuckDB ${duckdbVersion ?? 'not installed'}`,
  `${jqVersion ?? 'jq not installed'}`,
  `load average at start ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
];

// ---------- data ----------

function dataFile({ events, installs, days = 365, gzip = false, idChurn = false }) {
  installs ??= Math.max(1, Math.round(events / 4));
  const name = `telemetry-g${GEN_VERSION}-e${events}-i${installs}-s${opts.seed}-d${days}${idChurn ? '-churn' : ''}.jsonl${gzip ? '.gz' : ''}`;
  const file = path.join(OUT, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(OUT, { recursive: true });
    try {
      const { bavail, bsize } = fs.statfsSync(OUT);
      const need = (events * 135) / (gzip ? 4 : 1);
      if (bavail * bsize < need * 1.1)
        log(`bench: warning: ${((bavail * bsize) / 1e9).toFixed(1)} GB free in bench/out, ~${(need / 1e9).toFixed(1)} GB needed`);
    } catch {}
    log(`bench: generating ${name} ...`);
    const args = [
      path.join(BENCH, 'generate.mjs'),
      '--events',
      String(events),
      '--installs',
      String(installs),
      '--seed',
      String(opts.seed),
      '--days',
      String(days),
      '--out',
      file,
    ];
    if (gzip) args.push('--gzip');
    if (idChurn) args.push('--id-churn');
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new Error(`generating ${name} failed`);
  }
  return file;
}

/** Uncompressed size of a data file: of the plain twin when it is .gz (same parameters, same content). */
function jsonlBytes(file) {
  const plain = file.endsWith('.gz') ? file.slice(0, -3) : file;
  return fs.existsSync(plain) ? fs.statSync(plain).size : null;
}

// ---------- measuring ----------

/** Sum of RSS over a process and its descendants (from /proc), in bytes. */
function treeRss(pid) {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      total += Number(fs.readFileSync(`/proc/${p}/statm`, 'latin1').split(' ')[1]) * 4096;
      for (const c of fs.readFileSync(`/proc/${p}/task/${p}/children`, 'latin1').split(' ')) if (c.trim()) stack.push(Number(c));
    } catch {}
  }
  return total;
}

/**
 * Runs argv once; returns {ok, secs, rssMB, stdout, error}. Wall time is taken around the whole child (including the
 * /usr/bin/time wrapper, ~1 ms); peak RSS is GNU time's %M (the process's own peak). For pipelines (`tree`),
 * /usr/bin/time only sees the shell, so RSS is instead sampled every 25 ms as the sum over the process tree.
 */
function runOnce(argv, { tree = false, keepStdout = false } = {}) {
  return new Promise((resolve) => {
    const timeFile = path.join(os.tmpdir(), `bazinga-bench-time-${process.pid}.txt`);
    try {
      fs.unlinkSync(timeFile);
    } catch {}
    const full = haveTime ? [TIME, '-f', '%e %M', '-o', timeFile, '--', ...argv] : argv;
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out = [],
      err = [];
    let errLen = 0,
      peakTree = 0,
      timedOut = false;
    child.stdout.on('data', (d) => {
      if (keepStdout) out.push(d);
    });
    child.stderr.on('data', (d) => {
      if (errLen < 65536) {
        err.push(d);
        errLen += d.length;
      }
    });
    const sampler =
      tree || !haveTime
        ? setInterval(() => {
            peakTree = Math.max(peakTree, treeRss(child.pid));
          }, 25)
        : null;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, opts.timeout * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      resolve({ ok: false, error: e.message });
    });
    child.on('close', (code, signal) => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      let rssKB = null,
        status = code;
      if (haveTime) {
        try {
          const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
          const m = /^([\d.]+) (\d+)$/.exec(lines[lines.length - 1]);
          if (m) rssKB = Number(m[2]);
          const ex = /Command exited with non-zero status (\d+)/.exec(lines.join('\n'));
          if (ex) status = Number(ex[1]);
          const sig = /Command terminated by signal (\d+)/.exec(lines.join('\n'));
          if (sig) status = `signal ${sig[1]}`;
        } catch {}
        try {
          fs.unlinkSync(timeFile);
        } catch {}
      }
      let rssMB = rssKB !== null ? rssKB / 1024 : null;
      if (tree || rssMB === null) rssMB = Math.max(rssMB ?? 0, peakTree / 2 ** 20);
      const stderr = Buffer.concat(err).toString('utf8');
      const stdout = keepStdout ? Buffer.concat(out).toString('utf8') : '';
      if (timedOut) return resolve({ ok: false, secs, error: `timed out after ${opts.timeout} s` });
      if (code !== 0 || signal) {
        const first =
          stderr
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .slice(0, 2)
            .join(' | ') || '(no stderr)';
        return resolve({ ok: false, secs, error: `exit ${signal ?? status}: ${first.slice(0, 300)}` });
      }
      resolve({ ok: true, secs, rssMB, stdout, stderr });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b),
    n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/**
 * Runs the contenders interleaved: warm-up rounds, then timed rounds; each round rotates the order.
 * A contender that fails is reported and dropped. The first successful stdout of each is kept (for checks).
 */
async function measure(scenario, contenders, runs) {
  const live = contenders.filter((c) => !c.skip);
  for (const c of contenders) {
    c.times = [];
    c.rss = [];
    c.stdout = null;
    c.error = null;
  }
  const rounds = opts.warmup + runs;
  const tty = process.stderr.isTTY;
  if (!tty) log(`bench: ${scenario}: ${rounds} rounds of ${live.map((c) => c.name).join(', ') || '(nothing to run)'}`);
  for (let r = 0; r < rounds; r++) {
    const order = live.map((_, k) => live[(k + r) % live.length]);
    for (const c of order) {
      if (c.error) continue;
      if (tty) process.stderr.write(`\r\x1b[K${scenario}: round ${r + 1}/${rounds}${r < opts.warmup ? ' (warm-up)' : ''}: ${c.name}`);
      c.before?.(); // untimed set-up of each run (a state file restored)
      const res = await runOnce(c.argv, { tree: c.tree, keepStdout: c.stdout === null });
      if (!res.ok) {
        c.error = res.error;
        process.stderr.write(`${tty ? '\n' : ''}${scenario}: ${c.name} FAILED: ${res.error}\n`);
        continue;
      }
      if (c.stdout === null) c.stdout = res.stdout;
      if (r >= opts.warmup) {
        c.times.push(res.secs);
        c.rss.push(res.rssMB);
      }
    }
  }
  if (tty) process.stderr.write('\r\x1b[K');
}

// ---------- results and checks ----------

const rows = []; // table rows
const notes = []; // lines printed under the table
const tables = []; // Markdown lines of scenarios with a table of their own (collect)
const checks = []; // {ok, text}
const medians = {}; // `${scenario}/${name}` -> {secs, rss}

function addRows(scenario, contenders, { bytes, baseline }) {
  const base = contenders.find((c) => c.name === baseline);
  const baseMed = base?.times.length ? median(base.times) : null;
  for (const c of contenders) {
    if (c.skip) {
      rows.push([scenario, c.name, `skipped: ${c.skip}`, '', '', '', '']);
      continue;
    }
    if (c.error) {
      rows.push([scenario, c.name, `**FAILED**: ${c.error.replace(/\|/g, '\\|')}`, '', '', '', '']);
      continue;
    }
    const med = median(c.times),
      rss = median(c.rss);
    medians[`${scenario}/${c.name}`] = { secs: med, rss };
    rows.push([
      scenario,
      c.name,
      med.toFixed(med < 1 ? 3 : 2),
      `${Math.min(...c.times).toFixed(med < 1 ? 3 : 2)}–${Math.max(...c.times).toFixed(med < 1 ? 3 : 2)}`,
      bytes ? (bytes / 1e6 / med).toFixed(0) : '–',
      rss.toFixed(0),
      baseMed ? `${(med / baseMed).toFixed(2)}x` : '–',
    ]);
  }
}

function check(ok, text) {
  checks.push({ ok, text });
  if (!ok) log(`bench: ${text}`);
}
function target(ok, text) {
  checks.push({ ok, text, target: true });
}

function parseJson(c) {
  if (!c || c.error || c.skip || c.stdout === null) return null;
  try {
    return JSON.parse(c.stdout);
  } catch (e) {
    check(false, `MISMATCH: ${c.name} did not print JSON (${e.message})`);
    return null;
  }
}

/** The core fields, in a canonical order (daily by date; versions/commands by name, since tie orders differ). */
function core(j) {
  const byKey = (k) => (a, b) => (a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : 0);
  return {
    uniques: j.uniques,
    daily: (j.daily ?? []).map((r) => ({ date: r.date, events: r.events, installs: r.installs, new: r.new })),
    versions: (j.versions ?? []).map((r) => ({ version: r.version, events: r.events, installs: r.installs })).sort(byKey('version')),
    commands: (j.commands ?? []).map((r) => ({ command: r.command, events: r.events, installs: r.installs })).sort(byKey('command')),
  };
}

function diff(a, b, where = '', out = []) {
  if (out.length >= 6) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) diff(a[k], b[k], `${where}${Array.isArray(a) ? `[${k}]` : `.${k}`}`, out);
  } else if (a !== b) out.push(`${where || '(top)'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return out;
}

function compareCore(scenario, ours, peer, peerName) {
  if (!ours || !peer) return;
  const d = diff(core(ours), core(peer));
  if (d.length === 0) check(true, `${scenario}: bazinga-stats = ${peerName} on uniques, daily, versions, commands`);
  else check(false, `MISMATCH (${scenario}): bazinga-stats vs ${peerName} differ: ${d.join('; ')}`);
}

/** jq recipes' text output -> {uniques, daily events, version events, command events}. */
function parseJq(text) {
  const sec = {};
  let cur = null;
  for (const line of text.split('\n')) {
    const h = /^## (\w+)$/.exec(line);
    if (h) {
      cur = sec[h[1]] = [];
      continue;
    }
    if (cur && line.trim()) cur.push(line.trim());
  }
  const counts = (lines) =>
    Object.fromEntries(
      (lines ?? []).map((l) => {
        const m = /^(\d+) (.*)$/.exec(l);
        return [m[2], Number(m[1])];
      }),
    );
  return { uniques: Number(sec.uniques?.[0]), daily: counts(sec.daily), versions: counts(sec.versions), commands: counts(sec.commands) };
}

function compareJq(scenario, ours, jqText) {
  if (!ours || jqText === null) return;
  let q;
  try {
    q = parseJq(jqText);
  } catch (e) {
    check(false, `MISMATCH (${scenario}): could not read the jq output: ${e.message}`);
    return;
  }
  const o = {
    uniques: ours.uniques,
    daily: Object.fromEntries((ours.daily ?? []).filter((r) => r.events > 0).map((r) => [r.date, r.events])),
    versions: Object.fromEntries((ours.versions ?? []).map((r) => [r.version, r.events])),
    commands: Object.fromEntries((ours.commands ?? []).map((r) => [r.command, r.events])),
  };
  const sortObj = (x) => Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)));
  const d = diff(
    { ...o, daily: sortObj(o.daily), versions: sortObj(o.versions), commands: sortObj(o.commands) },
    { ...q, daily: sortObj(q.daily), versions: sortObj(q.versions), commands: sortObj(q.commands) },
  );
  if (d.length === 0) check(true, `${scenario}: bazinga-stats = jq recipes on uniques and event counts per day, version, command`);
  else check(false, `MISMATCH (${scenario}): bazinga-stats vs jq recipes differ: ${d.join('; ')}`);
}

// ---------- contenders ----------

const oursMissing = fs.existsSync(BIN) ? null : `${path.relative(ROOT, BIN)} not found`;
const ours = (name, args) => ({ name, argv: [process.execPath, BIN, ...args], skip: oursMissing });
const duckdb = (file) => ({
  name: 'DuckDB',
  argv: [process.execPath, path.join(BENCH, 'duckdb-report.mjs'), file],
  skip: duckdbVersion ? null : '@duckdb/node-api not installed (npm install)',
});
const jq = (file) => ({
  name: 'jq (4 recipes)',
  argv: ['sh', path.join(BENCH, 'jq-recipes.sh'), file],
  tree: true,
  skip: jqVersion ? null : 'jq not installed (apt-get install -y jq)',
});
const mb = (x) => `${x.toFixed(0)} MB`;

// ---------- scenarios ----------

const NEW_COMMANDS = ['adoption', 'active', 'activation', 'churn', 'quality'];

async function reportScenario(scenario, idChurn) {
  const file = dataFile({ events: opts.events, idChurn });
  const cs = [ours('bazinga-stats', ['report', '--format', 'json', file]), duckdb(file), jq(file)];
  await measure(scenario, cs, opts.runs);
  addRows(scenario, cs, { bytes: jsonlBytes(file), baseline: 'bazinga-stats' });
  const o = parseJson(cs[0]);
  compareCore(scenario, o, parseJson(cs[1]), 'DuckDB');
  compareJq(scenario, o, cs[2].error || cs[2].skip ? null : cs[2].stdout);
  const m = (n) => medians[`${scenario}/${n}`];
  if (m('bazinga-stats')) {
    if (m('DuckDB'))
      target(
        m('DuckDB').secs / m('bazinga-stats').secs >= 2,
        `${scenario}: at least 2x faster than DuckDB (aim 4x): ${(m('DuckDB').secs / m('bazinga-stats').secs).toFixed(2)}x`,
      );
    if (m('jq (4 recipes)'))
      target(
        m('jq (4 recipes)').secs / m('bazinga-stats').secs >= 30,
        `${scenario}: at least 30x faster than the jq recipes: ${(m('jq (4 recipes)').secs / m('bazinga-stats').secs).toFixed(1)}x`,
      );
    if (opts.events === 1_000_000) target(m('bazinga-stats').rss <= 150, `${scenario}: peak RSS at most 150 MB: ${mb(m('bazinga-stats').rss)}`);
  }
}

async function analyticsScenario(scenario, idChurn) {
  const file = dataFile({ events: opts.events, idChurn });
  const cs = [
    ours('bazinga-stats report', ['report', '--format', 'json', file]),
    ours('bazinga-stats daily --by week', ['daily', '--by', 'week', '--format', 'json', file]),
    ours('bazinga-stats upgrades', ['upgrades', '--format', 'json', file]),
    ours('bazinga-stats retention', ['retention', '--format', 'json', file]),
    // issue #13's commands: each at most 1.3x the time of report
    ...NEW_COMMANDS.map((command) => ours(`bazinga-stats ${command}`, [command, '--format', 'json', file])),
  ];
  await measure(scenario, cs, opts.runs);
  addRows(scenario, cs, { bytes: jsonlBytes(file), baseline: 'bazinga-stats report' });
  const [rep, week, upg, ret, adoption, active, activation, churn, quality] = cs.map(parseJson);
  if (rep && week) {
    const sum = (week.weekly ?? []).reduce((s, r) => s + r.events, 0);
    const newSum = (week.weekly ?? []).reduce((s, r) => s + r.new, 0);
    check(
      sum === rep.input?.events && newSum === rep.uniques,
      `${scenario}: weekly rows sum to ${sum} events / ${newSum} new (report: ${rep.input?.events} events, ${rep.uniques} installs)`,
    );
  }
  if (upg) check(Array.isArray(upg.upgrades) && upg.upgrades.length > 0, `${scenario}: upgrades has ${upg.upgrades?.length} rows`);
  if (ret && rep) {
    const cohorts = (ret.retention ?? []).reduce((s, r) => s + r.installs, 0);
    check(cohorts === rep.uniques, `${scenario}: retention cohorts hold ${cohorts} installs (report: ${rep.uniques})`);
  }
  if (rep && active) {
    const mau = active.active?.rows?.at(-1)?.mau;
    check(Number.isInteger(mau) && mau > 0 && mau <= rep.uniques, `${scenario}: active: MAU on the last day ${mau} of ${rep.uniques} installs`);
  }
  if (rep && activation) {
    const cohorts = (activation.activation?.rows ?? []).reduce((s, r) => s + r.installs, 0);
    check(cohorts === rep.uniques, `${scenario}: activation cohorts hold ${cohorts} installs (report: ${rep.uniques})`);
  }
  if (adoption)
    check(
      (adoption.adoption?.releases ?? []).length === (rep?.versions ?? []).length,
      `${scenario}: adoption has a release row per version (${adoption.adoption?.releases?.length})`,
    );
  if (churn) check(Array.isArray(churn.churn?.rows) && churn.churn.rows.length > 0, `${scenario}: churn has ${churn.churn?.rows?.length} rows`);
  if (quality) {
    const q = quality.quality;
    check(q?.ids === rep?.uniques, `${scenario}: quality: ${q?.updateOnlyIds} of ${q?.ids} ids update-only, ${q?.initIds} with init`);
    if (idChurn)
      notes.push(
        `${scenario}: ${q?.ids} ids, ${q?.initIds} of them sent init (${(100 * (q?.updateOnlyShare ?? 0)).toFixed(1)}% update-only): the id churn of today's client.`,
      );
  }
  const report = medians[`${scenario}/bazinga-stats report`];
  for (const command of NEW_COMMANDS) {
    const m = medians[`${scenario}/bazinga-stats ${command}`];
    if (report && m)
      target(
        m.secs / report.secs <= 1.3,
        `${scenario}: ${command} in at most 1.3x the time of report: ${(m.secs / report.secs).toFixed(2)}x (peak RSS ${mb(m.rss)})`,
      );
  }
}

const SCENARIOS = {
  'report-1m': () => reportScenario('report-1m', false),
  // the same on a log written by today's client, whose id churn makes most events a fresh id (issue #13)
  'report-1m-churn': () => reportScenario('report-1m-churn', true),

  async 'gzip-1m'() {
    const plain = dataFile({ events: opts.events });
    const gz = dataFile({ events: opts.events, gzip: true });
    const cs = [ours('bazinga-stats (plain)', ['report', '--format', 'json', plain]), ours('bazinga-stats (.gz)', ['report', '--format', 'json', gz])];
    await measure('gzip-1m', cs, opts.runs);
    addRows('gzip-1m', cs, { bytes: jsonlBytes(gz), baseline: 'bazinga-stats (plain)' });
    const a = parseJson(cs[0]),
      b = parseJson(cs[1]);
    if (a && b) {
      const d = diff(a, b);
      check(
        d.length === 0,
        d.length === 0 ? 'gzip-1m: the report of the .gz file equals that of the plain file' : `MISMATCH (gzip-1m): .gz vs plain differ: ${d.join('; ')}`,
      );
    }
    const p = medians['gzip-1m/bazinga-stats (plain)'],
      g = medians['gzip-1m/bazinga-stats (.gz)'];
    if (p && g) target(g.secs / p.secs <= 2, `gzip-1m: .gz in at most 2x the time of plain: ${(g.secs / p.secs).toFixed(2)}x`);
    notes.push(`gzip-1m: MB/s is of uncompressed JSONL; the .gz file is ${(fs.statSync(gz).size / 1e6).toFixed(1)} MB.`);
  },

  async 'report-10m'() {
    const file = dataFile({ events: opts.events10 });
    const cs = [ours('bazinga-stats', ['report', '--format', 'json', file]), duckdb(file)];
    await measure('report-10m', cs, opts.runs);
    addRows('report-10m', cs, { bytes: jsonlBytes(file), baseline: 'bazinga-stats' });
    compareCore('report-10m', parseJson(cs[0]), parseJson(cs[1]), 'DuckDB');
    const m = medians['report-10m/bazinga-stats'];
    if (m && opts.events10 === 10_000_000) target(m.rss <= 400, `report-10m: peak RSS at most 400 MB: ${mb(m.rss)}`);
    const m1 = medians['report-1m/bazinga-stats'];
    if (m && m1)
      notes.push(
        `report-10m vs report-1m (bazinga-stats): ${(opts.events10 / opts.events).toFixed(1)}x the events took ${(m.secs / m1.secs).toFixed(1)}x the time.`,
      );
  },

  async 'distinct-17m'() {
    const file = dataFile({ events: opts.distinct, installs: opts.distinct });
    const cs = [ours('bazinga-stats uniques', ['uniques', '--format', 'json', file])];
    await measure('distinct-17m', cs, opts.runs);
    addRows('distinct-17m', cs, { bytes: jsonlBytes(file), baseline: 'bazinga-stats uniques' });
    const j = parseJson(cs[0]);
    if (j)
      check(
        j.uniques === opts.distinct,
        `distinct-17m: uniques = ${j.uniques}${j.uniques === opts.distinct ? '' : ` — MISMATCH: expected exactly ${opts.distinct}`}`,
      );
    const m = medians['distinct-17m/bazinga-stats uniques'];
    if (m && opts.distinct === 17_000_000)
      target(
        m.rss <= 1536 && j?.uniques === opts.distinct,
        `distinct-17m: exactly 17000000 within 1.5 GB RSS: ${j?.uniques}, ${mb(m.rss)} (${((m.rss * 2 ** 20) / opts.distinct).toFixed(0)} bytes/install)`,
      );
  },

  async startup() {
    const file = dataFile({ events: 5, installs: 3, days: 1 });
    const cs = [ours('bazinga-stats (5 lines)', ['report', '--format', 'json', file]), { name: 'node -e 0', argv: [process.execPath, '-e', '0'] }];
    await measure('startup', cs, opts.startupRuns);
    addRows('startup', cs, { bytes: null, baseline: 'bazinga-stats (5 lines)' });
    const j = parseJson(cs[0]);
    if (j) check(j.input?.events === 5 && j.uniques === 3, `startup: the 5-line report says ${j.input?.events} events, ${j.uniques} installs (expected 5, 3)`);
    const a = medians['startup/bazinga-stats (5 lines)'],
      b = medians['startup/node -e 0'];
    if (a && b)
      target(
        a.secs / b.secs <= 2.5,
        `startup: at most 2.5x \`node -e 0\`: ${(a.secs / b.secs).toFixed(2)}x (${(a.secs * 1000).toFixed(0)} ms vs ${(b.secs * 1000).toFixed(0)} ms)`,
      );
  },

  // The 10M log's first lines − N summarised in a state, then N lines appended (the same file, so the state's
  // fingerprint matches); timed: the run that reads only those N lines. DuckDB: the same split, a persisted
  // database of the first part, timed: INSERT of the N lines and the report query.
  async 'grow-10m'() {
    const source = dataFile({ events: opts.events10 });
    const total = lineCount(source);
    const baseLines = total - opts.grow;
    const cut = offsetAfterLine(source, baseLines);
    const size = fs.statSync(source).size;
    const grown = path.join(OUT, 'grow.jsonl'),
      baseState = path.join(OUT, 'grow-base.state'),
      runState = path.join(OUT, 'grow-run.state');
    const newLines = path.join(OUT, 'grow-new.jsonl'),
      baseDb = path.join(OUT, 'grow-base.duckdb'),
      runDb = path.join(OUT, 'grow-run.duckdb');
    copyRange(source, grown, 0, cut);
    fs.rmSync(baseState, { force: true });
    const first = setUp(`grow-10m: the state of the first ${baseLines} lines`, [
      process.execPath,
      BIN,
      'report',
      '--format',
      'json',
      '--state',
      baseState,
      grown,
    ]);
    copyRange(source, newLines, cut, size);
    fs.appendFileSync(grown, fs.readFileSync(newLines));
    const stateMB = fs.statSync(baseState).size / 1e6;
    notes.push(
      `grow-10m: the state of the first ${baseLines} lines (${(cut / 1e6).toFixed(0)} MB of JSONL) is ${stateMB.toFixed(0)} MB (${((stateMB * 1e6 * 100) / cut).toFixed(1)}% of it), made in ${first.toFixed(1)} s (untimed); the timed runs read the ${opts.grow} lines appended after it.`,
    );
    const incremental = {
      ...ours('bazinga-stats --state', ['report', '--format', 'json', '--state', runState, grown]),
      before: () => copySynced(baseState, runState),
    };
    const cs = [incremental, ours('bazinga-stats cold', ['report', '--format', 'json', grown])];
    if (duckdbVersion) {
      fs.rmSync(baseDb, { force: true });
      const head = path.join(OUT, 'grow-head.jsonl');
      copyRange(source, head, 0, cut);
      setUp('grow-10m: DuckDB database of the first part', [process.execPath, path.join(BENCH, 'duckdb-grow.mjs'), 'load', baseDb, head]);
      fs.rmSync(head, { force: true });
      cs.push({
        name: 'DuckDB insert + query',
        argv: [process.execPath, path.join(BENCH, 'duckdb-grow.mjs'), 'insert', runDb, newLines],
        before: () => {
          fs.rmSync(`${runDb}.wal`, { force: true });
          copySynced(baseDb, runDb);
        },
      });
    } else {
      cs.push({ name: 'DuckDB insert + query', skip: '@duckdb/node-api not installed (npm install)' });
    }
    await measure('grow-10m', cs, opts.runs);
    addRows('grow-10m', cs, { bytes: null, baseline: 'bazinga-stats --state' });
    const [inc, cold, duck] = cs.map((c) => (c.error || c.skip ? null : c));
    if (inc && cold)
      check(
        inc.stdout === cold.stdout,
        inc.stdout === cold.stdout
          ? 'grow-10m: the incremental run printed the same JSON as the cold run, byte for byte'
          : 'MISMATCH (grow-10m): the incremental JSON differs from the cold run',
      );
    if (duck) compareCore('grow-10m', parseJson(inc), parseJson(duck), 'DuckDB insert + query');
    const m = (n) => medians[`grow-10m/${n}`];
    if (m('bazinga-stats --state') && m('bazinga-stats cold')) {
      const x = m('bazinga-stats cold').secs / m('bazinga-stats --state').secs;
      target(x >= 10, `grow-10m: the incremental run at least 10x faster than a cold run (aim 20x): ${x.toFixed(1)}x`);
      target(
        m('bazinga-stats --state').rss <= m('bazinga-stats cold').rss,
        `grow-10m: peak RSS of the incremental run no higher than the cold run's: ${mb(m('bazinga-stats --state').rss)} vs ${mb(m('bazinga-stats cold').rss)}`,
      );
    }
    if (m('bazinga-stats --state') && m('DuckDB insert + query')) {
      const x = m('DuckDB insert + query').secs / m('bazinga-stats --state').secs;
      target(x >= 1, `grow-10m: faster than DuckDB's insert and query (aim 3x): ${x.toFixed(2)}x`);
    }
    target(stateMB * 1e6 <= cut * 0.25, `grow-10m: state at most 25% of the JSONL it covers (aim 10%): ${((stateMB * 1e6 * 100) / cut).toFixed(1)}%`);
  },

  // The 10M log in 10 shards, each summarised in its own state (untimed, as on 10 machines); timed: merging
  // the 10 states and reporting from the merged one, against a cold run over the 10 shard files.
  async merge() {
    const source = dataFile({ events: opts.events10 });
    const total = lineCount(source);
    const size = fs.statSync(source).size;
    const shards = [],
      states = [];
    let start = 0;
    let slowest = 0;
    for (let i = 0; i < 10; i++) {
      const end = i === 9 ? size : offsetAfterLine(source, Math.round(((i + 1) * total) / 10));
      const shard = path.join(OUT, `merge-shard${i}.jsonl`),
        state = path.join(OUT, `merge-shard${i}.state`);
      copyRange(source, shard, start, end);
      fs.rmSync(state, { force: true });
      slowest = Math.max(
        slowest,
        setUp(`merge: summarising shard ${i + 1} of 10`, [process.execPath, BIN, 'report', '--format', 'json', '--state', state, shard]),
      );
      shards.push(shard);
      states.push(state);
      start = end;
    }
    const merged = path.join(OUT, 'merge-all.state');
    const script = `"${process.execPath}" "${BIN}" merge -o "${merged}" ${states.map((s) => `"${s}"`).join(' ')} 2>/dev/null && "${process.execPath}" "${BIN}" report --format json --state "${merged}"`;
    const cs = [
      { name: 'bazinga-stats merge + report', argv: ['sh', '-c', script], tree: true, skip: oursMissing },
      ours('bazinga-stats report STATES', ['report', '--format', 'json', ...states]),
      ours('bazinga-stats cold (10 files)', ['report', '--format', 'json', ...shards]),
    ];
    await measure('merge', cs, opts.runs);
    addRows('merge', cs, { bytes: null, baseline: 'bazinga-stats merge + report' });
    const [mrg, mem, cold] = cs.map((c) => (c.error || c.skip ? null : c));
    if (mrg && cold)
      check(
        mrg.stdout === cold.stdout,
        mrg.stdout === cold.stdout
          ? 'merge: the merged state printed the same JSON as one cold run over the 10 shards, byte for byte'
          : 'MISMATCH (merge): the merged JSON differs from the cold run',
      );
    if (mem && cold)
      check(
        mem.stdout === cold.stdout,
        mem.stdout === cold.stdout
          ? 'merge: the 10 states given as inputs printed the same JSON as the cold run, byte for byte'
          : 'MISMATCH (merge): the JSON of the states as inputs differs from the cold run',
      );
    notes.push(
      `merge: the slowest of the 10 shard summaries (untimed, as each machine would do it) took ${slowest.toFixed(1)} s; the merged state is ${(fs.statSync(merged).size / 1e6).toFixed(0)} MB.`,
    );
    const m = (n) => medians[`merge/${n}`];
    for (const name of ['bazinga-stats merge + report', 'bazinga-stats report STATES']) {
      if (m(name) && m('bazinga-stats cold (10 files)')) {
        target(
          m(name).secs < m('bazinga-stats cold (10 files)').secs,
          `merge: ${name} faster than a cold run: ${m(name).secs.toFixed(2)} s vs ${m('bazinga-stats cold (10 files)').secs.toFixed(2)} s`,
        );
      }
    }
  },

  async collect() {
    const { runCollect } = await import('./collect.mjs');
    tables.push(
      ...(await runCollect({
        bin: BIN,
        runs: opts.runs,
        duration: opts.duration,
        dataFile: () => dataFile({ events: opts.events }),
        log,
        check,
        target,
        notes,
      })),
    );
  },

  'analytics-1m': () => analyticsScenario('analytics-1m', false),
  'analytics-1m-churn': () => analyticsScenario('analytics-1m-churn', true),
};

// ---------- incremental runs (issue 12) ----------

/** Byte offset just after line `n` of a file (n >= 1), read in 16 MiB blocks. */
function offsetAfterLine(file, n) {
  const fd = fs.openSync(file, 'r');
  try {
    const block = Buffer.alloc(1 << 24);
    let seen = 0;
    for (let pos = 0; ; ) {
      const got = fs.readSync(fd, block, 0, block.length, pos);
      if (got === 0) throw new Error(`${file} has fewer than ${n} lines`);
      for (let i = block.indexOf(10, 0); i >= 0 && i < got; i = block.indexOf(10, i + 1)) if (++seen === n) return pos + i + 1;
      pos += got;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Copies bytes [start, end) of `from` into a new file `to`. */
function copyRange(from, to, start, end) {
  const fd = fs.openSync(from, 'r'),
    out = fs.openSync(to, 'w');
  try {
    const block = Buffer.alloc(1 << 24);
    for (let pos = start; pos < end; ) {
      const got = fs.readSync(fd, block, 0, Math.min(block.length, end - pos), pos);
      fs.writeSync(out, block, 0, got);
      pos += got;
    }
  } finally {
    fs.closeSync(fd);
    fs.closeSync(out);
  }
}

function lineCount(file) {
  const r = spawnSync('wc', ['-l', file], { encoding: 'utf8' });
  return Number(r.stdout.trim().split(/\s+/)[0]);
}

function setUp(what, argv) {
  log(`bench: ${what} ...`);
  const t0 = Date.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 2], env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${what} failed`);
  return (Date.now() - t0) / 1000;
}

// ---------- main ----------

async function main() {
  const started = Date.now();
  if (opts.build && fs.existsSync(path.join(ROOT, 'tsconfig.json')) && !oursMissing) {
    log('bench: npm run build ...');
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) notes.push('`npm run build` failed; bazinga-stats was measured as it was built before.');
  }
  if (!haveTime) notes.push(`${TIME} not found: peak RSS was sampled from /proc every 25 ms (may miss short peaks).`);
  for (const s of opts.scenarios) {
    try {
      await SCENARIOS[s]();
    } catch (e) {
      rows.push([s, '', `**FAILED**: ${String(e.message).replace(/\|/g, '\\|')}`, '', '', '', '']);
      log(`bench: ${s}: ${e.stack}`);
    }
  }

  const args = process.argv.slice(2);
  const lines = [];
  lines.push('```');
  lines.push(`$ npm run bench${args.length ? ' -- ' + args.map((a) => (/^[\w.,=/-]+$/.test(a) ? a : `'${a}'`)).join(' ') : ''}`);
  lines.push(facts.join(' · '));
  lines.push(`${opts.warmup} warm-up + ${opts.runs} timed runs per contender (startup: ${opts.startupRuns}), interleaved; data seed ${opts.seed}`);
  lines.push('```');
  lines.push('');
  if (rows.length > 0) {
    lines.push('| scenario | tool | median s | min–max s | MB/s | peak RSS MB (median) | time vs bazinga-stats |');
    lines.push('|---|---|--:|--:|--:|--:|--:|');
    for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  }
  lines.push(...tables);
  lines.push('');
  if (rows.some((r) => r[1] === 'jq (4 recipes)'))
    notes.unshift('jq: the peak RSS is the sum over the whole pipeline (sh, cat, jq, sort, …), sampled every 25 ms.');
  notes.push('Wall time of the whole process (including Node start-up), median of the timed runs; MB = 10^6 bytes; peak RSS from GNU time (%M).');
  for (const n of notes) lines.push(`- ${n}`);
  const targets = checks.filter((c) => c.target),
    others = checks.filter((c) => !c.target);
  if (others.length) {
    lines.push('');
    lines.push('Checks:');
    for (const c of others) lines.push(`- ${c.ok ? 'ok' : '**MISMATCH / FAIL**'}: ${c.text}`);
  }
  if (targets.length) {
    lines.push('');
    lines.push('Targets (issues 3, 11 and 12):');
    for (const c of targets) lines.push(`- ${c.ok ? 'PASS' : '**MISS**'}: ${c.text}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  log(`bench: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const bad = checks.filter((c) => !c.ok && !c.target);
  if (bad.length) {
    log(`\n!!!!!!!! ${bad.length} check(s) FAILED / MISMATCH — see above !!!!!!!!`);
    process.exitCode = 1;
  }
  const failed = rows.filter((r) => r[2].startsWith('**FAILED**'));
  if (failed.length) {
    log(`bench: ${failed.length} contender(s) failed: ${failed.map((r) => `${r[0]}/${r[1]}`).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
