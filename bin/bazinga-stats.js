#!/usr/bin/env node
import { startStandby } from '../dist/src/state/new-lines-standby.js';

// with a large --state, the worker that reads the new lines starts loading now, on the other core
startStandby(process.argv.slice(2));
const { run } = await import('../dist/src/cli.js');
run();
