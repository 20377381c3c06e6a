// The core does no I/O (issue 10, item 4): src/core and src/reducers, and every file they import, import
// nothing from read/, cli/, render/ or the CLI, no Node module (fs, streams, processes, the network...),
// read no clock and no process state, and name no flag. A collector and a state file build on this core:
// it takes bytes, settings and "today" in and gives a report out. The scanner is tested on bad sources too,
// so a rule it stops checking shows up here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './support/cli.js';
import { stripComments } from './support/source-scan.js';

const SRC = join(ROOT, 'src');
/** Folders and files of the shell around the core. */
const SHELL = ['read', 'cli', 'render'].map((dir) => join(SRC, dir) + '/');
const SHELL_FILES = ['cli.ts', 'analyze.ts', 'index.ts'].map((file) => join(SRC, file));
/** Packages the core may use: pure calendar code, no I/O, no clock unless asked. */
const PACKAGES = [/^date-fns\//, /^@date-fns\/tz\//];
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** What is wrong with one file's source (empty when nothing). `imports` receives its relative imports. */
export function problemsOf(source: string, imports: string[] = []): string[] {
  const code = stripComments(source);
  const problems: string[] = [];
  const specifiers = [...code.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) imports.push(specifier);
    else if (BUILTINS.has(specifier) || specifier.startsWith('node:')) problems.push(`imports the Node module ${specifier}`);
    else if (!PACKAGES.some((allowed) => allowed.test(specifier))) problems.push(`imports the package ${specifier}`);
  }
  const rules: [RegExp, string][] = [
    [/\bDate\.now\s*\(/, 'reads the clock (Date.now)'],
    [/\bnew\s+Date\s*\(\s*\)/, 'reads the clock (new Date())'],
    [/\bperformance\s*\.\s*now\b/, 'reads the clock (performance.now)'],
    [/\bprocess\s*\./, 'reads process state (process.)'],
    [/\brequire\s*\(/, 'loads a module with require'],
    [/['"`](?:[^'"`\n]*[\s(])?--[a-z]/, 'names a flag (--flag in a string)'],
    [/BAZINGA_STATS_/, 'names an environment variable'],
  ];
  for (const [pattern, problem] of rules) if (pattern.test(code)) problems.push(problem);
  return problems;
}

/** Every .ts file of the core, then every file they import, transitively. */
function coreFiles(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const queue = ['core', 'reducers'].flatMap((dir) =>
    readdirSync(join(SRC, dir))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(SRC, dir, name)),
  );
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (found.has(file)) continue;
    const imports: string[] = [];
    const problems = problemsOf(readFileSync(file, 'utf8'), imports);
    for (const specifier of imports) {
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (SHELL.some((dir) => target.startsWith(dir)) || SHELL_FILES.includes(target)) {
        problems.push(`imports ${relative(SRC, target)}, which is outside the core`);
      } else if (!existsSync(target)) {
        problems.push(`imports ${specifier}, which is not a source file`);
      } else {
        queue.push(target);
      }
    }
    found.set(file, problems);
  }
  return found;
}

test('src/core and src/reducers (and what they import) do no I/O, read no clock, name no flag', () => {
  const files = coreFiles();
  assert.ok(files.size >= 25, `the scan found the core (${files.size} files)`);
  assert.ok(
    [...files.keys()].some((f) => f.includes('/parse/')),
    'imports are followed (into parse/)',
  );
  const problems = [...files].flatMap(([file, list]) => list.map((problem) => `${relative(ROOT, file)}: ${problem}`));
  assert.deepEqual(problems, []);
});

test('the scanner catches each kind of impurity', () => {
  const bad: [string, RegExp][] = [
    ["import { readFile } from 'node:fs/promises';", /Node module node:fs\/promises/],
    ["import fs from 'fs';", /Node module fs/],
    ["const z = await import('node:zlib');", /Node module node:zlib/],
    ["import chalk from 'chalk';", /package chalk/],
    ['const now = Date.now();', /clock/],
    ['const d = new Date();', /clock/],
    ['const t = performance.now();', /clock/],
    ['const tz = process.env.TZ;', /process state/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, scanned as such
    ["throw new Error(`--since: '${value}' is not a date`);", /names a flag/],
    ["throw usageError('bad value for --tz');", /names a flag/],
    ["const today = 'BAZINGA_STATS_TODAY';", /environment variable/],
  ];
  for (const [source, problem] of bad) assert.match(problemsOf(source).join('; '), problem, source);
  const imports: string[] = [];
  problemsOf("import { openSources } from '../read/sources.js';", imports);
  assert.deepEqual(imports, ['../read/sources.js']);
  // what is allowed: comments, an instant from a number, a pure package, negative numbers
  const fine = [
    "// reads `--since` in the CLI, not here; Date.now() is the caller's business",
    '/* process.env is not read */ const d = new Date(sec * 1000);',
    "import { getISOWeek } from 'date-fns/getISOWeek';",
    'const x = a--b; const y = -1;',
    "const url = 'http://example.com/a--b';",
  ];
  for (const source of fine) assert.deepEqual(problemsOf(source), [], source);
});
