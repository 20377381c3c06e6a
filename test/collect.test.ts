// `bazinga-stats collect` as a client meets it (issue #11): a real server on a loopback port, real clients
// (fetch as the BAZINGA client's httpx posts, raw sockets for what fetch cannot send), every answer of the
// spec, and no client address in any byte the collector writes.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, eventLine as dumpsLine, runCli, scratchDir } from './support/cli.js';
import { RawClient, clientEvent, fetchReport, killCollectors, post, startCollector, uuidOf, waitFor, type RunningCollector } from './support/collector.js';

const TOKEN = 's3cret-token';
const dir = scratchDir();
after(killCollectors);

const track = (c: RunningCollector, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  fetch(`${c.url}/track`, { method: 'POST', body, headers });

describe('collect: answers', { concurrency: true }, () => {
  const log = join(dir, 'answers.jsonl');
  let c: RunningCollector;
  before(async () => {
    c = await startCollector(['--log', log, '--keep-field', 'os'], { BAZINGA_STATS_REPORT_TOKEN: TOKEN });
    // the live report loads in the background (issue #23); these tests start once it is ready
    await waitFor(() => /the live report is ready/.test(c.output()), 20_000, 'the live report');
  });
  after(async () => {
    c.child.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);
  });

  test('200 {"status":"ok"} and the four fields in json.dumps shape; other fields dropped, --keep-field kept', async () => {
    const uuid = uuidOf(1, 1);
    const res = await track(
      c,
      JSON.stringify({ uuid, command: 'init', version: '2.0.0', timestamp: '2025-11-12T10:30:45', extra_data: { ip: 'x' }, os: 'linux' }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(await res.text(), '{"status":"ok"}');
    const line = readFileSync(log, 'utf8')
      .split('\n')
      .find((l) => l.includes(uuid));
    assert.equal(line, dumpsLine(uuid, 'init', '2.0.0', '2025-11-12T10:30:45').slice(0, -1) + ', "os": "linux"}');
  });

  test('non-ASCII and escapes in a kept field are written as json.dumps writes them (\\uXXXX) and read back unchanged', async () => {
    const uuid = uuidOf(2, 1);
    const res = await track(
      c,
      JSON.stringify({ uuid, command: 'init', version: '2.0.0', timestamp: '2025-11-12T10:30:45+02:00', os: 'ïnit "q" \\ \u{1F600}\t' }),
    );
    assert.equal(res.status, 200);
    const line = readFileSync(log, 'utf8')
      .split('\n')
      .find((l) => l.includes(uuid))!;
    assert.equal(
      line,
      `{"uuid": "${uuid}", "command": "init", "version": "2.0.0", "timestamp": "2025-11-12T10:30:45+02:00", "os": "\\u00efnit \\"q\\" \\\\ \\ud83d\\ude00\\t"}`,
    );
    assert.equal(JSON.parse(line).os, 'ïnit "q" \\ \u{1F600}\t');
  });

  test('400 with the reason `bazinga-stats report` gives for the same line', async () => {
    const bodies = [
      '{"uuid": "not-a-uuid", "command": "init", "version": "1", "timestamp": "2025-11-12T10:30:45"}',
      `{"uuid": "${uuidOf(3)}", "command": "init", "version": "1", "timestamp": "2025-02-30T10:30:45"}`,
      `{"uuid": "${uuidOf(3)}", "command": "init", "version": "1"}`,
      `{"uuid": "${uuidOf(3)}", "command": 7, "version": "1", "timestamp": "2025-11-12T10:30:45"}`,
      `{"uuid": "${uuidOf(3)}", "command": "", "version": "1", "timestamp": "2025-11-12T10:30:45"}`,
      '[1, 2]',
      '{"uuid": ',
      'null',
    ];
    const reasons: string[] = [];
    for (const body of bodies) {
      const res = await track(c, body);
      assert.equal(res.status, 400, body);
      reasons.push(((await res.json()) as { error: string }).error);
    }
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, bodies.join('\n') + '\n');
    const printed = runCli(['report', file])
      .stderr.split('\n')
      .filter((l) => l.startsWith(file))
      .map((l) => l.slice(l.indexOf(': ') + 2));
    assert.deepEqual(reasons, printed);
    // bytes that are not UTF-8, and an empty body
    const latin1 = await fetch(`${c.url}/track`, {
      method: 'POST',
      body: Buffer.from(`{"uuid": "${uuidOf(4)}", "command": "\xe9", "version": "1", "timestamp": "2025-11-12T10:30:45"}`, 'latin1'),
    });
    assert.deepEqual([latin1.status, await latin1.json()], [400, { error: 'not valid UTF-8' }]);
    const empty = await track(c, '');
    assert.deepEqual([empty.status, await empty.json()], [400, { error: 'empty body' }]);
    assert.doesNotMatch(readFileSync(log, 'utf8'), /not-a-uuid|2025-02-30/);
  });

  test('413 over the body limit without resetting: the next request on the same connection succeeds', async () => {
    const client = await RawClient.open(c.port);
    const big = 'x'.repeat(20_000);
    const ok = clientEvent(uuidOf(5, 1));
    client.write(`POST /track HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n${big}`);
    client.write(`POST /track HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${ok.length}\r\n\r\n${ok}`);
    const [first, second] = await client.responses(2);
    assert.match(first, /^HTTP\/1\.1 413 /);
    assert.match(first, /\{"error":"body larger than 16384 bytes"\}$/);
    assert.match(second, /^HTTP\/1\.1 200 /);
    assert.equal(client.closed, false);
    // the same with a chunked body that only turns out too big as it arrives
    client.write(`POST /track HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4e20\r\n${big}\r\n0\r\n\r\n`);
    client.write(`POST /track HTTP/1.1\r\nHost: t\r\nContent-Length: ${ok.length}\r\n\r\n${ok}`);
    const [third, fourth] = await client.responses(2);
    assert.match(third, /^HTTP\/1\.1 413 /);
    assert.match(fourth, /^HTTP\/1\.1 200 /);
    client.socket.destroy();
  });

  test('a body declared far over the limit gets 413 and Connection: close, without being read', async () => {
    const client = await RawClient.open(c.port);
    client.write(`POST /track HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000000\r\n\r\n{"uuid"`);
    const [answer] = await client.responses(1);
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /connection: close/i);
    await waitFor(() => client.closed, 5_000, 'the server to close the connection');
  });

  test('431 for a head over the limit', async () => {
    const client = await RawClient.open(c.port);
    client.write(`POST /track HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(10_000)}\r\n\r\n`);
    await waitFor(() => client.closed, 5_000, 'the close');
    assert.match(client.take(), /^HTTP\/1\.1 431 /);
  });

  test('a half-sent request is cut off by the header timeout (408), not held open', async () => {
    const client = await RawClient.open(c.port);
    const started = Date.now();
    client.write('POST /track HTTP/1.1\r\nHost: t\r\nContent-Le');
    await waitFor(() => client.closed, 20_000, 'the server to drop the slow client');
    assert.match(client.take(), /^HTTP\/1\.1 408 /);
    assert.ok(Date.now() - started >= 4_000, 'not before the 5 s header timeout (less the check interval)');
  });

  test('405 with Allow for other methods, 404 for other paths', async () => {
    const get = await fetch(`${c.url}/track`);
    assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST']);
    const put = await fetch(`${c.url}/healthz`, { method: 'PUT' });
    assert.deepEqual([put.status, put.headers.get('allow')], [405, 'GET, HEAD']);
    const missing = await fetch(`${c.url}/track/x`, { method: 'POST', body: '{}' });
    assert.deepEqual([missing.status, await missing.json()], [404, { error: 'not found' }]);
  });

  test('/healthz and /metrics', async () => {
    const health = await fetch(`${c.url}/healthz`);
    assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
    // the tests of this block run concurrently: post one event of its own rather than count on another test's
    assert.equal((await track(c, clientEvent(uuidOf(9, 1), 'init', '2.0.0', '2025-11-12T10:30:45'))).status, 200);
    await track(c, 'nope');
    const metrics = await (await fetch(`${c.url}/metrics`)).text();
    assert.match(metrics, /^bazinga_collect_events_accepted_total [1-9]\d*$/m);
    assert.match(metrics, /^bazinga_collect_events_rejected_total\{reason="invalid"\} [1-9]\d*$/m);
    assert.match(metrics, /^bazinga_collect_invalid_events_total\{reason="not valid JSON"\} [1-9]\d*$/m);
    assert.match(metrics, /^bazinga_collect_fsync_seconds_count [1-9]\d*$/m);
    assert.match(metrics, /^bazinga_collect_written_bytes_total [1-9]\d*$/m);
  });

  test('/report needs the bearer token; with it, it says what `bazinga-stats report` says about the file', async () => {
    assert.equal((await fetch(`${c.url}/report`)).status, 401);
    assert.equal((await fetch(`${c.url}/report`, { headers: { Authorization: `Bearer ${TOKEN}x` } })).status, 401);
    assert.equal((await fetch(`${c.url}/report`, { headers: { Authorization: `Basic ${TOKEN}` } })).status, 401);
    const auth = { Authorization: `Bearer ${TOKEN}` };
    for (let i = 0; i < 5; i++) await track(c, clientEvent(uuidOf(100 + (i % 3), 1), i ? 'update' : 'init', `2.0.${i}`, `2025-11-1${i}T10:30:45`));
    const live = await (await fetchReport(c.url, TOKEN, '?format=json')).text();
    assert.equal(live, runCli(['report', '--format', 'json', log]).stdout);
    const html = await fetchReport(c.url, TOKEN);
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await html.text(), /^<!DOCTYPE html>[\s\S]*Upgrade paths/);
    assert.equal((await fetch(`${c.url}/report?format=xml`, { headers: auth })).status, 400);
  });
});

test('collect: /report?format=json has every period, runs of 6 and more empty ones too, as `report --format json` (issue #23)', async () => {
  // 6 empty days (01-04..01-09: on 01-03 the install goes dormant), then 9 empty weeks: the HTML page shows each
  // run as one line, JSON has every row
  const log = join(dir, 'gaps.jsonl');
  writeFileSync(
    log,
    [
      ['2025-01-01T10:00:00', 'init', 1],
      ['2025-01-02T10:00:00', 'update', 1],
      ['2025-01-10T10:00:00', 'update', 1],
      ['2025-03-20T10:00:00', 'init', 2],
    ]
      .map(([timestamp, command, n]) => `${dumpsLine(uuidOf(n as number, 5), command as string, '1.0.0', timestamp as string)}\n`)
      .join(''),
  );
  for (const by of ['day', 'week']) {
    const c = await startCollector(['--log', log, '--report-token', TOKEN, '--by', by]);
    try {
      const json = await (await fetchReport(c.url, TOKEN, '?format=json')).text();
      assert.equal(json, runCli(['report', '--format', 'json', '--by', by, log]).stdout, `--by ${by}`);
      // after a group reaches the disk: the live analyzer's snapshot, not the one made at load
      assert.equal((await track(c, clientEvent(uuidOf(3, 5), 'init', '1.0.0', '2025-04-30T10:00:00'))).status, 200);
      const grown = await (await fetchReport(c.url, TOKEN, '?format=json')).text();
      assert.equal(grown, runCli(['report', '--format', 'json', '--by', by, log]).stdout, `--by ${by}, after a post`);
      // the page still shows each long run as one line
      const html = await (await fetchReport(c.url, TOKEN)).text();
      assert.match(html, by === 'day' ? /6 days without events \(2025-01-04 to 2025-01-09\)/ : /weeks without events/);
    } finally {
      c.child.kill('SIGTERM');
      await c.exited;
    }
  }
  // beyond the rows JSON holds (--window .. and stamps 0001 and 9999), JSON is refused as the CLI refuses it; the page is served
  const wide = join(dir, 'wide.jsonl');
  writeFileSync(
    wide,
    `${dumpsLine(uuidOf(1, 6), 'init', '1.0.0', '0001-01-01T10:00:00')}\n${dumpsLine(uuidOf(1, 6), 'update', '1.0.0', '9999-01-10T10:00:00')}\n`,
  );
  const c = await startCollector(['--log', wide, '--report-token', TOKEN, '--window', '..']);
  try {
    const res = await fetchReport(c.url, TOKEN, '?format=json');
    const cli = runCli(['report', '--format', 'json', '--window', '..', wide]);
    assert.equal(cli.code, 2);
    assert.deepEqual([res.status, await res.json()], [500, { error: cli.stderr.replace(/^bazinga-stats: /, '').trimEnd() }]);
    assert.equal((await fetchReport(c.url, TOKEN)).status, 200);
  } finally {
    c.child.kill('SIGTERM');
    await c.exited;
  }
});

test('collect: /report is closed without a token, with the same 401 as a wrong token (issue #23)', async () => {
  const c = await startCollector(['--log', join(dir, 'closed.jsonl')]);
  for (const authorization of ['Bearer ', `Bearer ${TOKEN}`]) {
    const res = await fetch(`${c.url}/report`, { headers: { Authorization: authorization } });
    assert.deepEqual(
      [res.status, res.headers.get('www-authenticate'), await res.json()],
      [401, 'Bearer realm="bazinga-stats"', { error: 'a valid "Authorization: Bearer TOKEN" header is needed' }],
    );
  }
  c.child.kill('SIGINT');
  assert.equal((await c.exited).code, 0);
});

test('collect: 429 with Retry-After over the per-client rate limit', async () => {
  // 0.2 events a second: a burst of one (5 s worth), then the next token 5 s later
  const c = await startCollector(['--log', join(dir, 'rate.jsonl'), '--rate-limit', '0.2']);
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 3; i++) {
    const res = await track(c, clientEvent(uuidOf(i, 2)));
    statuses.push(res.status);
    if (res.status === 429) retryAfter = res.headers.get('retry-after');
  }
  assert.deepEqual(statuses, [200, 429, 429]);
  assert.equal(retryAfter, '5');
  assert.equal(readFileSync(join(dir, 'rate.jsonl'), 'utf8').split('\n').length - 1, statuses.filter((s) => s === 200).length);
  c.child.kill('SIGTERM');
  await c.exited;
});

test('collect: no client address in any byte written (log, stderr, metrics, report)', async () => {
  // clients come from 127.0.0.77, an address nothing else here prints
  const log = join(dir, 'private.jsonl');
  const c = await startCollector(['--log', log, '--report-token', TOKEN, '--rate-limit', '2']);
  const from = { localAddress: '127.0.0.77' };
  const answers = [];
  answers.push(await post(c.url, clientEvent(uuidOf(1, 3)), from));
  answers.push(await post(c.url, '{"uuid": "bad"}', from));
  answers.push(await post(c.url, 'x'.repeat(20_000), from));
  for (let i = 0; i < 12; i++) answers.push(await post(c.url, clientEvent(uuidOf(10 + i, 3)), from));
  answers.push(await post(c.url, '{}', { ...from, path: '/elsewhere' }));
  assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200, 400, 413, 429, 404]));
  const metrics = await (await fetch(`${c.url}/metrics`)).text();
  const report = await (await fetchReport(c.url, TOKEN, '?format=json')).text();
  const html = await (await fetchReport(c.url, TOKEN)).text();
  c.child.kill('SIGTERM');
  await c.exited;
  const written = [readFileSync(log, 'latin1'), c.output(), metrics, report, html, ...answers.map((a) => a.body + JSON.stringify(a.headers))];
  for (const text of written) {
    assert.doesNotMatch(text, /127\.0\.0\.77|7f00:4d|2130706509/);
  }
  assert.match(c.output(), /stopped; last minute: \d+ accepted/);
});

test('collect: start-up errors are one line and exit status 2', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as { port: number }).port;
  const cases: [string[], RegExp][] = [
    [['--log', join(dir, 'p.jsonl'), '--port', String(port)], new RegExp(`^bazinga-stats: --port ${port}: 127\\.0\\.0\\.1:${port} is already in use\\n$`)],
    [['--log', join(dir, 'no-such-folder', 'x.jsonl'), '--port', '0'], /^bazinga-stats: --log .*x\.jsonl: its folder does not exist\n$/],
    [['--log', dir, '--port', '0'], /^bazinga-stats: --log .*: is a directory\n$/],
    [['--port', '0'], /^bazinga-stats: collect: --log FILE is required/],
    [['--log', join(dir, 'p.jsonl'), '--prot', '1'], /^bazinga-stats: collect: unknown flag --prot/],
    [['--log', join(dir, 'p.jsonl'), '--port', '99999'], /^bazinga-stats: --port: '99999' is not a port number/],
    [['--log', join(dir, 'p.jsonl'), '--rate-limit', 'lots'], /^bazinga-stats: --rate-limit: 'lots'/],
    [['--log', join(dir, 'p.jsonl'), '--tz', 'Mars/Base'], /^bazinga-stats: --tz: unknown time zone 'Mars\/Base'/],
  ];
  try {
    for (const [args, expected] of cases) {
      const result = runCli(['collect', ...args]);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, expected);
      assert.equal(result.stderr.split('\n').length, 2, result.stderr);
      assert.equal(result.stdout, '');
    }
  } finally {
    busy.close();
  }
  assert.match(runCli(['collect', '--help']).stdout, /--report-token/);
});

test('collect: what docs/collecting.md quotes is what the collector prints', async () => {
  const page = readFileSync(join(ROOT, 'docs', 'collecting.md'), 'utf8');
  const cwd = join(dir, 'docs');
  mkdirSync(cwd);
  const c = await startCollector(['--log', 'telemetry.jsonl'], {}, cwd);
  const ready = c.output().trim().replace(`:${c.port}/`, ':5000/');
  assert.ok(page.includes(`\n${ready}\n`), `the page does not show the ready line: ${ready}`);
  const body = /-d '(\{.*\})'/.exec(page)![1];
  const ok = await (await track(c, body)).text();
  assert.ok(page.includes(`\n\`\`\`\n${ok}\n\`\`\`\n`), ok);
  const stored = readFileSync(join(cwd, 'telemetry.jsonl'), 'utf8').trim();
  assert.ok(page.includes(`\n  ${stored}\n`), `the page does not show the stored line: ${stored}`);
  const refused = (await (await track(c, body.replace('550e8400-e29b-41d4-a716-446655440000', '550e8400'))).json()) as { error: string };
  assert.ok(page.includes(JSON.stringify(refused.error)), refused.error);
  c.child.kill('SIGTERM');
  await c.exited;
  // the summary line, with the sync times (which vary) masked
  const mask = (text: string) => text.replace(/\d+\.\d ms/g, 'N ms');
  const summary = /stopped; (last minute: .*)/.exec(c.output())![1];
  assert.ok(mask(page).includes(`bazinga-stats collect: ${mask(summary)}\n`), summary);
});
