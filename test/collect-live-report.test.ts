// The collector's live report rests on Analyzer.snapshot(): the report of the events so far, again and
// again, while more keep coming. Each snapshot must equal what a fresh Analyzer says about the same prefix
// (what `bazinga-stats report` on the file at that moment prints), for every section, zone and period.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analyzer, type AnalysisOptions } from '../src/core/analyzer.js';
import type { Section } from '../src/core/report.js';
import { generateTrickyData } from './support/generate-tricky.js';

const SECTIONS: Section[] = ['uniques', 'periods', 'versions', 'commands', 'upgrades', 'retention'];

function fresh(bytes: Buffer, options: Partial<AnalysisOptions>) {
  const analyzer = new Analyzer(options);
  analyzer.beginInput('log');
  analyzer.push(bytes);
  analyzer.endInput();
  return analyzer.finish();
}

for (const [tz, by] of [
  ['UTC', 'day'],
  ['Europe/Berlin', 'week'],
  ['America/Los_Angeles', 'month'],
] as const) {
  test(`Analyzer.snapshot() after each group equals a fresh report of the same lines (${tz}, by ${by})`, () => {
    const { bytes } = generateTrickyData(11, 3000, { bom: false, noFinalNewline: false, outliers: true });
    const options: Partial<AnalysisOptions> = { sections: SECTIONS, tz, by, today: '2026-01-31' };
    const live = new Analyzer(options);
    live.beginInput('log');
    // groups of whole lines, as the collector feeds them, cut at several sizes
    let start = 0;
    let group = 0;
    while (start < bytes.length) {
      let end = start;
      for (let lines = 0; lines < 1 + ((group * 37) % 400) && end < bytes.length; lines++) end = bytes.indexOf(0x0a, end) + 1 || bytes.length;
      live.push(bytes.subarray(start, end));
      start = end;
      group++;
      if (group % 3 === 0 || start === bytes.length) {
        assert.deepEqual(live.snapshot(), fresh(bytes.subarray(0, start), options), `after ${start} bytes`);
        // a second snapshot without new lines is the same again
        if (group % 9 === 0) assert.deepEqual(live.snapshot(), fresh(bytes.subarray(0, start), options));
      }
    }
    assert.ok(group > 10);
  });
}

test('the live report follows the day: an event dated after the window enters it when the day turns, as in a fresh report', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { LogWriter } = await import('../src/collect/log-writer.js');
  const { LiveReport } = await import('../src/collect/live-report.js');
  const { eventLine } = await import('../src/collect/event-line.js');
  const dir = mkdtempSync(join(tmpdir(), 'bazinga-live-'));
  try {
    let today = '2026-01-01';
    let live: InstanceType<typeof LiveReport> | null = null;
    const writer = await LogWriter.open(join(dir, 'log.jsonl'), { group: (lines) => live?.added(lines) });
    const options: Partial<AnalysisOptions> = { sections: SECTIONS, tz: 'UTC', by: 'day' };
    live = new LiveReport(writer, options, () => today);
    await live.load();
    const lines: Buffer[] = [];
    for (const [n, timestamp] of [
      [1, '2025-12-31T10:00:00'],
      [2, '2026-01-02T23:59:59'],
      [3, '2026-01-03T00:00:00'],
    ] as const) {
      const judged = eventLine(
        Buffer.from(`{"uuid": "00000000-0000-4000-8000-00000000000${n}", "command": "init", "version": "1.0.0", "timestamp": "${timestamp}"}`),
      );
      assert.ok('line' in judged);
      lines.push(judged.line);
      await writer.append(judged.line);
    }
    const expected = (day: string) => fresh(Buffer.concat(lines), { ...options, today: day });
    const before = await live.report();
    assert.deepEqual(before, expected('2026-01-01'));
    assert.equal(before.input.outside, 1); // 2026-01-03 is after the day after today
    today = '2026-01-02';
    const after = await live.report();
    assert.deepEqual(after, expected('2026-01-02'));
    assert.deepEqual([after.input.outside, after.uniques], [0, 3]);
    await writer.close();
    await live.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('maxDistinct: beyond the cap a new version or command is counted as "other" (the collector\'s live report, issue #23)', () => {
  const lines = Array.from(
    { length: 6 },
    (_, i) => `{"uuid": "550e8400-e29b-41d4-a716-44665544000${i}", "command": "c${i}", "version": "1.${i}.0", "timestamp": "2025-11-12T10:30:45"}\n`,
  ).join('');
  const analyzer = new Analyzer({ sections: ['versions', 'commands'], today: '2026-01-31', maxDistinct: 2 });
  analyzer.beginInput('log');
  analyzer.push(Buffer.from(lines));
  analyzer.endInput();
  const report = analyzer.finish();
  assert.deepEqual(report.commands!.map((c) => [c.command, c.events]).sort(), [
    ['c0', 1],
    ['c1', 1],
    ['other', 4],
  ]);
  assert.deepEqual(report.versions!.rows.map((v) => [v.version, v.events]).sort(), [
    ['1.0.0', 1],
    ['1.1.0', 1],
    ['other', 4],
  ]);
});
