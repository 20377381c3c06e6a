// Inputs from odd places (issue 10 item 2), each through the built CLI as a subprocess: a named pipe is opened
// once and streamed (it used to be opened to look, closed and opened again, and then wait for a second writer
// forever), 10,000 files under `ulimit -n 256` (they used to be opened all at once), gzip on a pipe and on
// stdin, and "every input is checked before anything is read" without opening them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BIN, ROOT, eventLine, pinnedEnv, runCli, runJson, scratchDir, writeInput } from './support/cli.js';
import { fileChunks } from '../src/read/file-chunks.js';

const dir = scratchDir();
const uuidOf = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const lines = (count: number) => Array.from({ length: count }, (_, i) => eventLine(uuidOf(i), 'init', '1.0.0', '2025-11-03T09:14:22')).join('\n') + '\n';

/** Runs the CLI without waiting (for inputs fed while it runs); ends it after `timeoutMs` so a hang fails. */
async function runAsync(args: string[], feed: () => Promise<void>, timeoutMs = 20_000) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: pinnedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await Promise.all([once(child, 'close'), feed()]).then(([closed]) => closed as [number | null, string | null]);
  clearTimeout(timer);
  assert.equal(signal, null, `bazinga-stats ${args.join(' ')} did not end within ${timeoutMs / 1000} s (stderr: ${stderr})`);
  return { code, stdout, stderr };
}

/**
 * Writes `content` into the named pipe the way `cat f > p` does: open, write, close at once, so that a reader
 * that opened the pipe, closed it and opened it again finds no writer left.
 */
async function feedPipe(pipe: string, content: string | Buffer): Promise<void> {
  const source = writeInput(dir, `${pipe.split('/').pop()}.content`, content);
  const cat = spawn('sh', ['-c', 'exec cat "$0" > "$1"', source, pipe], { stdio: 'ignore' });
  const [code] = await once(cat, 'close');
  assert.equal(code, 0, `cat ${source} > ${pipe}`);
}

function fifo(name: string): string {
  const path = join(dir, name);
  const made = spawnSync('mkfifo', [path]);
  assert.equal(made.status, 0, `mkfifo: ${made.stderr}`);
  return path;
}

test('a named pipe is opened once and read to its end (it used to hang)', async () => {
  const pipe = fifo('plain.fifo');
  const result = await runAsync(['uniques', '--format', 'json', pipe], () => feedPipe(pipe, lines(3)));
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.equal(json.uniques, 3);
  assert.equal(json.input.lines, 3);
});

test('gzip on a named pipe and on stdin is still recognised and read', async () => {
  const pipe = fifo('gzip.fifo');
  const gz = gzipSync(lines(5));
  const fromPipe = await runAsync(['uniques', '--format', 'json', pipe], () => feedPipe(pipe, gz));
  assert.equal(fromPipe.code, 0, fromPipe.stderr);
  assert.equal(JSON.parse(fromPipe.stdout).uniques, 5);
  const fromStdin = runJson(['uniques'], { input: gz });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(fromStdin.json.uniques, 5);
  // a regular file and a pipe in one run, in input order
  const file = writeInput(dir, 'one.jsonl', lines(1) + 'not json\n');
  const pipe2 = fifo('second.fifo');
  const both = await runAsync(['uniques', '--format', 'json', file, pipe2], () => feedPipe(pipe2, gzipSync('oops\n' + lines(2))));
  assert.equal(both.code, 0, both.stderr);
  assert.equal(JSON.parse(both.stdout).uniques, 2);
  assert.deepEqual(
    both.stderr.split('\n').filter((l) => /:\d+: /.test(l)),
    [`${file}:2: not valid JSON`, `${pipe2}:1: not valid JSON`],
  );
});

test('10,000 files under ulimit -n 256: opened one at a time as they are reached', () => {
  const many = join(dir, 'many');
  mkdirSync(many);
  const files: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const path = join(many, `${i}.jsonl`);
    writeFileSync(path, eventLine(uuidOf(i), 'init', '1.0.0', '2025-11-03T09:14:22') + '\n');
    files.push(path);
  }
  // the limit is set in the shell that then becomes node (exec), so node itself runs under it
  const result = spawnSync('bash', ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, BIN, 'uniques', '--format', 'json', ...files], {
    cwd: ROOT,
    env: pinnedEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.equal(json.input.files, 10_000);
  assert.equal(json.uniques, 10_000);
});

test('every input is checked before anything is read: a missing file or a directory given later fails the run with no output', async () => {
  const good = writeInput(dir, 'good.jsonl', lines(2));
  for (const [bad, reason] of [
    ['missing.jsonl', 'no such file'],
    [dir, 'is a directory'],
  ]) {
    const result = runCli(['uniques', good, bad]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '', 'nothing printed');
    assert.equal(result.stderr, `bazinga-stats: ${bad}: ${reason}\n`);
  }
  // the first bad file in input order is the one named, whichever check ends first
  const result = runCli(['uniques', good, 'missing-1.jsonl', dir, 'missing-2.jsonl']);
  assert.equal(result.stderr, 'bazinga-stats: missing-1.jsonl: no such file\n');
  // a pipe given after a missing file is never opened, so its writer is never taken (and nothing waits for it)
  const pipe = fifo('never-read.fifo');
  const afterPipe = await runAsync(['uniques', pipe, 'missing.jsonl'], async () => {});
  assert.equal(afterPipe.stderr, 'bazinga-stats: missing.jsonl: no such file\n');
});

test('fileChunks reads every byte whatever size the stat said (the size only picks the buffers)', async () => {
  const bytes = Buffer.alloc(3 * (1 << 20) + 12_345);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2_654_435_761) >>> 24;
  const path = writeInput(dir, 'bytes.bin', bytes);
  const MiB = 1 << 20;
  for (const expected of [0, 1, 100, MiB - 1, MiB, MiB + 1, bytes.length, Infinity]) {
    for (const [start, end] of [
      [0, Infinity],
      [5, 2_000_000],
      [MiB, 2 * MiB],
    ]) {
      const parts: Buffer[] = [];
      for await (const chunk of fileChunks(path, start, end, expected)) parts.push(Buffer.from(chunk));
      assert.ok(Buffer.concat(parts).equals(bytes.subarray(start, Math.min(end, bytes.length))), `expected size ${expected}, range ${start}..${end}`);
    }
  }
});
