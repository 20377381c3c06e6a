// A state's header under fuzz (issue #20): every single-byte change of a real state's header, and random
// multi-byte ones, in the four uses of a state (with its log, alone, as an input, merged). No change may give
// an internal error: a damaged state is a BazingaError (exit 2) or, with its log, a full run that equals a cold
// one. With its checksum made to fit again (a crafted file, not a damaged one), a change may be read, but it
// still never gives an internal error.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { analyze } from '../../src/analyze.js';
import { BazingaError } from '../../src/errors.js';
import { analyzeWithState, reportState } from '../../src/state/incremental.js';
import { mergeStates, reportStates } from '../../src/state/merge.js';
import { crc32 } from '../../src/state/fingerprint.js';
import { Random, generateTrickyData } from '../support/generate-tricky.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bazinga-header-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);

const FRAME = 32;
const options = {
  sections: ['uniques', 'periods', 'versions', 'commands'] as ('uniques' | 'periods' | 'versions' | 'commands')[],
  today: '2026-12-01',
  tz: 'UTC',
};
const log = at('t.jsonl');
writeFileSync(log, generateTrickyData(3, 30, { noFinalNewline: false }).bytes);

/** The state of `log` and where its header's JSON is: [from, to) in the file. */
async function realState(): Promise<{ bytes: Buffer; from: number; to: number }> {
  const file = at('real.state');
  rmSync(file, { force: true });
  await analyzeWithState([log], options, file, undefined, false);
  const bytes = readFileSync(file);
  // body: part header (kind u32 = 2 for JSON, length u32), then the header's JSON
  assert.equal(bytes.readUInt32LE(FRAME), 2, 'the body starts with the header JSON');
  const length = bytes.readUInt32LE(FRAME + 4);
  return { bytes, from: FRAME, to: FRAME + 8 + length };
}

/** The frame's CRC made to fit the changed body again. */
function refit(bytes: Buffer): Buffer {
  const fixed = Buffer.from(bytes);
  const length = Number(fixed.readBigUInt64LE(16));
  fixed.writeUInt32LE(crc32(fixed.subarray(FRAME, FRAME + length)), 12);
  return fixed;
}

type Outcome = 'ok' | 'refused';

/** Runs one use of the state at `file`; a non-Bazinga error fails the test, naming the use and the change. */
async function use(kind: string, run: () => Promise<unknown>, change: string): Promise<Outcome> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (error instanceof BazingaError) return 'refused';
    assert.fail(`${kind}, ${change}: internal error: ${(error as Error)?.stack ?? error}`);
  }
}

describe('a state header, changed', () => {
  it('every single byte of the header, and 200 random ones: never an internal error; damaged, never trusted', async () => {
    const { bytes, from, to } = await realState();
    const cold = JSON.stringify((await analyze([log], options)).report);
    const random = new Random(20);
    const changes: { name: string; bytes: Buffer }[] = [];
    for (let i = from; i < to; i++) {
      const changed = Buffer.from(bytes);
      // a byte that keeps the JSON readable as often as not: a letter for a letter, a digit for a digit
      const b = changed[i];
      changed[i] = b >= 0x30 && b <= 0x39 ? 0x30 + ((b - 0x30 + 7) % 10) : b >= 0x61 && b <= 0x7a ? 0x61 + ((b - 0x61 + 13) % 26) : b ^ 0x20;
      changes.push({ name: `byte ${i} ${b} → ${changed[i]}`, bytes: changed });
    }
    for (let k = 0; k < 200; k++) {
      const changed = Buffer.from(bytes);
      const n = 1 + random.int(4);
      const where: number[] = [];
      for (let j = 0; j < n; j++) {
        const i = from + random.int(to - from);
        changed[i] = (changed[i] + 1 + random.int(255)) & 0xff; // never the byte it was
        where.push(i);
      }
      changes.push({ name: `random ${k} at ${where.join(',')}`, bytes: changed });
    }
    let refused = 0;
    let crafted = 0;
    for (const { name, bytes: changed } of changes) {
      for (const [variant, content] of [
        ['damaged', changed],
        ['crafted', refit(changed)],
      ] as const) {
        const change = `${name} (${variant})`;
        const file = at('fuzz.state');
        // with its log: a damaged state gives a full run, exactly a cold run's report
        writeFileSync(file, content);
        let result: { report: unknown } | null = null;
        const withLog = await use('with its log', async () => (result = await analyzeWithState([log], options, file, undefined, false)), change);
        if (variant === 'damaged' && withLog === 'ok') assert.equal(JSON.stringify(result!.report), cold, `with its log, ${change}`);
        // alone, as an input, merged: refused when damaged
        const outcomes: Outcome[] = [];
        writeFileSync(file, content);
        outcomes.push(await use('alone', () => reportState(options, file), change));
        outcomes.push(await use('as an input', async () => reportStates([file], options), change));
        outcomes.push(await use('merged', () => mergeStates([file], at('merged.state')), change));
        if (variant === 'damaged') {
          assert.deepEqual(outcomes, ['refused', 'refused', 'refused'], `a damaged state is never reported: ${change}`);
          refused++;
        } else if (outcomes.includes('ok')) {
          crafted++;
        }
      }
    }
    assert.ok(refused === changes.length, `${refused} of ${changes.length} damaged states refused`);
    assert.ok(crafted > 0, 'some crafted headers are still read (the checksum fits)');
  });
});
