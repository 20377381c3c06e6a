// Loaded into the CLI's process with `node --import` by test/support/measured-run.ts: when the process
// exits, it writes its peak resident set size in KiB to file descriptor 3, a pipe the test opened for it.
// A process killed by a signal or by V8's heap limit writes nothing; the test then fails on the exit
// status instead.
//
// On Linux the peak is VmHWM from /proc/self/status, the high-water mark of this program's own memory.
// Not getrusage's ru_maxrss (`process.resourceUsage().maxRSS`): Linux carries the forked parent's RSS
// over exec into it, so a CLI started by a test process holding 600 MB reported 600 MB whatever it used.
// Elsewhere ru_maxrss is the best there is.

import { readFileSync, writeSync } from 'node:fs';

function peakKiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  try {
    writeSync(3, `${peakKiB()}\n`);
  } catch {
    // fd 3 is not open: the probe was loaded outside the test runner
  }
});
