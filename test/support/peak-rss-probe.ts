// Loaded into the CLI's process with `node --import` by test/support/measured-run.ts: when the process
// exits, it writes its peak resident set size (getrusage's ru_maxrss, in KiB) to file descriptor 3, a
// pipe the test opened for it. A process killed by a signal or by V8's heap limit writes nothing; the
// test then fails on the exit status instead.

import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // fd 3 is not open: the probe was loaded outside the test runner
  }
});
