// The pieces of the graph check: import parsing, specifier resolution, strongly connected parts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cyclicComponents,
  isBuiltin,
  packageNameOf,
  parseImports,
  resolveRelative,
  shortestLoop,
  type Graph,
} from '../src/index.js';

const refs = (text: string, file = 'x.ts') =>
  parseImports(text, file).map((r) => `${r.kind} ${r.specifier} ${r.line}`);

test('parseImports finds every kind of module reference with its line', () => {
  const text = [
    "import a from 'a';",
    "import type { B } from './b.js';",
    'import {',
    '  c,',
    "} from 'c';",
    "export * from './d.js';",
    "export type { E } from './e.js';",
    "import './f.js';",
    "const g = await import('g');",
    "type H = typeof import('h');",
    "const i = require('i');",
    "const j = createRequire(import.meta.url)('j');",
    "import { type K } from 'k';",
    '',
  ].join('\n');
  assert.equal(refs(text), [
    'static a 1',
    'type ./b.js 2',
    'static c 5',
    'static ./d.js 6',
    'type ./e.js 7',
    'static ./f.js 8',
    'dynamic g 9',
    'type h 10',
    'require i 11',
    'require j 12',
    'static k 13',
  ]);
});

test('parseImports ignores comments, strings, templates and computed specifiers', () => {
  const text = [
    "// import a from 'a';",
    "/** export * from 'b' */",
    'const s = "import c from \'c\'";',
    "const t = `import('d') ${require.resolve}`;",
    'const u = import(s);',
    'const v = require(t);',
    "const w = { import: 'e', require: 'f' };",
    '',
  ].join('\n');
  assert.equal(refs(text), []);
});

test('parseImports reads .mjs files as JavaScript', () => {
  assert.equal(refs("import { build } from 'esbuild';\nawait build({});\n", 's.mjs'), [
    'static esbuild 1',
  ]);
});

test('packageNameOf takes the package from deep and scoped specifiers', () => {
  assert.is(packageNameOf('fp-ts/lib/Either.js'), 'fp-ts');
  assert.is(packageNameOf('fp-ts'), 'fp-ts');
  assert.is(packageNameOf('@aws-sdk/client-ec2'), '@aws-sdk/client-ec2');
  assert.is(packageNameOf('@scope/name/sub/x.js'), '@scope/name');
});

test('isBuiltin knows node: and bare built-in names, including subpaths', () => {
  assert.ok(isBuiltin('node:fs'));
  assert.ok(isBuiltin('fs'));
  assert.ok(isBuiltin('fs/promises'));
  assert.ok(isBuiltin('node:test'));
  assert.not.ok(isBuiltin('fp-ts'));
  assert.not.ok(isBuiltin('fsevents'));
});

test('resolveRelative maps NodeNext .js specifiers to .ts sources', () => {
  const files = new Set(['p/src/a.ts', 'p/src/dir/index.ts', 'p/s/x.mts', 'p/s/y.mjs', 'p/d.json']);
  const has = (p: string) => files.has(p);
  assert.equal(resolveRelative('p/src/b.ts', './a.js', has), { path: 'p/src/a.ts', found: true });
  assert.equal(resolveRelative('p/src/b.ts', './dir/index.js', has), {
    path: 'p/src/dir/index.ts',
    found: true,
  });
  assert.equal(resolveRelative('p/s/z.mts', './x.mjs', has), { path: 'p/s/x.mts', found: true });
  assert.equal(resolveRelative('p/s/z.mts', './y.mjs', has), { path: 'p/s/y.mjs', found: true });
  assert.equal(resolveRelative('p/src/b.ts', '../d.json', has), { path: 'p/d.json', found: true });
  assert.equal(resolveRelative('p/src/b.ts', './gone.js', has), {
    path: 'p/src/gone.js',
    found: false,
  });
});

const graph = (arrows: [string, string][]): Graph => {
  const g = new Map<string, Set<string>>();
  for (const [from, to] of arrows) g.set(from, (g.get(from) ?? new Set()).add(to));
  return g;
};

test('cyclicComponents finds each cycle, self-imports included, and nothing acyclic', () => {
  const g = graph([
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'a'],
    ['c', 'd'],
    ['d', 'e'],
    ['s', 's'],
    ['x', 'y'],
    ['y', 'x'],
  ]);
  assert.equal(cyclicComponents(g), [['a', 'b', 'c'], ['s'], ['x', 'y']]);
  assert.equal(
    cyclicComponents(
      graph([
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
      ]),
    ),
    [],
  );
});

test('shortestLoop returns one loop through the first node', () => {
  const g = graph([
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'a'],
    ['b', 'a'],
    ['s', 's'],
  ]);
  assert.equal(shortestLoop(g, ['a', 'b', 'c']), ['a', 'b', 'a']);
  assert.equal(shortestLoop(g, ['s']), ['s', 's']);
});

test('cyclicComponents survives a long chain without recursion', () => {
  const chain: [string, string][] = Array.from({ length: 50_000 }, (_, i) => [
    `n${i}`,
    `n${i + 1}`,
  ]);
  chain.push(['n50000', 'n0']);
  const [c] = cyclicComponents(graph(chain));
  assert.is(c?.length, 50_001);
});

test.run();
