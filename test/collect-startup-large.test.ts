// Serving from the first second (issue #23): on a large log the collector answers /track before its live
// report has read the log, and /report and /healthz say it is loading. A 50 MB log is written and read
// (about 6 s).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { scratchDir } from './support/cli.js';
import { clientEvent, killCollectors, startCollector, uuidOf, waitFor, writeLog } from './support/collector.js';

const dir = scratchDir();
after(killCollectors);
const TOKEN = 'startup-token';
const auth = { Authorization: `Bearer ${TOKEN}` };
const track = (url: string, body: string) => fetch(`${url}/track`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

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
