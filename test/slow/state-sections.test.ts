// Every registered section, run for run (issue #12): a full run equals the incremental runs, the merged shards
// and the continued segments on 12 seeded tricky logs and 6 logs as the client writes them, per section. Moved
// from test/state.test.ts (17-20 s) to keep `npm test` within its 3 minutes (issue #19); that file still checks
// that every section keeps a state and runs all sections at once.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SECTIONS } from '../../src/reducers/index.js';
import { StateError } from '../../src/state/summary.js';
import { generateTrickyData } from '../support/generate-tricky.js';
import { coldRun, continuedRun, incrementalRun, mergedRun, NOT_YET, realisticLog, slices, splitPoints } from '../support/state-runs.js';

describe('state: every registered section, full run = incremental runs = merged shards', () => {
  const settings: object[] = [
    {},
    { tz: 'Pacific/Chatham' },
    { tz: 'America/Los_Angeles', filters: { since: '2025-11-01', until: null, commands: [], versions: [], excludeInstalls: [] } },
  ];
  for (const section of SECTIONS) {
    it(section, () => {
      if (NOT_YET.includes(section)) return;
      let exact = 0;
      let refused = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const { bytes } = generateTrickyData(seed, 300 + seed * 40);
        const extra = settings[seed % settings.length];
        const points = splitPoints(bytes, 1 + (seed % 3), seed);
        const cold = coldRun([section], [bytes], extra);
        try {
          assert.deepStrictEqual(incrementalRun([section], bytes, points, extra), cold, `seed ${seed}, split at ${points}`);
          exact++;
        } catch (error) {
          if (!(error instanceof StateError)) throw error;
          refused++;
        }
        const parts = slices(bytes, points);
        try {
          assert.deepStrictEqual(mergedRun([section], parts, extra), coldRun([section], parts, extra), `seed ${seed}, shards at ${points}`);
          exact++;
        } catch (error) {
          if (!(error instanceof StateError)) throw error;
          refused++;
        }
        try {
          assert.deepStrictEqual(continuedRun([section], bytes, points, extra, seed % 2 === 0), cold, `seed ${seed}, segments at ${points}`);
          exact++;
        } catch (error) {
          if (!(error instanceof StateError)) throw error;
          refused++;
        }
      }
      // refusing is allowed only where a saved version run's lost inside would decide (upgrades, on these
      // logs full of same-instant twins of another version); everything else is exact every time
      if (section === 'upgrades') assert.ok(exact >= 1, `${section}: ${exact} exact, ${refused} refused`);
      else assert.equal(refused, 0, `${section}: ${refused} refused`);
      // on logs written as the client writes them, nothing is refused
      for (let seed = 1; seed <= 6; seed++) {
        const bytes = realisticLog(seed, 150);
        const extra = settings[seed % settings.length];
        const points = splitPoints(bytes, 1 + (seed % 4), seed);
        assert.deepStrictEqual(
          incrementalRun([section], bytes, points, extra),
          coldRun([section], [bytes], extra),
          `realistic seed ${seed}, split at ${points}`,
        );
        const parts = slices(bytes, points);
        assert.deepStrictEqual(mergedRun([section], parts, extra), coldRun([section], parts, extra), `realistic seed ${seed}, shards at ${points}`);
        assert.deepStrictEqual(
          continuedRun([section], bytes, points, extra, seed % 2 === 1),
          coldRun([section], [bytes], extra),
          `realistic seed ${seed}, segments at ${points}`,
        );
      }
    });
  }
});
