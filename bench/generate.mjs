#!/usr/bin/env node
// Deterministic generator of realistic BAZINGA telemetry (JSONL), as the real client + example collector write it:
//
//   {"uuid": "<uuid4>", "command": "init", "version": "1.4.2", "timestamp": "2025-11-12T10:30:45.123456"}
//
// - json.dumps spacing and key order (uuid, command, version, timestamp); uuid4 in lowercase;
// - naive UTC stamps as datetime.utcnow().isoformat() prints them: 6 fraction digits, none when microseconds are 0;
// - an install's first event is `init`, later ones `update`; versions follow a release history (1.9.x -> 1.10.0,
//   2.0.0-beta.N pre-releases taken by a few opt-in installs), installs upgrade over time, a few roll back;
// - installs appear over the span (growing adoption, weekly and daily rhythm, a spike after 2.0.0);
// - lines are in collector arrival order: client time + network latency (< 2 s, the client's timeout), and 1% of
//   installs have a wrong clock (up to +-10 min), so stamps are only roughly in order.
//
// - with --id-churn, the id churn of today's client (issue #13): it reads its id with
//   `data.get('uuid', self._create_new_uuid())`, which rewrites the id file with a fresh uuid on every run, so per
//   machine the first two events share an id and every later run sends one `update` under a fresh id.
//
// Usage: node bench/generate.mjs --events N [--installs M] [--seed S] [--days D] [--start YYYY-MM-DD] [--id-churn] [--gzip] --out FILE
//   --installs defaults to round(N / 4). --installs N --events N gives N distinct installs with one event each.
// Output is streamed in big chunks; memory is bounded by the installs that still have updates to come
// (a few dozen bytes each), not by the output size. The file is written to FILE.tmp-PID and renamed when complete.

import fs from 'node:fs';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

/** Bump when the output for the same parameters changes (bench/run.mjs uses it in cache file names). */
export const GEN_VERSION = 1;

// [version, release time as a fraction of the span]
const RELEASES = [
  ['1.0.0', 0.0],
  ['1.0.1', 0.03],
  ['1.1.0', 0.08],
  ['1.1.1', 0.11],
  ['1.2.0', 0.16],
  ['1.3.0', 0.22],
  ['1.3.1', 0.24],
  ['1.4.0', 0.29],
  ['1.4.1', 0.31],
  ['1.4.2', 0.33],
  ['1.5.0', 0.38],
  ['1.6.0', 0.44],
  ['1.7.0', 0.5],
  ['1.7.1', 0.52],
  ['1.8.0', 0.57],
  ['1.9.0', 0.62],
  ['1.9.1', 0.64],
  ['1.9.2', 0.66],
  ['1.10.0', 0.71],
  ['1.10.1', 0.74],
  ['2.0.0-beta.1', 0.76],
  ['2.0.0-beta.2', 0.78],
  ['2.0.0-beta.3', 0.8],
  ['1.11.0', 0.81],
  ['2.0.0-beta.5', 0.83],
  ['2.0.0-beta.8', 0.85],
  ['2.0.0-beta.10', 0.87],
  ['2.0.0-rc.1', 0.89],
  ['2.0.0', 0.91],
  ['2.0.1', 0.94],
  ['2.1.0', 0.98],
];

const HOUR_US = 3600e6;
const DAY_US = 86400e6;

// ---------- small helpers ----------

function semverCmp(a, b) {
  const pa = a.split('-'),
    pb = b.split('-');
  const ca = pa[0].split('.').map(Number),
    cb = pb[0].split('.').map(Number);
  for (let i = 0; i < 3; i++) if (ca[i] !== cb[i]) return ca[i] - cb[i];
  if (!pa[1] && !pb[1]) return 0;
  if (!pa[1]) return 1;
  if (!pb[1]) return -1;
  const ia = pa[1].split('.'),
    ib = pb[1].split('.');
  for (let i = 0; i < Math.max(ia.length, ib.length); i++) {
    if (ia[i] === undefined) return -1;
    if (ib[i] === undefined) return 1;
    const na = /^\d+$/.test(ia[i]),
      nb = /^\d+$/.test(ib[i]);
    if (na && nb) {
      if (+ia[i] !== +ib[i]) return +ia[i] - +ib[i];
      continue;
    }
    if (na !== nb) return na ? -1 : 1;
    if (ia[i] !== ib[i]) return ia[i] < ib[i] ? -1 : 1;
  }
  return 0;
}

function fmix32(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function sfc32(a, b, c, d) {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

function parseArgs(argv) {
  const o = { events: null, installs: null, seed: 1, days: 365, start: '2025-01-06', gzip: false, out: null, idChurn: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--events') o.events = Number(val());
    else if (a === '--installs') o.installs = Number(val());
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--days') o.days = Number(val());
    else if (a === '--start') o.start = val();
    else if (a === '--gzip') o.gzip = true;
    else if (a === '--id-churn') o.idChurn = true;
    else if (a === '--out') o.out = val();
    else if (a === '-h' || a === '--help') usage(null);
    else usage(`unknown argument: ${a}`);
  }
  if (!Number.isSafeInteger(o.events) || o.events < 1) usage('--events N (a positive integer) is required');
  if (o.installs === null) o.installs = Math.max(1, Math.round(o.events / 4));
  if (!Number.isSafeInteger(o.installs) || o.installs < 1 || o.installs > o.events) usage('--installs must be an integer in 1..events');
  if (o.installs > 2 ** 32) usage('--installs must be < 2^32');
  if (!Number.isSafeInteger(o.seed)) usage('--seed must be an integer');
  if (!(o.days > 0)) usage('--days must be > 0');
  if (!/^\d{4}-\d\d-\d\d$/.test(o.start) || Number.isNaN(Date.parse(o.start + 'T00:00:00Z'))) usage('--start must be YYYY-MM-DD');
  if (!o.out) usage('--out FILE is required');
  return o;
}

function usage(msg) {
  const text = 'usage: node bench/generate.mjs --events N [--installs M] [--seed S] [--days D] [--start YYYY-MM-DD] [--id-churn] [--gzip] --out FILE';
  if (msg) {
    process.stderr.write(`generate: ${msg}\n${text}\n`);
    process.exit(2);
  }
  process.stdout.write(text + '\n');
  process.exit(0);
}

// ---------- the generator ----------

/**
 * Writes the telemetry to `sink(buffer)` (called with full chunks; it may return a promise).
 * With `reuse`, the sink must be done with the chunk when it returns, and the buffer is reused.
 * Returns {events, installs, bytes}.
 */
export async function generate({ events: N, installs: M, seed, days, start, idChurn = false }, sink, { reuse = false } = {}) {
  const startUs = Date.parse(start + 'T00:00:00Z') * 1000;
  const spanUs = days * DAY_US;
  const endUs = startUs + spanUs;

  // PRNG streams, all from the seed.
  let s = (seed >>> 0) ^ 0x5bd1e995;
  const next32 = () => {
    s = (s + 0x9e3779b9) >>> 0;
    return fmix32(s);
  };
  const rng = sfc32(next32(), next32(), next32(), next32());
  for (let i = 0; i < 16; i++) rng();
  const K = [next32(), next32(), next32(), next32(), next32()];

  // Releases: time, semver rank; latest stable / latest overall (by semver) released at each release index.
  const rel = RELEASES.map(([v, f], i) => ({ v, t: startUs + f * spanUs, pre: v.includes('-'), i }));
  const bySemver = [...rel].sort((a, b) => semverCmp(a.v, b.v));
  bySemver.forEach((r, k) => {
    r.rank = k;
  });
  const latestStable = [],
    latestAny = [],
    prevStable = [];
  {
    let ls = -1,
      la = -1;
    for (let i = 0; i < rel.length; i++) {
      if (!rel[i].pre && (ls < 0 || rel[i].rank > rel[ls].rank)) ls = i;
      if (la < 0 || rel[i].rank > rel[la].rank) la = i;
      latestStable.push(ls);
      latestAny.push(la);
    }
    for (let i = 0; i < rel.length; i++) {
      // the stable release just below release i by semver (for rollbacks / pinned installs)
      let best = -1;
      for (let j = 0; j < rel.length; j++) {
        if (!rel[j].pre && rel[j].rank < rel[i].rank && rel[j].t <= rel[i].t + spanUs && (best < 0 || rel[j].rank > rel[best].rank)) best = j;
      }
      prevStable.push(best < 0 ? i : best);
    }
  }
  const relTimes = new Float64Array(rel.map((r) => r.t));
  const releasedAt = (t) => {
    // index of the last release with time <= t (0 before the first)
    let lo = 0,
      hi = relTimes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (relTimes[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const verBytes = rel.map((r) => Buffer.from(r.v, 'latin1'));

  // Per-install traits, from a hash of the install number (no per-install memory).
  const traits = (inst) => fmix32((inst ^ K[4]) >>> 0);
  const isBeta = (h) => (h & 1023) < 25; // ~2.4% opt into pre-releases
  const skewUs = (h) => (((h >>> 10) & 127) < 1 ? ((((h >>> 17) & 1023) - 512) / 512) * 600e6 : 0); // ~0.8% wrong clocks
  const isPinned = (h) => ((h >>> 27) & 31) < 2; // ~6% install the previous stable release

  function initVersion(inst, t) {
    const h = traits(inst);
    const k = releasedAt(t);
    if (isBeta(h)) return latestAny[k];
    if (isPinned(h)) return prevStable[latestStable[k]];
    return latestStable[k];
  }
  function updateVersion(inst, t, prev) {
    const h = traits(inst);
    const k = releasedAt(t);
    const r = rng();
    if (r < 0.88) {
      const target = isBeta(h) ? latestAny[k] : latestStable[k];
      return rel[target].rank >= rel[prev].rank ? target : prev;
    }
    if (r < 0.98) return prev; // `bazinga update` when already up to date
    return prevStable[prev]; // a rollback
  }

  // Install arrivals: stratified over hourly weights (growth, weekday, daily rhythm, 2.0.0 spike), so they come in time order.
  const nb = Math.max(1, Math.ceil(days * 24));
  const w = new Float64Array(nb),
    cum = new Float64Array(nb + 1);
  const launch = startUs + 0.91 * spanUs;
  for (let b = 0; b < nb; b++) {
    const t = startUs + b * HOUR_US;
    const x = (b + 0.5) / nb;
    const dow = new Date(t / 1000).getUTCDay();
    const hour = new Date(t / 1000).getUTCHours();
    const weekday = dow === 0 || dow === 6 ? 0.55 : 1;
    const diurnal = 0.35 + 0.65 * Math.exp(-(((hour - 14) / 5) ** 2)) + 0.25 * Math.exp(-(((hour - 3) / 3) ** 2));
    const spike = t >= launch ? 1 + 1.5 * Math.exp(-(t - launch) / (5 * DAY_US)) : 1;
    w[b] = (1 + 3 * x) * weekday * diurnal * spike;
    cum[b + 1] = cum[b] + w[b];
  }
  const totalW = cum[nb];
  const walker = () => {
    let bin = 0;
    return (u) => {
      // u in [0,1), non-decreasing across calls of one walker
      const target = u * totalW;
      while (bin < nb - 1 && cum[bin + 1] <= target) bin++;
      const frac = Math.min(1, Math.max(0, (target - cum[bin]) / w[bin]));
      return Math.min(endUs - 1, startUs + (bin + frac) * HOUR_US);
    };
  };
  const arrivalAt = walker();
  const midpointAt = walker();

  // How many updates each install sends: budget N - M, shared out by how much of the span is left after it arrives
  // (early installs update more), geometric per install, re-balanced as we go so the total is exactly N.
  let budget = N - M;
  const weightOf = (t) => Math.max(0.03, (endUs - t) / spanUs);
  let wRem = 0;
  if (budget > 0) {
    const pre = walker();
    for (let i = 0; i < M; i++) wRem += weightOf(pre((i + 0.5) / M));
  }

  // Min-heap of pending events, keyed by collector arrival time; slots in growable typed arrays.
  let cap = 1024;
  let key = new Float64Array(cap),
    tim = new Float64Array(cap),
    ins = new Uint32Array(cap),
    rem = new Uint32Array(cap);
  let ver = new Int16Array(cap),
    heap = new Int32Array(cap),
    free = new Int32Array(cap);
  /** events the machine has sent so far, up to 2 (id churn: from the third on, each is under a fresh id) */
  let sent = new Uint8Array(cap);
  let nfree = 0,
    nslots = 0,
    hsize = 0;
  const grow = () => {
    const c2 = cap * 2;
    const g = (A, T) => {
      const B = new T(c2);
      B.set(A);
      return B;
    };
    key = g(key, Float64Array);
    tim = g(tim, Float64Array);
    ins = g(ins, Uint32Array);
    rem = g(rem, Uint32Array);
    ver = g(ver, Int16Array);
    heap = g(heap, Int32Array);
    free = g(free, Int32Array);
    sent = g(sent, Uint8Array);
    cap = c2;
  };
  const latency = () => Math.min(2e6, -Math.log(1 - rng()) * 120e3);
  function push(t, inst, r, v, n = 0) {
    let sl;
    if (nfree > 0) sl = free[--nfree];
    else {
      if (nslots === cap) grow();
      sl = nslots++;
    }
    tim[sl] = t;
    key[sl] = t + latency();
    ins[sl] = inst;
    rem[sl] = r;
    ver[sl] = v;
    sent[sl] = n;
    let i = hsize++;
    const k = key[sl];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (key[heap[p]] <= k) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = sl;
  }
  function pop() {
    const top = heap[0];
    const last = heap[--hsize];
    if (hsize > 0) {
      const k = key[last];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= hsize) break;
        if (c + 1 < hsize && key[heap[c + 1]] < key[heap[c]]) c++;
        if (key[heap[c]] >= k) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    free[nfree++] = top;
    return top;
  }

  // Output: bytes straight into a big buffer.
  const CHUNK = 4 << 20;
  let buf = Buffer.allocUnsafe(CHUNK),
    p = 0,
    bytes = 0;
  const flush = async () => {
    if (p === 0) return;
    const out = buf.subarray(0, p);
    bytes += p;
    const r = sink(out);
    if (r && typeof r.then === 'function') await r;
    if (!reuse) buf = Buffer.allocUnsafe(CHUNK);
    p = 0;
  };
  const enc = (s) => Buffer.from(s, 'latin1');
  const P_UUID = enc('{"uuid": "'),
    P_INIT = enc('", "command": "init", "version": "');
  const P_UPDATE = enc('", "command": "update", "version": "'),
    P_TS = enc('", "timestamp": "'),
    P_END = enc('"}\n');
  const HEX = enc('0123456789abcdef');
  const HEX2 = new Uint8Array(512);
  for (let b = 0; b < 256; b++) {
    HEX2[2 * b] = HEX[b >> 4];
    HEX2[2 * b + 1] = HEX[b & 15];
  }
  const DIG2 = new Uint8Array(200);
  for (let d = 0; d < 100; d++) {
    DIG2[2 * d] = 48 + ((d / 10) | 0);
    DIG2[2 * d + 1] = 48 + (d % 10);
  }
  const dayCache = new Map();
  const dayBytes = (day) => {
    let b = dayCache.get(day);
    if (!b) {
      b = enc(new Date(day * 86400e3).toISOString().slice(0, 11));
      dayCache.set(day, b);
    } // "YYYY-MM-DDT"
    return b;
  };
  const put = (src) => {
    buf.set(src, p);
    p += src.length;
  };
  const hex32 = (x) => {
    buf[p] = HEX2[(x >>> 23) & 0x1fe];
    buf[p + 1] = HEX2[((x >>> 23) & 0x1fe) + 1];
    buf[p + 2] = HEX2[(x >>> 15) & 0x1fe];
    buf[p + 3] = HEX2[((x >>> 15) & 0x1fe) + 1];
    buf[p + 4] = HEX2[(x >>> 7) & 0x1fe];
    buf[p + 5] = HEX2[((x >>> 7) & 0x1fe) + 1];
    buf[p + 6] = HEX2[(x << 1) & 0x1fe];
    buf[p + 7] = HEX2[((x << 1) & 0x1fe) + 1];
    p += 8;
  };
  const hex16 = (x) => {
    buf[p] = HEX2[(x >>> 7) & 0x1fe];
    buf[p + 1] = HEX2[((x >>> 7) & 0x1fe) + 1];
    buf[p + 2] = HEX2[(x << 1) & 0x1fe];
    buf[p + 3] = HEX2[((x << 1) & 0x1fe) + 1];
    p += 4;
  };

  function writeEvent(inst, isInit, v, tUs) {
    // uuid4: word 0 is a bijection of the install number, so uuids are distinct by construction.
    const w0 = fmix32((inst ^ K[0]) >>> 0);
    const w1 = fmix32((Math.imul(inst, 0x9e3779b1) ^ K[1]) >>> 0);
    const w2 = fmix32((Math.imul(inst, 0x85ebca77) ^ K[2]) >>> 0);
    const w3 = fmix32((Math.imul(inst, 0xc2b2ae3d) ^ K[3]) >>> 0);
    put(P_UUID);
    hex32(w0);
    buf[p++] = 45;
    hex16(w1 >>> 16);
    buf[p++] = 45;
    buf[p++] = 52;
    buf[p++] = HEX[(w1 >>> 8) & 15];
    buf[p] = HEX2[(w1 << 1) & 0x1fe];
    buf[p + 1] = HEX2[((w1 << 1) & 0x1fe) + 1];
    p += 2;
    buf[p++] = 45;
    buf[p++] = HEX[8 | (w2 >>> 30)];
    buf[p++] = HEX[(w2 >>> 24) & 15];
    buf[p] = HEX2[(w2 >>> 15) & 0x1fe];
    buf[p + 1] = HEX2[((w2 >>> 15) & 0x1fe) + 1];
    p += 2;
    buf[p++] = 45;
    hex16(w2 & 0xffff);
    hex32(w3);
    put(isInit ? P_INIT : P_UPDATE);
    put(verBytes[v]);
    put(P_TS);
    const us = Math.floor(tUs);
    const day = Math.floor(us / DAY_US);
    put(dayBytes(day));
    const sod = us - day * DAY_US;
    const sec = Math.floor(sod / 1e6);
    let micro = sod - sec * 1e6;
    const hh = (sec / 3600) | 0,
      mm = ((sec % 3600) / 60) | 0,
      ss = sec % 60;
    buf[p] = DIG2[2 * hh];
    buf[p + 1] = DIG2[2 * hh + 1];
    buf[p + 2] = 58;
    buf[p + 3] = DIG2[2 * mm];
    buf[p + 4] = DIG2[2 * mm + 1];
    buf[p + 5] = 58;
    buf[p + 6] = DIG2[2 * ss];
    buf[p + 7] = DIG2[2 * ss + 1];
    p += 8;
    if (micro !== 0) {
      // isoformat() leaves the fraction out when microseconds are 0
      buf[p] = 46;
      for (let k = 6; k >= 1; k--) {
        buf[p + k] = 48 + (micro % 10);
        micro = (micro / 10) | 0;
      }
      p += 7;
    }
    put(P_END);
  }

  /** fresh ids of the id churn are numbered after the machines' own */
  let freshIds = 0;
  let nextInst = 0,
    nextT = M > 0 ? arrivalAt((0 + rng()) / M) : Infinity;
  let emitted = 0;
  while (true) {
    while (nextInst < M && (hsize === 0 || nextT <= key[heap[0]])) {
      let extra = 0;
      if (budget > 0) {
        const wi = weightOf(midpointAt((nextInst + 0.5) / M));
        if (nextInst === M - 1) extra = budget;
        else {
          const mean = wRem > wi ? (budget * wi) / wRem : budget;
          const q = 1 / (1 + mean);
          extra = q >= 1 ? 0 : Math.floor(Math.log(1 - rng()) / Math.log(1 - q));
          extra = Math.min(extra, budget, 500);
        }
        wRem -= wi;
        budget -= extra;
      }
      push(nextT, nextInst, extra, -1);
      nextInst++;
      if (nextInst < M) nextT = Math.max(nextT, arrivalAt((nextInst + rng()) / M));
    }
    if (hsize === 0) break;
    const sl = pop();
    const t = tim[sl],
      inst = ins[sl],
      r = rem[sl],
      n = sent[sl];
    const isInit = ver[sl] < 0;
    const v = isInit ? initVersion(inst, t) : updateVersion(inst, t, ver[sl]);
    const id = idChurn && n >= 2 ? M + freshIds++ : inst;
    if (id >= 2 ** 32) throw new Error('id churn: more than 2^32 ids');
    writeEvent(id, isInit, v, t + skewUs(traits(inst)));
    emitted++;
    if (p > CHUNK - 512) await flush();
    if (r > 0) {
      // the next of r uniform points in (t, end): order statistics, so all updates land before the end
      let t2 = t + (endUs - t) * (1 - (1 - rng()) ** (1 / r));
      if (!(t2 > t)) t2 = t + 1;
      push(t2, inst, r - 1, v, Math.min(2, n + 1));
    }
  }
  await flush();
  if (emitted !== N) throw new Error(`internal: emitted ${emitted} events, wanted ${N}`);
  return { events: emitted, installs: M, bytes };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const t0 = process.hrtime.bigint();
  const tmp = `${o.out}.tmp-${process.pid}`;
  let result;
  try {
    if (o.gzip) {
      const gz = zlib.createGzip({ level: 6 });
      const fileStream = fs.createWriteStream(tmp);
      const done = new Promise((resolve, reject) => {
        fileStream.on('finish', resolve);
        fileStream.on('error', reject);
        gz.on('error', reject);
      });
      gz.pipe(fileStream);
      result = await generate(o, (chunk) => {
        if (!gz.write(chunk)) return new Promise((resolve) => gz.once('drain', resolve));
      });
      gz.end();
      await done;
    } else {
      const fd = fs.openSync(tmp, 'w');
      result = await generate(
        o,
        (chunk) => {
          let off = 0;
          while (off < chunk.length) off += fs.writeSync(fd, chunk, off);
        },
        { reuse: true },
      );
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, o.out);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {}
    throw e;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write(
    `generate: ${result.events} events, ${result.installs} installs, ${(result.bytes / 1e6).toFixed(1)} MB of JSONL` +
      `${o.gzip ? ' (gzipped)' : ''} -> ${o.out} in ${secs.toFixed(1)} s\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`generate: ${e.stack || e}\n`);
    process.exit(1);
  });
}
