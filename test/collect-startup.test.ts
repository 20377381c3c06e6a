// The collector from its first second, and its memory under junk (issue #23): on a large log it answers
// /track before the live report has read the log (/report says it is loading, /healthz too); the live report
// keeps at most MAX_DISTINCT_VALUES versions and commands apart, counting the rest as "other", with a metric
// and one line saying so. Real collectors on loopback, bounded in size and time.

import assert from 'node:assert/strict';
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAX_DISTINCT_VALUES } from '../src/collect/limits.js';
import { runCli, scratchDir } from './support/cli.js';
import { clientEvent, killCollectors, metric, startCollector, uuidOf, waitFor } from './support/collector.js';

const dir = scratchDir();
after(killCollectors);
const TOKEN = 'startup-token';
const auth = { Authorization: `Bearer ${TOKEN}` };
const track = (url: string, body: string) => fetch(`${url}/track`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

/** A log of `count` events from distinct installs over 28 days (no long empty runs), written in 1 MiB blocks. */
function writeLog(path: string, count: number): void {
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

test('collect: on a large log /track is answered before the live report is loaded; /report and /healthz say "loading"', async () => {
  const log = join(dir, 'large.jsonl');
  writeLog(log, 400_000);
  const c = await startCollector(['--log', log, '--rate-limit', '0', '--report-token', TOKEN]);
  assert.match(c.output(), /GET \/report is open with the bearer token \(loading\)/);
  const [posted, report, health] = await Promise.all([
    track(c.url, clientEvent(uuidOf(1, 41))),
    fetch(`${c.url}/report?format=json`, { headers: auth }),
    fetch(`${c.url}/healthz`),
  ]);
  const readyAtAnswers = /the live report is ready/.test(c.output());
  assert.equal(posted.status, 200);
  assert.equal(readyAtAnswers, false, 'the report was ready before the first answers: the log is too small to show anything');
  assert.deepEqual([report.status, report.headers.get('retry-after'), await report.json()], [503, '5', { error: 'the live report is loading the log' }]);
  assert.deepEqual([health.status, await health.json()], [200, { status: 'ok', report: 'loading' }]);
  await waitFor(() => /the live report is ready \(\d+\.\d s\)/.test(c.output()), 60_000, 'the live report');
  const loaded = await fetch(`${c.url}/report?format=json`, { headers: auth });
  assert.equal(loaded.status, 200);
  // the file's events and the one posted while loading, each once
  assert.equal(((await loaded.json()) as { uniques: number }).uniques, 400_001);
  assert.deepEqual(await (await fetch(`${c.url}/healthz`)).json(), { status: 'ok' });
  c.child.kill('SIGTERM');
  assert.equal((await c.exited).code, 0);
});

test('collect: distinct junk versions and commands beyond the cap are "other" in the live report, counted, and said once', async () => {
  const log = join(dir, 'junk.jsonl');
  const c = await startCollector(['--log', log, '--rate-limit', '0', '--report-token', TOKEN]);
  await waitFor(() => /the live report is ready/.test(c.output()), 10_000, 'the live report');
  const count = MAX_DISTINCT_VALUES + 500;
  for (let start = 0; start < count; start += 16) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(16, count - start) }, (_, k) => track(c.url, clientEvent(uuidOf(start + k, 42), `junk${start + k}`, `0.0.${start + k}`))),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
  }
  const report = (await (await fetch(`${c.url}/report?format=json`, { headers: auth })).json()) as {
    versions: { version: string; events: number }[];
    commands: { command: string; events: number }[];
  };
  assert.equal(report.versions.length, MAX_DISTINCT_VALUES + 1);
  assert.equal(report.commands.length, MAX_DISTINCT_VALUES + 1);
  assert.equal(report.versions.find((v) => v.version === 'other')?.events, 500);
  assert.equal(report.commands.find((v) => v.command === 'other')?.events, 500);
  const text = await (await fetch(`${c.url}/metrics`)).text();
  assert.equal(metric(text, 'bazinga_collect_values_over_cap_total{field="version"}'), 500);
  assert.equal(metric(text, 'bazinga_collect_values_over_cap_total{field="command"}'), 500);
  c.child.kill('SIGTERM');
  assert.equal((await c.exited).code, 0);
  assert.equal(c.output().match(/more than 1000 distinct versions: the live report counts the new ones as "other"/g)?.length, 1);
  assert.equal(c.output().match(/more than 1000 distinct commands/g)?.length, 1);
});

test('collect: the live report keeps a state beside the log; a restart reads only the lines added since, and reports the same', async () => {
  const log = join(dir, 'stateful.jsonl');
  writeLog(log, 3_000);
  const first = await startCollector(['--log', log, '--report-token', TOKEN]);
  await waitFor(() => /the live report is ready/.test(first.output()), 20_000, 'the live report');
  assert.equal((await track(first.url, clientEvent(uuidOf(1, 43), 'init', '2.0.0', '2025-01-29T10:30:45'))).status, 200);
  const before = await (await fetch(`${first.url}/report?format=json`, { headers: auth })).text();
  assert.equal(before, runCli(['report', '--format', 'json', log]).stdout);
  first.child.kill('SIGTERM');
  assert.equal((await first.exited).code, 0);
  assert.doesNotMatch(first.output(), /cannot save/);
  // lines added while no collector runs (another tool, a restore): read after the state
  const added = `{"uuid": "${uuidOf(2, 43)}", "command": "update", "version": "2.1.0", "timestamp": "2025-01-30T10:30:45"}\n`;
  appendFileSync(log, added);
  const second = await startCollector(['--log', log, '--report-token', TOKEN]);
  await waitFor(() => /the live report is ready/.test(second.output()), 20_000, 'the live report');
  assert.match(second.output(), new RegExp(`the live report starts from its state \\(\\d+ bytes\\), reading the ${added.length} bytes after it`));
  const live = await (await fetch(`${second.url}/report?format=json`, { headers: auth })).text();
  assert.equal(live, runCli(['report', '--format', 'json', log]).stdout);
  second.child.kill('SIGTERM');
  assert.equal((await second.exited).code, 0);
  // a state that does not fit the log (here: other settings) is not used, and says why
  const third = await startCollector(['--log', log, '--report-token', TOKEN, '--tz', 'Europe/Berlin']);
  await waitFor(() => /the live report is ready/.test(third.output()), 20_000, 'the live report');
  assert.match(third.output(), /the live report's state is not used: .*--tz.*; reading the whole log/);
  const zoned = await (await fetch(`${third.url}/report?format=json`, { headers: auth })).text();
  assert.equal(zoned, runCli(['report', '--format', 'json', '--tz', 'Europe/Berlin', log]).stdout);
  third.child.kill('SIGTERM');
  assert.equal((await third.exited).code, 0);
});
