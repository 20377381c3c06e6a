// A same-size edit in the part of a log a state has already read is caught (issue #20, item 7), with real files:
// moved here from test/state-misuse.test.ts (17 s on its own) to keep `npm test` within its 3 minutes (issue #19).
// The sampling rule itself (beyond 64 MiB) stays there; this is the whole-check case run end to end.

import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateTrickyData, Random } from '../support/generate-tricky.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bazinga-edit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);
const run = (args: string[]) => runCli(args, { cwd: dir });

it('a same-size edit is caught anywhere in a log up to 64 MiB (every block is checked): 16 random one-byte edits', () => {
  const random = new Random(14);
  const base = generateTrickyData(15, 20_000, { noFinalNewline: false }).bytes;
  // about 3 MB: several 1 MiB blocks, the last partial
  const log = Buffer.concat([base, base]);
  writeFileSync(at('edit.jsonl'), log);
  rmSync(at('edit.state'), { force: true });
  assert.equal(run(['uniques', '--state', 'edit.state', 'edit.jsonl']).code, 0);
  const state = readFileSync(at('edit.state'));
  for (let k = 0; k < 16; k++) {
    const edited = Buffer.from(log);
    const where = random.int(edited.length);
    edited[where] = edited[where] === 0x31 ? 0x32 : 0x31;
    writeFileSync(at('edit.jsonl'), edited); // same inode, same size
    writeFileSync(at('edit.state'), state);
    const result = run(['uniques', '--state', 'edit.state', 'edit.jsonl']);
    assert.match(result.stderr, /was edited in the part already read; full run/, `an edit at byte ${where}`);
  }
});
