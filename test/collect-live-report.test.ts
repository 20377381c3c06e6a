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

for (const [tz, by] of [['UTC', 'day'], ['Europe/Berlin', 'week'], ['America/Los_Angeles', 'month']] as const) {
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
