#!/usr/bin/env node
// `jq` for the docs test on a machine without one: jq itself compiled to WebAssembly (the jq-web package, which
// ships the .wasm inside it, so a plain `npm ci` provides it). It takes what the pages use: `jq [-c] FILTER`
// reading one JSON text from stdin.
'use strict';
const { readFileSync } = require('node:fs');
const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith('-'));
const filters = args.filter((arg) => !arg.startsWith('-'));
if (filters.length !== 1 || flags.some((flag) => flag !== '-c')) {
  process.stderr.write('test/support/jq.cjs: only `jq [-c] FILTER` < input is supported\n');
  process.exit(2);
}
const input = readFileSync(0, 'utf8');
require('jq-web')
  .then((jq) => {
    const out = jq.raw(input, filters[0], flags);
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  })
  .catch((error) => {
    process.stderr.write(`jq: ${error?.message ?? error}\n`);
    process.exit(5);
  });
