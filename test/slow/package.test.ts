// The package as users install it (issue #19): packed from the sources alone, as from a clean clone (its
// `prepack` builds dist/), installed from the tarball into a temporary prefix, and run from there. A tarball
// without dist/ gives a `bazinga-stats` that cannot start; one with tests or the bench ships what no user needs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, pinnedEnv, ROOT, runCli } from '../support/cli.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'bazinga-package-'));

test.after(() => rmSync(work, { recursive: true, force: true }));

test('npm pack from the sources builds, ships only what the tool needs, and installs a bazinga-stats that runs', { timeout: 300_000 }, () => {
  // the sources alone, no dist/: what a fresh clone has (node_modules linked, so prepack can build)
  const source = join(work, 'source');
  for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'CHANGELOG.md', 'bin', 'src', 'test']) {
    cpSync(join(ROOT, path), join(source, path), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'dir');
  const packed = JSON.parse(
    execFileSync(NPM, ['pack', '--json', '--pack-destination', work], { cwd: source, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((file) => file.path).sort();
  for (const needed of [
    'bin/bazinga-stats.js',
    'dist/src/cli.js',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/src/state/new-lines-worker.js',
    'dist/src/collect/report-worker.js',
    'package.json',
    'README.md',
    'CHANGELOG.md',
  ]) {
    assert.ok(files.includes(needed), `the tarball has ${needed}`);
  }
  const extra = files.filter((path) => /^(test|bench|fixtures|docs|src|dist\/test)\/|\.ts$(?<!\.d\.ts$)|tsconfig|biome/.test(path));
  assert.deepEqual(extra, [], 'no tests, bench, fixtures or TypeScript sources in the tarball');

  // installed from the tarball into its own prefix, its dependencies from the registry (or npm's cache)
  const prefix = join(work, 'prefix');
  execFileSync(NPM, ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(work, packed[0]!.filename)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const installed = join(prefix, 'bin', 'bazinga-stats');
  const run = (args: string[]) => spawnSync(installed, args, { encoding: 'utf8', cwd: ROOT, env: pinnedEnv({ COLUMNS: '100' }) });

  const version = run(['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout, `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);

  // the bundled sample reported by the installed tool as by the checkout's
  const report = run(['report', fixture('telemetry.jsonl')]);
  const checkout = runCli(['report', fixture('telemetry.jsonl')], { env: { COLUMNS: '100' } });
  assert.equal(report.status, 0, report.stderr);
  assert.match(report.stdout, /Unique installs: 12/);
  assert.equal(report.stdout, checkout.stdout);
  assert.equal(report.stderr, checkout.stderr);

  const help = run(['collect', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /bazinga-stats collect --log FILE/);
});
