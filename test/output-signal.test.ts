// -o and a signal that comes the moment the temporary file appears (found in QA of issues 9 and 10: the
// "killed while reading" test of output.test.ts failed now and then on a loaded machine). The file was created
// before the SIGINT/SIGTERM handlers that remove it were installed, so a signal in between left
// `.r.txt.PID.HEX.tmp` behind. A probe loaded with `node --import` holds the run for a second right after the
// temporary file is opened, so the signal lands in that gap every time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, pinnedEnv, scratchDir } from './support/cli.js';

const dir = scratchDir();
const probe = join(dir, 'slow-open.mjs');
writeFileSync(
  probe,
  `import { promises as fs } from 'node:fs';
const open = fs.open;
fs.open = async (...args) => {
  const handle = await open(...args);
  if (String(args[0]).endsWith('.tmp')) await new Promise((resolve) => setTimeout(resolve, 1000));
  return handle;
};
`,
);

test('-o: a signal just after the temporary file is created still removes it', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const outDir = join(dir, `gap-${signal}`);
    mkdirSync(outDir);
    const child = spawn(process.execPath, ['--import', probe, BIN, 'uniques', '-o', join(outDir, 'r.txt')], {
      env: pinnedEnv(),
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    for (let waited = 0; readdirSync(outDir).length === 0; waited += 10) {
      assert.ok(waited < 10_000, 'the temporary file appears');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill(signal);
    const [code, killedBy] = (await once(child, 'close')) as [number | null, string | null];
    assert.equal(killedBy, signal, `ended by ${signal} (exit ${code})`);
    assert.deepEqual(readdirSync(outDir), [], `${signal}: no temporary file and no report`);
  }
});
