// The live report from the collector's start, and its memory under junk (issue #23): the live report keeps
// at most MAX_DISTINCT_VALUES versions and commands apart, counting the rest as "other", with a metric and one
// line saying so; it keeps a state beside the log, so a restart reads only what was added. Serving /track before
// a large log is loaded: test/collect-startup-large.test.ts. Real collectors on loopback, bounded.

import assert from 'node:assert/strict';
import { appendFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAX_DISTINCT_VALUES } from '../src/collect/limits.js';
import { runCli, scratchDir } from './support/cli.js';
import { clientEvent, killCollectors, metric, startCollector, uuidOf, waitFor, writeLog } from './support/collector.js';

const dir = scratchDir();
after(killCollectors);
const TOKEN = 'startup-token';
const auth = { Authorization: `Bearer ${TOKEN}` };
const track = (url: string, body: string) => fetch(`${url}/track`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

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
  // nothing added: the state already holds the whole report, and is not written again, neither at start nor at stop
  const saved = statSync(`${log}.report-state`);
  const idle = await startCollector(['--log', log, '--report-token', TOKEN]);
  await waitFor(() => /the live report is ready/.test(idle.output()), 20_000, 'the live report');
  assert.match(idle.output(), /the live report starts from its state \(\d+ bytes\), reading the 0 bytes after it/);
  assert.equal(await (await fetch(`${idle.url}/report?format=json`, { headers: auth })).text(), live);
  idle.child.kill('SIGTERM');
  assert.equal((await idle.exited).code, 0);
  const after = statSync(`${log}.report-state`);
  assert.deepEqual([after.ino, after.mtimeMs], [saved.ino, saved.mtimeMs]);
  // a state that does not fit the log (here: other settings) is not used, and says why
  const third = await startCollector(['--log', log, '--report-token', TOKEN, '--tz', 'Europe/Berlin']);
  await waitFor(() => /the live report is ready/.test(third.output()), 20_000, 'the live report');
  assert.match(third.output(), /the live report's state is not used: .*--tz.*; reading the whole log/);
  const zoned = await (await fetch(`${third.url}/report?format=json`, { headers: auth })).text();
  assert.equal(zoned, runCli(['report', '--format', 'json', '--tz', 'Europe/Berlin', log]).stdout);
  third.child.kill('SIGTERM');
  assert.equal((await third.exited).code, 0);
});
