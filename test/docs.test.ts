// The worked examples in README.md and docs/*.md are what the tool really prints (issue 9 item 7). Every
// example a page shows (see test/support/doc-examples.ts for what counts as one) is run through a shell, as a
// reader would type it, and its output compared with the page. A failure names the page, the line and the
// command, and shows a line diff (`-` the page, `+` the tool) and the tool's whole output, so whoever changes
// an output can fix the page from the failure alone.
//
// The inputs come from the pages: every file a page shows (`lines.jsonl`, `filters.jsonl`, …) is written into
// one scratch directory, which also links the repository's `fixtures/` and `bin/` (the README runs
// `node bin/bazinga-stats.js … fixtures/telemetry.jsonl`). `bazinga-stats` is a wrapper on PATH that runs the
// built CLI; so is `jq` (jq-web, WebAssembly) when the machine has none. The environment is pinned as in
// every CLI test (TZ=UTC, NO_COLOR=1, no COLUMNS), with nothing else: "today" is the real one unless the
// example sets BAZINGA_STATS_TODAY itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, pinnedEnv, scratchDir } from './support/cli.js';
import { findExamples, lineDiff, type DocExample, type DocInput, type Expectation } from './support/doc-examples.js';

const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/**
 * Bytes a page cannot show inside a code block, and that its prose states instead; applied to the block's text.
 * docs/rules.md: "`lines.jsonl`, 9 lines. … line 8 ends in `\r\n`; line 9 has no final `\n`".
 */
const UNSHOWABLE: Record<string, (content: string) => string> = {
  'lines.jsonl': (content) => {
    const lines = content.split('\n');
    lines[7] += '\r';
    return lines.join('\n').replace(/\n$/, '');
  },
};

const found = PAGES.map((page) => ({ page, ...findExamples(page, readFileSync(join(ROOT, page), 'utf8')) }));
const dir = scratchDir();
const pathDir = join(dir, '.path');

// the inputs of all pages, in one directory: a name means one content everywhere
const inputs = new Map<string, DocInput>();
for (const input of found.flatMap((page) => page.inputs)) {
  const earlier = inputs.get(input.name);
  if (earlier && earlier.content !== input.content) {
    throw new Error(`${input.page}:${input.line}: ${input.name} differs from the one shown in ${earlier.page}:${earlier.line}`);
  }
  inputs.set(input.name, input);
  writeFileSync(join(dir, input.name), (UNSHOWABLE[input.name] ?? ((c: string) => c))(input.content));
}
symlinkSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'));
symlinkSync(join(ROOT, 'bin'), join(dir, 'bin'));
mkdirSync(pathDir);
writeFileSync(join(pathDir, 'bazinga-stats'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
chmodSync(join(pathDir, 'bazinga-stats'), 0o755);
// the pages pipe JSON into jq; a machine without jq gets jq compiled to WebAssembly from npm (jq-web)
if (spawnSync('sh', ['-c', 'command -v jq'], { env: process.env }).status !== 0) {
  writeFileSync(join(pathDir, 'jq'), `#!/bin/sh\nexec '${process.execPath}' '${join(ROOT, 'test', 'support', 'jq.cjs')}' "$@"\n`);
  chmodSync(join(pathDir, 'jq'), 0o755);
}

function run(example: DocExample) {
  const env = pinnedEnv({ PATH: `${pathDir}:${process.env.PATH}` });
  const result = spawnSync('bash', ['-c', `set -o pipefail; ${example.command}`], { cwd: dir, env, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result;
}

const trimEnd = (text: string) => text.replace(/\n+$/, '');

function check(example: DocExample, expectation: Expectation, output: string, code: number | null): void {
  const where = `${example.page}:${expectation.line}: the ${expectation.stream === 'terminal' ? 'output' : expectation.stream} of \`${example.command}\` (line ${example.line})`;
  const page = trimEnd(expectation.text);
  const tool = trimEnd(output);
  const same = expectation.part ? `\n${tool}\n`.includes(`\n${page}\n`) : page === tool;
  if (same) return;
  const how = expectation.part ? 'is not a run of lines of what the tool prints' : 'differs from what the tool prints';
  assert.fail(
    `${where} ${how} (exit status ${code}).\n` +
      `--- diff (- page, + tool) ---\n${lineDiff(page, tool)}\n` +
      `--- the tool's ${expectation.stream === 'terminal' ? 'stdout and stderr' : expectation.stream}, to paste into the page ---\n${tool}\n---`,
  );
}

test('the pages show examples to check (the parser finds them)', () => {
  const count = (page: string) => found.find((f) => f.page === page)!.examples.length;
  // if a page's examples stop being found, they stop being checked: these are the counts today
  assert.ok(count('README.md') >= 2, 'README.md: the sample report and the invalid-lines stderr');
  assert.ok(count('docs/rules.md') >= 1, 'docs/rules.md: the JSON of the worked example');
  assert.ok(count('docs/analytics.md') >= 15, 'docs/analytics.md: every CLI block');
  assert.ok(count('docs/charts.md') >= 1, 'docs/charts.md: the Markdown excerpt');
  for (const name of [
    'lines.jsonl',
    'periods.jsonl',
    'lifecycle.jsonl',
    'versions.jsonl',
    'upgrades.jsonl',
    'retention.jsonl',
    'filters.jsonl',
    'ci-uuids.txt',
  ]) {
    assert.ok(inputs.has(name), `the input ${name} is shown in a page`);
  }
});

for (const { page, examples } of found) {
  if (examples.length === 0) continue;
  test(`${page}: every example prints what the page shows`, async (t) => {
    for (const example of examples) {
      await t.test(`${page}:${example.line} $ ${example.command}`, () => {
        const result = run(example);
        const streams = new Set(example.expected.map((e) => e.stream));
        for (const expectation of example.expected) {
          const output = expectation.stream === 'stdout' ? result.stdout : expectation.stream === 'stderr' ? result.stderr : result.stdout + result.stderr;
          check(example, expectation, output, result.status);
        }
        // a page that shows only stdout shows a run that succeeds; a shown stderr may come with --strict's 1
        if (!streams.has('stderr') && !streams.has('terminal')) {
          assert.equal(result.status, 0, `${page}:${example.line}: \`${example.command}\` exits ${result.status}; stderr: ${result.stderr}`);
        }
      });
    }
  });
}
