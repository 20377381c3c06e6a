// What the collector promises about the disk (issue #11): a 200 only for an event that is on disk; kill -9
// under load loses no acknowledged event and glues no torn fragment onto the next line; SIGHUP reopens the
// log (logrotate's `create`); SIGTERM finishes what is in flight; a full disk is a 503, never a 200.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, scratchDir } from '../support/cli.js';
import { RawClient, clientEvent, fetchReport, killCollectors, startCollector, uuidOf, waitFor } from '../support/collector.js';

const dir = scratchDir();
after(killCollectors);
const TOKEN = 'rotation-token';

const track = (url: string, body: string) => fetch(`${url}/track`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

test('collect: kill -9 under concurrent load, 10 times: every acknowledged event is in the file exactly once, no torn line', async () => {
  const log = join(dir, 'crash.jsonl');
  const acknowledged = new Set<string>();
  let next = 0;
  for (let kill = 0; kill < 10; kill++) {
    const c = await startCollector(['--log', log, '--rate-limit', '0']);
    let running = true;
    const worker = async () => {
      while (running) {
        const uuid = uuidOf(next++, 7);
        try {
          const res = await track(c.url, clientEvent(uuid, 'update', '2.0.0', `2025-11-${10 + (next % 18)}T10:30:45.${String(next % 1e6).padStart(6, '0')}`));
          if (res.status === 200) acknowledged.add(uuid);
          else await res.arrayBuffer();
        } catch {
          // the server is gone: this event was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    const before = acknowledged.size;
    await waitFor(() => acknowledged.size - before >= 50, 10_000, 'some acknowledged events');
    await new Promise((r) => setTimeout(r, 50 + kill * 20));
    c.child.kill('SIGKILL');
    await c.exited;
    running = false;
    await Promise.all(workers);
  }
  // the restart repairs a torn tail, as an operator's restart would
  const last = await startCollector(['--log', log]);
  last.child.kill('SIGTERM');
  assert.equal((await last.exited).code, 0);

  const seen = new Map<string, number>();
  for (const line of lines(log)) {
    const uuid = JSON.parse(line).uuid as string; // every line is whole JSON: nothing torn, nothing glued
    seen.set(uuid, (seen.get(uuid) ?? 0) + 1);
  }
  const lost = [...acknowledged].filter((uuid) => !seen.has(uuid));
  assert.deepEqual(lost, [], `${lost.length} acknowledged events lost`);
  const twice = [...seen].filter(([, n]) => n > 1);
  assert.deepEqual(twice, []);
  assert.ok(acknowledged.size >= 500, `only ${acknowledged.size} events acknowledged`);
  const report = runCli(['report', '--strict', '--format', 'json', log]);
  assert.equal(report.code, 0, report.stderr);
  const input = JSON.parse(report.stdout).input;
  assert.deepEqual([input.invalid, input.blank, input.events], [0, 0, seen.size]);
});

test('collect: a torn last line at start is moved to LOG.torn; a whole event without its newline is kept', async () => {
  const ok = `{"uuid": "${uuidOf(1, 8)}", "command": "init", "version": "1.0.0", "timestamp": "2025-11-12T10:30:45"}`;
  const torn = join(dir, 'torn.jsonl');
  writeFileSync(torn, `${ok}\n{"uuid": "${uuidOf(2, 8)}", "comm`);
  const whole = join(dir, 'whole.jsonl');
  writeFileSync(whole, ok);
  for (const [log, notice] of [
    [torn, /moved a torn last line of 54 bytes to .*torn\.jsonl\.torn/],
    [whole, /the last line had no newline; added one/],
  ] as const) {
    const c = await startCollector(['--log', log]);
    assert.equal((await track(c.url, clientEvent(uuidOf(3, 8)))).status, 200);
    c.child.kill('SIGTERM');
    await c.exited;
    assert.match(c.output(), notice);
    assert.deepEqual(
      lines(log).map((l) => JSON.parse(l).uuid),
      [uuidOf(1, 8), uuidOf(3, 8)],
    );
    assert.equal(runCli(['report', '--strict', log]).code, 0);
  }
  // nothing deleted: the fragment is in the side file, as a line of its own
  assert.equal(readFileSync(`${torn}.torn`, 'utf8'), `{"uuid": "${uuidOf(2, 8)}", "comm\n`);
  assert.equal(existsSync(`${whole}.torn`), false);
});

test('collect: SIGHUP reopens the log (logrotate create); the live report follows the new file', async () => {
  const log = join(dir, 'rotate.jsonl');
  const c = await startCollector(['--log', log, '--report-token', TOKEN]);
  for (let i = 0; i < 3; i++) assert.equal((await track(c.url, clientEvent(uuidOf(i, 9)))).status, 200);
  renameSync(log, `${log}.1`);
  c.child.kill('SIGHUP');
  await waitFor(() => /reopened .*rotate\.jsonl \(0 bytes\)/.test(c.output()), 5_000, 'the reopen');
  for (let i = 3; i < 5; i++) assert.equal((await track(c.url, clientEvent(uuidOf(i, 9), 'update'))).status, 200);
  assert.deepEqual(
    lines(`${log}.1`).map((l) => JSON.parse(l).uuid),
    [0, 1, 2].map((i) => uuidOf(i, 9)),
  );
  assert.deepEqual(
    lines(log).map((l) => JSON.parse(l).uuid),
    [3, 4].map((i) => uuidOf(i, 9)),
  );
  const live = await (await fetchReport(c.url, TOKEN, '?format=json')).text();
  assert.equal(live, runCli(['report', '--format', 'json', log]).stdout);
  assert.equal(JSON.parse(live).uniques, 2);
  c.child.kill('SIGTERM');
  assert.equal((await c.exited).code, 0);
});

test('collect: SIGTERM finishes the request in flight, refuses new connections, syncs and exits 0', async () => {
  const log = join(dir, 'drain.jsonl');
  const c = await startCollector(['--log', log]);
  const body = clientEvent(uuidOf(1, 10));
  const slow = await RawClient.open(c.port);
  slow.write(`POST /track HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 40)}`);
  await new Promise((r) => setTimeout(r, 100));
  c.child.kill('SIGTERM');
  await waitFor(() => /SIGTERM: finishing the requests in flight/.test(c.output()), 5_000, 'the drain to start');
  await assert.rejects(track(c.url, clientEvent(uuidOf(2, 10))));
  slow.write(body.slice(40));
  const [answer] = await slow.responses(1);
  assert.match(answer, /^HTTP\/1\.1 200 [\s\S]*\{"status":"ok"\}$/);
  assert.match(answer, /\r\nConnection: close\r\n/i);
  assert.equal((await c.exited).code, 0);
  assert.deepEqual(
    lines(log).map((l) => JSON.parse(l).uuid),
    [uuidOf(1, 10)],
  );
  assert.match(c.output(), /stopped; last minute: 1 accepted/);
});

test('collect: a full disk (/dev/full) is 503 with Retry-After, never 200; /healthz says so', async () => {
  const c = await startCollector(['--log', '/dev/full']);
  const res = await track(c.url, clientEvent(uuidOf(1, 11)));
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '5');
  assert.deepEqual(await res.json(), { error: 'could not store the event: no space left on the device' });
  const health = await fetch(`${c.url}/healthz`);
  assert.deepEqual([health.status, await health.json()], [503, { status: 'failing', error: 'the last write failed: no space left on the device' }]);
  assert.match(await (await fetch(`${c.url}/metrics`)).text(), /^bazinga_collect_events_rejected_total\{reason="not_stored"\} 1$/m);
  c.child.kill('SIGTERM');
  assert.equal((await c.exited).code, 0);
});
