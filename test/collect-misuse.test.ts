// The collector under misuse (issue #23): run as people misconfigure it and as strangers reach it. One writer
// per log (a second collector is refused; kill -9 frees the lock at once; the lock follows SIGHUP); refusals
// answered in order, with JSON bodies, and counted; the schema at the door; a cap on connections per address;
// HEAD, BOM, /healthz recovering once the disk takes writes again; /track served before the live report is
// loaded; the live report's distinct values capped. Real collectors on loopback, real clients, bounded.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { scratchDir } from './support/cli.js';
import { RawClient, clientEvent, collectorExit, killCollectors, metric, post, startCollector, uuidOf, waitFor } from './support/collector.js';

const dir = scratchDir();
after(killCollectors);

const track = (url: string, body: string | Buffer) =>
  fetch(`${url}/track`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'Content-Type': 'application/json' } });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);
const metrics = async (url: string) => (await fetch(`${url}/metrics`)).text();

describe('collect: one writer per log', () => {
  test('a second collector on the same log (or a link to it) exits 2 naming the log and the holder; after kill -9 a new one starts at once', async () => {
    const log = join(dir, 'one-writer.jsonl');
    const first = await startCollector(['--log', log]);
    assert.equal((await track(first.url, clientEvent(uuidOf(1, 30)))).status, 200);
    const link = join(dir, 'one-writer-link.jsonl');
    symlinkSync(log, link);
    for (const path of [log, link]) {
      const second = await collectorExit(['--log', path]);
      assert.equal(second.code, 2);
      assert.equal(second.output, `bazinga-stats: --log ${path}: another collector (pid ${first.child.pid}) is writing to it\n`);
    }
    // the refused one wrote nothing: the first still writes, and the file is whole
    assert.equal((await track(first.url, clientEvent(uuidOf(2, 30)))).status, 200);
    first.child.kill('SIGKILL');
    await first.exited;
    const started = Date.now();
    const next = await startCollector(['--log', log]);
    assert.ok(Date.now() - started < 5_000);
    assert.equal((await track(next.url, clientEvent(uuidOf(3, 30)))).status, 200);
    assert.deepEqual(
      lines(log).map((l) => JSON.parse(l).uuid),
      [1, 2, 3].map((i) => uuidOf(i, 30)),
    );
    next.child.kill('SIGTERM');
    assert.equal((await next.exited).code, 0);
  });

  test('after SIGHUP the lock follows the new file: the rotated file is free, the new one is not', async () => {
    const log = join(dir, 'lock-rotate.jsonl');
    const c = await startCollector(['--log', log]);
    renameSync(log, `${log}.1`);
    c.child.kill('SIGHUP');
    await waitFor(() => /reopened .*lock-rotate\.jsonl \(0 bytes\)/.test(c.output()), 5_000, 'the reopen');
    const onNew = await collectorExit(['--log', log]);
    assert.equal(onNew.code, 2);
    assert.match(onNew.output, new RegExp(`pid ${c.child.pid}`));
    const onOld = await startCollector(['--log', `${log}.1`]);
    onOld.child.kill('SIGTERM');
    assert.equal((await onOld.exited).code, 0);
    c.child.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);
  });
});

describe('collect: refusals answered in order and counted', () => {
  const log = join(dir, 'refusals.jsonl');
  let c: Awaited<ReturnType<typeof startCollector>>;
  const ready = startCollector(['--log', log, '--rate-limit', '0', '--keep-field', 'os']).then((x) => (c = x));
  after(async () => {
    if (c === undefined) return;
    c.child.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);
  });

  test('pipelined: a valid event then a malformed request get 200 then a JSON 400, in that order; counted', async () => {
    await ready;
    const client = await RawClient.open(c.port);
    const ok = clientEvent(uuidOf(1, 31));
    client.write(`POST /track HTTP/1.1\r\nHost: t\r\nContent-Length: ${ok.length}\r\n\r\n${ok}GARBAGE / HTTP/9\r\n\r\n`);
    const answers = await client.responses(2);
    assert.equal(answers.length, 2, answers.join('|'));
    assert.match(answers[0], /^HTTP\/1\.1 200 [\s\S]*\{"status":"ok"\}$/);
    assert.match(answers[1], /^HTTP\/1\.1 400 [\s\S]*content-type: application\/json[\s\S]*\{"error":"not an HTTP\/1\.1 request"\}$/i);
    await waitFor(() => client.closed, 5_000, 'the close');
    assert.ok(lines(log).some((l) => l.includes(uuidOf(1, 31))));
    assert.ok(metric(await metrics(c.url), 'bazinga_collect_requests_refused_total{reason="bad_request"}') >= 1);
  });

  test('431 has a JSON body and is counted', async () => {
    await ready;
    const client = await RawClient.open(c.port);
    client.write(`GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(10_000)}\r\n\r\n`);
    const [answer] = await client.responses(1);
    assert.match(answer, /^HTTP\/1\.1 431 [\s\S]*\{"error":"request head larger than 8192 bytes or 50 lines"\}$/);
    assert.ok(metric(await metrics(c.url), 'bazinga_collect_requests_refused_total{reason="header_too_large"}') >= 1);
  });

  test('Expect: 100-continue with a body over the limit gets 413, never 100 Continue', async () => {
    await ready;
    const client = await RawClient.open(c.port);
    client.write('POST /track HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\nExpect: 100-continue\r\n\r\n');
    const [answer] = await client.responses(1);
    assert.match(answer, /^HTTP\/1\.1 413 [\s\S]*\{"error":"body larger than 16384 bytes"\}$/);
    // a small one gets its 100 Continue, then its answer
    const body = clientEvent(uuidOf(2, 31));
    const small = await RawClient.open(c.port);
    small.write(`POST /track HTTP/1.1\r\nHost: t\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`);
    await waitFor(() => /^HTTP\/1\.1 100 Continue\r\n\r\n/.test(small.peek()), 5_000, '100 Continue');
    small.take();
    small.write(body);
    const [done] = await small.responses(1);
    assert.match(done, /^HTTP\/1\.1 200 /);
    small.socket.destroy();
  });

  test('a client that hangs up mid-body is counted as such, not logged as an internal error', async () => {
    await ready;
    const client = await RawClient.open(c.port);
    client.write('POST /track HTTP/1.1\r\nHost: t\r\nContent-Length: 500\r\n\r\n{"uuid": ');
    await new Promise((r) => setTimeout(r, 100));
    client.socket.destroy();
    const before = Date.now();
    let closed = 0;
    while (closed < 1 && Date.now() - before < 5_000) {
      closed = metric(await metrics(c.url), 'bazinga_collect_client_closed_total');
      if (closed < 1) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(closed >= 1);
    assert.doesNotMatch(c.output(), /internal error/);
  });

  test('each schema refusal names its field; the uuid is stored in lowercase; a BOM is skipped', async () => {
    await ready;
    const refusals: [Record<string, string>, string][] = [
      [{ command: 'rm -rf /' }, 'command: not a lowercase word (a letter, then up to 31 letters, digits, "_" or "-")'],
      [{ version: '9'.repeat(16_000) }, 'version: more than 64 characters'],
      [{ version: '1.0 <script>' }, 'version: only letters, digits, ".", "-" and "+" are allowed'],
    ];
    for (const [fields, error] of refusals) {
      const res = await track(c.url, JSON.stringify({ uuid: uuidOf(3, 31), command: 'init', version: '2.0.0', timestamp: '2025-11-12T10:30:45', ...fields }));
      assert.deepEqual([res.status, await res.json()], [400, { error }]);
    }
    const surrogate = await track(
      c.url,
      `{"uuid": "${uuidOf(3, 31)}", "command": "init", "version": "2.0.0", "timestamp": "2025-11-12T10:30:45", "os": "\\ud800"}`,
    );
    assert.deepEqual([surrogate.status, await surrogate.json()], [400, { error: 'os: a lone surrogate is not I-JSON (RFC 7493)' }]);
    const upper = 'ABCDEF01-2345-4678-9ABC-DEF012345678';
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(clientEvent(upper))]);
    assert.equal((await track(c.url, bom)).status, 200);
    assert.ok(lines(log).some((l) => l.startsWith(`{"uuid": "${upper.toLowerCase()}"`)));
    assert.ok(!readFileSync(log, 'utf8').includes(upper));
    assert.ok(metric(await metrics(c.url), 'bazinga_collect_events_rejected_total{reason="invalid"}') >= 4);
  });

  test('HEAD works wherever GET does', async () => {
    await ready;
    for (const path of ['/healthz', '/metrics', '/report']) {
      const get = await fetch(`${c.url}${path}`);
      const head = await fetch(`${c.url}${path}`, { method: 'HEAD' });
      assert.equal(head.status, get.status, path);
      assert.equal(await head.text(), '');
    }
    assert.equal((await fetch(`${c.url}/track`, { method: 'HEAD' })).status, 405);
  });
});

test('collect: connections beyond the per-address cap get 503 and are counted; another address is served', async () => {
  const c = await startCollector(['--log', join(dir, 'cap.jsonl'), '--connections-per-address', '4']);
  const held = await Promise.all(Array.from({ length: 4 }, () => RawClient.open(c.port)));
  await new Promise((r) => setTimeout(r, 50));
  const over = await RawClient.open(c.port);
  const [answer] = await over.responses(1);
  assert.match(answer, /^HTTP\/1\.1 503 [\s\S]*retry-after: 5[\s\S]*\{"error":"too many connections from this client"\}$/i);
  await waitFor(() => over.closed, 5_000, 'the refused connection to close');
  const other = await post(c.url, clientEvent(uuidOf(4, 31)), { localAddress: '127.0.0.2', path: '/metrics' });
  assert.equal(other.status, 405);
  const fromOther = await post(c.url, clientEvent(uuidOf(4, 31)), { localAddress: '127.0.0.2' });
  assert.equal(fromOther.status, 200);
  for (const client of held) client.socket.destroy();
  await waitFor(() => held.every((h) => h.closed), 5_000, 'the held sockets to close');
  await new Promise((r) => setTimeout(r, 100));
  // the address has its connections back
  const text = await metrics(c.url);
  assert.equal(metric(text, 'bazinga_collect_connections_refused_total{reason="per_address"}'), 1);
  c.child.kill('SIGTERM');
  assert.equal((await c.exited).code, 0);
});

test('collect: /healthz recovers once a probe write succeeds after the disk filled up (a small tmpfs)', async (t) => {
  const mount = join(dir, 'small-disk');
  mkdirSync(mount);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    t.skip('mounting a small tmpfs needs root');
    return;
  }
  let c: Awaited<ReturnType<typeof startCollector>> | null = null;
  try {
    const log = join(mount, 'full.jsonl');
    c = await startCollector(['--log', log, '--rate-limit', '0']);
    assert.equal((await track(c.url, clientEvent(uuidOf(0, 32)))).status, 200);
    try {
      writeFileSync(join(mount, 'filler'), Buffer.alloc(1 << 20, 0x61));
    } catch {
      // ENOSPC: the disk is full now, which is the point
    }
    // the log's last page still has room for a few lines: post until the disk refuses one
    let status = 200;
    let n = 1;
    for (; status === 200 && n < 200; n++) status = (await track(c.url, clientEvent(uuidOf(n, 32)))).status;
    assert.equal(status, 503);
    const failing = await fetch(`${c.url}/healthz`);
    assert.deepEqual([failing.status, await failing.json()], [503, { status: 'failing', error: 'the last write failed: no space left on the device' }]);
    rmSync(join(mount, 'filler'));
    await new Promise((r) => setTimeout(r, 1_100)); // at most one probe a second
    const health = await fetch(`${c.url}/healthz`);
    assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
    // every line in the log was acknowledged, the refused one is not there, the probe left nothing behind
    assert.deepEqual(
      lines(log).map((l) => JSON.parse(l).uuid),
      Array.from({ length: n - 1 }, (_, i) => uuidOf(i, 32)),
    );
    assert.equal(existsSync(`${log}.probe`), false);
    assert.equal((await track(c.url, clientEvent(uuidOf(999, 32)))).status, 200);
    c.child.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);
  } finally {
    c?.child.kill('SIGKILL');
    execFileSync('umount', ['-l', mount]);
  }
});
