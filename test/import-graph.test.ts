// The layout of src/ (issue #19): no import circles, counting every import (static, dynamic, type-only and
// re-exports), so each folder can be read and changed without the one that uses it; and everything that
// exists for `--state` and `merge` in one room, src/state/. The scanner is tested on a planted circle, so a
// graph it stops reading shows up here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './support/cli.js';
import { stripComments } from './support/source-scan.js';

const SRC = join(ROOT, 'src');

/** Every .ts file under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The relative modules a source imports or re-exports, as .ts paths. */
export function importsOf(file: string, source: string): string[] {
  const code = stripComments(source);
  const specifiers = [...code.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
}

/** The circles of a graph (each as a path that returns to its start), found by depth-first search. */
export function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): void => {
    const at = onPath.indexOf(node);
    if (at >= 0) {
      found.push([...onPath.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    onPath.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    onPath.pop();
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return found;
}

function srcGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) graph.set(file, importsOf(file, readFileSync(file, 'utf8')));
  return graph;
}

test('src/ has no import circles', () => {
  const graph = srcGraph();
  assert.ok(graph.size >= 100, `the scan found the sources (${graph.size} files)`);
  const missing = [...graph].flatMap(([file, imports]) =>
    imports.filter((target) => !existsSync(target)).map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
  );
  assert.deepEqual(missing, [], 'every relative import names a source file');
  const found = circles(graph).map((circle) => circle.map((file) => relative(SRC, file)).join(' → '));
  assert.deepEqual(found, []);
});

test('the scanner finds a planted circle, through a dynamic import and a type-only one', () => {
  const a = join(SRC, 'a.ts');
  const b = join(SRC, 'x', 'b.ts');
  const c = join(SRC, 'c.ts');
  const graph = new Map([
    [a, importsOf(a, "import type { B } from './x/b.js';\n// import { C } from './c.js';")],
    [b, importsOf(b, "export { c } from '../c.js';")],
    [c, importsOf(c, "const { a } = await import('./a.js');")],
  ]);
  assert.deepEqual(graph.get(a), [b], 'a comment is not an import');
  assert.deepEqual(circles(graph), [[a, b, c, a]]);
  assert.deepEqual(
    circles(
      new Map([
        [a, [b]],
        [b, [c]],
        [c, []],
      ]),
    ),
    [],
  );
});

test('everything for --state and merge is in src/state/, and src/ reads as the pipeline', () => {
  const room = [
    'incremental.ts',
    'merge.ts',
    'new-lines.ts',
    'new-lines-worker.ts',
    'new-lines-standby.ts',
    'state-file.ts',
    'fingerprint.ts',
    'summary.ts',
    'analyzer-state.ts',
  ];
  for (const file of room) assert.ok(existsSync(join(SRC, 'state', file)), `src/state/${file}`);
  assert.match(readFileSync(join(SRC, 'state', 'incremental.ts'), 'utf8'), /^\/\/ /, 'the room opens with a comment that says what is where');
  const top = readdirSync(SRC, { withFileTypes: true });
  assert.deepEqual(
    top
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort(),
    ['cli', 'collect', 'core', 'export', 'parse', 'read', 'reducers', 'render', 'sql', 'state'],
  );
  assert.deepEqual(
    top
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort(),
    ['analyze.ts', 'cli.ts', 'errors.ts', 'index.ts'],
  );
  // the core keeps the run; no state code is left in it beyond the reducers' own save/absorb methods
  const analyzer = readFileSync(join(SRC, 'core', 'analyzer.ts'), 'utf8');
  assert.doesNotMatch(analyzer, /\bSummaryWriter\b|\bSummaryReader\b|\bSTATE_FORMAT\b/);
});
