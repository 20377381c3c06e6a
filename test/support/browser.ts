// Finds a Chromium for the browser tests and launches it headless with playwright-core (issue 9 item 5:
// "`npm ci && npm test` passes on a machine without Debian's chromium").
//
// Order: BAZINGA_STATS_CHROMIUM (a path, to test another build), then Debian's /usr/bin/chromium when it is
// installed, then the headless shell that the devDependency @sparticuz/chromium ships inside its npm package
// (brotli archives of the binary, its SwiftShader GL libraries and fonts; no download at install or run time).
//
// @sparticuz/chromium unpacks into os.tmpdir() and takes an existing `$TMPDIR/chromium` as done, so two
// processes unpacking at once (helpers running the suite side by side) could launch a half-written binary.
// Here each process unpacks into a directory of its own and renames it to one cache directory per package
// version: the rename is atomic, the loser throws its copy away.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Flags for both builds: no sandbox (tests run as root in CI), nothing that reaches the network. */
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

// The npm build is chrome-headless-shell for serverless hosts. Its own `args` add `--single-process
// --no-zygote` and turn web security off; with `--single-process` the browser dies when the first context
// is closed, and none of them is needed on this machine kind (Debian, root, `--no-sandbox`), so both builds
// take the same flags.

export interface FoundBrowser {
  executablePath: string;
  args: string[];
  /** where it came from, for messages */
  origin: string;
}

/** Where the browser comes from on this machine; unpacks the npm build the first time. */
export async function findChromium(): Promise<FoundBrowser> {
  const override = process.env.BAZINGA_STATS_CHROMIUM;
  if (override) return { executablePath: override, args: LAUNCH_ARGS, origin: `BAZINGA_STATS_CHROMIUM=${override}` };
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, args: LAUNCH_ARGS, origin: DEBIAN_CHROMIUM };
  const executablePath = await unpackNpmChromium();
  return { executablePath, args: LAUNCH_ARGS, origin: `@sparticuz/chromium (${executablePath})` };
}

export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  try {
    return await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true });
  } catch (error) {
    throw new Error(`could not launch Chromium from ${found.origin}: ${(error as Error).message}`);
  }
}

async function unpackNpmChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('@sparticuz/chromium');
  } catch {
    throw new Error(`no Chromium: ${DEBIAN_CHROMIUM} is missing and @sparticuz/chromium is not installed (run npm ci)`);
  }
  // its exports map hides package.json: go up from the entry (build/cjs/index.cjs) to the package root
  const packageJson = join(dirname(dirname(dirname(entry))), 'package.json');
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  const cache = join(tmpdir(), `bazinga-stats-chromium-${version}`);
  const binary = join(cache, 'chromium');
  if (existsSync(binary)) return binary;
  const scratch = await mkdtemp(`${cache}.unpacking-`);
  const savedTmpdir = process.env.TMPDIR;
  try {
    // the package unpacks into os.tmpdir(), which reads TMPDIR on every call
    process.env.TMPDIR = scratch;
    const { default: npmChromium } = await import('@sparticuz/chromium');
    await npmChromium.executablePath();
  } finally {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  }
  try {
    await rename(scratch, cache);
  } catch (error) {
    // another process got there first: use its copy
    await rm(scratch, { recursive: true, force: true });
    if (!existsSync(binary)) throw error;
  }
  return binary;
}
