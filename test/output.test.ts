// Where the report goes (issue 10 item 2), through the built CLI as a subprocess: `-o` is checked before any
// input is read and written atomically (a temporary file beside it, then a rename), and a reader that goes
// away ends the run quietly on stderr as on stdout (exit status 1 is --strict's, not a crash's).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, statSync, chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BIN, eventLine, pinnedEnv, runCli, scratchDir, writeInput } from './support/cli.js';

const dir = scratchDir();
const A = '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c41';
const event = eventLine(A, 'init', '1.0.0', '2025-11-03T09:14:22');
const input = writeInput(dir, 'in.jsonl', `${event}\n`);

/** Spawns the CLI; the caller decides what happens to its pipes. Ends it after 20 s so that a hang fails. */
async function ended(child: ReturnType<typeof spawn>, what: string): Promise<number | null> {
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  clearTimeout(timer);
  assert.equal(signal, null, `${what}: did not end within 20 s`);
  return code;
}

test('-o into a missing directory fails before reading: stdin left open, the run ends anyway', async () => {
  const child = spawn(process.execPath, [BIN, 'uniques', '-o', '/no/such/dir/r.txt'], { env: pinnedEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin!.write(`${event}\n`); // and never ended: a run that reads first waits here forever
  const code = await ended(child, '-o /no/such/dir/r.txt with stdin open');
  child.stdin!.destroy();
  assert.equal(code, 2);
  assert.equal(stderr, 'bazinga-stats: -o /no/such/dir/r.txt: no such directory\n');
});

test('-o: what cannot be written is named before any input is read', () => {
  const outDir = join(dir, 'out-errors');
  mkdirSync(outDir);
  const file = writeInput(outDir, 'a-file', 'x');
  for (const [target, reason] of [
    [outDir, 'is a directory'],
    [join(file, 'r.txt'), 'not a directory'],
    ['/no/such/dir/r.txt', 'no such directory'],
  ]) {
    // the input is missing too: the -o error comes first, proof that nothing was read
    const result = runCli(['uniques', '-o', target, 'missing.jsonl']);
    assert.equal(result.code, 2, target);
    assert.equal(result.stderr, `bazinga-stats: -o ${target}: ${reason}\n`);
  }
  assert.deepEqual(readdirSync(outDir), ['a-file'], 'no temporary file left behind');
});

test('-o writes the report whole and in place; a failed run leaves the old report and no temporary file', () => {
  const outDir = join(dir, 'out');
  mkdirSync(outDir);
  const target = join(outDir, 'r.json');
  const ok = runCli(['uniques', '--format', 'json', '-o', target, input]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, '');
  assert.equal(JSON.parse(readFileSync(target, 'utf8')).uniques, 1);
  assert.deepEqual(readdirSync(outDir), ['r.json']);

  // a replaced report keeps its permissions
  chmodSync(target, 0o640);
  assert.equal(runCli(['uniques', '--format', 'json', '-o', target, input]).code, 0);
  assert.equal(statSync(target).mode & 0o777, 0o640);

  // a truncated gzip fails the run after the output was prepared
  const truncated = writeInput(dir, 'cut.jsonl.gz', gzipSync(`${event}\n`.repeat(1000)).subarray(0, 40));
  writeFileSync(target, 'the old report\n');
  const failed = runCli(['uniques', '--format', 'json', '-o', target, input, truncated]);
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /cut\.jsonl\.gz: gzip: unexpected end of file/);
  assert.equal(readFileSync(target, 'utf8'), 'the old report\n', 'the old report is untouched');
  assert.deepEqual(readdirSync(outDir), ['r.json'], 'no temporary file left behind');

  // through a symlink: the file it names is replaced, the link stays
  const link = join(outDir, 'link.json');
  symlinkSync('r.json', link);
  assert.equal(runCli(['uniques', '--format', 'json', '-o', link, input]).code, 0);
  assert.equal(JSON.parse(readFileSync(target, 'utf8')).uniques, 1);
  assert.ok(statSync(link).isFile() && readdirSync(outDir).sort().join() === 'link.json,r.json');
});

test('-o to a device writes into it (renaming over /dev/null would replace the device)', () => {
  const result = runCli(['uniques', '-o', '/dev/null', input]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(statSync('/dev/null').isCharacterDevice());
});

test('a closed stderr ends the run quietly, as a closed stdout does (2>&1 | head -1 used to crash with exit 1)', async () => {
  // stdout and stderr are both pipes whose reader is gone before the CLI writes anything: stdin is fed only
  // once they are closed, and the CLI writes nothing before it has read its input
  const child = spawn(process.execPath, [BIN, 'uniques'], { env: pinnedEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout!.destroy();
  child.stderr!.destroy();
  await new Promise((resolve) => setTimeout(resolve, 300));
  // invalid lines: the listing and the count line go to the closed stderr
  child.stdin!.end(`${event}\nbad 1\nbad 2\n`);
  const code = await ended(child, 'closed stdout and stderr');
  assert.equal(code, 0);
});

test('-o: a run killed while reading (Ctrl-C, SIGTERM) leaves no temporary file', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const outDir = join(dir, `killed-${signal}`);
    mkdirSync(outDir);
    const child = spawn(process.execPath, [BIN, 'uniques', '-o', join(outDir, 'r.txt')], { env: pinnedEnv(), stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin!.write(`${event}\n`); // stdin stays open: the run is still reading when the signal comes
    // the temporary file exists once -o has been prepared
    for (let waited = 0; readdirSync(outDir).length === 0; waited += 20) {
      assert.ok(waited < 10_000, 'the temporary file appears');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill(signal);
    const [code, killedBy] = (await once(child, 'close')) as [number | null, string | null];
    assert.equal(killedBy, signal, `ended by ${signal} (exit ${code})`);
    assert.deepEqual(readdirSync(outDir), [], `${signal}: no temporary file and no report`);
  }
});
