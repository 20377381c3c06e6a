// A log of broken lines is read about as fast as a good one (found in QA of issues 9 and 10): 1M lines of
// garbage took 13.9 s and 186 MB where 1M good lines take ~0.6 s, because each went through JSON.parse, whose
// throw costs ~10 µs in Node 20. `couldBeJson` judges by a line's ends what JSON.parse must reject (garbage, a
// write cut short); it may only ever say "cannot be JSON" for text that JSON.parse rejects. Speed itself is
// measured in bench/, not here: the subprocess test counts JSON.parse throws instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLine, runCli, scratchDir, writeInput } from './support/cli.js';

const dir = scratchDir();

test('garbage and cut lines are reported as before without a JSON.parse throw each', () => {
  const good = eventLine('3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41', 'init', '1.0.0', '2025-11-03T09:14:22');
  const broken = ['x', good.slice(0, 40), '\u0000\u0001', '}{', 'garbage, not JSON', '{', '"open', '\r\r', '# a comment', '[1,'];
  const lines: string[] = [good];
  for (let i = 0; i < 2000; i++) lines.push(broken[i % broken.length]);
  const input = writeInput(dir, 'broken.jsonl', lines.join('\n') + '\n');
  const count = join(dir, 'throws.txt');
  const probe = join(dir, 'count-throws.mjs');
  writeFileSync(
    probe,
    `import { writeFileSync } from 'node:fs';
const parse = JSON.parse;
let throws = 0;
JSON.parse = function (...args) {
  try { return parse.apply(this, args); } catch (error) { throws++; throw error; }
};
process.on('exit', () => writeFileSync(${JSON.stringify(count)}, String(throws)));
`,
  );
  const result = runCli(['uniques', '--format', 'json', input], { nodeArgs: ['--import', probe] });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).input, { files: 1, lines: 2001, events: 1, blank: 0, invalid: 2000, outside: 0, filtered: 0 });
  const listed = result.stderr.split('\n').filter((line) => line.includes('broken.jsonl:'));
  assert.deepEqual(
    listed.map((line) => line.replace(/^.*broken\.jsonl:/, '')),
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => `${n}: not valid JSON`),
  );
  assert.equal(readFileSync(count, 'utf8'), '0', 'JSON.parse threw for broken lines');
});
